"""Grow changed areas into the crops OCR should read: whole runs of text.

A typed character changes a few pixels, but recognizers need the whole value
("jane.roe@exa" is not an email; "jane.roe@example.com" is), so each changed
area is grown to the connected run of text ink around it: glyph edges
(morphological gradient), joined sideways across letter and word gaps. Long
straight lines (field borders, separators, panel frames) are removed first,
or one field border would pull in the whole page. Words already read that a
crop touches are pulled in whole, so no word is read in two halves.

A small change on long lines (a pointer passing over a log, a keystroke in a
long command line) is read as a *part*: the words around it, out to a gap
between words on every line it spans, not the whole 900-px lines (a fifth
of the OCR time). Words outside the part were read before and stay.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

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
PART_AREA = 96  # px: a changed area at most this wide and tall may be read as part of its lines
PART_SHARE = 0.5  # a part wider than this share of its lines is not worth it: they are read whole
PART_LINES = 400  # px: lines shorter than this together are read whole (a part would save little)
WORD_GAP = 4  # px of blank columns between two words (a word's letters are 1-3 px apart in glyph edges)
CLEAR = 2  # px of blank kept inside each side edge of a part

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
        edges = text_ink(image[window.y1 : window.y2, window.x1 : window.x2])
        count, _, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(edges, _JOIN), connectivity=8)
        local = area.translate(-window.x1, -window.y1)
        runs = []
        # Only the components that meet ``local`` (a window holds hundreds of words' runs).
        x, y, w, h = (stats[1:, n] for n in range(4))
        meets = (x < local.x2) & (local.x1 < x + w) & (y < local.y2) & (local.y1 < y + h)
        if local.empty:
            meets[:] = False
        for x1, y1, x2, y2 in zip(x[meets].tolist(), y[meets].tolist(), (x + w)[meets].tolist(), (y + h)[meets].tolist()):
            run = Box(x1, y1, x2, y2)
            runs += [line.translate(window.x1, window.y1) for line in _lines(edges, run) if line.intersection(local)]
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


#: px: a band of ink rows this short between blank rows is part of a line (an underscore,
#: an accent), not a line of its own.
MIN_LINE = 6
#: Runs of at least this many lines (a log, a list) are split into lines; shorter ones (a
#: wrapped message) are read whole.
BLOCK_LINES = 4


def _lines(edges: np.ndarray, run: Box) -> list[Box]:
    """``run`` split into its lines of text at rows without ink. The joining dilation closes
    the blank rows between tightly set lines (a log at 18 px a line, drawn at a sub-pixel
    offset), and a small change was read with the whole block."""
    if run.height < 2 * MIN_LINE:
        return [run]
    bands = _bands(edges[run.y1 : run.y2, run.x1 : run.x2].any(axis=1))
    if not bands:
        return [run]
    lines = [[a, b] for a, b in bands if b - a >= MIN_LINE]
    if len(lines) < BLOCK_LINES:
        return [run]  # a paragraph is read whole: tesseract groups its lines (an address wrapped over two)
    for a, b in bands:  # a short band joins the lines on both sides of it
        if b - a < MIN_LINE:
            above = [line for line in lines if line[1] <= a]
            below = [line for line in lines if line[0] >= b]
            if above:
                above[-1][1] = b
            if below:
                below[0][0] = a
    return [Box(run.x1, run.y1 + a, run.x2, run.y1 + b) for a, b in lines]


def _bands(rows: np.ndarray, gap: int = 1) -> list[tuple[int, int]]:
    """The runs of True in ``rows`` as [start, end) pairs (the bands of rows holding ink),
    joined across fewer than ``gap`` False."""
    filled = np.flatnonzero(rows)
    if filled.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(filled) > gap)
    starts = np.concatenate(([filled[0]], filled[breaks + 1]))
    ends = np.concatenate((filled[breaks], [filled[-1]])) + 1
    return [(int(a), int(b)) for a, b in zip(starts, ends)]


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


class Crops(NamedTuple):
    """What to read: ``boxes`` (each read on its own); ``parts``, those of them that hold
    part of longer lines (their edges fall in gaps between words)."""

    boxes: list[Box]
    parts: list[Box]


def text_crops(image: np.ndarray, changed: Sequence[Box], known: Sequence[Box]) -> Crops:
    """The crops to OCR so every changed area is read with its whole text runs (or, for a
    small change on long lines, with its whole words: a part).

    Each run is read on its own (runs that touch are read together), never
    the whole frame at once: tesseract binarises each image globally, and a
    bright modal over a dimmed page made it lose all of the page's text.
    ``known`` are the boxes of words already read; any a crop touches is
    pulled in. A changed area without ink is read as it is (to learn it is
    blank now).
    """
    words = np.array([w.as_list() for w in known], dtype=np.int64).reshape(-1, 4)
    found = {area: text_runs(image, area) for area in changed}
    all_runs = [r for runs in found.values() for r in runs]
    windows = {area: w for area in changed if (w := _part(image, area, found[area], words)) is not None}
    while True:
        crops = _whole_crops(image, [a for a in changed if a not in windows], found, words)
        parts = _merge_parts(image, [w for ws in windows.values() for w in ws])
        clash = [p for p in parts if any(p.intersection(c) for c in crops)]
        if not clash:
            height, width = image.shape
            padded = [_pad_rows(p, all_runs, width, height) for p in parts]
            return Crops(crops + padded, padded)
        # A part overlapping a crop of whole runs is read with them, whole.
        windows = {a: ws for a, ws in windows.items() if not any(w.intersection(p) for w in ws for p in clash)}


def _whole_crops(image: np.ndarray, changed: Sequence[Box], found: dict[Box, list[Box]],
                 words: np.ndarray) -> list[Box]:
    """Crops of the whole text runs the ``changed`` areas touch, with the known words they touch."""
    height, width = image.shape
    runs: list[Box] = []
    blank: list[Box] = []
    for area in changed:
        # A keystroke changes a few cells; a scroll's strips and new content are wider.
        runs += found[area] + (_label_above(image, found[area]) if area.width <= TYPED else [])
        blank += [] if found[area] else [area]
    runs = _merge(runs, 0)
    crops = _merge([_padded(r, runs, width, height) for r in runs]
                   + [b.pad(BORDER, BORDER).clip(width, height) for b in blank], 0)
    while True:
        grown = []
        for crop in crops:
            touching = _touching(words, crop)
            # Less context above and below than a border: 6 px reached the next line's words
            # in tightly set text, and the crop grew line by line over the whole block.
            grown.append(crop.union(touching.pad(BORDER, 4).clip(width, height)) if touching else crop)
        grown = _merge(grown, 0)
        if grown == crops:
            return crops
        crops = grown


def _part(image: np.ndarray, area: Box, runs: list[Box], words: np.ndarray) -> list[Box] | None:
    """The parts of the lines ``runs`` that the small change ``area`` needs read again, one a
    line: the known words in its columns, widened to gaps between words; None when the
    lines are better read whole (a big change, short lines, or most of their width)."""
    if area.width > PART_AREA or area.height > PART_AREA or sum(r.width for r in runs) < PART_LINES:
        return None
    windows = []
    for run in runs:
        x1, x2 = max(area.x1, run.x1), min(area.x2, run.x2)
        start = Box(x1, run.y1, x2, run.y2) if x1 < x2 else run  # (a run reached past the area)
        touched = _touching(words, start)
        if touched is not None:
            start = Box(min(start.x1, touched.x1), run.y1, max(start.x2, touched.x2), run.y2)
        windows.append(_to_word_gaps(image, start, area))
    if sum(w.width for w in windows) > PART_SHARE * sum(r.width for r in runs):
        return None
    return windows


def _merge_parts(image: np.ndarray, windows: list[Box]) -> list[Box]:
    """Overlapping parts joined, each joined part widened again to gaps between words on all its lines."""
    while True:
        merged = _merge(windows, 0)
        widened = [_to_word_gaps(image, w) if w not in windows else w for w in merged]
        if widened == merged:
            return merged
        windows = widened


def _to_word_gaps(image: np.ndarray, box: Box, pointer: Box | None = None) -> Box:
    """``box`` widened until its left and right edges fall in a gap between words on each
    line of text in its rows (the ink of whole rows; ``pointer``, columns left out when
    finding where lines are, since a pointer's arrow joins the lines it is over)."""
    ink = text_ink(image[box.y1 : box.y2, :]).astype(bool)
    if pointer is not None:
        rows_ink = ink.copy()
        rows_ink[:, max(pointer.x1, 0) : pointer.x2] = False
    else:
        rows_ink = ink
    bands = _bands(rows_ink.any(axis=1))
    if not bands:
        return box
    gaps = [_word_gaps(ink[a:b].any(axis=0)) for a, b in bands]
    x1, x2 = box.x1, box.x2
    while True:
        nx1 = min(_left_edge(g, x1) for g in gaps)
        nx2 = max(_right_edge(g, x2) for g in gaps)
        if (nx1, nx2) == (x1, x2):
            return Box(x1, box.y1, x2, box.y2)
        x1, x2 = nx1, nx2


def _word_gaps(columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where a crop's side edge may fall on a line whose ink is ``columns``: intervals
    ``[lo, hi]`` inside blank runs at least ``WORD_GAP`` wide (or at the line's ends), ``CLEAR``
    px in from the ink; the frame's own edges always qualify."""
    width = columns.size
    padded = np.concatenate(([True], columns, [True])).astype(np.int8)
    change = np.diff(padded)
    starts = np.flatnonzero(change == -1)  # first blank column of each run
    ends = np.flatnonzero(change == 1)  # one past its last
    wide = ((ends - starts) >= WORD_GAP) | (starts == 0) | (ends == width)
    lo = np.where(starts == 0, 0, starts + CLEAR)[wide]
    hi = np.where(ends == width, width, ends - CLEAR)[wide]
    ok = lo <= hi
    return np.concatenate(([0], lo[ok], [width])), np.concatenate(([0], hi[ok], [width]))


def _left_edge(gaps: tuple[np.ndarray, np.ndarray], x: int) -> int:
    """The nearest left edge at or left of ``x`` in a gap between words."""
    lo, hi = gaps
    return int(np.minimum(hi[lo <= x], x).max())


def _right_edge(gaps: tuple[np.ndarray, np.ndarray], x: int) -> int:
    """The nearest right edge (exclusive) at or right of ``x`` in a gap between words."""
    lo, hi = gaps
    return int(np.maximum(lo[hi >= x], x).min())


def _pad_rows(part: Box, runs: Sequence[Box], width: int, height: int) -> Box:
    """A part with the context above and below that a whole run would get (its sides are
    already in gaps between words)."""
    padded = _padded(part, runs, width, height)
    return Box(part.x1, padded.y1, part.x2, padded.y2)


def _touching(words: np.ndarray, crop: Box) -> Box | None:
    """The union of the word boxes (rows of ``words``) that overlap ``crop``, or None."""
    x1, y1, x2, y2 = words.T
    hit = ((np.maximum(x1, crop.x1) < np.minimum(x2, crop.x2))
           & (np.maximum(y1, crop.y1) < np.minimum(y2, crop.y2)))
    if not hit.any():
        return None
    w = words[hit]
    return Box(int(w[:, 0].min()), int(w[:, 1].min()), int(w[:, 2].max()), int(w[:, 3].max()))
