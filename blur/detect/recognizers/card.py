from __future__ import annotations

import re

from stdnum import luhn

from .base import PatternRecognizer

# Characters OCR confuses with digits on screen fonts.
CONFUSABLE_DIGITS = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "|": "1",
                                   "i": "1", "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "G": "6"})
_DIGITISH = "0-9OoDQIl|iSsBZzG"
# 13-19 digit-like characters, optionally separated by single spaces or dashes.
_CANDIDATE = re.compile(rf"(?<![\w])[{_DIGITISH}](?:[ -]?[{_DIGITISH}]){{12,18}}(?![\w])")
_GROUPED_16 = re.compile(r"^\d{4}([ -])\d{4}\1\d{4}\1\d{4}$")


class CardRecognizer(PatternRecognizer):
    """Payment card numbers (PAN).

    Accepts a candidate whose digits pass the Luhn check after undoing OCR
    confusions, and also (fail closed) any 16 digits written in 4-4-4-4
    groups: a card with one misread digit fails Luhn but still looks, and is,
    a card number.
    """

    kind = "card"
    patterns = (_CANDIDATE,)

    def validate(self, candidate: str) -> bool:
        normalised = candidate.translate(CONFUSABLE_DIGITS)
        digits = re.sub(r"[ -]", "", normalised)
        if not digits.isdigit() or not 13 <= len(digits) <= 19:
            return False
        # Mostly letters is a word, not a misread number.
        if sum(ch.isdigit() for ch in candidate) < len(digits) * 0.75:
            return False
        if len(set(digits)) == 1:
            return False
        return luhn.is_valid(digits) or bool(_GROUPED_16.match(normalised))
