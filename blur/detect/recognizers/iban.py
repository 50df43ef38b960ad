from __future__ import annotations

import re
from typing import Iterator

from stdnum import iban
from stdnum.exceptions import InvalidChecksum, ValidationError

from .base import Match, Recognizer, dummy_digits

_CANDIDATE = re.compile(r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}\b")
# Printed in groups of four, as IBANs are on screen, with the check digits misread
# ("DEG 1900 2037 1253 3758 39", "DE@2 0689 ..." in a small monospace font): its shape
# alone says what it is.
# A bank code in letters may follow ("NLIS RWEL 1477 8559 87": the Dutch "15" read "IS"), as
# long as two groups are digits.
_PRINTED = re.compile(r"(?<!\S)[A-Z]{2}[^\s]{1,2}(?: \d{4}(?: \d{4}){2,6}| [A-Z]{4} \d{4}(?: \d{4}){1,6})(?: \d{1,4})?\b")


def _iban_shaped(candidate: str) -> bool:
    """Valid, or right in country, length and format with only the checksum off (a misread)."""
    try:
        iban.validate(candidate)
    except InvalidChecksum:
        return True
    except ValidationError:
        return False
    return True


class IbanRecognizer(Recognizer):
    """IBANs by country format and length (python-stdnum); checksum errors still count.

    A value with the exact shape of an IBAN of its country whose ISO 7064
    checksum fails is most likely a misread digit: it is blurred (fail closed).
    The candidate pattern is greedy and may swallow the next word, so the
    longest prefix (at a space) that fits is taken.
    """

    kind = "iban"

    def find(self, text: str) -> Iterator[Match]:
        # Not a form's placeholder ("DE00 0000 0000 0000 0000 00").
        printed = [(m.start(), m.end()) for m in _PRINTED.finditer(text) if not dummy_digits(m.group(0)[2:])]
        yield from (Match(start, end, self.kind) for start, end in printed)
        for m in _CANDIDATE.finditer(text):
            chunk = m.group(0)
            ends = [len(chunk)] + [i for i in range(len(chunk) - 1, 14, -1) if chunk[i] == " "]
            for end in ends:
                if _iban_shaped(chunk[:end]) and not dummy_digits(chunk[2:end]):
                    if not any(s <= m.start() and m.start() + end <= e for s, e in printed):
                        yield Match(m.start(), m.start() + end, self.kind)
                    break
