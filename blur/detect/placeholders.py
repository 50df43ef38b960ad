"""Form placeholders: sample values a page shows faintly in an empty field.

An empty "Mobile number" field shows "7400 123456", an empty postcode field
"SW1A 1AA", an empty CVV2 field "123": hints, not anyone's data, shown from
the first frame until the user types. They match the recognizers (and the
labels above them) all the same: covers over the sign-up recording's
placeholders were more than half of its over-blur. A value is taken for a
placeholder only when both hold:

- it is a well-known sample value: one of libphonenumber's example numbers
  (which phone-input widgets such as intl-tel-input show as their
  placeholder), a card-security-code hint, or a documented example postcode;
- it is drawn faintly: its ink has at most ``FAINT`` of the contrast of the
  strongest text on screen (placeholders are grey; what a user typed or an
  app shows as data is drawn in the text colour).

A typed "123" is drawn in the text colour and stays covered; a real number is
no example number.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

import cv2
import numpy as np
import phonenumbers

from ..box import Box
from ..ocr.engine import Word

#: Share of the strongest text contrast on screen up to which ink is faint (placeholder grey:
#: ink 114 on white beside text at 25 on the dev set's sign-up form; Chrome's default: 169).
FAINT = 0.7
#: Security-code hints ("CVV2 [123]").
CODE_HINTS = frozenset({"123", "1234"})
#: Example postcodes of the UK's own documentation of the format (Royal Mail, ONS).
POSTCODES = frozenset({"SW1A1AA", "EC1A1BB", "W1A0AX", "M11AE", "B338TH", "CR26XH", "DN551PT"})


@lru_cache(maxsize=1)
def _example_numbers() -> frozenset[str]:
    """Digits of libphonenumber's example numbers, national and with the country code."""
    found = set()
    for region in phonenumbers.SUPPORTED_REGIONS:
        for kind in range(12):  # PhoneNumberType's values
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None:
                national = str(number.national_number)
                found.update({national, f"{number.country_code}{national}"})
    return frozenset(found)


def is_sample_value(text: str) -> bool:
    """Is ``text`` (one field's words, a country-code picker's "+44" and a chevron
    included) a well-known sample value?"""
    compact = re.sub(r"[^0-9A-Za-z]", "", text).upper()
    if compact in CODE_HINTS or compact in POSTCODES:
        return True
    if not compact.isdigit() or len(compact) < 6:
        return False
    return compact in _example_numbers() or (compact.startswith("0") and compact[1:] in _example_numbers())


def contrast(luma: np.ndarray, box: Box) -> float:
    """Ink contrast in ``box``: how far its darkest (or lightest) pixel lies from its mean (a
    word's box is mostly background)."""
    height, width = luma.shape
    box = box.clip(width, height)
    if box.width <= 0 or box.height <= 0:
        return 0.0
    area = luma[box.y1 : box.y2, box.x1 : box.x2]
    low, high, _, _ = cv2.minMaxLoc(area)
    middle = float(cv2.mean(area)[0])
    return max(middle - low, high - middle)


#: Longest word of what stands around a field's value: a country-code picker before it ("+44"
#: and its flag and chevron, which OCR reads as a few stray letters: "maa", "t4ay"), the pointer
#: or an icon after it ("KAS", "Q").
STRAY = 5
COUNTRY_CODE = re.compile(r"^\+\d{1,3}$")


def _sample_words(found: Sequence[Word]) -> list[Word]:
    """The words of a field row that are a sample value, if some are and what stands around them
    is no more than a picker's short words before them and the pointer's after them."""
    words = [w for w in found if re.search(r"[0-9A-Za-z]", w.text)]
    span = _sample_span(tuple(w.text for w in words))
    return words[span[0] : span[1]] if span else []


@lru_cache(maxsize=16384)  # every value found on screen, in every analysed frame
def _sample_span(texts: tuple[str, ...]) -> tuple[int, int] | None:
    """:func:`_sample_words` on the words' texts: the sample's (start, end), if there is one."""
    for first in range(len(texts)):
        for last in range(len(texts) - 1, first - 1, -1):
            if is_sample_value(" ".join(texts[first : last + 1])):
                return first, last + 1
            if len(texts[last]) > STRAY:
                break
        if len(texts[first]) > STRAY:
            break
    return None


class PlaceholderCheck:
    """Tells placeholders among the values found on one screen (its strongest text contrast
    measured once, and only if a sample value is on it)."""

    def __init__(self, luma: np.ndarray | None, screen: Sequence[Word]) -> None:
        self._luma, self._screen = luma, screen
        self._strongest: float | None = None

    def __call__(self, found: Sequence[Word]) -> bool:
        """Are ``found`` (the words of one value) a sample value drawn faintly?"""
        value = _sample_words(found) if self._luma is not None else []
        if not value:
            return False
        if self._strongest is None:
            step = max(1, len(self._screen) // 400)  # a sample of a dense screen's words is enough
            self._strongest = max((contrast(self._luma, w.box) for w in self._screen[::step]), default=0.0)
        # A country code before the number is the picker's, drawn in the text colour; the
        # pointer over a word darkens that one (half the words faint: a placeholder).
        own = [w for w in value if not COUNTRY_CODE.match(w.text)] or value
        faint = sum(contrast(self._luma, w.box) <= FAINT * self._strongest for w in own)
        return self._strongest > 0 and 2 * faint >= len(own)
