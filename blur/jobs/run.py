"""Run one job idempotently: the same job twice writes its output once."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from .._version import __version__
from ..config import Config, fingerprint
from ..errors import PlanError
from ..io.atomic import check_output_path
from ..io.reader import file_sha256, probe
from ..pipeline import redact
from ..plan import Plan
from ..render import FrameCallback
from .claim import claim_output


def default_report_path(dst: Path) -> Path:
    """Where the plan of ``dst`` is kept when none is named: ``OUTPUT.plan.json``."""
    return dst.with_name(dst.name + ".plan.json")


@dataclass
class JobResult:
    """What a job did, in numbers only (safe to log, store and return from a queue)."""

    status: Literal["done", "skipped"]
    input: str
    output: str
    report: str
    #: Video seconds, frames written, frames on which OCR ran.
    duration: float | None
    frames: int
    frames_analyzed: int
    tracks_by_kind: dict[str, int] = field(default_factory=dict)
    #: Wall time of this job; frames per second of wall time (0 when skipped).
    seconds: float = 0.0
    fps: float = 0.0
    reason: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def up_to_date(src: Path, dst: Path, report: Path, config: Config) -> Plan | None:
    """The plan of a complete output made from this very input, config and blur version, if any.

    The output is renamed into place before its plan is written, and the plan
    records the output's SHA-256, so a run killed between the two, an output
    replaced or truncated afterwards, an edited input or config, or another
    blur version all make the output stale.
    """
    if not dst.is_file() or not report.is_file():
        return None
    try:
        plan = Plan.load(report)
    except PlanError:
        return None
    made = plan.made_by
    if made is None or made.blur_version != __version__ or made.config_sha256 != fingerprint(config):
        return None
    if made.output_sha256 is None or plan.video.sha256 != file_sha256(src):
        return None
    if file_sha256(dst) != made.output_sha256:
        return None
    return plan


def _result(status: Literal["done", "skipped"], src: Path, dst: Path, report: Path, plan: Plan,
            seconds: float, reason: str | None = None) -> JobResult:
    return JobResult(
        status=status,
        input=str(src),
        output=str(dst),
        report=str(report),
        duration=plan.video.duration,
        frames=plan.stats.frames,
        frames_analyzed=plan.stats.frames_analyzed,
        tracks_by_kind=dict(plan.stats.tracks_by_kind),
        seconds=round(seconds, 3),
        fps=round(plan.stats.frames / seconds, 1) if status == "done" and seconds > 0 else 0.0,
        reason=reason,
    )


def estimated_frames(src: Path) -> int:
    """Frames the video should have (0 if the container does not say): for progress and ETA."""
    info = probe(src)
    if info.declared_frames:
        return info.declared_frames
    if info.duration and info.average_rate:
        return round(info.duration * float(info.average_rate))
    return 0


def run_job(src: str | Path, dst: str | Path, config: Config, *, report: str | Path | None = None,
            force: bool = False, on_frame: FrameCallback | None = None) -> JobResult:
    """Redact ``src`` into ``dst`` unless ``dst`` is already up to date (``force``: redo it).

    Writes the plan to ``report`` (default ``OUTPUT.plan.json``) after the
    output, with provenance that :func:`up_to_date` checks next time. Raises
    :class:`~blur.jobs.OutputBusy` when another process is writing ``dst``.
    """
    started = time.perf_counter()
    src, dst = Path(src), Path(dst)
    report = Path(report) if report is not None else default_report_path(dst)
    check_output_path(src, dst)
    with claim_output(dst, report):
        if not force:
            plan = up_to_date(src, dst, report, config)
            if plan is not None:
                return _result("skipped", src, dst, report, plan, time.perf_counter() - started, "up to date")
        # Drop the old plan first: if this run dies after renaming the new
        # output into place, no plan vouches for it.
        report.unlink(missing_ok=True)
        done = redact(src, dst, config, quiet=True, on_frame=on_frame)
        plan = done.plan
        assert plan.made_by is not None
        plan.made_by.output_sha256 = file_sha256(dst)
        plan.save(report)
    return _result("done", src, dst, report, plan, time.perf_counter() - started)
