"""What changed on screen: a coarse block map of luma differences, split into regions.

Every pixel is compared (a single typed "." is a few pixels), then the
result is pooled into BLOCK x BLOCK cells so regions and their bookkeeping
stay cheap. A region is a connected group of changed cells, in pixels.
"""

from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np

from ..box import Box
from .motion import unexplained

BLOCK = 8


def changed_blocks(current: np.ndarray, reference: np.ndarray, threshold: int,
                   moved: Sequence[Box] = (), vertical: Sequence[bool] = ()) -> np.ndarray:
    """Cells (rows x cols, uint8 0/1) holding any pixel that differs by more than ``threshold``.

    In ``moved`` areas (content that was just scrolled into place in the
    reference) a pixel's tolerance applies: the encoder renders moving text a
    little differently each frame (its edges shift); a changed character
    differs by far more (see :func:`blur.analysis.motion.unexplained`). ``vertical``: which
    of them scrolled up or down (a thin bar drawn a row off is then no change either).
    """
    diff = cv2.absdiff(current, reference)
    _, mask = cv2.threshold(diff, threshold, 255, cv2.THRESH_BINARY)
    for n, area in enumerate(moved):
        view = np.s_[area.y1 : area.y2, area.x1 : area.x2]
        mask[view] = unexplained(reference[view], current[view], 2 * threshold,
                                 vertical=n < len(vertical) and vertical[n])
    return pool(mask)


def pool(mask: np.ndarray) -> np.ndarray:
    """Max-pool a 0/255 mask into BLOCK-sized cells (the last row/column of cells may be partial).

    Area averaging is fast; with 255 for a changed pixel, one pixel of 64
    still averages to 4, never rounding away to 0.
    """
    h, w = mask.shape
    ph, pw = -h % BLOCK, -w % BLOCK
    if ph or pw:
        mask = cv2.copyMakeBorder(mask, 0, ph, 0, pw, cv2.BORDER_CONSTANT, value=0)
    cells = cv2.resize(mask, (mask.shape[1] // BLOCK, mask.shape[0] // BLOCK), interpolation=cv2.INTER_AREA)
    return (cells > 0).astype(np.uint8)


def regions(cells: np.ndarray, width: int, height: int, grow: int = 1) -> list[Box]:
    """Connected groups of changed cells (grown by ``grow`` cells first), as pixel boxes."""
    if grow:
        cells = cv2.dilate(cells, np.ones((2 * grow + 1, 2 * grow + 1), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(cells, connectivity=8)
    boxes = []
    for i in range(1, count):
        x, y, w, h, n = (int(v) for v in stats[i])
        parts = [(x, y, x + w, y + h)]
        if n < SPARSE * w * h:
            parts = [(x + c1, y + r1, x + c2, y + r2) for r1, r2, c1, c2 in _rectangles(labels[y : y + h, x : x + w] == i)]
        boxes += [Box(c1 * BLOCK, r1 * BLOCK, c2 * BLOCK, r2 * BLOCK).clip(width, height) for c1, r1, c2, r2 in parts]
    return boxes


#: A group of changed cells filling less of its bounding box than this is split into
#: rectangles: a grid scrolled diagonally under a frozen header row and column leaves an
#: L of changed cells, whose bounding box is the whole screen.
SPARSE = 0.5


def _rectangles(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Rectangles (row1, row2, col1, col2) covering the True cells of ``mask``: bands of
    rows whose cells span about the same columns, each cut where two or more columns
    are empty across the band."""
    bands: list[list[int]] = []
    for r, row in enumerate(mask):
        cols = np.flatnonzero(row)
        if cols.size == 0:
            continue
        c1, c2 = int(cols[0]), int(cols[-1]) + 1
        last = bands[-1] if bands else None
        if last and last[1] == r and abs(last[2] - c1) <= 2 and abs(last[3] - c2) <= 2:
            last[1], last[2], last[3] = r + 1, min(last[2], c1), max(last[3], c2)
        else:
            bands.append([r, r + 1, c1, c2])
    rectangles = []
    for r1, r2, c1, c2 in bands:
        used = np.flatnonzero(mask[r1:r2, c1:c2].any(axis=0)) + c1
        cuts = np.flatnonzero(np.diff(used) > 2)
        for start, end in zip(np.r_[0, cuts + 1], np.r_[cuts, used.size - 1]):
            rows = np.flatnonzero(mask[r1:r2, used[start] : used[end] + 1].any(axis=1)) + r1
            rectangles.append((int(rows[0]), int(rows[-1]) + 1, int(used[start]), int(used[end]) + 1))
    return rectangles


def cells_of(box: Box) -> tuple[slice, slice]:
    """The cell rows and columns a pixel box touches."""
    return slice(box.y1 // BLOCK, -(-box.y2 // BLOCK)), slice(box.x1 // BLOCK, -(-box.x2 // BLOCK))


def is_gradual(current: np.ndarray, previous: np.ndarray, *, faint: int = 2, strong: int = 40,
               spread: float = 0.25) -> bool:
    """A global low-contrast change from the previous frame: a cross-fade or a dimming backdrop.

    True when at least ``spread`` of the cells changed (by more than
    ``faint``) yet almost no pixel jumped by more than ``strong``: text
    fading in or out, not text appearing, typed or scrolled.
    """
    diff = cv2.absdiff(current, previous)
    _, faint_mask = cv2.threshold(diff, faint, 255, cv2.THRESH_BINARY)
    if pool(faint_mask).mean() < spread:
        return False
    _, strong_mask = cv2.threshold(diff, strong, 1, cv2.THRESH_BINARY)
    return cv2.countNonZero(strong_mask) <= 0.0005 * diff.size
