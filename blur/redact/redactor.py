"""Cover boxes so that nothing of the hidden text survives.

A Gaussian blur of the original pixels is not redaction: rendering candidate
strings through the same blur recovers them (40/40 four-digit PINs even at
sigma = 3x the digit height, see shared/research/redaction-security.md). So
the default methods first *replace* every pixel of a box with a colour taken
from a thin ring just outside all boxes, then draw a fixed placeholder and
soften it. Output pixels inside a box then depend only on the box geometry
and the surroundings, never on the hidden text.

Methods:
- ``smooth`` (default): ring colour + a soft placeholder stroke. Looks blurred.
- ``fill``: ring colour only (a flat patch).
- ``pixelate``: ``smooth`` shown as a coarse mosaic.
- ``gaussian``: a blur of the original pixels. UNSAFE, explicit opt-in only.
"""

from __future__ import annotations

import math
from typing import Sequence

import av
import cv2
import numpy as np

from ..box import Box
from ..config import RedactionConfig
from .planes import Planes, scaled

RING = 3  # px of surroundings sampled for the fill colour (luma resolution)
MAX_SIGMA = 20.0


def _ring_colour(plane: np.ndarray, box: Box, covered: np.ndarray, ring: int) -> int:
    """Median of the pixels around ``box`` that lie outside every box."""
    h, w = plane.shape
    for r in (ring, ring * 3, ring * 9):
        outer = box.pad(r, r).clip(w, h)
        region = plane[outer.y1 : outer.y2, outer.x1 : outer.x2]
        mask = ~covered[outer.y1 : outer.y2, outer.x1 : outer.x2]
        if mask.any():
            return int(np.median(region[mask]))
    return 128  # the whole neighbourhood is sensitive: a neutral colour


def _coverage(shape: tuple[int, int], boxes: Sequence[Box]) -> np.ndarray:
    covered = np.zeros(shape, dtype=bool)
    for b in boxes:
        covered[b.y1 : b.y2, b.x1 : b.x2] = True
    return covered


def _soften(plane: np.ndarray, box: Box, sigma: float) -> None:
    """Blur ``box`` together with its (already safe) surroundings; write only the box."""
    h, w = plane.shape
    margin = int(math.ceil(2 * sigma))
    roi = box.pad(margin, margin).clip(w, h)
    patch = plane[roi.y1 : roi.y2, roi.x1 : roi.x2]
    # A wide blur is done at reduced size (the same look at a fraction of the
    # cost: it ran on every covered box of every frame).
    factor = max(1, min(int(sigma // 3), patch.shape[0] // 4, patch.shape[1] // 4))
    if factor > 1:
        small = cv2.resize(patch, (patch.shape[1] // factor, patch.shape[0] // factor), interpolation=cv2.INTER_AREA)
        small = cv2.GaussianBlur(small, (0, 0), sigma / factor)
        blurred = cv2.resize(small, (patch.shape[1], patch.shape[0]), interpolation=cv2.INTER_LINEAR)
    else:
        blurred = cv2.GaussianBlur(patch, (0, 0), sigma)
    plane[box.y1 : box.y2, box.x1 : box.x2] = blurred[
        box.y1 - roi.y1 : box.y2 - roi.y1, box.x1 - roi.x1 : box.x2 - roi.x1
    ]


def _placeholder(y: np.ndarray, box: Box, background: int) -> None:
    """A neutral stroke, like a line of text, so the patch reads as 'blurred text'."""
    height = max(2, box.height // 3)
    inset = min(box.width // 4, max(2, box.height // 2))
    top = box.y1 + (box.height - height) // 2
    ink = background - 60 if background > 110 else background + 60
    y[top : top + height, box.x1 + inset : box.x2 - inset] = int(np.clip(ink, 16, 235))


def _pixelate(plane: np.ndarray, box: Box, block: int) -> None:
    patch = plane[box.y1 : box.y2, box.x1 : box.x2]
    h, w = patch.shape
    small = cv2.resize(patch, (max(1, w // block), max(1, h // block)), interpolation=cv2.INTER_AREA)
    plane[box.y1 : box.y2, box.x1 : box.x2] = cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)


def _outermost(boxes: Sequence[Box]) -> list[Box]:
    """The boxes not inside another one: an inner box adds nothing to the cover but a
    second placeholder stroke drawn over where its text was."""
    unique = list(dict.fromkeys(boxes))
    return [b for b in unique if not any(o is not b and o.contains(b) for o in unique)]


def redact_planes(planes: Planes, boxes: Sequence[Box], config: RedactionConfig) -> None:
    """Redact ``boxes`` (luma coordinates, already clipped and even) in place."""
    boxes = _outermost([b for b in boxes if not b.empty])
    if not boxes:
        return
    if config.method == "gaussian":
        for plane, factor in planes.each():
            for box in boxes:
                b = scaled(box, factor)
                sigma = min(MAX_SIGMA, max(1.0, config.strength * b.height))
                patch = plane[b.y1 : b.y2, b.x1 : b.x2]
                plane[b.y1 : b.y2, b.x1 : b.x2] = cv2.GaussianBlur(patch, (0, 0), sigma)
        return
    for plane, factor in planes.each():
        plane_boxes = [scaled(b, factor) for b in boxes]
        covered = _coverage(plane.shape, plane_boxes)
        ring = max(1, RING // factor)
        # All fill colours are read before any box is painted: a ring that
        # touches another box must not see that box's original pixels.
        colours = [_ring_colour(plane, b, covered, ring) for b in plane_boxes]
        for b, colour in zip(plane_boxes, colours):
            plane[b.y1 : b.y2, b.x1 : b.x2] = colour
        if config.method == "fill":
            continue
        if factor > 1:
            continue  # chroma stays the flat surrounding colour: softening it is not visible, only slow
        for b, colour in zip(plane_boxes, colours):
            _placeholder(plane, b, colour)
            sigma = min(MAX_SIGMA, max(1.0, config.strength * b.height / 2))
            _soften(plane, b, sigma)
            if config.method == "pixelate":
                _pixelate(plane, b, max(2, b.height // 2))


def _reach(box: Box, config: RedactionConfig, factor: int, width: int, height: int) -> Box:
    """The pixels the redaction of ``box`` (in its plane) reads: ring sampling and softening."""
    ring = max(1, RING // factor) * 9
    sigma = min(MAX_SIGMA, max(1.0, config.strength * box.height / 2))
    reach = max(ring, int(math.ceil(2 * sigma)) + 1)
    return box.pad(reach, reach).clip(width, height)


class _Patches:
    """One frame's redaction of one plane: the input around each box and the output inside it.

    The redaction of a box depends only on the boxes and on the input pixels
    within its reach, so a frame whose boxes and inputs there are identical
    (a still screen: decoders copy unchanged blocks exactly) gets the very
    same output, copied instead of computed again.
    """

    def __init__(self, plane: np.ndarray, boxes: Sequence[Box], reaches: Sequence[Box]) -> None:
        self.reaches = list(reaches)
        self.inputs = [plane[r.y1 : r.y2, r.x1 : r.x2].copy() for r in reaches]
        self.boxes = list(boxes)
        self.outputs: list[np.ndarray] = []

    def record_output(self, plane: np.ndarray) -> None:
        self.outputs = [plane[b.y1 : b.y2, b.x1 : b.x2].copy() for b in self.boxes]

    def same_input(self, plane: np.ndarray) -> bool:
        return all(np.array_equal(plane[r.y1 : r.y2, r.x1 : r.x2], i) for r, i in zip(self.reaches, self.inputs))

    def paste(self, plane: np.ndarray) -> None:
        for b, out in zip(self.boxes, self.outputs):
            plane[b.y1 : b.y2, b.x1 : b.x2] = out


class Redactor:
    """Prepares plan boxes for one video (pad to grid, clip) and redacts frames.

    Keeps the previous frame's result to reuse it where nothing it depends
    on changed (see :class:`_Patches`).
    """

    def __init__(self, config: RedactionConfig, width: int, height: int) -> None:
        self.config = config
        self.width, self.height = width, height
        self._last: tuple[list[Box], list[_Patches]] | None = None
        self.reused = 0

    def prepare(self, boxes: Sequence[Box]) -> list[Box]:
        grid = self.config.grid
        return [b for b in (b.snap(grid).clip(self.width, self.height) for b in boxes) if not b.empty]

    def apply(self, packed: np.ndarray, boxes: Sequence[Box]) -> None:
        """Redact a packed ``to_ndarray()`` 4:2:0 frame in place."""
        self._redact(Planes.of(packed, self.width, self.height), boxes)

    def apply_frame(self, frame: av.VideoFrame, boxes: Sequence[Box]) -> None:
        """Redact a decoded planar 4:2:0 frame in its own buffers."""
        self._redact(Planes.of_frame(frame), boxes)

    def _redact(self, planes: Planes, boxes: Sequence[Box]) -> None:
        prepared = self.prepare(boxes)
        if not prepared:
            self._last = None
            return
        each = planes.each()
        if self._last is not None and self._last[0] == prepared and all(
            patches.same_input(plane) for (plane, _), patches in zip(each, self._last[1])
        ):
            for (plane, _), patches in zip(each, self._last[1]):
                patches.paste(plane)
            self.reused += 1
            return
        recorded = []
        for plane, factor in each:
            h, w = plane.shape
            plane_boxes = [scaled(b, factor) for b in prepared]
            reaches = [_reach(b, self.config, factor, w, h) for b in plane_boxes]
            recorded.append(_Patches(plane, plane_boxes, reaches))
        redact_planes(planes, prepared, self.config)
        for (plane, _), patches in zip(each, recorded):
            patches.record_output(plane)
        self._last = (prepared, recorded)
