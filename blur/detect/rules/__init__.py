"""Layout rules: detections that need more than one line of text at a time.

A rule sees the page's OCR lines (each a list of words, left to right, lines
in reading order) and yields ``(kind, words)`` groups to blur.
"""

from __future__ import annotations

from typing import Iterator, Protocol, Sequence

from ...ocr.engine import Word

Lines = Sequence[Sequence[Word]]


class LayoutRule(Protocol):
    def find(self, lines: Lines) -> Iterator[tuple[str, list[Word]]]: ...
