"""Borders out of the way of OCR: long straight lines painted over with the background.

Tesseract takes a frame around text (a focused field's outline, a selected
spreadsheet cell, a bordered chip) for part of the page layout: an e-mail
typed into a framed cell was read as "emm", "dqvist@northwin", "l.com", or as
nothing at all, and was never found. Thin horizontal runs of ink at least
``LINE`` px long with no ink just above and below are rules or borders;
vertical runs count only where they meet one (a frame's sides), so the stem
of a tall letter is never taken. Runs are of ink (far from the image's median
level), not of glyph edges: the edges of tightly set letters ("st@no") join
into long runs along the x-height.
"""

from __future__ import annotations

import cv2
import numpy as np

from ..levels import median_level

INK = 40  # luma difference from the median level that counts as ink
LINE = 61  # px: a horizontal run of ink this long is a rule or a border, not a glyph
SIDE = 12  # px: the shortest side of a frame looked for
THIN = 5  # px: a rule or a frame's side is thinner than this (a highlighted row's band is not one)

_HLINE = np.ones((1, LINE), np.uint8)
_NEAR = np.ones((5, 5), np.uint8)
_GROW = np.ones((3, 3), np.uint8)


def without_borders(gray: np.ndarray) -> np.ndarray:
    """``gray`` with its rules and frames painted in its median level (a copy; ``gray``
    itself when it has none)."""
    height, width = gray.shape
    if width < LINE:
        return gray
    level = median_level(gray)
    ink = (cv2.absdiff(gray, np.full_like(gray, level)) > INK).astype(np.uint8)
    lines = _thin(cv2.morphologyEx(ink, cv2.MORPH_OPEN, _HLINE), ink, horizontal=True)
    if not lines.any():
        return gray
    side = max(SIDE, min(LINE, height // 2))
    vertical = _thin(cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((side, 1), np.uint8)), ink, horizontal=False)
    if vertical.any():
        _, labels = cv2.connectedComponents(vertical)
        meeting = np.unique(labels[(cv2.dilate(lines, _NEAR) & vertical) > 0])
        lines |= np.isin(labels, meeting[meeting > 0]).astype(np.uint8)
    out = gray.copy()
    out[cv2.dilate(lines, _GROW) > 0] = level
    return out


def _thin(mask: np.ndarray, ink: np.ndarray, horizontal: bool) -> np.ndarray:
    """The components of ``mask`` that stand alone as rules: thinner than ``THIN`` px, with
    mostly no ink just beside them on either side (a run between the descenders of light
    text on a highlighted row has the row's band above it)."""
    if not mask.any():
        return mask
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = []
    for n in range(1, count):
        x, y, w, h = stats[n, :4]
        if (h if horizontal else w) >= THIN:
            continue
        if horizontal:
            sides = [ink[max(0, y - 3) : y, x : x + w], ink[y + h : y + h + 3, x : x + w]]
        else:
            sides = [ink[y : y + h, max(0, x - 3) : x], ink[y : y + h, x + w : x + w + 3]]
        if all(side.size == 0 or side.mean() < 0.5 for side in sides):
            keep.append(n)
    return np.isin(labels, keep).astype(np.uint8)
