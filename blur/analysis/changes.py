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
from .motion import outside_neighbours

BLOCK = 8


def changed_blocks(current: np.ndarray, reference: np.ndarray, threshold: int,
                   moved: Sequence[Box] = ()) -> np.ndarray:
    """Cells (rows x cols, uint8 0/1) holding any pixel that differs by more than ``threshold``.

    In ``moved`` areas (content that was just scrolled into place in the
    reference) a pixel's tolerance applies: the encoder renders moving text a
    little differently each frame (its edges shift); a changed character
    differs by far more (see :func:`blur.analysis.motion.outside_neighbours`).
    """
    diff = cv2.absdiff(current, reference)
    _, mask = cv2.threshold(diff, threshold, 255, cv2.THRESH_BINARY)
    for area in moved:
        view = np.s_[area.y1 : area.y2, area.x1 : area.x2]
        mask[view] = outside_neighbours(reference[view], current[view], 2 * threshold)
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
    count, _, stats, _ = cv2.connectedComponentsWithStats(cells, connectivity=8)
    boxes = []
    for i in range(1, count):
        x, y, w, h, _ = (int(v) for v in stats[i])
        boxes.append(Box(x * BLOCK, y * BLOCK, (x + w) * BLOCK, (y + h) * BLOCK).clip(width, height))
    return boxes


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
