"""The onnx method: a tiny change network built here with torch, exported to ONNX, run with
onnxruntime through the change job's own tiling, blending and vectorising path.

The network is real (torch modules, exported by torch.onnx) but its weights are set by hand
so that its answer is known: the change probability of a pixel is a sigmoid of the summed
absolute difference of the two images, which a trained network would approximate. That makes
the job's polygons checkable against the synthetic truth.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely
import torch
from pyogrio.raw import read as read_vector

from model_backend.change.normalise import PairModel
from model_backend.change.onnx_method import OnnxMethod
from model_backend.errors import BadInput
from model_backend.jobs.context import EngineCache, JobContext
from model_backend.jobs.run import run_job
from model_backend.protocol import JobSpec

from .synthetic import DateGrid, iou, truth, write_date


class TinyChangeNet(torch.nn.Module):
    """p = sigmoid(gain * (sum_c |after_c - before_c| - bias)), with a 3 x 3 smoothing conv
    (``smooth``) or pointwise only."""

    def __init__(self, smooth: bool = True, gain: float = 40.0, bias: float = 0.08):
        super().__init__()
        self.diff = torch.nn.Conv2d(6, 6, 1, bias=False)
        w = torch.zeros(6, 6, 1, 1)
        for c in range(3):  # +d and -d per channel, so relu(+d) + relu(-d) = |d|
            w[c, c], w[c, c + 3] = -1.0, 1.0
            w[c + 3, c], w[c + 3, c + 3] = 1.0, -1.0
        self.diff.weight.data = w
        k = 3 if smooth else 1
        self.sum = torch.nn.Conv2d(6, 1, k, padding=k // 2, padding_mode="replicate")
        self.sum.weight.data = torch.full((1, 6, k, k), gain / (k * k))
        self.sum.bias.data = torch.tensor([-gain * bias])

    def forward(self, before, after):
        return torch.sigmoid(self.sum(torch.relu(self.diff(torch.cat([before, after], 1)))))


def export(net: torch.nn.Module, path: str, size=None) -> str:
    h, w = size or (64, 64)
    args = (torch.rand(1, 3, h, w), torch.rand(1, 3, h, w))
    dynamic = None if size else {n: {0: "n", 2: "h", 3: "w"} for n in ("before", "after", "change")}
    torch.onnx.export(
        net.eval(),
        args,
        path,
        input_names=["before", "after"],
        output_names=["change"],
        dynamic_axes=dynamic,
        opset_version=17,
        dynamo=False,
    )
    return path


def identity_models() -> list:
    """A radiometric fit that changes nothing (the after values are already the before's)."""
    same = (np.array([0.0, 255.0]), np.array([0.0, 255.0]))
    return [PairModel((same, same, same), np.eye(3, dtype=np.float32), 1, 1, 1, 1)]


def test_onnx_output_equals_torch_within_1e_4(tmp_path):
    net = TinyChangeNet()
    path = export(net, str(tmp_path / "change.onnx"))
    import onnxruntime as ort

    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    a, b = (rng.random((2, 3, 96, 80), dtype=np.float32) for _ in range(2))
    got = session.run(None, {"before": a, "after": b})[0]
    with torch.no_grad():
        want = net(torch.from_numpy(a), torch.from_numpy(b)).numpy()
    diff = float(np.abs(got - want).max())
    print(f"ONNX vs torch max abs difference: {diff:.2e}")
    assert diff <= 1e-4


def test_tiled_blended_probability_equals_the_whole_image(tmp_path):
    """A pointwise network gives the same value for a pixel whatever tile it is in, so tiling
    with overlap and blending must give back exactly the whole image's answer; a fixed 48 x 48
    input exercises the tile grid, the last shifted tile and the padding of a small image."""
    net = TinyChangeNet(smooth=False)
    path = export(net, str(tmp_path / "fixed.onnx"), size=(48, 48))
    scale, offset = np.full(3, 1 / 255, np.float32), np.zeros(3, np.float32)
    method = OnnxMethod(path, identity_models(), scale, offset, device="cpu", overlap=0.25)
    assert method.tile == (48, 48) and method.overlap == 12 and method.providers == ["CPUExecutionProvider"]
    rng = np.random.default_rng(1)
    for h, w in ((130, 101), (20, 30)):
        a, b = (rng.random((3, h, w), dtype=np.float32) for _ in range(2))
        got = method.probability(a, b)
        with torch.no_grad():
            want = net(torch.from_numpy(a[None]), torch.from_numpy(b[None])).numpy()[0, 0]
        assert got.shape == (h, w)
        assert float(np.abs(got - want).max()) <= 1e-5


def test_the_onnx_job_recovers_the_synthetic_changes(tmp_path):
    model = export(TinyChangeNet(), str(tmp_path / "change.onnx"))
    before = write_date(str(tmp_path / "a.tif"), 0, DateGrid(), seed=1)
    after = write_date(str(tmp_path / "b.tif"), 1, DateGrid(), gain=1.15, offset=8, seed=2)
    out = str(tmp_path / "changes.gpkg")
    streamed = []
    ctx = JobContext("t", lambda m, p: streamed.append(p) if m == "features" else None, EngineCache())
    res = run_job(
        JobSpec(
            raster=before,
            after=after,
            task="change",
            method="onnx",
            onnx_model=model,
            min_area=100,
            device="cpu",
            tile_size=64,
            out=out,
        ),
        ctx,
    )
    assert res["status"] == "ok" and res["method"] == "onnx" and res["model"] == "change.onnx"
    meta, _, wkb, fields = read_vector(out)
    geoms = list(shapely.from_wkb(wkb))
    names = list(meta["fields"])
    assert set(fields[names.index("method")]) == {"onnx"}
    assert set(fields[names.index("model")]) == {"change.onnx"}
    want = truth()
    assert len(geoms) == len(want) == sum(len(p["features"]) for p in streamed)
    for name, poly in want.items():
        best = max(iou(poly, g) for g in geoms)
        print(f"onnx IoU {name}: {best:.3f}")
        assert best >= 0.8, name
    assert iou(shapely.union_all(geoms), shapely.union_all(list(want.values()))) >= 0.8


def test_a_model_that_is_not_a_change_model_is_refused(tmp_path):
    class One(torch.nn.Module):
        def forward(self, x):
            return x.mean(1, keepdim=True)

    path = str(tmp_path / "one.onnx")
    torch.onnx.export(One(), (torch.rand(1, 3, 8, 8),), path, input_names=["x"], dynamo=False)
    with pytest.raises(BadInput, match="two"):
        OnnxMethod(path, identity_models(), np.ones(3, np.float32), np.zeros(3, np.float32))
    with pytest.raises(BadInput, match="not found"):
        OnnxMethod(str(tmp_path / "missing.onnx"), identity_models(), np.ones(3), np.zeros(3))
