"""Pass 1: decode -> detect -> track, producing a :class:`~blur.plan.Plan`.

Frame by frame (see :mod:`blur.analysis.analyzer`): only what changed is read
again, scrolled content is moved rather than re-read, and whatever could not
be read is covered. Analysis can also hand over, while it runs, the boxes of
frames that no later analysis can change any more (:class:`LiveBoxes`), so
rendering can run alongside it instead of after it.
"""

from __future__ import annotations

import bisect
import logging
import threading
import time
from pathlib import Path
from typing import Literal, Protocol, Sequence

import numpy as np

from .box import Box
from ._version import __version__
from .config import Config, RegionConfig, fingerprint
from .analysis.analyzer import FrameAnalyzer
from .analysis.orientation import box_to_stored, display_turns, to_stored
from .elements import ElementBoxes, SidecarError, element_boxes, selector_tracks
from .io import VideoReader, probe
from .io.reader import file_sha256, luma_view
from .plan import FrameBoxes, Keyframe, MadeBy, Plan, RenderSettings, Stats, Steps, Track, VideoFacts
from .progress import progress_bar

#: Frames between two hand-overs of final boxes to a concurrent render.
HANDOVER_EVERY = 30

log = logging.getLogger("blur")


class BoxSource(Protocol):
    def at(self, frame: int) -> list[Box]: ...


def _regions(regions: Sequence[RegionConfig], action: str, seconds: float, width: int, height: int) -> list[Box]:
    return [b for r in regions if r.action == action and r.active(seconds) and not (b := r.pixel_box(width, height)).empty]


def region_tracks(regions: Sequence[RegionConfig], times: Sequence[float], width: int, height: int) -> list[Track]:
    """Always-blur regions from the config, as tracks over their time windows."""
    tracks = []
    for n, region in enumerate(r for r in regions if r.action == "blur"):
        frames = [i for i, t in enumerate(times) if region.active(t)]
        box = region.pixel_box(width, height)
        if not frames or box.empty:
            continue
        tracks.append(Track(id=f"region-{n + 1}", kind="region", source="region", first_frame=frames[0],
                            last_frame=frames[-1], keyframes=[Keyframe(frame=frames[0], box=tuple(box.as_list()))]))
    return tracks


class _SnapshotBoxes:
    """Boxes of frames up to a safe frame, from a snapshot of the tracks (same as the final plan's there)."""

    def __init__(self, tracks: list[Steps], times: list[float], config: Config, width: int, height: int,
                 elements: ElementBoxes | None, turns: int = 0) -> None:
        self._frames = FrameBoxes(tracks)
        self._times, self._regions, self._size = times, config.regions, (width, height)
        self._elements = elements
        self._turns = turns

    def at(self, frame: int) -> list[Box]:
        """The frame's boxes, on the stored frame (analysis works on the shown one)."""
        boxes = self._frames.at(frame) + _regions(self._regions, "blur", self._times[frame], *self._size)
        if self._elements is not None:
            boxes += list(self._elements.at_time(self._times[frame]).values())
        if self._turns:
            width, height = self._size
            stored = (height, width) if self._turns % 2 else (width, height)
            boxes = [box_to_stored(b, self._turns, *stored) for b in boxes]
        return boxes


class LiveBoxes:
    """Hands boxes from a running analysis to a concurrent render, frame by frame.

    ``at(frame)`` blocks until the analysis has got far enough that nothing
    it finds later can change that frame's boxes (or has finished).
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._safe = -1
        self._source: BoxSource | None = None
        self._failed = False
        self.cancelled = False
        #: The frame the render asked for last: it asks in order, so earlier frames are done.
        self.asked = 0

    def publish(self, safe: int, source: BoxSource) -> None:
        with self._cond:
            self._safe, self._source = safe, source
            self._cond.notify_all()

    def fail(self) -> None:
        """The analysis stopped: waiting renders give up."""
        with self._cond:
            self._failed = True
            self._cond.notify_all()

    def cancel(self) -> None:
        """The render stopped: the analysis gives up at its next frame."""
        self.cancelled = True
        self.fail()

    def at(self, frame: int) -> list[Box]:
        self.asked = max(self.asked, frame)
        with self._cond:
            self._cond.wait_for(lambda: self._failed or self._safe >= frame)
            if self._failed:
                raise AnalysisStopped
            source = self._source
        assert source is not None
        return source.at(frame)


class AnalysisStopped(Exception):
    """The analysis feeding a :class:`LiveBoxes` stopped; its own error is the one to report."""


def _safe_frame(analyzer: FrameAnalyzer, times: list[float], config: Config) -> int:
    """The last frame whose boxes no later analysis can change (see tracks.py for the ways back)."""
    a = config.analysis
    current = len(times) - 1
    back = current - analyzer.lookback_frames
    if back < 0:
        return -1
    limit = min(times[back], times[current] - max(a.bridge_gap, a.max_transition)) - a.hold_before - 1e-6
    return bisect.bisect_left(times, limit) - 1


def _load_elements(path: str | Path | None, config: Config, width: int, height: int,
                   bad_elements: str) -> ElementBoxes | None:
    if path is None:
        return None
    try:
        return element_boxes(path, config, width, height)
    except SidecarError as exc:
        if bad_elements != "warn":
            raise
        log.warning("%s; continuing with OCR only", exc)
        return None


def analyze(src: str | Path, config: Config, *, quiet: bool = True, live: LiveBoxes | None = None,
            elements: str | Path | None = None, bad_elements: Literal["fail", "warn"] = "fail") -> Plan:
    """Pass 1: find what to blur in ``src`` and return the plan.

    ``elements`` is a DOM-geometry sidecar (JSON lines from capture.js); a
    malformed one raises :class:`~blur.elements.SidecarError`, or with
    ``bad_elements="warn"`` logs a warning and analyses with OCR only.
    """
    started = time.perf_counter()
    info = probe(src)
    with VideoReader(src) as first:
        rotation = first.rotation()
    turns = display_turns(rotation)
    # Frames are analysed as they are shown (a phone recording stored sideways is read
    # upright); boxes go back to the stored frame for the render.
    width, height = (info.height, info.width) if turns % 2 else (info.width, info.height)
    selectors = _load_elements(elements, config, width, height, bad_elements)
    fps = float(info.average_rate) if info.average_rate else 30.0
    analyzer = FrameAnalyzer(config, width, height, fps)
    times: list[float] = []
    published = -1
    bar = progress_bar("analyze", info.declared_frames, quiet)
    try:
        with VideoReader(src) as reader:
            tb = reader.video.time_base
            for index, frame in enumerate(reader.frames()):
                if live is not None and live.cancelled:
                    raise AnalysisStopped
                pts = frame.pts if frame.pts is not None else index
                times.append(float(pts * tb) if tb else float(index))
                ignore = _regions(config.regions, "ignore", times[-1], width, height)
                luma = luma_view(frame)
                if turns:
                    luma = np.ascontiguousarray(np.rot90(luma, turns))
                analyzer.feed(index, times[-1], luma, frame.format.name, ignore)
                if live is not None and index - published >= HANDOVER_EVERY:
                    safe = _safe_frame(analyzer, times, config)
                    if safe > published:
                        a = config.analysis
                        tracks = analyzer.builder.tracks(times, a.hold_before, a.hold_after, final=False,
                                                         since=live.asked, until=safe)
                        live.publish(safe, _SnapshotBoxes(tracks, times, config, width, height,
                                                          selectors, turns))
                        published = safe
                bar.update()
    except BaseException:
        if live is not None:
            live.fail()
        raise
    finally:
        bar.close()
        analyzer.close()
    tracks = analyzer.builder.tracks(times, config.analysis.hold_before, config.analysis.hold_after)
    tracks += region_tracks(config.regions, times, width, height)
    if selectors is not None:
        tracks += selector_tracks(selectors, times)
    tracks = [to_stored(track, turns, info.width, info.height) for track in tracks]
    kinds: dict[str, int] = {}
    for track in tracks:
        kinds[track.kind] = kinds.get(track.kind, 0) + 1
    plan = Plan(
        video=VideoFacts(
            width=info.width,
            height=info.height,
            frame_count=len(times),
            time_base=str(info.time_base),
            average_rate=str(info.average_rate) if info.average_rate else None,
            duration=info.duration,
            rotation=rotation,
            sha256=file_sha256(src),
        ),
        settings=RenderSettings(redaction=config.redaction, output=config.output),
        tracks=tracks,
        stats=Stats(
            frames=len(times),
            frames_analyzed=analyzer.frames_analyzed,
            ocr_reads=analyzer.ocr_reads,
            ocr_cache_hits=analyzer.cache.hits + analyzer.redrawn_hits,
            ocr_frame_share=round(analyzer.ocr_pixels / max(1, width * height), 2),
            detector_failures=analyzer.failures,
            tracks_by_kind=kinds,
            seconds={"analyze": round(time.perf_counter() - started, 3), "ocr": round(analyzer.ocr_seconds, 3)},
        ),
        made_by=MadeBy(blur_version=__version__, config_sha256=fingerprint(config)),
    )
    if live is not None:
        live.publish(len(times) - 1, plan.boxes_by_frame())
    return plan
