"""The text on screen as last read: OCR words in frame coordinates.

Only the parts of a frame that changed are read again; the rest keeps its
words, so detectors always see the whole screen (a label read seconds ago
still marks the value being typed beside it now).
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

import numpy as np

from ..box import Box
from ..ocr.engine import Word
from .motion import Motion, in_view


class ScreenText:
    def __init__(self) -> None:
        self.words: list[Word] = []
        self._reads = 0

    def boxes(self) -> list[Box]:
        return [w.box for w in self.words]

    def replace(self, crop: Box, words: Sequence[Word]) -> None:
        """``crop`` was read again: its old words go, ``words`` (crop coordinates) come in.

        An OCR line that runs on into words kept beside the crop (a part of the line
        read on its own earlier) joins their line: an IBAN read in two reads is one line."""
        self._reads += 1
        kept = [w for w in self.words if not w.box.intersects(crop)]
        read = [dataclasses.replace(w, box=w.box.translate(crop.x1, crop.y1)) for w in words]
        self.words = kept + self._on_lines(read, dict(zip(map(id, read), _lines_beside(read, kept))))

    def replace_part(self, part: Box, words: Sequence[Word]) -> None:
        """``part`` of longer lines was read again (its sides in gaps between words): the old
        words centred in it go, ``words`` (part coordinates) come in on the lines of the words
        they replace or that stand beside them, so a value split by the part's edge is still
        one line to the recognizers."""
        self._reads += 1
        gone, kept = [], []
        for word in self.words:
            (gone if _centred_in(word.box, part) else kept).append(word)
        read = [dataclasses.replace(w, box=Box(max(w.box.x1, 0), w.box.y1, min(w.box.x2, part.width),
                                                w.box.y2).translate(part.x1, part.y1))
                for w in words]
        beside = _lines_beside(read, gone + kept)
        near = {id(w): _line_read_over(w, gone) or line for w, line in zip(read, beside)}
        self.words = kept + self._on_lines(read, near)

    def _on_lines(self, read: list[Word], near: dict[int, tuple[int, ...] | None]) -> list[Word]:
        """``read`` (one read's words, their OCR line keys local to it) with their line keys:
        the old line found ``near`` a word, or that of another word of its OCR line, or a
        new one."""
        of_line: dict[tuple[int, ...], tuple[int, ...]] = {}
        for w in read:
            if near[id(w)] is not None:
                of_line.setdefault(w.line, near[id(w)])  # type: ignore[arg-type]
        return [dataclasses.replace(w, line=near[id(w)] or of_line.get(w.line) or (self._reads, *w.line))
                for w in read]

    def move(self, motion: Motion) -> list[Box]:
        """Content in ``motion.area`` scrolled: its words move with it.

        A line any word of which reaches the edge of the view is dropped
        whole: OCR geometry of a half-visible line misleads the rules (gaps
        look like columns, a line missing its first words reads as a label).
        Values on such lines stay covered by their tracks, which move on
        to the edge themselves (see ``TrackBuilder.move``). Returns the
        dropped lines' boxes, cut to the view: the edge found for a motion
        wavers, and a line dropped at one frame's edge may be whole in the
        next one's view (to be read again there).
        """
        area = motion.area
        moved, gone = [], set()
        for word in self.words:
            if word.box.intersection(area):
                box = word.box.translate(motion.dx, motion.dy)
                if in_view(box, motion) != box:
                    gone.add(word.line)
                word = dataclasses.replace(word, box=box)
            moved.append(word)
        self.words = [w for w in moved if w.line not in gone]
        spans: dict[tuple[int, ...], Box] = {}
        for word in moved:
            if word.line in gone:
                spans[word.line] = spans[word.line].union(word.box) if word.line in spans else word.box
        return [box for span in spans.values() if (box := in_view(span, motion)) is not None]


def _centred_in(box: Box, area: Box) -> bool:
    cx, cy = (box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2
    return area.x1 <= cx < area.x2 and area.y1 <= cy < area.y2


def _line_read_over(word: Word, old: Sequence[Word]) -> tuple[int, ...] | None:
    """The line key of the old word ``word`` overlaps most (the same word, read again)."""
    best, most = None, 0
    for other in old:
        inside = word.box.intersection(other.box)
        if inside is not None and inside.area > most:
            best, most = other.line, inside.area
    return best


#: The widest gap between two words of a line, in text heights (see ``_lines_beside``).
WORD_GAP = 1.5


def _lines_beside(words: Sequence[Word], others: Sequence[Word]) -> list[tuple[int, ...] | None]:
    """For each of ``words``, the line key of the nearest word of ``others`` on its row
    (overlapping at least half the shorter one's height) within a word's gap sideways (a
    table's next cell is further, and another line); None where there is none. A word gap
    is up to ``WORD_GAP`` text heights: in a monospaced font a space is as wide as the
    digits are tall (an IBAN's groups, read in two crops, stayed two lines and were no
    IBAN). In numpy: a screen holds a thousand words."""
    if not words or not others:
        return [None] * len(words)
    a = np.array([w.box.as_list() for w in words], dtype=np.int64)
    b = np.array([o.box.as_list() for o in others], dtype=np.int64)
    ah, bh = a[:, 3] - a[:, 1], b[:, 3] - b[:, 1]
    overlap = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
    row = overlap >= 0.5 * np.minimum(ah[:, None], bh[None, :])
    gap = np.maximum(np.maximum(b[None, :, 0] - a[:, None, 2], a[:, None, 0] - b[None, :, 2]), 0)
    gap = np.where(row & (gap <= WORD_GAP * ah[:, None]), gap, np.iinfo(np.int64).max)
    nearest = gap.argmin(axis=1)
    found = gap[np.arange(len(words)), nearest] < np.iinfo(np.int64).max
    return [others[int(n)].line if ok else None for n, ok in zip(nearest, found)]
