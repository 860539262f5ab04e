"""`python -m model_backend families`: the family x task matrix and what one model can do,
answered from the registry and config.json alone (no model is loaded: no torch import needed)."""

from __future__ import annotations

import json

from model_backend import protocol as P
from model_backend.cli import main
from model_backend.jobs.families_check import task_matrix


def test_matrix_table_lists_every_family_and_the_reasons(capsys):
    assert main(["families"]) == 0
    out = capsys.readouterr().out.splitlines()
    n = len(P.TASKS)
    assert out[0].split()[: 1 + n] == ["family", *P.TASKS]
    table = out[1 : 1 + len(P.FAMILIES)]
    rows = {line.split()[0]: line.split()[1 : 1 + n] for line in table}
    assert set(rows) == set(P.FAMILIES)
    for name, marks in rows.items():
        want = ["yes" if t in task_matrix()[name]["tasks"] else "no" for t in P.TASKS]
        assert marks == want, name
    assert rows["florence2"][0] == "no"  # Florence-2 cannot answer free questions
    assert any(line.startswith("florence2 cannot ask: ") and "free questions" in line for line in out)


def test_json_matrix_equals_the_registry(capsys):
    assert main(["families", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == task_matrix()


def test_one_model_by_its_folder_config(tmp_path, capsys):
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "florence2"}))
    assert main(["families", "--model", str(folder), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["family"] == "florence2" and "ask" not in info["tasks"]
    assert "free questions" in info["unavailable"]["ask"]


def test_a_served_name_that_hides_the_family_is_exit_2_with_the_choices(capsys):
    assert main(["families", "--model", "my-model", "--engine", "openai"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: Cannot tell the model family of 'my-model'")
    assert all(name in err for name in P.FAMILIES)
    assert main(["families", "--model", "my-model", "--family", "qwen3_vl"]) == 0
    assert "family qwen3_vl" in capsys.readouterr().out
