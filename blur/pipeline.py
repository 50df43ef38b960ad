"""``redact``: analyse then render, the one call a queue worker needs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .analyze import analyze
from .config import Config
from .config import load as load_config
from .io.atomic import check_output_path
from .io.writer import output_format, video_encoder
from .plan import Plan
from .render import render


@dataclass(frozen=True)
class Report:
    """What a run did: the plan (kinds and boxes, never text) and where it wrote."""

    input: str
    output: str
    plan: Plan

    def summary(self) -> dict:
        stats = self.plan.stats
        return {
            "input": self.input,
            "output": self.output,
            "frames": stats.frames,
            "frames_analyzed": stats.frames_analyzed,
            "detector_failures": stats.detector_failures,
            "tracks_by_kind": stats.tracks_by_kind,
            "seconds": stats.seconds,
        }


def redact(src: str | Path, dst: str | Path, config: Config | str | Path | None = None, *,
           quiet: bool = True) -> Report:
    """Redact ``src`` into ``dst``. ``config`` is a Config, a YAML path, or None (default)."""
    if not isinstance(config, Config):
        config = load_config(config)
    src, dst = Path(src), Path(dst)
    # Cheap checks first, so a bad output path fails before minutes of analysis.
    check_output_path(src, dst)
    video_encoder(output_format(dst), config.output)
    plan = analyze(src, config, quiet=quiet)
    seconds = render(src, plan, dst, quiet=quiet)
    plan.stats.seconds["render"] = round(seconds, 3)
    return Report(str(src), str(dst), plan)
