"""Layout rules: detections that need more than one line of text at a time.

A rule sees the page's OCR lines (each a list of words, left to right, lines
in reading order) and the frame's luma image, and yields ``(kind, words)``
groups to blur; a group may instead be a single :class:`~blur.box.Box` where
the rule found ink that OCR could not read (masked password dots). A group of
kind :data:`SPARED` is no value: words the rule read whole and found to be a
field's placeholder (a sample value drawn faintly), reported so that tracks do
not carry a later misreading of the same ink back over it.
"""

from __future__ import annotations

from typing import Iterator, Protocol, Sequence, Union

import numpy as np

from ...box import Box
from ...ocr.engine import Word

Lines = Sequence[Sequence[Word]]
Found = tuple[str, Union[list[Word], Box]]
#: The kind of a group that is a placeholder, read and found harmless (not to blur).
SPARED = "spared"


class LayoutRule(Protocol):
    def find(self, lines: Lines, image: np.ndarray) -> Iterator[Found]: ...
