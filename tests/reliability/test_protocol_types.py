"""Job parameters are checked against the protocol's own types (the ``JobSpec`` annotations,
its Literals included) before a job starts: a wrong type is INVALID_PARAMS (-32602) naming the
field, never a job that runs on the wrong thing ("ship,tank" read as labels s, h, i, p...)
nor an internal error (-32603) from deep inside it."""

from __future__ import annotations

import io
import json
from dataclasses import fields
from typing import Any, Dict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model_backend import protocol as P
from model_backend import service
from model_backend.errors import BadInput, ModelUnavailable
from model_backend.jobs.context import EngineCache
from model_backend.jobs.run import validate


def _no_load(**kwargs: Any) -> Any:
    """Stands in for a model load, which these tests never need: a clear refusal."""
    raise ModelUnavailable("no model is loaded in the protocol tests")


def ask(method: str, params: Any) -> Dict[str, Any]:
    """One request to a real ``Worker``; its (first) reply."""
    worker = service.Worker(io.BytesIO(), io.StringIO(), EngineCache(factory=_no_load))
    worker.handle(json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode())
    if worker._job is not None:
        worker._job.join(30)
    replies = [json.loads(line) for line in worker.stdout.getvalue().splitlines()]
    return next(m for m in replies if m.get("id") == 1)


# field -> a wrong value a client could send
WRONG: Dict[str, Any] = {
    "labels": "ship,tank",
    "labels ": ["ship", 5],
    "raster": 5,
    "raster ": ["a.tif"],
    "task": "segment",
    "task ": 3,
    "question": 42,
    "aoi": "0,0,1,1",
    "aoi ": [0, 0, "1", 1],
    "aoi_crs": 4326,
    "model": None,
    "model ": {"id": "m"},
    "family": "llama",
    "device": "gpu",
    "device ": True,
    "quantization": "fp8",
    "max_new_tokens": "256",
    "max_new_tokens ": 25.5,
    "max_new_tokens  ": True,
    "tile_size": 784.5,
    "overlap": "0.1",
    "overlap ": None,
    "gsd": "1m",
    "bands": "3,2,1",
    "bands ": [3.0, 2, 1],
    "out": 7,
    "history": "q a",
    "history ": [["q", 1]],
    "history  ": [["q"], "a"],
    "engine": "vllm",
    "base_url": 8000,
    "api_key_env": ["K"],
    "batch_size": "4",
    "concurrency": 2.0,
    "timeout_s": "60",
}


@pytest.mark.parametrize("key", list(WRONG))
def test_a_wrong_type_is_invalid_params_naming_the_field(key):
    name = key.strip()
    reply = ask("run", {"raster": "x.tif", name: WRONG[key]} if name != "raster" else {"raster": WRONG[key]})
    assert reply["error"]["code"] == P.INVALID_PARAMS, reply
    assert f"'{name}'" in reply["error"]["message"], reply


@pytest.mark.parametrize(
    "text",
    [
        '{"raster":"x.tif","overlap":NaN}',
        '{"raster":"x.tif","gsd":Infinity}',
        '{"raster":"x.tif","aoi":[0,0,-Infinity,1]}',
        '{"raster":"x.tif","timeout_s":NaN}',
    ],
)
def test_non_finite_numbers_are_invalid_params(text):
    worker = service.Worker(io.BytesIO(), io.StringIO(), EngineCache(factory=_no_load))
    worker.handle(('{"jsonrpc":"2.0","id":1,"method":"run","params":' + text + "}").encode())
    reply = json.loads(worker.stdout.getvalue().splitlines()[0])
    assert reply["error"]["code"] == P.INVALID_PARAMS, reply


@pytest.mark.parametrize(
    "method,params,field",
    [
        ("load_model", {"model": ["m"]}, "model"),
        ("load_model", {"model": "m", "device": 0}, "device"),
        ("load_model", {"model": "m", "quantization": "4bit"}, "quantization"),
        ("load_model", {"model": "m", "family": 3}, "family"),
        ("model_info", {"model": {"x": 1}}, "model"),
        ("model_info", {"model": "m", "engine": "tgi"}, "engine"),
    ],
)
def test_other_methods_check_their_params_too(method, params, field):
    reply = ask(method, params)
    assert reply["error"]["code"] == P.INVALID_PARAMS and f"'{field}'" in reply["error"]["message"], reply


@pytest.mark.parametrize(
    "params",
    [
        {"raster": "x.tif", "labels": ["ship", "tank"], "overlap": 0, "gsd": 2, "tile_size": 128},
        {"raster": "x.tif", "aoi": [0, 0, 1.5, 2], "aoi_crs": "EPSG:4326", "family": None, "bands": [3, 2, 1]},
        {"raster": "x.tif", "history": [["q", "a"]], "timeout_s": 30, "engine": "openai", "base_url": "http://h:1/v1"},
    ],
)
def test_well_typed_jobs_pass_the_type_check(params):
    """Right types reach the job (which then fails on the missing raster: BAD_INPUT, not -32602)."""
    reply = ask("run", params)
    assert reply["error"]["code"] == P.BAD_INPUT and "not found" in reply["error"]["message"], reply


def test_the_check_follows_the_dataclass_so_new_fields_are_checked_too():
    """Every JobSpec field is in the type table: the check reads the annotations, not a list."""
    from typing import get_type_hints

    hints = get_type_hints(P.JobSpec)
    assert {f.name for f in fields(P.JobSpec)} == set(hints)
    for f in fields(P.JobSpec):
        with pytest.raises(ValueError, match=f"'{f.name}'"):
            P.check_params({f.name: object()})


_values = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=10)
    | st.lists(st.none() | st.integers() | st.floats() | st.text(max_size=5), max_size=4)
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from([f.name for f in fields(P.JobSpec)]), _values, max_size=6))
def test_from_dict_then_validate_never_fail_any_other_way(data):
    """Anything: JobSpec.from_dict raises ValueError or gives a JobSpec whose every field has its
    annotated type; validate then passes or raises BadInput. Never a TypeError or the like."""
    data = {"raster": "x.tif", **data}
    try:
        job = P.JobSpec.from_dict(data)
    except ValueError:
        return
    for name in data:
        P.check_params({name: getattr(job, name)})
    try:
        validate(job)
    except BadInput:
        pass


def test_labels_sent_as_a_string_never_become_letters():
    with pytest.raises(ValueError, match="'labels' must be a list of strings"):
        P.JobSpec.from_dict({"raster": "x.tif", "task": "detect", "labels": "ship,tank"})
