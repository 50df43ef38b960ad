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
from .motion import Motion


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
        """Content in ``motion.area`` scrolled: its words move with it (cut at the area's edge)."""
        area = motion.area
        moved = []
        for word in self.words:
            cx, cy = (word.box.x1 + word.box.x2) // 2, (word.box.y1 + word.box.y2) // 2
            if area.x1 <= cx < area.x2 and area.y1 <= cy < area.y2:
                box = word.box.translate(motion.dx, motion.dy).intersection(area)
                if box is None:
                    continue  # scrolled out of view
                word = dataclasses.replace(word, box=box)
            moved.append(word)
        self.words = moved
