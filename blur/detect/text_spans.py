"""Map recognizer matches in OCR lines back to pixel boxes.

Words of one OCR line are joined with single spaces; a match covers every
word whose characters it touches, so a value split over several words (a
card in four groups) is blurred whole, and a value glued to a label in one
OCR word ("Email:john@x.io") blurs that whole word: more, never less.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from statistics import median
from typing import Iterable, Sequence

from ..box import Box, union_all
from ..config import PaddingConfig
from ..ocr.engine import Word
from .recognizers import Match, Recognizer


#: Kinds whose values are long opaque tokens that OCR sometimes splits in two
#: ("sk_live_51Hc" "XyZa8b"): the pattern matches the first part only.
TOKEN_KINDS = {"api_key", "jwt"}
_TOKEN_FRAGMENT = re.compile(r"^[A-Za-z0-9_\-+/=.]{3,}$")


def _looks_like_token_fragment(text: str) -> bool:
    """A continuation of a token, not an ordinary word: digits or inner capitals."""
    if not _TOKEN_FRAGMENT.match(text):
        return False
    return any(c.isdigit() for c in text) or any(c.isupper() for c in text[1:])


def _extend_token(line: Sequence[Word], last: int) -> int:
    """Index of the last word that continues the token ending at word ``last``."""
    while last + 1 < len(line):
        here, nxt = line[last], line[last + 1]
        char_width = here.box.width / max(len(here.text), 1)
        if nxt.box.x1 - here.box.x2 > 2 * char_width or not _looks_like_token_fragment(nxt.text):
            break
        last += 1
    return last


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


def padded_box(words: Sequence[Word], padding: PaddingConfig, line: Sequence[Word] = ()) -> Box:
    """The words' box grown by the configured padding (text heights / character widths).

    Sideways, padding stops at the middle of the gap to a neighbouring word of
    the same line that is not being covered, so the next word stays sharp.
    """
    box = union_all(w.box for w in words)
    assert box is not None
    text_height = median(w.box.height for w in words)
    chars = sum(len(w.text) for w in words)
    char_width = sum(w.box.width for w in words) / max(chars, 1)
    padded = box.pad(padding.horizontal * char_width, padding.vertical * text_height)
    left = [w.box.x2 for w in line if w.box.x2 <= box.x1 and w not in words]
    right = [w.box.x1 for w in line if w.box.x1 >= box.x2 and w not in words]
    x1 = max(padded.x1, (max(left) + box.x1 + 1) // 2) if left else padded.x1
    x2 = min(padded.x2, (min(right) + box.x2) // 2) if right else padded.x2
    return Box(x1, padded.y1, x2, padded.y2)


class LineMatcher:
    """All recognizers' matches in a line of text, remembered by the text.

    The detectors run on every word on screen each time anything is read
    again, and most lines are the same text as before (still, or scrolled
    to another place): parsing them again (phone numbers especially) was
    most of the analysis time of a scrolling page.
    """

    def __init__(self, recognizers: Sequence[Recognizer], size: int = 4096) -> None:
        self.recognizers = list(recognizers)
        self.matches = lru_cache(maxsize=size)(self._matches)

    def _matches(self, text: str) -> tuple[Match, ...]:
        return tuple(match for recognizer in self.recognizers for match in recognizer.find(text))


def find_spans(lines: Sequence[Sequence[Word]], matcher: LineMatcher) -> list[tuple[str, list[Word]]]:
    """Run the recognizers over each line; return (kind, words covered) per match."""
    found = []
    for line in lines:
        text, spans = line_text(line)
        for match in matcher.matches(text):
            hit = [i for i, (s, e) in enumerate(spans) if s < match.end and e > match.start]
            if not hit:
                continue
            last = hit[-1]
            if match.kind in TOKEN_KINDS and spans[last][1] <= match.end:
                last = _extend_token(line, last)
            found.append((match.kind, list(line[hit[0] : last + 1])))
    return found
