"""Map recognizer matches in OCR lines back to pixel boxes.

Words of one OCR line are joined with single spaces; a match covers every
word whose characters it touches, so a value split over several words (a
card in four groups) is blurred whole, and a value glued to a label in one
OCR word ("Email:john@x.io") blurs that whole word: more, never less.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import median
from typing import Iterable, Sequence

from ..box import Box, union_all
from ..config import PaddingConfig
from ..ocr.engine import Word
from .base import Detection
from .recognizers import Recognizer


def group_lines(words: Iterable[Word]) -> list[list[Word]]:
    lines: dict[tuple[int, ...], list[Word]] = defaultdict(list)
    for word in words:
        lines[word.line].append(word)
    return [sorted(ws, key=lambda w: w.box.x1) for _, ws in sorted(lines.items())]


def line_text(words: Sequence[Word]) -> tuple[str, list[tuple[int, int]]]:
    """The line's text and each word's ``[start, end)`` character span in it."""
    parts, spans, pos = [], [], 0
    for word in words:
        spans.append((pos, pos + len(word.text)))
        parts.append(word.text)
        pos += len(word.text) + 1
    return " ".join(parts), spans


def padded_box(words: Sequence[Word], padding: PaddingConfig) -> Box:
    box = union_all(w.box for w in words)
    assert box is not None
    text_height = median(w.box.height for w in words)
    chars = sum(len(w.text) for w in words)
    char_width = sum(w.box.width for w in words) / max(chars, 1)
    return box.pad(padding.horizontal * char_width, padding.vertical * text_height)


def find_spans(
    words: Iterable[Word], recognizers: Sequence[Recognizer], padding: PaddingConfig
) -> list[Detection]:
    detections = []
    for line in group_lines(words):
        text, spans = line_text(line)
        for recognizer in recognizers:
            for match in recognizer.find(text):
                covered = [w for w, (s, e) in zip(line, spans) if s < match.end and e > match.start]
                if covered:
                    detections.append(Detection(match.kind, padded_box(covered, padding)))
    return detections
