"""Cover boxes so that nothing of the hidden text survives.

A Gaussian blur of the original pixels is not redaction: rendering candidate
strings through the same blur recovers them (40/40 four-digit PINs even at
sigma = 3x the digit height, see shared/research/redaction-security.md). So
the default methods first *replace* every pixel of a box with a colour taken
from a thin ring just outside all boxes, then draw a fixed placeholder and
soften it. Output pixels inside a box then depend only on the box geometry
and the surroundings, never on the hidden text (but for one bit: a box with
no ink at all gets no stroke, see ``_blank``).

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

from ..box import Box, union_all
from ..config import RedactionConfig
from .planes import Planes, scaled

RING = 3  # px of surroundings sampled for the fill colour (luma resolution)
MAX_SIGMA = 20.0


def _ring_colour(plane: np.ndarray, box: Box, free: np.ndarray, ring: int) -> int:
    """Median of the pixels around ``box`` that lie outside every box (``free``: not covered).
    Written with plain ints and an in-place partition: a spreadsheet renders 150 boxes a
    plane a frame, and the wrappers cost more than the median."""
    h, w = plane.shape
    for r in (ring, ring * 3, ring * 9):
        x1, y1 = box.x1 - r, box.y1 - r
        x2, y2 = box.x2 + r, box.y2 + r
        x1, y1 = (x1 if x1 > 0 else 0), (y1 if y1 > 0 else 0)
        x2, y2 = (x2 if x2 < w else w), (y2 if y2 < h else h)
        values = plane[y1:y2, x1:x2][free[y1:y2, x1:x2]]  # a copy: partitioned in place
        if values.size:
            middle = values.size // 2  # the (upper) median
            values.partition(middle)
            return int(values[middle])
    return 128  # the whole neighbourhood is sensitive: a neutral colour


#: Largest luma difference from the fill colour of a box that holds no ink (codec noise).
BLANK = 12


def _blank(plane: np.ndarray, box: Box, colour: int) -> bool:
    """Does ``box`` show nothing but its surroundings' colour? A cover that stays while its
    value scrolls away, or waits at the edge where a line will come in, then gets the flat
    fill (the same pixels) and no placeholder stroke: a grey bar drawn on an empty stretch of
    a page is blur where nothing was. Faint ink is painted flat all the same."""
    patch = plane[box.y1 : box.y2, box.x1 : box.x2]
    if patch.size == 0:
        return False
    low, high, _, _ = cv2.minMaxLoc(patch)
    return high - colour <= BLANK and colour - low <= BLANK


def _coverage(shape: tuple[int, int], boxes: Sequence[Box]) -> np.ndarray:
    covered = np.zeros(shape, dtype=bool)
    for b in boxes:
        covered[b.y1 : b.y2, b.x1 : b.x2] = True
    return covered


def _blurred(patch: np.ndarray, sigma: float) -> np.ndarray:
    # A wide blur is done at reduced size (the same look at a fraction of the
    # cost: it ran on every covered box of every frame).
    factor = max(1, min(int(sigma // 2), patch.shape[0] // 4, patch.shape[1] // 4))
    if factor > 1:
        small = cv2.resize(patch, (patch.shape[1] // factor, patch.shape[0] // factor), interpolation=cv2.INTER_AREA)
        small = cv2.GaussianBlur(small, (0, 0), sigma / factor)
        return cv2.resize(small, (patch.shape[1], patch.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.GaussianBlur(patch, (0, 0), sigma)


def _soften(plane: np.ndarray, boxes: Sequence[Box], sigmas: Sequence[float]) -> None:
    """Blur each box together with its (already safe) surroundings; write only the boxes.

    Boxes of one softness are blurred together in one pass over the area around them
    (a spreadsheet has two hundred boxes of one height a frame: one call each was a
    quarter of the render), unless that area is mostly not theirs.
    """
    h, w = plane.shape
    groups: dict[float, list[Box]] = {}
    for box, sigma in zip(boxes, sigmas):
        # Softness in steps of sqrt(2): rows of text a few pixels apart in height share one pass.
        groups.setdefault(2 ** (round(2 * math.log2(sigma)) / 2), []).append(box)
    for sigma, group in groups.items():
        margin = int(math.ceil(2 * sigma))
        rois = [Box(max(0, b.x1 - margin), max(0, b.y1 - margin), min(w, b.x2 + margin), min(h, b.y2 + margin))
                for b in group]  # each box padded and clipped (boxes are inside the plane)
        area = union_all(rois)
        assert area is not None
        together = len(group) > 1 and area.area <= 4 * sum(r.area for r in rois)
        passes = [(area, group)] if together else [(roi, [box]) for roi, box in zip(rois, group)]
        for roi, members in passes:
            blurred = _blurred(plane[roi.y1 : roi.y2, roi.x1 : roi.x2], sigma)
            for box in members:
                plane[box.y1 : box.y2, box.x1 : box.x2] = blurred[
                    box.y1 - roi.y1 : box.y2 - roi.y1, box.x1 - roi.x1 : box.x2 - roi.x1
                ]


def _placeholder(y: np.ndarray, box: Box, background: int) -> None:
    """A neutral stroke, like a line of text, so the patch reads as 'blurred text'."""
    height = max(2, box.height // 3)
    inset = min(box.width // 4, max(2, box.height // 2))
    top = box.y1 + (box.height - height) // 2
    ink = background - 60 if background > 110 else background + 60
    y[top : top + height, box.x1 + inset : box.x2 - inset] = min(max(ink, 16), 235)


def _pixelate(plane: np.ndarray, box: Box, block: int) -> None:
    patch = plane[box.y1 : box.y2, box.x1 : box.x2]
    h, w = patch.shape
    small = cv2.resize(patch, (max(1, w // block), max(1, h // block)), interpolation=cv2.INTER_AREA)
    plane[box.y1 : box.y2, box.x1 : box.x2] = cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)


def _outermost(boxes: Sequence[Box]) -> list[Box]:
    """The boxes not inside another one: an inner box adds nothing to the cover but a
    second placeholder stroke drawn over where its text was."""
    unique = list(dict.fromkeys(boxes))
    if len(unique) < 2:
        return unique
    x1, y1, x2, y2 = np.array([b.as_list() for b in unique]).T
    inside = ((x1[None, :] <= x1[:, None]) & (y1[None, :] <= y1[:, None])
              & (x2[:, None] <= x2[None, :]) & (y2[:, None] <= y2[None, :]))  # [i, j]: i inside j
    np.fill_diagonal(inside, False)
    return [b for b, contained in zip(unique, inside.any(axis=1)) if not contained]


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
        plane_boxes = boxes if factor == 1 else [scaled(b, factor) for b in boxes]
        free = ~_coverage(plane.shape, plane_boxes)
        ring = max(1, RING // factor)
        # All fill colours are read before any box is painted: a ring that
        # touches another box must not see that box's original pixels.
        colours = [_ring_colour(plane, b, free, ring) for b in plane_boxes]
        blank = [_blank(plane, b, colour) for b, colour in zip(plane_boxes, colours)] if factor == 1 else []
        for b, colour in zip(plane_boxes, colours):
            plane[b.y1 : b.y2, b.x1 : b.x2] = colour
        if config.method == "fill":
            continue
        if factor > 1:
            continue  # chroma stays the flat surrounding colour: softening it is not visible, only slow
        shown = [(b, colour) for b, colour, empty in zip(plane_boxes, colours, blank) if not empty]
        for b, colour in shown:
            _placeholder(plane, b, colour)
        sigmas = [min(MAX_SIGMA, max(1.0, config.strength * b.height / 2)) for b, _ in shown]
        _soften(plane, [b for b, _ in shown], sigmas)
        if config.method == "pixelate":
            for b in plane_boxes:
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
        #: Frames to go before recording again, after recorded inputs were not met again
        #: (the same boxes over changing pixels: a video or an animation under them).
        self._pause = 0
        self._backoff = 0

    def prepare(self, boxes: Sequence[Box]) -> list[Box]:
        """Each box snapped outward to the grid and clipped to the frame; empty ones dropped.
        (``Box.snap`` then ``Box.clip``, written out: a dense frame has 350 boxes.)"""
        grid, width, height = self.config.grid, self.width, self.height
        prepared = []
        for b in boxes:
            x1, y1 = (b.x1 // grid) * grid, (b.y1 // grid) * grid
            x2, y2 = -((-b.x2) // grid) * grid, -((-b.y2) // grid) * grid
            x1 = 0 if x1 < 0 else (width if x1 > width else x1)
            y1 = 0 if y1 < 0 else (height if y1 > height else y1)
            x2 = width if x2 > width else x2
            y2 = height if y2 > height else y2
            if x2 > x1 and y2 > y1:
                prepared.append(Box(x1, y1, x2, y2))
        return prepared

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
        same_boxes = self._last is not None and self._last[0] == prepared
        if same_boxes and self._last[1]:
            if all(patches.same_input(plane) for (plane, _), patches in zip(each, self._last[1])):
                for (plane, _), patches in zip(each, self._last[1]):
                    patches.paste(plane)
                self.reused += 1
                self._backoff = 0
                return
            self._backoff = min(2 * self._backoff + 1, 32)
            self._pause = self._backoff
        # Record what the next frame may reuse only once the boxes stayed put (a still
        # screen); while they move (a scroll), recording was a tenth of the render.
        recorded = []
        self._pause = max(0, self._pause - 1)
        if same_boxes and not self._pause:
            for plane, factor in each:
                h, w = plane.shape
                plane_boxes = [scaled(b, factor) for b in prepared]
                reaches = [_reach(b, self.config, factor, w, h) for b in plane_boxes]
                recorded.append(_Patches(plane, plane_boxes, reaches))
        redact_planes(planes, prepared, self.config)
        for (plane, _), patches in zip(each, recorded):
            patches.record_output(plane)
        self._last = (prepared, recorded)
