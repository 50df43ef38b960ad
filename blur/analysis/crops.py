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
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from ..box import Box, union_all

EDGE = 40  # gradient that counts as a glyph edge
JOIN = (15, 3)  # (width, height) of the dilation joining glyphs into runs
LINE = 61  # px: a straight run this long is a rule or a border, not text
BORDER = 6  # px of context kept around a crop for tesseract
TYPED = 160  # px: a changed area at most this wide is taken for typing (its label is re-read)
LABEL_WIDTH = 200  # px: a field's label is a word or two; a line of prose above is not one

_GRADIENT = np.ones((3, 3), np.uint8)
_JOIN = np.ones((JOIN[1], JOIN[0]), np.uint8)
_HLINE = np.ones((1, LINE), np.uint8)
_VLINE = np.ones((LINE, 1), np.uint8)


def text_ink(gray: np.ndarray) -> np.ndarray:
    """0/1 mask of glyph edges, without long straight lines."""
    edges = cv2.threshold(cv2.morphologyEx(gray, cv2.MORPH_GRADIENT, _GRADIENT), EDGE, 1, cv2.THRESH_BINARY)[1]
    lines = cv2.morphologyEx(edges, cv2.MORPH_OPEN, _HLINE) | cv2.morphologyEx(edges, cv2.MORPH_OPEN, _VLINE)
    return edges & (1 - lines)


def text_runs(image: np.ndarray, area: Box, margin: tuple[int, int] = (256, 32)) -> list[Box]:
    """The runs of text ink that ``area`` touches, each whole (looking past ``area`` as far as they go)."""
    height, width = image.shape
    mx, my = margin
    while True:
        window = area.pad(mx, my).clip(width, height)
        ink = cv2.dilate(text_ink(image[window.y1 : window.y2, window.x1 : window.x2]), _JOIN)
        count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        local = area.translate(-window.x1, -window.y1)
        runs = []
        for i in range(1, count):
            x, y, w, h, _ = (int(v) for v in stats[i])
            run = Box(x, y, x + w, y + h)
            if run.intersection(local):
                runs.append(run.translate(window.x1, window.y1))
        reach = union_all(runs)
        at_edge = reach is not None and (
            (reach.x1 <= window.x1 and window.x1 > 0)
            or (reach.y1 <= window.y1 and window.y1 > 0)
            or (reach.x2 >= window.x2 and window.x2 < width)
            or (reach.y2 >= window.y2 and window.y2 < height)
        )
        if not at_edge:
            return runs
        # A run reaches the window's edge: look further (a long line of text).
        area, mx, my = area.union(reach), 2 * mx, 2 * my


def _label_above(image: np.ndarray, runs: list[Box]) -> list[Box]:
    """The short line right above a small changed run of text (a field being typed into):
    its label, read again beside it. The label was read with the whole page, where OCR
    misreads short words ("CID" as "cD"), and the value means nothing without it."""
    value = union_all(runs)
    if value is None or value.height > 48 or value.width > 600:
        return []
    probe = Box(value.x1, max(0, value.y1 - 2 * value.height), value.x1 + max(value.width, 4 * value.height),
                max(1, value.y1 - 1))
    if probe.empty:
        return []
    return [r for r in text_runs(image, probe, margin=(64, 8))
            if r.y2 <= value.y1 and r.height <= 1.5 * value.height and r.width <= LABEL_WIDTH]


def _merge(boxes: list[Box], gap: int) -> list[Box]:
    """Union boxes that overlap or lie within ``gap`` px of each other (until none do).

    Groups of overlapping boxes are found with numpy, all pairs at once: a dense
    screen has hundreds of text runs, and a pairwise Python loop was a tenth of
    a spreadsheet's run time."""
    if len(boxes) < 2:
        return list(boxes)
    a = np.array([b.as_list() for b in boxes], dtype=np.int64)
    while True:
        x1, y1, x2, y2 = a.T
        touch = ((np.maximum(x1[:, None] - gap, x1[None, :]) < np.minimum(x2[:, None] + gap, x2[None, :]))
                 & (np.maximum(y1[:, None] - gap, y1[None, :]) < np.minimum(y2[:, None] + gap, y2[None, :])))
        touch |= touch.T
        if touch.sum() == len(a):  # each box touches only itself
            return [Box(*map(int, row)) for row in a]
        count, labels = _groups(touch)
        a = np.array([[a[labels == g, 0].min(), a[labels == g, 1].min(), a[labels == g, 2].max(),
                       a[labels == g, 3].max()] for g in range(count)], dtype=np.int64)


def _groups(touch: np.ndarray) -> tuple[int, np.ndarray]:
    """Connected groups of a symmetric adjacency matrix: (count, group of each box), groups
    numbered in the order of their first box."""
    count, groups = connected_components(csr_matrix(touch), directed=False)
    return int(count), groups


def _padded(run: Box, runs: Sequence[Box], width: int, height: int) -> Box:
    """``run`` with ``BORDER`` px of context, less above and below where the next run of
    text is closer. Padded crops of tightly set lines (a log, a table) overlapped, merged
    into one crop of the whole block and were read by one slow tesseract call (or failed
    and were covered as one)."""
    above, below = BORDER, BORDER
    for other in runs:
        if other is run or other.x2 <= run.x1 or other.x1 >= run.x2:
            continue
        if other.y2 <= run.y1:
            above = min(above, (run.y1 - other.y2) // 2)
        elif other.y1 >= run.y2:
            below = min(below, (other.y1 - run.y2) // 2)
    return Box(run.x1 - BORDER, run.y1 - above, run.x2 + BORDER, run.y2 + below).clip(width, height)


def text_crops(image: np.ndarray, changed: Sequence[Box], known: Sequence[Box]) -> list[Box]:
    """The crops to OCR so every changed area is read with its whole text runs.

    Each run is read on its own (runs that touch are read together), never
    the whole frame at once: tesseract binarises each image globally, and a
    bright modal over a dimmed page made it lose all of the page's text.
    ``known`` are the boxes of words already read; any a crop touches is
    pulled in. A changed area without ink is read as it is (to learn it is
    blank now).
    """
    height, width = image.shape
    runs: list[Box] = []
    blank: list[Box] = []
    for area in changed:
        found = text_runs(image, area)
        # A keystroke changes a few cells; a scroll's strips and new content are wider.
        runs += found + (_label_above(image, found) if area.width <= TYPED else [])
        blank += [] if found else [area]
    runs = _merge(runs, 0)
    crops = _merge([_padded(r, runs, width, height) for r in runs]
                   + [b.pad(BORDER, BORDER).clip(width, height) for b in blank], 0)
    words = np.array([w.as_list() for w in known], dtype=np.int64).reshape(-1, 4)
    while True:
        grown = []
        for crop in crops:
            touching = _touching(words, crop)
            grown.append(crop.union(touching.pad(BORDER, BORDER).clip(width, height)) if touching else crop)
        grown = _merge(grown, 0)
        if grown == crops:
            return crops
        crops = grown


def _touching(words: np.ndarray, crop: Box) -> Box | None:
    """The union of the word boxes (rows of ``words``) that overlap ``crop``, or None."""
    x1, y1, x2, y2 = words.T
    hit = ((np.maximum(x1, crop.x1) < np.minimum(x2, crop.x2))
           & (np.maximum(y1, crop.y1) < np.minimum(y2, crop.y2)))
    if not hit.any():
        return None
    w = words[hit]
    return Box(int(w[:, 0].min()), int(w[:, 1].min()), int(w[:, 2].max()), int(w[:, 3].max()))
