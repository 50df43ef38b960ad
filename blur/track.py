"""Link per-frame detections into tracks, and pad them in time.

Detections arrive only for analysed frames; a frame that was not analysed
shows the same content as the last analysed one, so its boxes are the ones
found there. A detection continues an open track of the same kind whose box
overlaps it; a track not seen again ends on the frame before the next
analysed frame. Each track is then held a little before its first and after
its last frame (detector latency, fades), measured in seconds of the real
timestamps so variable-frame-rate videos get the same hold.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from .box import Box
from .detect.base import Detection
from .onset import FrameHistory, region, shows_part_of, typing_onset
from .plan import Keyframe, Track


@dataclass
class _Building:
    kind: str
    source: str
    first_frame: int
    last_frame: int
    keyframes: list[tuple[int, Box]] = field(default_factory=list)
    #: The box's pixels (half resolution) when the value was last detected.
    reference: np.ndarray | None = None

    @property
    def box(self) -> Box:
        return self.keyframes[-1][1]


class TrackBuilder:
    """Builds tracks from the detections of analysed frames, in frame order.

    Besides linking, it covers incomplete values (see :mod:`blur.onset`): a
    new track starts back where its box began to show the value being typed,
    and a track the detector no longer finds stays open while its box still
    shows the value or a left part of it (deleting, or a missed detection).
    """

    def __init__(self, min_overlap: float = 0.3, history_frames: int = 150, lookback_frames: int = 300) -> None:
        self.min_overlap = min_overlap
        self.lookback_frames = lookback_frames
        self.history = FrameHistory(history_frames)
        self._open: list[_Building] = []
        self._done: list[_Building] = []

    def observe(self, frame: int, detections: Sequence[Detection], small: np.ndarray | None = None) -> None:
        """Record what analysing ``frame`` found (an empty list: nothing).

        ``small`` is the frame's luma at half resolution (see
        :func:`blur.onset.downscale`); without it no onset or lingering is
        worked out.
        """
        unmatched = list(self._open)
        still_open = []
        for det in detections:
            best, best_score = None, self.min_overlap
            for track in unmatched:
                if track.kind != det.kind or track.source != det.source:
                    continue
                score = track.box.iou(det.box)
                if score >= best_score:
                    best, best_score = track, score
            if best is None:
                best = _Building(det.kind, det.source, frame, frame, [(frame, det.box)])
                if small is not None and det.source == "ocr":
                    earliest = max(0, frame - self.lookback_frames)
                    best.first_frame = typing_onset(self.history, frame, small, det.box, earliest)
            else:
                unmatched.remove(best)
                if best.box != det.box:
                    best.keyframes.append((frame, det.box))
            best.last_frame = frame
            if small is not None:
                best.reference = region(small, det.box).copy()
            still_open.append(best)
        for track in unmatched:
            if small is not None and track.reference is not None and shows_part_of(
                region(small, track.box), track.reference
            ):
                track.last_frame = frame  # still showing (part of) the value
                still_open.append(track)
                continue
            track.last_frame = frame - 1
            self._done.append(track)
        self._open = still_open
        if small is not None:
            self.history.add(frame, small)

    def extend_open(self, frame: int) -> None:
        """``frame`` was not analysed: it shows what the last analysed frame showed."""
        for track in self._open:
            track.last_frame = frame

    def finish(self, times: Sequence[float], hold_before: float, hold_after: float) -> list[Track]:
        """Close all tracks; ``times[i]`` is frame i's presentation time in seconds."""
        built = sorted(self._done + self._open, key=lambda t: (t.first_frame, t.keyframes[0][1].y1))
        self._done, self._open = [], []
        tracks = []
        for n, b in enumerate(built, 1):
            first = bisect.bisect_left(times, times[b.first_frame] - hold_before - 1e-9)
            last = bisect.bisect_right(times, times[b.last_frame] + hold_after + 1e-9) - 1
            tracks.append(
                Track(
                    id=f"{b.source}-{n}",
                    kind=b.kind,
                    source=b.source,  # type: ignore[arg-type]
                    first_frame=first,
                    last_frame=max(last, b.last_frame),
                    keyframes=[Keyframe(frame=f, box=tuple(box.as_list())) for f, box in b.keyframes],
                )
            )
        return tracks
