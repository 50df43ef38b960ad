"""Worker settings from the environment (the same on every machine of a fleet)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"environment variable {name}={raw!r} is not a number") from None
    if value < 0:
        raise ConfigError(f"environment variable {name} must not be negative")
    return value


def _folder(name: str) -> Path | None:
    raw = os.environ.get(name)
    return Path(raw) if raw else None


@dataclass(frozen=True)
class WorkerSettings:
    broker_url: str
    result_backend: str
    #: Jobs may read only under input_root and write only under output_root.
    input_root: Path | None
    output_root: Path | None
    #: Per-customer configs (``<customer>.yaml``, else ``default.yaml``); None: the built-in default.
    configs_dir: Path | None
    #: Time limit per job: base seconds + this many seconds per second of video.
    time_limit_base: float
    time_limit_per_video_second: float
    max_retries: int
    retry_backoff: float
    retry_backoff_max: float
    #: Seconds before Redis re-delivers a job a dead worker took (must exceed the longest job).
    visibility_timeout: float
    #: A worker process is replaced after a job that left it above this (MiB).
    max_memory_mb: int

    def time_limit(self, video_seconds: float) -> float:
        return self.time_limit_base + self.time_limit_per_video_second * video_seconds

    def backoff(self, retries: int) -> float:
        return min(self.retry_backoff_max, self.retry_backoff * (2 ** retries))

    @classmethod
    def from_env(cls) -> "WorkerSettings":
        broker = os.environ.get("BLUR_BROKER_URL", "redis://127.0.0.1:6379/0")
        return cls(
            broker_url=broker,
            result_backend=os.environ.get("BLUR_RESULT_BACKEND", broker),
            input_root=_folder("BLUR_INPUT_ROOT"),
            output_root=_folder("BLUR_OUTPUT_ROOT"),
            configs_dir=_folder("BLUR_CONFIGS_DIR"),
            time_limit_base=_number("BLUR_TIME_LIMIT_BASE", 120),
            time_limit_per_video_second=_number("BLUR_TIME_LIMIT_PER_VIDEO_SECOND", 10),
            max_retries=int(_number("BLUR_MAX_RETRIES", 5)),
            retry_backoff=_number("BLUR_RETRY_BACKOFF", 10),
            retry_backoff_max=_number("BLUR_RETRY_BACKOFF_MAX", 600),
            visibility_timeout=_number("BLUR_VISIBILITY_TIMEOUT", 4 * 3600),
            max_memory_mb=int(_number("BLUR_MAX_MEMORY_MB", 3072)),
        )
