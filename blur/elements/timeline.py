"""Selector boxes over time: sidecar samples -> boxes in video pixels at any frame time.

The capture samples on every animation frame while anything changes and
sends a heartbeat otherwise, so what is on screen between two samples is the
earlier one (step-hold). Around that, fail closed:

* ``tolerance``: a frame at time t also covers every box sampled within
  +-tolerance (clock skew between video and sidecar, a paint in flight);
* ``hold_before``/``hold_after``: an element is covered from that long before
  it first appears until that long after it last appears;
* interpolation: two samples less than ``interpolate_within`` apart (a
  throttled capture) also cover the linearly interpolated box between them;
* a gap (no sample, not even a heartbeat, for more than ``max_gap``; or
  frames before the first / after the last sample): the whole frame is
  covered, because nothing says where the marked elements were.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..box import Box
from ..config import ElementsConfig
from .sidecar import Sample, Sidecar, SidecarError

if TYPE_CHECKING:
    from .rules import ElementRules

GAP = "gap"


@dataclass(frozen=True)
class _Snapshot:
    time: float  # video seconds
    boxes: dict[str, Box]  # "key.piece" -> box in video pixels


def _to_video(sample: Sample, line_time: float, width: int, height: int, source: str) -> tuple[float, float]:
    assert sample.viewport is not None
    sx, sy = width / sample.viewport[0], height / sample.viewport[1]
    if abs(sx - sy) > 0.03 * max(sx, sy):
        raise SidecarError(
            f"{source}: the viewport at {line_time:.3f} s ({sample.viewport[0]:g}x{sample.viewport[1]:g} CSS px) "
            f"does not have the video's shape ({width}x{height}); the video must show exactly the viewport")
    return sx, sy


class ElementBoxes:
    """Boxes to blur at a frame time, from a sidecar and the element rules."""

    def __init__(self, sidecar: Sidecar, rules: ElementRules, config: ElementsConfig, width: int, height: int,
                 hold_before: float, hold_after: float) -> None:
        self.width, self.height = width, height
        self.config = config
        self.hold_before, self.hold_after = hold_before, hold_after
        self.snapshots: list[_Snapshot] = []
        self.sample_times: list[float] = []
        for sample in sidecar.samples:
            time = sample.t / 1000.0 + config.offset
            self.sample_times.append(time)
            if not sample.is_snapshot:
                continue
            sx, sy = _to_video(sample, time, width, height, sidecar.source)
            boxes: dict[str, Box] = {}
            for key, parts in rules.blurred_boxes(sample.elements or []).items():
                for n, (x1, y1, x2, y2) in enumerate(parts):
                    box = Box(math.floor(x1 * sx), math.floor(y1 * sy), math.ceil(x2 * sx), math.ceil(y2 * sy))
                    box = box.clip(width, height)
                    if not box.empty:
                        boxes[f"{key}.{n}"] = box
            self.snapshots.append(_Snapshot(time, boxes))
        self._snapshot_times = [s.time for s in self.snapshots]

    def in_gap(self, t: float) -> bool:
        tol, times = self.config.tolerance, self.sample_times
        i = bisect.bisect_right(times, t + tol) - 1  # last sample at or before t (+tol)
        if i < 0:
            return True
        j = bisect.bisect_left(times, t - tol)  # first sample at or after t (-tol)
        if j >= len(times):
            return t - times[i] > self.config.max_gap
        return times[j] - times[i] > self.config.max_gap if j > i else False

    def _state(self, t: float) -> int:
        """Index of the snapshot on screen at time t (-1 before the first)."""
        return bisect.bisect_right(self._snapshot_times, t) - 1

    def at_time(self, t: float) -> dict[str, Box]:
        """Key -> box to blur at video time ``t`` (key ``gap``: the whole frame)."""
        if self.in_gap(t):
            return {GAP: Box(0, 0, self.width, self.height)}
        tol = self.config.tolerance
        times = self._snapshot_times
        first = max(0, self._state(t - tol))
        last = bisect.bisect_right(times, t + tol) - 1
        out: dict[str, Box] = {}
        for snap in self.snapshots[first:last + 1]:
            for key, box in snap.boxes.items():
                out[key] = out[key].union(box) if key in out else box
        # A throttled capture: interpolate towards the next sample if it is close.
        nxt = last + 1
        if 0 <= last < nxt < len(self.snapshots) and times[nxt] - times[last] <= self.config.interpolate_within:
            a, b = self.snapshots[last], self.snapshots[nxt]
            share = min(1.0, max(0.0, (t - a.time) / (b.time - a.time))) if b.time > a.time else 1.0
            for key in a.boxes.keys() & b.boxes.keys():
                moved = a.boxes[key].interpolate(b.boxes[key], share)
                out[key] = out[key].union(moved) if key in out else moved
        # Holds: elements about to appear, or just gone, are covered where they were nearest in time.
        lo = max(0, self._state(t - self.hold_after))
        hi = bisect.bisect_right(times, t + self.hold_before) - 1
        nearest: dict[str, tuple[float, Box]] = {}
        for snap in self.snapshots[lo:hi + 1]:
            distance = abs(snap.time - t)
            for key, box in snap.boxes.items():
                if key not in out and (key not in nearest or distance < nearest[key][0]):
                    nearest[key] = (distance, box)
        for key, (_, box) in nearest.items():
            out[key] = box
        return out
