"""The text on screen as last read: OCR words in frame coordinates.

Only the parts of a frame that changed are read again; the rest keeps its
words, so detectors always see the whole screen (a label read seconds ago
still marks the value being typed beside it now).
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

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
        """``crop`` was read again: its old words go, ``words`` (crop coordinates) come in."""
        self._reads += 1
        kept = [w for w in self.words if not w.box.intersection(crop)]
        read = [
            dataclasses.replace(w, box=w.box.translate(crop.x1, crop.y1), line=(self._reads, *w.line)) for w in words
        ]
        self.words = kept + read

    def move(self, motion: Motion) -> None:
        """Content in ``motion.area`` scrolled: its words move with it.

        A line any word of which reaches the edge of the view is dropped
        whole: OCR geometry of a half-visible line misleads the rules (gaps
        look like columns, a line missing its first words reads as a label).
        Values on such lines stay covered by their tracks, which move on
        to the edge themselves (see ``TrackBuilder.move``).
        """
        area = motion.area
        moved, gone = [], set()
        for word in self.words:
            if word.box.intersection(area):
                box = word.box.translate(motion.dx, motion.dy)
                if in_view(box, motion) != box:
                    gone.add(word.line)
                    continue
                word = dataclasses.replace(word, box=box)
            moved.append(word)
        self.words = [w for w in moved if w.line not in gone]
