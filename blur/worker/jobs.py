"""A queue job, independent of any queue framework: validate the payload, run it, classify failures.

Any queue can call :func:`process_job` with the payload dict it received and
get back a small JSON-able result, or one of two exceptions: :class:`PermanentJobError`
(bad input, bad config, paths outside the roots, time limit: do not retry)
or :class:`TransientJobError` (another worker holds the output, a storage
hiccup, OCR missing on this machine: retry later, maybe elsewhere).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from .._version import __version__
from ..errors import BlurError, InputError, OcrUnavailableError
from ..files import describe_validation_error
from ..io.reader import measured_duration
from ..jobs import ConfigStore, OutputBusy, run_job
from .settings import WorkerSettings


class PermanentJobError(Exception):
    """The job can never succeed as given; the message says why (never screen text)."""


class TransientJobError(Exception):
    """The job may succeed later; retry it with backoff."""


class JobTimeLimit(PermanentJobError):
    pass


class Payload(BaseModel):
    """``{input, output, customer | config, report?, force?}``: paths (or file:// URLs) under the roots."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    input: str
    output: str
    customer: str | None = None
    config: str | None = None
    report: str | None = None
    force: bool = False

    @model_validator(mode="after")
    def _one_config(self) -> "Payload":
        if self.customer is not None and self.config is not None:
            raise ValueError("give customer or config, not both")
        for field in ("input", "output", "customer", "config", "report"):
            if "\x00" in (getattr(self, field) or ""):
                raise ValueError(f"{field} contains a NUL byte")
        return self


def resolve_under(root: Path | None, value: str, what: str, variable: str) -> Path:
    """``value`` (a path or file:// URL; relative means relative to ``root``) if it stays inside ``root``."""
    if root is None:
        raise PermanentJobError(f"worker has no {variable} set; it cannot accept {what} paths")
    parts = urlsplit(value)
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise PermanentJobError(f"{what}: file:// URLs must be local (no host)")
        value = unquote(parts.path)
    elif parts.scheme and len(parts.scheme) > 1:  # (one letter would be a Windows drive)
        raise PermanentJobError(f"{what}: unsupported URL scheme '{parts.scheme}'; "
                                f"give a path or file:// URL under {variable}")
    root = root.resolve()
    path = Path(value)
    resolved = (path if path.is_absolute() else root / path).resolve()
    if not resolved.is_relative_to(root):
        raise PermanentJobError(f"{what} path escapes {variable}")
    return resolved


def parse_payload(payload: Any) -> Payload:
    try:
        return Payload.model_validate(payload)
    except ValidationError as exc:
        raise PermanentJobError("invalid job payload: " + describe_validation_error("payload", exc)) from None


def process_job(payload: Any, settings: WorkerSettings, configs: ConfigStore) -> dict[str, Any]:
    """Run one job; returns counts and timings (never text). See the module docstring for errors."""
    started = time.perf_counter()
    job = parse_payload(payload)
    src = resolve_under(settings.input_root, job.input, "input", "BLUR_INPUT_ROOT")
    dst = resolve_under(settings.output_root, job.output, "output", "BLUR_OUTPUT_ROOT")
    report = resolve_under(settings.output_root, job.report, "report", "BLUR_OUTPUT_ROOT") if job.report else None
    try:
        if job.config is not None:
            config = configs.load_file(resolve_under(settings.configs_dir, job.config, "config", "BLUR_CONFIGS_DIR"))
        else:
            config = configs.get(job.customer)
        if not src.is_file():
            raise InputError(f"input {job.input} not found")
        limit = settings.time_limit(measured_duration(src))
        deadline = time.monotonic() + limit

        def check_deadline(done: int, total: int) -> None:
            if time.monotonic() > deadline:
                raise JobTimeLimit(f"time limit of {limit:.0f} s exceeded after {done} frames; no output was written")

        dst.parent.mkdir(parents=True, exist_ok=True)
        result = run_job(src, dst, config, report=report, force=job.force, on_frame=check_deadline)
    except OutputBusy as exc:
        raise TransientJobError(str(exc)) from None
    except OcrUnavailableError as exc:
        raise TransientJobError(f"this worker cannot run OCR: {exc}") from None
    except BlurError as exc:  # bad input, config, sidecar or output path: retrying cannot help
        raise PermanentJobError(str(exc)) from None
    except OSError as exc:  # storage: a network mount away for a moment, a full disk freed later
        raise TransientJobError(f"I/O error ({exc.__class__.__name__}: {exc.strerror})") from None
    out = result.to_dict()
    out["blur_version"] = __version__
    out["limit_seconds"] = round(limit, 1)
    out["total_seconds"] = round(time.perf_counter() - started, 3)
    return out
