"""The one value type passed between stages: an axis-aligned pixel box.

Boxes are half-open ``[x1, x2) x [y1, y2)`` in the pixel grid of the decoded
(unrotated) frame, so a box's width is ``x2 - x1`` and two boxes that touch do
not overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, slots=True)
class Box:
    x1: int
    y1: int
    x2: int
    y2: int

    def __init__(self, x1: int, y1: int, x2: int, y2: int) -> None:
        # Written out rather than generated with a __post_init__ check: analysis makes
        # millions of boxes a recording, and the generated pair cost twice as much.
        if x2 < x1 or y2 < y1:
            raise ValueError(f"box has negative size: {[x1, y1, x2, y2]}")
        setattr_ = object.__setattr__
        setattr_(self, "x1", x1)
        setattr_(self, "y1", y1)
        setattr_(self, "x2", x2)
        setattr_(self, "y2", y2)

    @property
    def width(self) -> int:
        return self.x2 - self.x1

    @property
    def height(self) -> int:
        return self.y2 - self.y1

    @property
    def area(self) -> int:
        return self.width * self.height

    @property
    def empty(self) -> bool:
        return self.width == 0 or self.height == 0

    def as_list(self) -> list[int]:
        return [self.x1, self.y1, self.x2, self.y2]

    @classmethod
    def from_list(cls, values: Iterable[float]) -> "Box":
        x1, y1, x2, y2 = (int(round(v)) for v in values)
        return cls(x1, y1, x2, y2)

    @classmethod
    def from_xywh(cls, x: int, y: int, w: int, h: int) -> "Box":
        return cls(x, y, x + w, y + h)

    def pad(self, dx: float, dy: float) -> "Box":
        """Grow outward; fractional padding is rounded up (fail closed)."""
        import math

        px, py = math.ceil(dx), math.ceil(dy)
        return Box(self.x1 - px, self.y1 - py, self.x2 + px, self.y2 + py)

    def snap(self, grid: int) -> "Box":
        """Round the edges outward to multiples of ``grid``.

        Snapping to an even grid keeps the 4:2:0 chroma planes aligned, and a
        coarser grid stops the box's exact size from echoing the glyphs' ink.
        """
        return Box(
            (self.x1 // grid) * grid,
            (self.y1 // grid) * grid,
            -((-self.x2) // grid) * grid,
            -((-self.y2) // grid) * grid,
        )

    def translate(self, dx: int, dy: int) -> "Box":
        return Box(self.x1 + dx, self.y1 + dy, self.x2 + dx, self.y2 + dy)

    def contains(self, other: "Box") -> bool:
        return self.x1 <= other.x1 and self.y1 <= other.y1 and other.x2 <= self.x2 and other.y2 <= self.y2

    def clip(self, width: int, height: int) -> "Box":
        x1 = min(max(self.x1, 0), width)
        y1 = min(max(self.y1, 0), height)
        return Box(x1, y1, max(x1, min(self.x2, width)), max(y1, min(self.y2, height)))

    def union(self, other: "Box") -> "Box":
        return Box(
            min(self.x1, other.x1),
            min(self.y1, other.y1),
            max(self.x2, other.x2),
            max(self.y2, other.y2),
        )

    def intersects(self, other: "Box") -> bool:
        """Do the boxes overlap? (What most callers of ``intersection`` ask, without making a
        box: analysis asks it millions of times per recording.)"""
        return (self.x1 < other.x2 and other.x1 < self.x2 and self.y1 < other.y2 and other.y1 < self.y2
                and self.x1 < self.x2 and self.y1 < self.y2 and other.x1 < other.x2 and other.y1 < other.y2)

    def intersection(self, other: "Box") -> "Box | None":
        if not self.intersects(other):
            return None
        return Box(self.x1 if self.x1 > other.x1 else other.x1, self.y1 if self.y1 > other.y1 else other.y1,
                   self.x2 if self.x2 < other.x2 else other.x2, self.y2 if self.y2 < other.y2 else other.y2)

    def iou(self, other: "Box") -> float:
        if not self.intersects(other):
            return 0.0
        w = (self.x2 if self.x2 < other.x2 else other.x2) - (self.x1 if self.x1 > other.x1 else other.x1)
        h = (self.y2 if self.y2 < other.y2 else other.y2) - (self.y1 if self.y1 > other.y1 else other.y1)
        inter = w * h
        areas = (self.x2 - self.x1) * (self.y2 - self.y1) + (other.x2 - other.x1) * (other.y2 - other.y1)
        return inter / float(areas - inter)

    def interpolate(self, other: "Box", t: float) -> "Box":
        """Linear blend between two boxes, rounded outward."""
        import math

        def lerp(a: int, b: int) -> float:
            return a + (b - a) * t

        return Box(
            math.floor(lerp(self.x1, other.x1)),
            math.floor(lerp(self.y1, other.y1)),
            math.ceil(lerp(self.x2, other.x2)),
            math.ceil(lerp(self.y2, other.y2)),
        )


def check_corners(box: tuple) -> tuple:
    """Validator for user-written ``[x1, y1, x2, y2]`` lists (configs, plans)."""
    x1, y1, x2, y2 = box
    if x2 <= x1 or y2 <= y1:
        raise ValueError("must be [x1, y1, x2, y2] with x2 > x1 and y2 > y1")
    return box


def union_all(boxes: Iterable[Box]) -> Box | None:
    result: Box | None = None
    for box in boxes:
        result = box if result is None else result.union(box)
    return result
