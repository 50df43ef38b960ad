"""A value's box is the whole run of ink it belongs to, whatever OCR split.

OCR splits words at dots, under a cursor, at a shadow's edge ("tracy.mo" +
"ore@gonzales.com"); the recognizer then matches the part it can parse and
the rest stayed sharp. For values written without spaces (addresses,
tokens), the box is grown sideways over ink that continues it with gaps
narrower than a word space.
"""

from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np

from ..box import Box
from ..levels import median_level

#: Luma difference from the band's background that counts as ink.
INK = 48


#: A value whose strongest pixel is less than this far from the background is faint; beside
#: it, this share of that contrast (not less than the floor, above codec noise) counts as ink.
FAINT = 72
FAINT_SHARE = 0.25
FAINT_FLOOR = 12


def _ink_level(own: np.ndarray) -> float:
    """What counts as ink beside a value: ``INK``, or for a value fainter than that (text
    fading in, a disabled field's grey) a share of its own contrast: a message at a quarter
    of its opacity was read as "jacob.hernandez." and "billing-" after it showed."""
    peak = int(own.max()) if own.size else 0
    return INK if peak >= FAINT else max(FAINT_FLOOR, FAINT_SHARE * peak)


def ink_run(gray: np.ndarray, box: Box, space: float, reach: float, left: bool = True,
            words: Sequence[Box] = (), stop: int = 0, end: int | None = None) -> Box:
    """``box`` widened to the ink left (unless not ``left``; not past x = ``stop``) and right of
    it (not past x = ``end``) in its rows, up to a gap of ``space`` px (a word space), or the
    widest gap between glyphs of one of ``words`` (the value's words, inside ``box``), or
    ``reach`` px in all."""
    height, width = gray.shape
    box = box.clip(width, height)
    if box.empty:
        return box
    x1 = max(0, int(box.x1 - reach))
    x2 = min(width, int(box.x2 + reach), max(box.x2, end) if end is not None else width)
    # The middle rows of the text: ascenders of a line above or below do not count.
    inset = box.height // 5
    band = gray[box.y1 + inset : box.y2 - inset, x1:x2]
    if band.size == 0:
        return box
    background = median_level(band)
    distance = np.abs(band.astype(np.int16) - background)
    inked = distance > _ink_level(distance[:, box.x1 - x1 : box.x2 - x1])
    columns = inked.any(axis=0)
    # A column inked from well above the text to well below it is an edge (a panel's, a
    # field's), not a glyph's stem.
    tall = gray[max(0, box.y1 - box.height // 2) : min(height, box.y2 + box.height // 2), x1:x2]
    far = np.zeros(256, np.uint8)  # levels more than INK from the background (a lookup: 2x numpy's sum)
    far[: max(0, background - INK)] = 1
    far[background + INK + 1 :] = 1
    walls = cv2.reduce(cv2.LUT(tall, far), 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel() / tall.shape[0] > 0.9
    gap = max(1, int(space))
    start = box.x1 - x1
    blank = 0
    i = start - 1
    floor = max(0, stop - x1)
    while left and i >= floor and blank < gap and not walls[i]:
        blank = 0 if columns[i] else blank + 1
        if columns[i]:
            start = i
        i -= 1
    # Rightwards, a gap the value's own ink has between its glyphs is no end of it: in a
    # monospace token narrow glyphs ("Il") stand further apart than a proportional font's word
    # space (a JWT's line whose middle OCR did not read was covered only up to there). Capped
    # below a monospace word space; leftwards a name glued to the value by ":" stays out.
    for word in words:
        inked_inside = np.flatnonzero(columns[max(0, word.x1 - x1) : max(0, word.x2 - x1)])
        if inked_inside.size > 1:
            gap = max(gap, min(int(np.diff(inked_inside).max()), int(0.6 * box.height)))
    right = box.x2 - x1
    blank = 0
    i = right
    while i < columns.size and blank < gap and not walls[i]:
        blank = 0 if columns[i] else blank + 1
        if columns[i]:
            right = i + 1
        i += 1
    return Box(x1 + min(start, box.x1 - x1), box.y1, x1 + max(right, box.x2 - x1), box.y2)
