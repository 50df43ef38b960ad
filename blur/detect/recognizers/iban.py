from __future__ import annotations

import re
from typing import Iterator

from stdnum import iban

from .base import Match, Recognizer

_CANDIDATE = re.compile(r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}\b")


class IbanRecognizer(Recognizer):
    """IBANs with a valid ISO 7064 checksum and country format (python-stdnum).

    The candidate pattern is greedy and may swallow the next word, so the
    longest prefix (at a space) that validates is taken.
    """

    kind = "iban"

    def find(self, text: str) -> Iterator[Match]:
        for m in _CANDIDATE.finditer(text):
            chunk = m.group(0)
            ends = [len(chunk)] + [i for i in range(len(chunk) - 1, 14, -1) if chunk[i] == " "]
            for end in ends:
                if iban.is_valid(chunk[:end]):
                    yield Match(m.start(), m.start() + end, self.kind)
                    break
