from __future__ import annotations

import re

from stdnum import luhn

from .base import PatternRecognizer, dummy_digits

# Characters OCR confuses with digits on screen fonts.
CONFUSABLE_DIGITS = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "|": "1",
                                   "i": "1", "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "G": "6"})
_DIGITISH = "0-9OoDQIl|iSsBZzG"
# 13-19 digit-like characters, optionally separated by single spaces or dashes.
# Not a run of groups inside a longer number (a parcel tracking number, an IBAN).
_CANDIDATE = re.compile(rf"(?<![\w])(?<!\d[ -])[{_DIGITISH}](?:[ -]?[{_DIGITISH}]){{12,18}}(?![\w])(?![ -]\d)")
_GROUPED_16 = re.compile(r"^\d{4}([ -])\d{4}\1\d{4}\1\d{4}$")
# Amex 4-6-5 and Diners 4-6-4 groupings.
_GROUPED_AMEX_DINERS = re.compile(r"^\d{4}([ -])\d{6}\1\d{4,5}$")


def known_issuer(digits: str) -> bool:
    """Does the number start with a payment network's issuer range (IIN) at a length it issues?"""
    n = len(digits)
    two, three, four, six = int(digits[:2]), int(digits[:3]), int(digits[:4]), int(digits[:6])
    return (
        (digits[0] == "4" and n in (13, 16, 19))  # Visa
        or (51 <= two <= 55 and n == 16) or (222100 <= six <= 272099 and n == 16)  # Mastercard
        or (two in (34, 37) and n == 15)  # American Express
        or ((four == 6011 or 644 <= three <= 649 or two == 65) and n in (16, 19))  # Discover
        or (3528 <= four <= 3589 and 16 <= n <= 19)  # JCB
        or ((300 <= three <= 305 or two in (36, 38, 39)) and 14 <= n <= 19)  # Diners Club
        or (two == 62 and 16 <= n <= 19)  # UnionPay
        or ((two == 50 or 56 <= two <= 69) and 12 <= n <= 19)  # Maestro
    )


def is_card_number(digits: str) -> bool:
    """Luhn-valid and in a known issuer's range: a card, however it is written."""
    return luhn.is_valid(digits) and known_issuer(digits)


class CardRecognizer(PatternRecognizer):
    """Payment card numbers (PAN).

    Accepts a candidate whose digits, after undoing OCR confusions, pass the
    Luhn check and start with a known issuer range. Written in a card's own
    grouping (4-4-4-4, Amex 4-6-5, Diners 4-6-4) it is accepted even when a
    misread digit breaks Luhn (fail closed): it still looks, and is, a card.
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
        if dummy_digits(digits):
            return False  # a form's placeholder: "1234 1234 1234 1234", "0000 0000 0000 0000"
        if _GROUPED_16.match(normalised):
            return True
        if _GROUPED_AMEX_DINERS.match(normalised) and known_issuer(digits):
            return True
        return is_card_number(digits)
