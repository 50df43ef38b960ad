"""The recognizer interface: find sensitive values in one line of OCR text.

A recognizer pairs a cheap pattern (which finds candidates) with a validator
(a checksum or a library's parser) that decides, like Presidio's
PatternRecognizer.validate_result. Matches carry character offsets into the
line so they can be mapped back to the words, and therefore the pixels, that
showed them. The matched text itself never leaves the detector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    kind: str


class Recognizer:
    kind: str = ""

    def find(self, text: str) -> Iterator[Match]:  # pragma: no cover - interface
        raise NotImplementedError


class PatternRecognizer(Recognizer):
    """Regex candidates, kept when :meth:`validate` accepts them."""

    patterns: tuple[re.Pattern[str], ...] = ()

    def validate(self, candidate: str) -> bool:
        return True

    def find(self, text: str) -> Iterator[Match]:
        for pattern in self.patterns:
            for m in pattern.finditer(text):
                if self.validate(m.group(0)):
                    yield Match(m.start(), m.end(), self.kind)


def dummy_digits(text: str) -> bool:
    """A placeholder's digits, no value's: all one digit ("0000 0000", "DE00 0000 0000 ..."), or at least 8
    counting up and starting again ("1234 1234 1234 1234", "123456789")."""
    digits = re.sub(r"\D", "", text)
    if len(digits) < 4:
        return False
    if len(set(digits)) == 1:
        return True
    return len(digits) >= 8 and all((int(b) - int(a)) % 10 == 1 or (a, b) == ("4", "1")
                                    for a, b in zip(digits, digits[1:]))
