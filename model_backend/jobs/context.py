"""What a running job can use: progress/log events, cancellation, and the loaded engine."""

from __future__ import annotations

import gc
import threading
import time
from typing import Any, Callable, Dict, Optional, Tuple

from ..errors import Cancelled

Emit = Callable[[str, Dict[str, Any]], None]


class EngineCache:
    """Keeps one model loaded between jobs; loading another frees the first."""

    def __init__(self, factory: Optional[Callable[..., Any]] = None):
        self._factory = factory
        self._key: Optional[Tuple] = None
        self._engine: Any = None
        self._lock = threading.Lock()

    def get(
        self,
        model: str,
        device: str,
        quantization: str,
        family: Optional[str],
        engine: str = "transformers",
        **remote: Any,
    ) -> Any:
        """The loaded engine for these settings, loading it (and freeing the last) if needed.

        ``remote`` holds the OpenAI-compatible engine's settings (base_url, api_key_env,
        concurrency, timeout_s); a local model ignores them."""
        key = (
            engine,
            model,
            device,
            quantization,
            family,
            tuple(sorted(remote.items())) if engine != "transformers" else (),
        )
        with self._lock:
            if self._engine is not None and self._key == key:
                return self._engine
            self.release()
            factory = self._factory
            if factory is not None:
                self._engine = factory(model=model, device=device, quantization=quantization, family=family)
            elif engine == "openai":
                from ..engines.openai_engine import OpenAIEngine

                self._engine = OpenAIEngine(model=model, family=family, **remote)
            else:
                from ..engines.transformers_engine import TransformersEngine

                self._engine = TransformersEngine(model=model, device=device, quantization=quantization, family=family)
            self._key = key
            return self._engine

    @property
    def loaded(self) -> Any:
        return self._engine

    def release(self) -> None:
        if self._engine is None:
            return
        self._engine, self._key = None, None
        gc.collect()
        try:
            import torch

            if torch.cuda.is_available():
                torch.cuda.empty_cache()
        except ImportError:  # pragma: no cover - torch is a hard dependency of the worker
            pass


class JobContext:
    """Handed to a task: emits notifications tagged with the job id, checks for cancel."""

    def __init__(self, job_id: Any, emit: Emit, engines: EngineCache, cancel: Optional[threading.Event] = None):
        self.job_id, self._emit, self.engines = job_id, emit, engines
        self.cancel = cancel or threading.Event()

    def progress(self, stage: str, done: int, total: int, message: str = "") -> None:
        self._emit("progress", {"job": self.job_id, "stage": stage, "done": done, "total": total, "message": message})

    def token_progress(self, every_s: float = 0.5):
        """An ``on_token`` callback that reports generation at most every ``every_s``."""
        last = [0.0]

        def on_token(done: int, total: int) -> None:
            now = time.monotonic()
            if done in (1, total) or now - last[0] >= every_s:
                last[0] = now
                self.progress("generate", done, total, "generating")

        return on_token

    def log(self, level: str, message: str) -> None:
        self._emit("log", {"job": self.job_id, "level": level, "message": message})

    def features(self, crs_wkt: str, layer: str, features: list) -> None:
        self._emit("features", {"job": self.job_id, "layer": layer, "crs_wkt": crs_wkt, "features": features})

    def check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled()

    def engine(
        self,
        model: str,
        device: str,
        quantization: str,
        family: Optional[str],
        engine: str = "transformers",
        **remote: Any,
    ) -> Any:
        loaded = self.engines.loaded
        if loaded is None or (loaded.model, loaded.quantization) != (model, quantization):
            where = remote.get("base_url") if engine == "openai" else quantization
            self.progress("load", 0, 1, f"loading {model} ({where})")
        loaded = self.engines.get(model, device, quantization, family, engine, **remote)
        self.check_cancel()
        return loaded

    def engine_for(self, job: Any) -> Any:
        """The engine a JobSpec asks for (local transformers or an OpenAI-compatible server)."""
        remote = {}
        if job.engine == "openai":
            remote = {
                "base_url": job.base_url,
                "api_key_env": job.api_key_env,
                "concurrency": job.concurrency,
                "timeout_s": job.timeout_s,
            }
        return self.engine(job.model, job.device, job.quantization, job.family, job.engine, **remote)
