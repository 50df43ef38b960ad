"""Pass 1: decode -> detect -> track, producing a :class:`~blur.plan.Plan`.

Which frames are analysed: every frame whose luma differs anywhere from the
last analysed frame by more than ``analysis.change_threshold`` is analysed
before its boxes are decided, so no frame is rendered with content that no
detector looked at. Unchanged frames (most of a screen recording) reuse the
last analysis. If the detector fails on a frame, the whole frame is covered
for as long as that content is shown (fail closed).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Sequence

import cv2
import numpy as np

from .box import Box
from .config import Config, RegionConfig
from .detect import Detection, OcrDetector
from .errors import BlurError
from .io import VideoReader, probe
from .io.reader import file_sha256
from .onset import downscale
from .plan import Keyframe, Plan, RenderSettings, Stats, Track, VideoFacts
from .progress import progress_bar
from .track import TrackBuilder

log = logging.getLogger(__name__)


def luma_view(frame) -> np.ndarray:  # av.VideoFrame in a planar 4:2:0 format
    plane = frame.planes[0]
    rows = np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)
    return rows[:, : plane.width]


#: Limited-range ("TV") luma spans 16-235; tesseract reads the full-range
#: (0-255) image measurably better (a key at 1080p was missed without it).
_TV_TO_FULL = np.clip((np.arange(256) - 16) * 255.0 / 219.0 + 0.5, 0, 255).astype(np.uint8)


def ocr_image(luma: np.ndarray, pixel_format: str) -> np.ndarray:
    if pixel_format == "yuvj420p":  # already full range
        return np.ascontiguousarray(luma)
    return cv2.LUT(luma, _TV_TO_FULL)


def changed(luma: np.ndarray, reference: np.ndarray, threshold: int) -> bool:
    return int(cv2.absdiff(luma, reference).max()) > threshold


def drop_ignored(detections: list[Detection], regions: Sequence[RegionConfig], seconds: float, width: int,
                 height: int) -> list[Detection]:
    """Drop detections lying wholly inside an ignore region active at ``seconds``."""
    ignored = [r.pixel_box(width, height) for r in regions if r.action == "ignore" and r.active(seconds)]
    if not ignored:
        return detections

    def inside(box: Box) -> bool:
        box = box.clip(width, height)
        return any(box.intersection(r) == box for r in ignored)

    return [d for d in detections if d.source != "ocr" or not inside(d.box)]


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


def analyze(src: str | Path, config: Config, *, quiet: bool = True) -> Plan:
    started = time.perf_counter()
    info = probe(src)
    detector = OcrDetector(config)
    builder = TrackBuilder()
    times: list[float] = []
    reference: np.ndarray | None = None
    analysed = failures = 0
    rotation = 0
    ocr_seconds = 0.0
    bar = progress_bar("analyze", info.declared_frames, quiet)
    try:
        with VideoReader(src) as reader:
            tb = reader.video.time_base
            for index, frame in enumerate(reader.frames()):
                if index == 0:
                    rotation = int(getattr(frame, "rotation", 0) or 0)
                pts = frame.pts if frame.pts is not None else index
                times.append(float(pts * tb) if tb else float(index))
                luma = luma_view(frame)
                if reference is None or changed(luma, reference, config.analysis.change_threshold):
                    reference = luma.copy()
                    analysed += 1
                    t0 = time.perf_counter()
                    try:
                        detections = detector.detect(ocr_image(reference, frame.format.name))
                    except BlurError:
                        raise
                    except Exception as exc:  # noqa: BLE001 - fail closed, whatever broke
                        failures += 1
                        log.warning("detector failed on frame %d (%s); covering the whole frame",
                                    index, exc.__class__.__name__)
                        detections = [Detection("unknown", Box(0, 0, info.width, info.height), "failsafe")]
                    ocr_seconds += time.perf_counter() - t0
                    detections = drop_ignored(detections, config.regions, times[-1], info.width, info.height)
                    builder.observe(index, detections, downscale(reference))
                else:
                    builder.extend_open(index)
                bar.update()
    finally:
        bar.close()
        detector.close()
    tracks = builder.finish(times, config.analysis.hold_before, config.analysis.hold_after)
    tracks += region_tracks(config.regions, times, info.width, info.height)
    kinds: dict[str, int] = {}
    for track in tracks:
        kinds[track.kind] = kinds.get(track.kind, 0) + 1
    return Plan(
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
            frames_analyzed=analysed,
            detector_failures=failures,
            tracks_by_kind=kinds,
            seconds={"analyze": round(time.perf_counter() - started, 3), "ocr": round(ocr_seconds, 3)},
        ),
    )

