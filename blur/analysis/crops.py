"""Grow changed areas into the crops OCR should read: whole runs of text.

A typed character changes a few pixels, but recognizers need the whole value
("jane.roe@exa" is not an email; "jane.roe@example.com" is), so each changed
area is grown to the connected run of text ink around it: glyph edges
(morphological gradient), joined sideways across letter and word gaps. Long
straight lines (field borders, separators, panel frames) are removed first,
or one field border would pull in the whole page. Words already read that a
crop touches are pulled in whole, so no word is read in two halves.
"""

from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np

from ..box import Box, union_all

EDGE = 40  # gradient that counts as a glyph edge
JOIN = (15, 3)  # (width, height) of the dilation joining glyphs into runs
LINE = 61  # px: a straight run this long is a rule or a border, not text
BORDER = 6  # px of context kept around a crop for tesseract
#: Above this share of the frame, one full-frame read is cheaper than many crops.
FULL_FRAME = 0.5

_GRADIENT = np.ones((3, 3), np.uint8)
_JOIN = np.ones((JOIN[1], JOIN[0]), np.uint8)
_HLINE = np.ones((1, LINE), np.uint8)
_VLINE = np.ones((LINE, 1), np.uint8)


def text_ink(gray: np.ndarray) -> np.ndarray:
    """0/1 mask of glyph edges, without long straight lines."""
    edges = cv2.threshold(cv2.morphologyEx(gray, cv2.MORPH_GRADIENT, _GRADIENT), EDGE, 1, cv2.THRESH_BINARY)[1]
    lines = cv2.morphologyEx(edges, cv2.MORPH_OPEN, _HLINE) | cv2.morphologyEx(edges, cv2.MORPH_OPEN, _VLINE)
    return edges & (1 - lines)


def text_run(image: np.ndarray, area: Box, margin: tuple[int, int] = (256, 32)) -> Box:
    """``area`` grown to every run of text ink it touches."""
    height, width = image.shape
    mx, my = margin
    while True:
        window = area.pad(mx, my).clip(width, height)
        ink = cv2.dilate(text_ink(image[window.y1 : window.y2, window.x1 : window.x2]), _JOIN)
        count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        local = area.translate(-window.x1, -window.y1)
        grown = area
        for i in range(1, count):
            x, y, w, h, _ = (int(v) for v in stats[i])
            run = Box(x, y, x + w, y + h)
            if run.intersection(local):
                grown = grown.union(run.translate(window.x1, window.y1))
        at_edge = (
            (grown.x1 <= window.x1 and window.x1 > 0)
            or (grown.y1 <= window.y1 and window.y1 > 0)
            or (grown.x2 >= window.x2 and window.x2 < width)
            or (grown.y2 >= window.y2 and window.y2 < height)
        )
        if not at_edge:
            return grown
        # A run reaches the window's edge: look further (a long line of text).
        area, mx, my = grown, 2 * mx, 2 * my


def _merge(boxes: list[Box], gap: int) -> list[Box]:
    """Union boxes that overlap or lie within ``gap`` px of each other."""
    boxes = list(boxes)
    merged = True
    while merged:
        merged = False
        out: list[Box] = []
        for box in boxes:
            for i, other in enumerate(out):
                if box.pad(gap, gap).intersection(other):
                    out[i] = other.union(box)
                    merged = True
                    break
            else:
                out.append(box)
        boxes = out
    return boxes


def text_crops(image: np.ndarray, changed: Sequence[Box], known: Sequence[Box]) -> list[Box]:
    """The crops to OCR so every changed area is read with its whole text runs.

    ``known`` are the boxes of words already read; any a crop touches is
    pulled in. Returns one full-frame box when the crops would cover most of
    the frame anyway.
    """
    height, width = image.shape
    frame = Box(0, 0, width, height)
    crops = _merge([text_run(image, area).pad(BORDER, BORDER).clip(width, height) for area in changed], BORDER)
    while True:
        grown = []
        for crop in crops:
            touching = union_all(w for w in known if w.intersection(crop))
            grown.append(crop.union(touching.pad(BORDER, BORDER).clip(width, height)) if touching else crop)
        grown = _merge(grown, BORDER)
        if grown == crops:
            break
        crops = grown
    if sum(c.area for c in crops) > FULL_FRAME * frame.area:
        return [frame]
    return crops
