"""Typing onset and lingering prefixes: cover a value while it is incomplete.

A recognizer fires only once a value is complete ("jane.roe@example.co"), but
the frames in which it was being typed showed its prefix, and the frames in
which it is being deleted show what is left of it. Both are leaks.

Text fields grow from the left, so a frame shows part of the value when the
pixels of the value's box, from its left edge up to the last ink column, match
the complete value's pixels there. This module keeps a short history of the
analysed frames (half resolution, bounded in count) to walk back from a new
detection to where that region was blank or held other content, and answers
the same question going forward when a track is no longer detected.
"""

from __future__ import annotations

from collections import deque
from typing import Iterator

import cv2
import numpy as np

from ..box import Box
from .motion import outside_neighbours

SCALE = 2  # history and comparisons at 1/SCALE resolution
INK = 40  # luma difference from the background that counts as text
MATCH = 12.0  # mean absolute luma difference allowed between a prefix and the value
JUMP = 60  # luma change from one frame to the next that a fade step does not make
#: Share of a box's pixels that may lie outside what a shift of up to a pixel explains, for the
#: box to show the same as before, redrawn (a grid easing to a stop moves it by a fraction).
REDRAWN = 0.02
POINTER = 1.5  # widest run of columns (in box heights) a pointer or caret over a prefix may unlike it


def downscale(luma: np.ndarray) -> np.ndarray:
    h, w = luma.shape
    return cv2.resize(luma, (w // SCALE, h // SCALE), interpolation=cv2.INTER_AREA)


def region(small: np.ndarray, box: Box) -> np.ndarray:
    h, w = small.shape
    b = Box(box.x1 // SCALE, box.y1 // SCALE, -(-box.x2 // SCALE), -(-box.y2 // SCALE)).clip(w, h)
    return small[b.y1 : b.y2, b.x1 : b.x2]


def _ink_columns(candidate: np.ndarray) -> np.ndarray:
    """The columns of ``candidate`` that hold text ink: pixels far from their row's median.
    Rows, not one background level: a field's border, a selected cell's frame or an
    underline runs the whole width and is no text (a typed e-mail's first letters were
    taken for other text beside a cell's frame, and showed)."""
    background = _row_medians(candidate)
    return np.flatnonzero((np.abs(candidate.astype(np.int16) - background) > INK).any(axis=0))


def _row_medians(image: np.ndarray) -> np.ndarray:
    """``np.median(image, axis=1, keepdims=True)``, by sorting: half the time of numpy's median
    (~18 us a call) on these small crops, which tracks ask tens of thousands of times a recording."""
    ordered = np.sort(image, axis=1)
    middle = ordered.shape[1] // 2
    if ordered.shape[1] % 2:
        return ordered[:, middle : middle + 1].astype(np.float64)
    return (ordered[:, middle - 1 : middle].astype(np.float64) + ordered[:, middle : middle + 1]) / 2.0


def has_ink(candidate: np.ndarray) -> bool:
    """Does ``candidate`` hold any text ink?"""
    return candidate.size > 0 and _ink_columns(candidate).size > 0


def shows_part_of(candidate: np.ndarray, value: np.ndarray) -> bool:
    """Does ``candidate`` show the value (or a left part of it), rather than blank or other text?

    The mouse pointer or a caret drawn over the field (the user clicked into it to type)
    is a narrow run of columns unlike the value, and so is the pointer over the value where
    it was read: the rest deciding, the prefix typed beside them is still the value's (the
    walk back to the first keystroke stopped at the pointer)."""
    if candidate.size == 0 or candidate.shape != value.shape:
        return False
    ink_columns = _ink_columns(candidate)
    return ink_columns.size > 0 and _prefix(candidate, value, ink_columns)  # blank: the field was empty


def _prefix(candidate: np.ndarray, value: np.ndarray, ink_columns: np.ndarray) -> bool:
    """:func:`shows_part_of` for an inked ``candidate`` whose ``ink_columns`` are known."""
    end = int(ink_columns[-1]) + 1
    diff = cv2.absdiff(candidate[:, :end], value[:, :end])
    if float(diff.mean()) <= MATCH:
        return True
    column_diff = diff.mean(axis=0)
    unlike = ink_columns[column_diff[ink_columns] > MATCH]  # ink unlike the value's (blank: not typed yet)
    if unlike.size == 0:
        return False
    height = candidate.shape[0]
    # At most two runs of unlike columns, together as wide as two pointers: the pointer here,
    # and the pointer where the value was read (the user moved it between keystrokes: a phone
    # number typed with the pointer in the field showed its first digit).
    runs = np.split(unlike, np.flatnonzero(np.diff(unlike) > height // 2) + 1)
    if len(runs) > 2 or sum(int(run[-1]) + 1 - int(run[0]) for run in runs) > 2 * POINTER * height:
        return False
    kept = np.ones(ink_columns.shape, dtype=bool)
    for run in runs:
        kept &= (ink_columns < run[0]) | (ink_columns > run[-1])
    rest = ink_columns[kept]
    return rest.size >= height // 2 and float(column_diff[rest].mean()) <= MATCH


def shows_other_text(candidate: np.ndarray, value: np.ndarray) -> bool:
    """Does ``candidate`` positively show something else than the value: ink that is not part of it?"""
    if candidate.size == 0 or candidate.shape != value.shape:
        return True
    ink_columns = _ink_columns(candidate)
    return ink_columns.size > 0 and not _prefix(candidate, value, ink_columns)  # blank: nothing else shown


def shows_its_part(small: np.ndarray, value: np.ndarray, where: Box, part: Box, share: float = REDRAWN) -> bool:
    """Does ``part`` of ``where`` (the value's box, whose pixels were ``value``) show that part
    of the value, give or take a pixel, but for ``share`` of its pixels? The tail of a number
    cut by a frozen column is its own last digits; a toast that slid over a name shows other
    ink there."""
    inside = part.intersection(where)
    if inside is None:
        return False
    here = region(small, inside)
    # Offsets between the half-resolution cells the two boxes start in, not half the offset
    # between them: an odd ``where`` starts a cell early, and the value's tail was compared
    # a column off (the tail of a number at a frozen column counted as other ink, and showed).
    dx, dy = inside.x1 // SCALE - where.x1 // SCALE, inside.y1 // SCALE - where.y1 // SCALE
    then = value[dy : dy + here.shape[0], dx : dx + here.shape[1]]
    if here.size == 0 or not has_ink(here):
        return False
    # ``where`` moved by an odd number of pixels since the value was read covers a column
    # (row) more at half resolution than the value's pixels: compared on what both hold.
    height, width = min(here.shape[0], then.shape[0]), min(here.shape[1], then.shape[1])
    if height < here.shape[0] - 1 or width < here.shape[1] - 1:
        return False
    here, then = here[:height, :width], then[:height, :width]
    return cv2.countNonZero(outside_neighbours(then, here, INK)) <= share * here.size


def same_ink(then: np.ndarray, now: np.ndarray) -> bool:
    """Do ``now``'s pixels show what ``then``'s did, moved by up to a pixel, but for REDRAWN of them?"""
    if then.size == 0 or then.shape != now.shape:
        return False
    return cv2.countNonZero(outside_neighbours(then, now, INK)) <= REDRAWN * then.size


#: Share of a box's pixels unlike the value's part there (within a pixel) up to which a box
#: at rest is taken to show the value traced back to it: a row cut at a view's edge shows the
#: edge's border in its last rows too (11 to 47 of 368 to 468 pixels on the dev set's bank),
#: a frozen header's text where a wrong motion took a value is unlike it throughout.
TRACED = 0.2


class FrameHistory:
    """The last analysed frames (frame index, half-resolution luma), newest last."""

    def __init__(self, max_frames: int) -> None:
        self._frames: deque[tuple[int, np.ndarray]] = deque(maxlen=max_frames)
        self._by_index: dict[int, np.ndarray] = {}

    def add(self, frame: int, small: np.ndarray) -> None:
        if len(self._frames) == self._frames.maxlen:
            self._by_index.pop(self._frames[0][0], None)
        self._frames.append((frame, small))
        self._by_index[frame] = small

    def unchanged(self, box: Box, small: np.ndarray) -> bool:
        """Does ``box`` show in ``small`` what it showed on the last analysed frame?"""
        if not self._frames:
            return False
        x, y = region(self._frames[-1][1], box), region(small, box)
        return x.size > 0 and float(cv2.absdiff(x, y).mean()) <= MATCH

    def redrawn(self, box: Box, small: np.ndarray) -> bool:
        """Does ``box`` show in ``small`` what it showed on the last analysed frame, moved by up
        to a pixel (at half resolution)? A view easing to a stop moves its text by fractions
        of a pixel in frames no scroll was found in: the same ink, not other text."""
        if not self._frames:
            return False
        return same_ink(region(self._frames[-1][1], box), region(small, box))

    def jumped(self, box: Box, small: np.ndarray) -> bool:
        """Did ``box``'s pixels change abruptly since the last analysed frame (content moving
        through it), rather than not at all or gradually (a fade, a dimming backdrop)?"""
        if not self._frames:
            return False
        x, y = region(self._frames[-1][1], box), region(small, box)
        if x.size == 0 or x.shape != y.shape:
            return False
        return cv2.countNonZero(cv2.threshold(cv2.absdiff(x, y), JUMP, 1, cv2.THRESH_BINARY)[1]) >= 0.03 * x.size

    def same(self, box: Box, a: int, b: int) -> bool:
        """Did ``box`` show the same pixels on analysed frames ``a`` and ``b`` (both still kept)?"""
        first, second = self._by_index.get(a), self._by_index.get(b)
        if first is None or second is None:
            return False
        x, y = region(first, box), region(second, box)
        return x.size > 0 and float(cv2.absdiff(x, y).mean()) <= MATCH

    def shows(self, frame: int, value: np.ndarray, where: Box, part: Box) -> bool:
        """Did ``part`` of ``where`` show that part of ``value`` on analysed frame ``frame``, but
        for up to TRACED of its pixels (see :func:`shows_its_part`)? Unknown (the frame is no
        longer kept): yes."""
        small = self._by_index.get(frame)
        return small is None or shows_its_part(small, value, where, part, TRACED)

    def before(self, frame: int) -> Iterator[tuple[int, np.ndarray]]:
        """Entries older than ``frame``, newest first."""
        for index, small in reversed(self._frames):
            if index < frame:
                yield index, small


def typing_onset(history: FrameHistory, frame: int, small: np.ndarray, box: Box, earliest: int) -> int:
    """First frame from which ``box`` showed (part of) the value seen at ``frame``."""
    value = region(small, box)
    onset = frame
    for index, older in history.before(frame):
        if index < earliest or not shows_part_of(region(older, box), value):
            break
        onset = index
    return onset


#: Normalised correlation at which earlier pixels are taken to show the same value
#: (insensitive to opacity: a value fading in correlates with itself).
SAME_VALUE = 0.6


def animated_path(history: FrameHistory, frame: int, small: np.ndarray, box: Box, start: int,
                  reach: int) -> list[tuple[int, Box]]:
    """Where the value seen in ``box`` at ``frame`` was on the analysed frames from ``start``
    on, while it slid or faded in (oldest first): each earlier frame is searched for it
    within ``reach`` px, and the walk stops where it is not found (not there yet, or too
    faint to read)."""
    value = region(small, box)
    if value.size == 0 or value.shape[0] < 3 or value.shape[1] < 3 or float(value.std()) < 4:
        return []
    h, w = small.shape
    path: list[tuple[int, Box]] = []
    for index, older in history.before(frame):
        if index < start:
            break
        window = Box(box.x1 // SCALE, box.y1 // SCALE, -(-box.x2 // SCALE), -(-box.y2 // SCALE))
        window = window.pad(reach // SCALE, reach // SCALE).clip(w, h)
        area = older[window.y1 : window.y2, window.x1 : window.x2]
        if area.shape[0] < value.shape[0] or area.shape[1] < value.shape[1]:
            break
        scores = cv2.matchTemplate(area, value, cv2.TM_CCOEFF_NORMED)
        _, best, _, (x, y) = cv2.minMaxLoc(scores)
        if best < SAME_VALUE:
            break
        x1, y1 = (window.x1 + x) * SCALE, (window.y1 + y) * SCALE
        found = Box(x1, y1, x1 + box.width, y1 + box.height).pad(SCALE, SCALE)
        path.insert(0, (index, found))
    return path


def locate(small: np.ndarray, value: np.ndarray, around: Box, reach: int) -> Box | None:
    """Where ``value`` (half-resolution pixels of a box) shows in ``small`` within ``reach`` px
    of ``around`` (full-resolution box), if it does; None when it is not there."""
    if value.size == 0 or value.shape[0] < 3 or value.shape[1] < 3 or float(value.std()) < 4:
        return None
    h, w = small.shape
    window = Box(around.x1 // SCALE, around.y1 // SCALE, -(-around.x2 // SCALE), -(-around.y2 // SCALE))
    window = window.pad(reach // SCALE, reach // SCALE).clip(w, h)
    area = small[window.y1 : window.y2, window.x1 : window.x2]
    if area.shape[0] < value.shape[0] or area.shape[1] < value.shape[1]:
        return None
    _, best, _, (x, y) = cv2.minMaxLoc(cv2.matchTemplate(area, value, cv2.TM_CCOEFF_NORMED))
    if best < SAME_VALUE:
        return None
    x1, y1 = (window.x1 + x) * SCALE, (window.y1 + y) * SCALE
    return Box(x1, y1, x1 + value.shape[1] * SCALE, y1 + value.shape[0] * SCALE)


#: Correlation at which a character-wide piece of a value is taken to be still in view, and
#: under which a piece shows something else.
PIECE_MATCH = 0.8
PIECE_OTHER = 0.5


def partly_shows(small: np.ndarray, value: np.ndarray, box: Box) -> bool:
    """Does some part of ``box`` in ``small`` still show its part of ``value`` (dimmed or not),
    though the rest is hidden (a modal's panel slid over it, a cursor, a popover)?

    The box is compared in pieces about a character wide (an overlay's edge may leave only
    the last characters in view). Yes when most pieces that show ink match closely (a
    cursor over a few characters), or when the pieces at one end match closely and the
    others, but the one at the overlay's edge, show no ink or plainly other ink (an
    overlay's panel or border). Other text in the same place, as the next line of a log in
    the same font, matches some pieces loosely here and there: no.
    """
    here = region(small, box)
    if here.shape != value.shape or value.shape[1] < 12 or value.shape[0] < 3:
        return False
    step = min(value.shape[1], max(6, value.shape[0]))
    starts = list(range(0, value.shape[1] - step + 1, max(1, step // 2)))
    if starts[-1] != value.shape[1] - step:
        starts.append(value.shape[1] - step)
    scores: list[float | None] = []
    for x in starts:
        part, seen = value[:, x : x + step], here[:, x : x + step]
        if float(part.std()) < 6 or float(seen.std()) < 2:
            scores.append(None)  # no ink to compare: hidden under something plain, or a space
        else:
            scores.append(float(cv2.matchTemplate(seen, part, cv2.TM_CCOEFF_NORMED)[0, 0]))
    inked = [s for s in scores if s is not None]
    close = sum(s >= PIECE_MATCH for s in inked)
    if close and close >= len(inked) / 2:
        return True
    for ordered in (scores, scores[::-1]):  # the value's end in view, its start hidden; or the other way
        run = 0
        while run < len(ordered) and ordered[run] is not None and ordered[run] >= PIECE_MATCH:
            run += 1
        rest = ordered[run + 1 :]  # the piece at the overlay's edge is half of each
        if run and all(s is None or s < PIECE_OTHER for s in rest):
            return True
    return False
