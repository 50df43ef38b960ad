"""Label-anchored values: what follows "Password", "Card number", "API key"...

A label marks the value beside it (to the right on the same row, whether OCR
read it as the same line or not) or, for a form field whose label sits above
it, the text of the line just below. The value
is blurred whatever it reads as: masked dots (OCR reads them as "eeeeeeee"),
a half-typed secret, or text no recognizer knows.

To keep ordinary sentences ("Enter your password to continue") sharp, a
label counts only at the start of a line (or after a column gap), and only
when it ends with ":", stands alone on its line, or is followed by a gap
wider than a space (a table or a label/value layout).
"""

from __future__ import annotations

import re
from statistics import median
from typing import Iterator, Sequence

from ...ocr.engine import Word
from . import Lines

BUILTIN_LABELS = (
    "password", "new password", "current password", "confirm password", "passcode", "pin", "card number",
    "credit card", "credit card number", "debit card", "cvc", "cvv", "security code", "expiry", "expiry date",
    "expiration", "expiration date", "ssn", "social security number", "tax id", "api key", "api token",
    "access token", "access key", "secret", "secret key", "client secret", "account number", "routing number",
    "iban", "date of birth", "dob", "one-time code", "otp", "verification code", "passport number",
    "driver's license", "license number",
)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9' -]", "", text.lower()).strip()


def _space_width(line: Sequence[Word]) -> float:
    gaps = [b.box.x1 - a.box.x2 for a, b in zip(line, line[1:])]
    heights = [w.box.height for w in line]
    return median(gaps) if gaps else median(heights) * 0.3


class LabelRule:
    kind = "labelled"

    def __init__(self, extra_labels: Sequence[str] = ()) -> None:
        labels = {_norm(label) for label in (*BUILTIN_LABELS, *extra_labels) if _norm(label)}
        # Longest first, so "card number" wins over "card".
        self._labels = sorted((tuple(label.split()) for label in labels), key=len, reverse=True)

    def _label_at(self, line: Sequence[Word], start: int) -> int:
        """Number of words of a label starting at word ``start`` (0: none)."""
        for label in self._labels:
            n = len(label)
            if start + n > len(line):
                continue
            words = [_norm(w.text) for w in line[start : start + n]]
            if tuple(words) == label:
                return n
        return 0

    def find(self, lines: Lines) -> Iterator[tuple[str, list[Word]]]:
        for index, line in enumerate(lines):
            space = _space_width(line)
            starts = [0] + [i for i in range(1, len(line)) if line[i].box.x1 - line[i - 1].box.x2 > 3 * space]
            for start in starts:
                n = self._label_at(line, start)
                if not n:
                    continue
                label_words = line[start : start + n]
                rest = line[start + n :]
                if rest:
                    colon = label_words[-1].text.endswith(":") or rest[0].text in (":", "=")
                    wide_gap = rest[0].box.x1 - label_words[-1].box.x2 > 2 * space
                    if colon or wide_gap:
                        value = _until_gap(rest[1:] if rest[0].text in (":", "=") else rest, space)
                        if value:
                            yield self.kind, value
                    continue
                value = _line_right(lines, index, label_words) or _line_below(lines, index, label_words)
                if value:
                    yield self.kind, value


def _until_gap(words: Sequence[Word], space: float) -> list[Word]:
    """Words from the first until a column gap (the next cell of a table row)."""
    value = list(words[:1])
    for word in words[1:]:
        if word.box.x1 - value[-1].box.x2 > 3 * space:
            break
        value.append(word)
    return value


def _line_right(lines: Lines, index: int, label: Sequence[Word]) -> list[Word]:
    """The value read as a separate line on the same row, right of the label (a form grid)."""
    top, bottom = min(w.box.y1 for w in label), max(w.box.y2 for w in label)
    height = median(w.box.height for w in label)
    right = label[-1].box.x2
    best: tuple[int, list[Word]] | None = None
    for other in lines:
        if not other or other is lines[index]:
            continue
        first = other[0]
        centre = (first.box.y1 + first.box.y2) / 2
        distance = first.box.x1 - right
        if top <= centre <= bottom and 0 < distance <= 25 * height and (best is None or distance < best[0]):
            best = (distance, list(other))
    return _until_gap(best[1], _space_width(best[1])) if best else []


def _line_below(lines: Lines, index: int, label: Sequence[Word]) -> list[Word]:
    """The words of the field under a label: the next line down that starts near it."""
    top = max(w.box.y2 for w in label)
    height = median(w.box.height for w in label)
    left = label[0].box.x1
    candidates = []
    for line in lines:
        if not line or line is lines[index]:
            continue
        gap = min(w.box.y1 for w in line) - top
        if 0 <= gap <= 3 * height:
            near = [w for w in line if left - 2 * height <= w.box.x1 <= left + 30 * height]
            if near:
                candidates.append((gap, near))
    if not candidates:
        return []
    _, words = min(candidates, key=lambda c: c[0])
    return _until_gap(words, _space_width(words))
