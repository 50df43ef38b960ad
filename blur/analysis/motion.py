"""Scrolling: find how the content of a changed area moved since it was analysed.

Phase correlation on a quarter-resolution crop gives the shift in ~3 ms and
separates a scroll (response >= ~0.5) from new content (~0.02); the shift is
then refined to the exact pixel at full resolution and accepted only if it
explains most of the change, exactly or (a page at fractional zoom scrolls
by fractions of a pixel) within a pixel's tolerance. Known content is then
moved instead of read again, and only the strip that scrolled into view and
what the shift does not explain need OCR.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..box import Box
from .crops import _bands

SCALE = 4
MIN_RESPONSE = 0.3
MIN_SIDE = 64  # px; smaller areas are read, not tracked
REFINE = 3  # px either side of the coarse estimate
EDGE_PIXELS = 3


@dataclass(frozen=True, slots=True)
class Motion:
    """The content of ``area`` moved by (dx, dy) pixels since the previous analysis."""

    area: Box
    dx: int
    dy: int


def _overlap(area: Box, dx: int, dy: int, least: float = 0.0) -> tuple[Box, Box] | None:
    """Under a shift by (dx, dy) inside ``area``: where content comes from and where it lands,
    or None when the source is less than ``least`` of the area."""
    src = area.translate(-dx, -dy).intersection(area)
    if src is None or src.area < least * area.area:
        return None
    return src, src.translate(dx, dy)


class _EveryOther:
    """Every other pixel of every other row of an image's ``area``, at either parity, kept
    contiguous: a shift's mismatch is measured on such a grid for 15 candidate shifts, and
    slicing it out of the whole frame each time made OpenCV copy it each time."""

    def __init__(self, image: np.ndarray, area: Box) -> None:
        self._area = area
        self._grids = {(py, px): np.ascontiguousarray(image[area.y1 + py : area.y2 : 2, area.x1 + px : area.x2 : 2])
                       for py in (0, 1) for px in (0, 1)}

    def of(self, box: Box) -> np.ndarray:
        """``image[box.y1 : box.y2 : 2, box.x1 : box.x2 : 2]`` for a ``box`` inside the area."""
        oy, ox = box.y1 - self._area.y1, box.x1 - self._area.x1
        grid = self._grids[(oy % 2, ox % 2)]
        return grid[oy // 2 : oy // 2 + (box.height + 1) // 2, ox // 2 : ox // 2 + (box.width + 1) // 2]


def _mismatch(reference: _EveryOther, current: _EveryOther, area: Box, dx: int, dy: int, threshold: int) -> float:
    """Fraction of ``area`` pixels (with a source inside the area) that a shift by (dx, dy) leaves unexplained."""
    overlap = _overlap(area, dx, dy, least=0.25)
    if overlap is None:
        return 1.0
    src, dst = overlap
    a, b = reference.of(src), current.of(dst)
    return cv2.countNonZero(cv2.threshold(cv2.absdiff(a, b), threshold, 1, cv2.THRESH_BINARY)[1]) / a.size


def explains(reference: np.ndarray, current: np.ndarray, area: Box, dx: int, dy: int, threshold: int) -> bool:
    """Does a shift by (dx, dy) explain most of ``area``'s change (as :func:`estimate` asks of
    the shift it finds)? Two comparisons: a cheap test before estimating a larger area."""
    if area.width < MIN_SIDE or area.height < MIN_SIDE or not (dx or dy):
        return False
    ref, cur = _EveryOther(reference, area), _EveryOther(current, area)
    return _mismatch(ref, cur, area, dx, dy, threshold) <= 0.3 * _mismatch(ref, cur, area, 0, 0, threshold)


def estimate(reference: np.ndarray, current: np.ndarray, area: Box, threshold: int) -> Motion | None:
    """The translation of ``area``'s content from ``reference`` to ``current``, if it is one."""
    if area.width < MIN_SIDE or area.height < MIN_SIDE:
        return None
    size = (area.width // SCALE, area.height // SCALE)
    a = cv2.resize(reference[area.y1 : area.y2, area.x1 : area.x2], size, interpolation=cv2.INTER_AREA)
    b = cv2.resize(current[area.y1 : area.y2, area.x1 : area.x2], size, interpolation=cv2.INTER_AREA)
    window = cv2.createHanningWindow(size, cv2.CV_32F)
    (sx, sy), response = cv2.phaseCorrelate(np.float32(a), np.float32(b), window)
    if response < MIN_RESPONSE:
        return None
    cx, cy = round(sx * SCALE), round(sy * SCALE)
    if abs(cx) > area.width // 2 or abs(cy) > area.height // 2:
        return None
    ref, cur = _EveryOther(reference, area), _EveryOther(current, area)
    still = _mismatch(ref, cur, area, 0, 0, threshold)
    # Refine one axis at a time (14 candidates, not 49): scrolls move along one axis.
    _, dy = min((_mismatch(ref, cur, area, cx, cy + e, threshold), cy + e) for e in range(-REFINE, REFINE + 1))
    best = min((_mismatch(ref, cur, area, cx + e, dy, threshold), cx + e, dy) for e in range(-REFINE, REFINE + 1))
    error, dx, dy = best
    whole_pixels = (dx, dy) != (0, 0) and error <= 0.3 * still
    if not whole_pixels and not (response >= SUBPIXEL_RESPONSE and _redrawn(reference, current, area, dx, dy, threshold)):
        return None
    span, strong = _changed_span(reference, current, area, dx, dy, threshold)
    strong = strong[span.y1 - area.y1 : span.y2 - area.y1, span.x1 - area.x1 : span.x2 - area.x1]
    span = _without_still_bands(reference, current, span, strong, dx, dy, threshold)
    span = _without_still_sides(reference, current, span, dx, dy, threshold)
    return Motion(_extend_along(reference, current, span, dx, dy, 2 * threshold), dx, dy)


#: A scroll by a fraction of a pixel (a page at 125 or 150 % zoom scrolls by CSS pixels) draws
#: the text again at a new sub-pixel offset: no whole-pixel shift, not even none, matches it
#: exactly. It is taken on a clear correlation peak when the nearest whole-pixel shift
#: explains all but this share of the area's pixels within a pixel's tolerance; what it
#: does not explain is read again (see :func:`blur.analysis.changes.changed_blocks`).
SUBPIXEL_RESPONSE = 0.6
SUBPIXEL_UNEXPLAINED = 0.005
SUBPIXEL_BETTER = 0.25
#: Text drawn a fraction of a pixel further on gets lighter at one edge of each stroke and
#: darker at the other; text fading in or out changes one way only and is not taken for it.
SUBPIXEL_BALANCE = 0.25
#: Plain background (a 7x7 neighbourhood within FLAT luma levels: away from the encoder's
#: ringing around text) changed by more than FLAT in more than this share of it: a fade,
#: not a scroll. Measured: scrolls of the dev set's spreadsheet 0.3 % (median) to 16 %
#: (fast diagonal), modals fading in over a dimming page 17 to 99 %.
FLAT = 8
SUBPIXEL_SHADED = 0.10
_PLAIN = np.ones((7, 7), np.uint8)


def _redrawn(reference: np.ndarray, current: np.ndarray, area: Box, dx: int, dy: int, threshold: int) -> bool:
    """Is ``area``'s content the reference's, shifted by (dx, dy) give or take a fraction of a
    pixel: all but a few pixels within a pixel's tolerance, its background as it was, its
    strokes changed both ways (not a fade)?"""
    overlap = _overlap(area, dx, dy, least=0.25)
    if overlap is None:
        return False
    src, dst = overlap
    a, b = reference[src.y1 : src.y2, src.x1 : src.x2], current[dst.y1 : dst.y2, dst.x1 : dst.x2]
    left = cv2.countNonZero(unexplained(a, b, 2 * threshold, vertical=bool(dy) and not dx))
    if left > SUBPIXEL_UNEXPLAINED * a.size:
        # Part of the area did not move (a frozen column beside a scrolled grid): the shift
        # must still explain the change far better than no shift does (which a shift of one
        # pixel cannot show: it is within the tolerance itself).
        view = np.s_[area.y1 : area.y2, area.x1 : area.x2]
        if max(abs(dx), abs(dy)) < 2 or left > SUBPIXEL_BETTER * cv2.countNonZero(
                outside_neighbours(reference[view], current[view], 2 * threshold)) * a.size / area.area:
            return False
    # Plain background stays as it was when content moves; a fade (a modal coming in over
    # a dimming page) changes it everywhere, a little each frame.
    flat = cv2.threshold(cv2.subtract(cv2.dilate(a, _PLAIN), cv2.erode(a, _PLAIN)), FLAT, 255,
                         cv2.THRESH_BINARY_INV)[1]
    shaded = cv2.bitwise_and(cv2.threshold(cv2.absdiff(a, b), FLAT, 255, cv2.THRESH_BINARY)[1], flat)
    if cv2.countNonZero(shaded) > SUBPIXEL_SHADED * max(1, cv2.countNonZero(flat)):
        return False
    darker = cv2.countNonZero(cv2.threshold(cv2.subtract(a, b), threshold, 1, cv2.THRESH_BINARY)[1])
    lighter = cv2.countNonZero(cv2.threshold(cv2.subtract(b, a), threshold, 1, cv2.THRESH_BINARY)[1])
    return min(darker, lighter) >= SUBPIXEL_BALANCE * (darker + lighter)


_NEIGHBOURS = np.ones((3, 3), np.uint8)


def outside_neighbours(reference: np.ndarray, current: np.ndarray, threshold: int) -> np.ndarray:
    """0/255 mask of pixels darker than the darkest or lighter than the lightest pixel
    around the same place (3x3) in the other image, by more than ``threshold``, either way:
    what a shift of up to a pixel, or text drawn again at another sub-pixel offset, does
    not explain. A changed character adds ink where the other image had none within a
    pixel, or takes away ink that had no ink around it ("8" to "9")."""
    outside = None
    for a, b in ((reference, current), (current, reference)):
        low = cv2.subtract(cv2.erode(a, _NEIGHBOURS), b)
        high = cv2.subtract(b, cv2.dilate(a, _NEIGHBOURS))
        worst = cv2.max(low, high)
        outside = worst if outside is None else cv2.max(outside, worst)
    return cv2.threshold(outside, threshold, 255, cv2.THRESH_BINARY)[1]


#: Share of an area's pixels that ``outside_neighbours`` may leave before the sub-pixel
#: remainder of the shift is measured and undone (a scroll with easing moves text by 7.2 px,
#: then 4.3: moved by whole pixels, its thin strokes are up to 0.8 px off, a speck on every
#: word, and the whole view was read again).
SUBPIXEL_SPECKS = 0.0005
#: Tiles (rows, columns) the sub-pixel remainder is measured in: parts of a view read again
#: at different frames hold the text at different sub-pixel offsets in the reference.
SUBPIXEL_TILE = (64, 256)


def unexplained(reference: np.ndarray, current: np.ndarray, threshold: int, vertical: bool = False) -> np.ndarray:
    """``outside_neighbours`` of content that moved: against ``reference`` as it is or, tile by
    tile, shifted by the fraction of a pixel it is still off by, when that explains more.

    Interpolating the reference only narrows each pixel's neighbourhood range, so a
    changed character shows as before; only the specks of text drawn at another sub-pixel
    offset go, and groups of fewer than ``SPECK_PIXELS`` pixels on its strokes."""
    mask = outside_neighbours(reference, current, threshold)
    if cv2.countNonZero(mask) > SUBPIXEL_SPECKS * mask.size:
        _undo_fractions(reference, current, threshold, mask)
    mask = _without_specks(reference, mask)
    return _without_thin_bars(reference, mask) if vertical else mask


def _undo_fractions(reference: np.ndarray, current: np.ndarray, threshold: int, mask: np.ndarray) -> None:
    """Tile by tile, ``mask`` replaced by what the reference shifted by the fraction of a pixel
    it is still off by leaves unexplained, where that is less."""
    height, width = reference.shape
    rows, cols = SUBPIXEL_TILE
    for y in range(0, height, rows):
        for x in range(0, width, cols):
            tile = np.s_[y : y + rows, x : x + cols]
            specks = cv2.countNonZero(mask[tile])
            if specks == 0:
                continue
            ref, cur = reference[tile], current[tile]
            if min(ref.shape) < 16:
                continue
            fx, fy = _fraction(ref, cur, axis=1), _fraction(ref, cur, axis=0)
            if max(abs(fx), abs(fy)) < 0.1:
                continue
            shifted = cv2.warpAffine(ref, np.float32([[1, 0, fx], [0, 1, fy]]), (ref.shape[1], ref.shape[0]),
                                     flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
            other = outside_neighbours(shifted, cur, threshold)
            if cv2.countNonZero(other) < specks:
                mask[tile] = other


def _without_specks(reference: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """A pixel or two alone on the reference's strokes are the encoder's noise on text drawn at
    another offset; a changed character changes a run of them. Ink where the reference has
    none (the first rows of a line scrolling in at a view's edge) always counts.

    Groups (8-connected) of fewer than 3 pixels are found by counting neighbours, not by
    labelling components: a pixel is in one when it has at most one neighbour and so has
    that neighbour (labelling a 1080p mask in every scrolled frame was 7 % of a run)."""
    if not cv2.countNonZero(mask):
        return mask
    ones = cv2.threshold(mask, 0, 1, cv2.THRESH_BINARY)[1]
    count = cv2.boxFilter(ones, -1, (3, 3), normalize=False, borderType=cv2.BORDER_CONSTANT)
    count = cv2.multiply(count, ones)  # a pixel's group size so far: itself and its neighbours
    small = cv2.bitwise_and(cv2.compare(cv2.dilate(count, _NEIGHBOURS, borderType=cv2.BORDER_CONSTANT,
                                                   borderValue=0), SPECK_PIXELS - 1, cv2.CMP_LE), mask)
    if not cv2.countNonZero(small):
        return mask
    # Strokes are looked for only around the small groups (2 px: the gradient's and the
    # dilation's reach), not over the whole moved area in every frame.
    x, y, w, h = cv2.boundingRect(small)  # of its nonzero pixels
    height, width = mask.shape
    x1, y1, x2, y2 = max(x - 2, 0), max(y - 2, 0), min(x + w + 2, width), min(y + h + 2, height)
    near = np.s_[y1:y2, x1:x2]
    strokes = cv2.dilate(_strokes(reference[near]), _NEIGHBOURS)
    # A small group with a pixel off the strokes stays whole (its pixels are neighbours).
    off = cv2.bitwise_and(small[near], cv2.bitwise_not(strokes))
    kept = cv2.dilate(off, _NEIGHBOURS, borderType=cv2.BORDER_CONSTANT, borderValue=0)
    dropped = cv2.bitwise_and(small[near], cv2.bitwise_not(kept))
    mask[near] = cv2.bitwise_and(mask[near], cv2.bitwise_not(dropped))
    return mask


def _without_thin_bars(reference: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Unexplained pixels of content that scrolled up or down, one pixel high (none in the rows
    either side) and within two rows of a stroke of the reference: the bar of a "-" or "="
    that hinting draws a row or two off the rest of its line at another sub-pixel offset
    (the CI log's scrolled lines were read again in blocks for them). A changed character
    changes more than a one-pixel line along an old stroke. Only for vertical scrolls: in
    content sliding sideways the same test took a toast's changing text for such bars."""
    if not cv2.countNonZero(mask):
        return mask
    ones = cv2.threshold(mask, 0, 1, cv2.THRESH_BINARY)[1]
    thin = cv2.bitwise_and(mask, cv2.compare(cv2.filter2D(ones, -1, _ROWS_BESIDE, borderType=cv2.BORDER_CONSTANT),
                                             0, cv2.CMP_EQ))
    if not cv2.countNonZero(thin):
        return mask
    return cv2.bitwise_and(mask, cv2.bitwise_not(cv2.bitwise_and(thin, cv2.dilate(_strokes(reference), _TALL))))


def _strokes(image: np.ndarray) -> np.ndarray:
    """0/255 mask of the glyph edges of ``image`` (3x3 gradient stronger than ``STROKE``)."""
    return cv2.threshold(cv2.morphologyEx(image, cv2.MORPH_GRADIENT, _NEIGHBOURS), STROKE, 255, cv2.THRESH_BINARY)[1]


def redrawn_alike(before: np.ndarray, after: np.ndarray, threshold: int) -> bool:
    """Are two images of the same place the same text, drawn again? Nothing differs by more
    than ``threshold`` but one-pixel bars along the strokes (the encoder draws the bottom
    row of a still line's glyphs lighter every few frames, and the bars of "-" and "=" a
    row off) and specks on them. A changed character changes more."""
    if before.shape != after.shape:
        return False
    diff = cv2.absdiff(before, after)
    # A redraw touches a few rows of a few glyphs; text fading or sliding (a modal easing
    # out, a page dimming under a backdrop) changes most pixels of its strokes a little,
    # and in one-pixel bars along them more: that is no redraw, and is read.
    strokes = _strokes(before)
    touched = cv2.bitwise_and(strokes, cv2.threshold(diff, REDRAW_NOISE, 255, cv2.THRESH_BINARY)[1])
    if cv2.countNonZero(touched) > REDRAW_SHARE * cv2.countNonZero(strokes):
        return False
    mask = cv2.threshold(diff, threshold, 255, cv2.THRESH_BINARY)[1]
    return not cv2.countNonZero(_without_specks(before, _without_thin_bars(before, mask)))


#: Share of an image's stroke pixels that may differ (by more than REDRAW_NOISE luma levels,
#: the encoder's noise) for it to be the same text drawn again: the CI log's flickering lines
#: 2-3 %; the bank's card fading out 70-80 %, its page dimming under the backdrop 35-48 %.
REDRAW_SHARE = 0.1
REDRAW_NOISE = 4


_ROWS_BESIDE = np.array([[1, 1, 1], [0, 0, 0], [1, 1, 1]], np.uint8)  # the rows above and below a pixel
_TALL = np.ones((5, 1), np.uint8)  # two rows either way


#: Unexplained pixels in a group smaller than this, all on the reference's strokes (edges
#: stronger than STROKE luma levels, give or take a pixel), are noise, not a changed character.
SPECK_PIXELS = 3
STROKE = 40


def _fraction(reference: np.ndarray, current: np.ndarray, axis: int) -> float:
    """How far (-1..1 px, along ``axis``: 0 rows, 1 columns) ``current`` is ``reference`` moved
    on: the vertex of the V through the summed differences at shifts of -1, 0 and +1 px (the
    difference of a shifted edge grows with the shift; text that stays put, such as a pointer
    over a scrolling log, does not pull it to 0 as it pulls a correlation peak)."""
    inner = np.s_[1:-1, :] if axis == 0 else np.s_[:, 1:-1]
    cur = current[inner]
    costs = []
    for shift in (-1, 0, 1):  # the current pixel at p shows the reference's at p - shift
        src = np.s_[1 - shift : reference.shape[0] - 1 - shift, :] if axis == 0 else \
            np.s_[:, 1 - shift : reference.shape[1] - 1 - shift]
        costs.append(float(cv2.norm(cur, reference[src], cv2.NORM_L1)))
    before, here, after = costs
    rise = max(before, after) - here
    if rise <= 0:
        return 0.0
    return float(np.clip((before - after) / (2 * rise), -1.0, 1.0))


def _changed_span(reference: np.ndarray, current: np.ndarray, area: Box, dx: int, dy: int,
                  threshold: int) -> tuple[Box, np.ndarray]:
    """``area`` without the outer margins that did not move (pixel-exact, unlike the cells), and
    the mask of ``area``'s pixels changed in place by more than twice ``threshold``.

    A margin that did not change (a gap above a list, a panel border) did not
    scroll: moving it would put the list's text where the screen shows none.
    Along the scroll axis a row counts as moved with a few clear changes (the
    encoder's ringing leaks faint pixels past a list's edge); across it, text
    sliding along its own strokes changes little, so any change counts.
    """
    view = np.s_[area.y1 : area.y2, area.x1 : area.x2]
    diff = cv2.absdiff(reference[view], current[view])
    strong, weak = diff > 2 * threshold, diff > threshold
    rows = np.flatnonzero(np.count_nonzero(strong if dy else weak, axis=1) >= (EDGE_PIXELS if dy else 1))
    cols = np.flatnonzero(np.count_nonzero(strong if dx else weak, axis=0) >= (EDGE_PIXELS if dx else 1))
    if rows.size == 0 or cols.size == 0:
        return area, strong
    return Box(area.x1 + int(cols[0]), area.y1 + int(rows[0]), area.x1 + int(cols[-1]) + 1,
               area.y1 + int(rows[-1]) + 1), strong


def _without_still_bands(reference: np.ndarray, current: np.ndarray, span: Box, strong: np.ndarray, dx: int,
                         dy: int, threshold: int) -> Box:
    """``span`` without a band of rows (columns, for a sideways scroll) at either end along the
    scroll that stood still: changed a little in place, its text where it was, which the
    shift explains far worse than no shift does.

    A toolbar's counter ticking ("74 lines") in the frame a log below it scrolled took the
    toolbar into the scroll's span: its buttons were then taken for a line scrolling in at
    the view's edge, and covered for 40 frames. Only a band apart from the rest (``STILL_GAP``
    unchanged rows between) is looked at, and one whose ink is new (a line scrolling in) is
    never still. ``strong``: the span's pixels changed in place by more than twice ``threshold``.
    """
    for axis, shift in ((0, dy), (1, dx)):
        if not shift:
            continue
        lo, hi = (span.y1, span.y2) if axis == 0 else (span.x1, span.x2)
        bands = _bands(np.count_nonzero(strong, axis=1 - axis) >= EDGE_PIXELS, STILL_GAP)
        while len(bands) >= 2 and _still(reference, current, span, axis, bands[0], dx, dy, threshold):
            bands = bands[1:]
        while len(bands) >= 2 and _still(reference, current, span, axis, bands[-1], dx, dy, threshold):
            bands = bands[:-1]
        if not bands:
            continue
        start, end = bands[0][0], bands[-1][1]
        if (start, end) != (0, hi - lo):
            if axis == 0:
                span, strong = Box(span.x1, lo + start, span.x2, lo + end), strong[start:end]
            else:
                span, strong = Box(lo + start, span.y1, lo + end, span.y2), strong[:, start:end]
    return span


def _without_still_sides(reference: np.ndarray, current: np.ndarray, span: Box, dx: int, dy: int,
                         threshold: int) -> Box:
    """``span`` without a band of columns (rows, for a sideways scroll) at either side across
    the scroll that stood still (see ``_still``), set apart from the rest by blank ones.

    Across the scroll the span reaches wherever anything changed: a spinner turning, or a
    timer ticking, in a sidebar beside a scrolling log took the sidebar into the span; its
    words, moved with the log, no longer matched the screen and were read again in every
    frame.
    """
    if bool(dx) == bool(dy):  # still, or diagonal: no side to tell
        return span
    axis = 1 if dy else 0  # the bands' axis: columns beside a vertical scroll
    view = np.s_[span.y1 : span.y2, span.x1 : span.x2]
    a, b = reference[view], current[view]
    changed = cv2.absdiff(a, b) > threshold
    inked = cv2.morphologyEx(b, cv2.MORPH_GRADIENT, _NEIGHBOURS) > STROKE
    bands = _bands(np.count_nonzero(changed | inked, axis=1 - axis) > 0, STILL_GAP)
    def moves(n: int) -> bool:
        return _moves(reference, current, span, axis, bands[n], dx, dy, threshold)

    first = next((n for n in range(len(bands)) if moves(n)), None)
    if first is None:
        return span
    last = next(n for n in reversed(range(len(bands))) if n == first or moves(n))
    # Cut after the last still band before the first that moved, and before the first still
    # band after the last that moved; what lies beyond (the spinner itself) is read if it changed.
    before = [n for n in range(first) if _still(reference, current, span, axis, bands[n], dx, dy, threshold)]
    after = [n for n in range(last + 1, len(bands)) if _still(reference, current, span, axis, bands[n], dx, dy, threshold)]
    if not before and not after:
        return span
    # The new side is where the still band's ink ends: the blank between is the view's
    # margin (cut at the moving text's first column, a log's line numbers were taken for
    # cut by the view's edge).
    start = bands[before[-1]][1] if before else 0
    end = bands[after[0]][0] if after else (span.width if axis == 1 else span.height)
    if axis == 1:
        return Box(span.x1 + start, span.y1, span.x1 + end, span.y2)
    return Box(span.x1, span.y1 + start, span.x2, span.y1 + end)


def _moves(reference: np.ndarray, current: np.ndarray, span: Box, axis: int, band: tuple[int, int], dx: int,
           dy: int, threshold: int) -> bool:
    """Does the shift explain ``band`` (columns for ``axis`` 1, rows for 0, of ``span``, across
    the scroll) better than standing still does?"""
    compared = _band_change(reference, current, span, axis, band, dx, dy, threshold)
    return compared is not None and compared[2] < cv2.countNonZero(compared[1])


def _band_change(reference: np.ndarray, current: np.ndarray, span: Box, axis: int, band: tuple[int, int], dx: int,
                 dy: int, threshold: int) -> tuple[np.ndarray, np.ndarray, int] | None:
    """``band`` (rows, or columns for ``axis`` 1, of ``span``) as it is now, its pixels changed in
    place by more than twice ``threshold`` (0/1), and how many the shift leaves changed; None
    when its source lies outside the frame. A band across the scroll is cut to the part
    whose source is in the frame."""
    a, b = band
    box = Box(span.x1, span.y1 + a, span.x2, span.y1 + b) if axis == 0 else Box(span.x1 + a, span.y1, span.x1 + b,
                                                                                span.y2)
    height, width = current.shape
    if not (dy if axis == 0 else dx):
        inside = box.intersection(Box(0, 0, width, height).translate(dx, dy))
        if inside is None:
            return None
        box = inside
    source = box.translate(-dx, -dy)
    if source.x1 < 0 or source.y1 < 0 or source.x2 > width or source.y2 > height:
        return None
    here = current[box.y1 : box.y2, box.x1 : box.x2]
    strong = 2 * threshold
    changed = cv2.threshold(cv2.absdiff(here, reference[box.y1 : box.y2, box.x1 : box.x2]), strong, 1,
                            cv2.THRESH_BINARY)[1]
    moved = cv2.countNonZero(cv2.threshold(cv2.absdiff(here, reference[source.y1 : source.y2, source.x1 : source.x2]),
                                           strong, 1, cv2.THRESH_BINARY)[1])
    return here, changed, moved


#: Blank rows (columns) that set a still band apart from the scrolled content next to it.
STILL_GAP = 3
#: At most this share of a still band's glyph edges changed in place.
STILL_CHANGED = 0.25


def _still(reference: np.ndarray, current: np.ndarray, span: Box, axis: int, band: tuple[int, int],
           dx: int, dy: int, threshold: int) -> bool:
    """Did ``band`` (rows, or columns for ``axis`` 1, of ``span``) stand still? Its glyph edges
    are mostly unchanged in place, what changed is local (a counter, a label: a few of the
    band's inked columns, where text moved or scrolling in changes a little at every
    glyph) and the shift explains the band at least twice as badly as no shift does."""
    compared = _band_change(reference, current, span, axis, band, dx, dy, threshold)
    if compared is None:
        return False
    here, changed, moved = compared
    ink = cv2.threshold(cv2.morphologyEx(here, cv2.MORPH_GRADIENT, _NEIGHBOURS), STROKE, 1, cv2.THRESH_BINARY)[1]
    in_place = cv2.countNonZero(changed)
    inked = np.count_nonzero(ink.any(axis=axis))
    return (inked > 0 and in_place <= STILL_CHANGED * cv2.countNonZero(ink) and moved >= 2 * max(in_place, 1)
            and np.count_nonzero(changed.any(axis=axis)) <= STILL_CHANGED * inked)


def _matching_run(diffs: np.ndarray, threshold: int, rows: np.ndarray, inside: np.ndarray) -> int:
    """How many leading rows of ``diffs`` (rows x pixels) stay within ``threshold``, while
    ``rows`` (the same rows of the current image) keep the shade of ``inside``, the row
    just inside the span (the view's background behind its last moving row)."""
    if diffs.size == 0:
        return 0
    shade = np.abs(np.median(rows, axis=1) - float(np.median(inside))) > MARGIN_SHADE
    bad = np.flatnonzero((diffs.max(axis=1) > threshold) | shade)
    return int(bad[0]) if bad.size else diffs.shape[0]


#: A scrolling view's blank margin has one shade; past the view's edge (a panel's border,
#: the page around it, a footer bar) the shade changes by more than this (luma levels).
MARGIN_SHADE = 4


def _extend_along(reference: np.ndarray, current: np.ndarray, span: Box, dx: int, dy: int, threshold: int) -> Box:
    """``span`` grown along the scroll axis over what the shift explains as well (blank margins).

    The changed span ends at the last text that moved, not at the scrolling
    view's edge: a row scrolling along that edge looked cut by it, was
    dropped from the words and read again every frame. The span is grown
    row by row (column by column) while the current image equals the
    reference shifted by the motion and keeps the margin's shade, up to what
    did not scroll (a frame, a fixed footer), the view's edge (the page
    around a panel is another shade: the panel's last row, cut there, is
    then seen as cut) or the frame's edge.
    """
    height, width = current.shape
    x1, y1, x2, y2 = span.x1, span.y1, span.x2, span.y2
    if dy:  # rows y whose source row y - dy lies in the frame: max(0, dy) <= y < min(height, height + dy)
        low, high = max(0, dy), min(height, height + dy)
        if y2 < high:
            diffs = cv2.absdiff(current[y2:high, x1:x2], reference[y2 - dy : high - dy, x1:x2])
            y2 += _matching_run(diffs, threshold, current[y2:high, x1:x2], current[y2 - 1, x1:x2])
        if low < y1:
            diffs = cv2.absdiff(current[low:y1, x1:x2], reference[low - dy : y1 - dy, x1:x2])
            y1 -= _matching_run(diffs[::-1], threshold, current[low:y1, x1:x2][::-1], current[y1, x1:x2])
    if dx:
        low, high = max(0, dx), min(width, width + dx)
        if x2 < high:
            diffs = cv2.absdiff(current[y1:y2, x2:high], reference[y1:y2, x2 - dx : high - dx])
            x2 += _matching_run(diffs.T, threshold, current[y1:y2, x2:high].T, current[y1:y2, x2 - 1])
        if low < x1:
            diffs = cv2.absdiff(current[y1:y2, low:x1], reference[y1:y2, low - dx : x1 - dx])
            x1 -= _matching_run(diffs.T[::-1], threshold, current[y1:y2, low:x1].T[::-1], current[y1:y2, x1])
    return Box(x1, y1, x2, y2)


def in_view(box: Box, motion: Motion) -> Box | None:
    """``box`` (already moved) cut to what stays in view: at the area's edges along the
    motion only (across it, the area's extent is just where pixels happened to change)."""
    a = motion.area
    x1, x2 = (max(box.x1, a.x1), min(box.x2, a.x2)) if motion.dx else (box.x1, box.x2)
    y1, y2 = (max(box.y1, a.y1), min(box.y2, a.y2)) if motion.dy else (box.y1, box.y2)
    return Box(x1, y1, x2, y2) if x2 > x1 and y2 > y1 else None


def shift_area(image: np.ndarray, motion: Motion) -> list[Box]:
    """Move ``motion.area`` of ``image`` in place; returns the strips left without a source (newly revealed)."""
    area, dx, dy = motion.area, motion.dx, motion.dy
    overlap = _overlap(area, dx, dy)
    if overlap is None:
        return [area]
    src, dst = overlap
    image[dst.y1 : dst.y2, dst.x1 : dst.x2] = image[src.y1 : src.y2, src.x1 : src.x2].copy()
    revealed = []
    if dst.y1 > area.y1:
        revealed.append(Box(area.x1, area.y1, area.x2, dst.y1))
    if dst.y2 < area.y2:
        revealed.append(Box(area.x1, dst.y2, area.x2, area.y2))
    if dst.x1 > area.x1:
        revealed.append(Box(area.x1, area.y1, dst.x1, area.y2))
    if dst.x2 < area.x2:
        revealed.append(Box(dst.x2, area.y1, area.x2, area.y2))
    return revealed
