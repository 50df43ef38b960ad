"""``redact``: analyse and render, the one call a queue worker needs.

Both passes run at once: analysis in a thread, rendering in the caller's
thread a bounded distance behind it (see :class:`~blur.analyze.LiveBoxes`),
each with its own decoder. OCR runs on one core while x264 uses the rest,
and the video is never held in memory.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .analyze import LiveBoxes, AnalysisStopped, analyze
from .config import Config
from .config import load as load_config
from .io.atomic import check_output_path
from .io.writer import output_format, video_encoder
from .plan import Plan
from .render import FrameCallback, encode_redacted


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
            "ocr_reads": stats.ocr_reads,
            "ocr_cache_hits": stats.ocr_cache_hits,
            "detector_failures": stats.detector_failures,
            "tracks_by_kind": stats.tracks_by_kind,
            "seconds": stats.seconds,
        }


def _warm_up(config: Config) -> None:
    """Do the analysis's first-use imports and list loading here, before its thread starts.

    A SIGTERM or Ctrl-C raises in the main thread wherever it is; raised inside
    an import there while the analysis thread imported the same modules, it left
    an import lock held for ever and the process hung instead of stopping. With
    everything imported first, the two threads never import at the same time.
    """
    from .detect.recognizers import build_recognizers
    from .ocr.engine import import_engine

    import_engine(config.ocr)
    build_recognizers(config.detect.kinds, config.detect.phone_regions, config.detect.patterns,
                      config.detect.names.min_score)


class _Analysis(threading.Thread):
    def __init__(self, src: Path, config: Config, live: LiveBoxes, elements: str | Path | None,
                 bad_elements: str) -> None:
        super().__init__(name="blur-analyze", daemon=True)
        self.src, self.config, self.live = src, config, live
        self.elements, self.bad_elements = elements, bad_elements
        self.plan: Plan | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.plan = analyze(self.src, self.config, live=self.live, elements=self.elements,
                                bad_elements=self.bad_elements)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            self.error = exc
            self.live.fail()  # a render waiting for boxes gives up


def redact(src: str | Path, dst: str | Path, config: Config | str | Path | None = None, *,
           quiet: bool = True, on_frame: FrameCallback | None = None, elements: str | Path | None = None,
           bad_elements: Literal["fail", "warn"] = "fail") -> Report:
    """Redact ``src`` into ``dst``. ``config`` is a Config, a YAML path, or None (default).

    ``on_frame(done, total)`` is called as frames are written (``total`` is 0
    when the container does not say); an exception it raises stops the run
    and leaves no output, so a queue can enforce time limits with it.
    ``elements``: a DOM-geometry sidecar (see :func:`blur.analyze.analyze`).
    """
    if not isinstance(config, Config):
        config = load_config(config)
    src, dst = Path(src), Path(dst)
    # Cheap checks first, so a bad output path fails before minutes of work.
    check_output_path(src, dst)
    video_encoder(output_format(dst), config.output)
    started = time.perf_counter()
    _warm_up(config)
    live = LiveBoxes()
    analysis = _Analysis(src, config, live, elements, bad_elements)
    analysis.start()
    try:
        encode_redacted(src, dst, live, redaction=config.redaction, output=config.output, quiet=quiet,
                        on_frame=on_frame)
    except BaseException as exc:
        live.cancel()
        analysis.join()
        if isinstance(exc, AnalysisStopped) and analysis.error is not None:
            raise analysis.error from None  # the analysis failed first: its error is the real one
        raise
    analysis.join()
    if analysis.error is not None:
        raise analysis.error
    plan = analysis.plan
    assert plan is not None
    plan.stats.seconds["total"] = round(time.perf_counter() - started, 3)
    return Report(str(src), str(dst), plan)
