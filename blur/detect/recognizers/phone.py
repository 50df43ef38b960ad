"""Phone numbers: by the shape people write them in, not by whether they are in service.

libphonenumber's ``VALID`` check skipped most numbers on staging and test
systems ("(212) 155-0123", "+1 123-456-7890": no such area code or
exchange), yet those are shown next to real people's names all the same.
A number written in a phone format is blurred: NANP ``(212) 555-0123``,
``212.555.0123``, ``212 555 0123`` (with ``x214``/``ext. 53``), anything
written with a ``+`` country code, national numbers with a trunk ``0``
(``020 7946 0083``, ``030 1234567``), and whatever libphonenumber validates
for the configured regions.

Kept sharp: groups of a longer number (a card, an IBAN, a tracking number:
a digit group right before or after the match), dates, times, versions and
ids (other separators or digit counts), and toll-free numbers (800, 0800...),
which are businesses' public lines, never a person's.
"""

from __future__ import annotations

import re
from typing import Iterator, Sequence

import phonenumbers

from .base import Match, Recognizer

_SEP = r"[ .\-\u2010-\u2013]"
# "ext." takes whatever follows it: its digits may be misread (a pointer over them: "ext. RE"),
# and so may the marker itself ("ex." with the pointer over its "t").
_EXT = r"(?:\s?(?:x\s?\d{1,6}|(?:ext\.?|ex\.|xt\.|extension)\s?\S{1,6}))?"
# Not inside a longer run of digit groups, a word or a path.
_BEFORE = r"(?<![\w+/@])(?<!\d[ .\-])"
_AFTER = r"(?![\w/@]|[ .\-]\d)"
_SHAPES = re.compile(
    _BEFORE
    + "(?:"
    + rf"(?:\+?1{_SEP}?)?(?:\(\d{{3}}\)\s?|\d{{3}}{_SEP})\d{{3}}{_SEP}\d{{4}}{_EXT}"  # NANP
    + rf"|\+[1-9]\d{{0,2}}(?:{_SEP}?\(?\d{{1,5}}\)?){{2,6}}{_EXT}"  # international, with +
    + rf"|\(?0[1-9]\d{{0,3}}\)?(?:[ \-/]\d{{2,8}}){{1,4}}"  # national, trunk 0 (no dots: dates)
    + ")"
    + _AFTER
)
_SSN_SHAPE = re.compile(r"^\d{3}[ -]\d{2}[ -]\d{4}$")
#: A calendar date (day, month and a year of this or the last century, either order), which
#: libphonenumber validates as a German or Austrian number: "05.06.2025", "06.09.2024".
_DATE = re.compile(r"^(?:(?:0?[1-9]|[12]\d|3[01])([./-])(?:0?[1-9]|1[0-2])\1(?:19|20)\d{2}"
                   r"|(?:0?[1-9]|1[0-2])([./-])(?:0?[1-9]|[12]\d|3[01])\2(?:19|20)\d{2}"
                   r"|(?:19|20)\d{2}([./-])(?:0?[1-9]|1[0-2])\3(?:0?[1-9]|[12]\d|3[01]))$")


def _in_longer_number(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` a run of digit groups inside a longer number (or a date and a
    time: "2625-63-14 09" of "2625-63-14 09:11:58", a misread date, is a valid US number)?"""
    return bool(re.search(r"\d[ .\-:]?$", text[:start]) or re.match(r"[ .\-:]?\d", text[end:]))


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in re.split(r"(?i)x|ext", text)[0])


class PhoneRecognizer(Recognizer):
    """Phone-shaped numbers, plus what libphonenumber validates for ``regions``; toll-free ones excepted."""

    kind = "phone"

    def __init__(self, regions: Sequence[str]) -> None:
        self.regions = tuple(regions) or ("US",)

    def find(self, text: str) -> Iterator[Match]:
        spans: list[tuple[int, int]] = []
        for m in _SHAPES.finditer(text):
            digits = _digits(m.group(0))
            plus = m.group(0).startswith("+")
            if (8 if plus else 9) <= digits <= 15 and not _SSN_SHAPE.match(m.group(0)):
                spans.append((m.start(), m.end()))
        if any(ch.isdigit() for ch in text):
            for region in self.regions:
                for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
                    if not _in_longer_number(text, m.start, m.end):
                        spans.append((m.start, m.end))
        taken: list[tuple[int, int]] = []
        for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
            if any(s <= start and end <= e for s, e in taken):
                continue
            if self._toll_free(text[start:end]) or _DATE.match(text[start:end]):
                continue
            taken.append((start, end))
            yield Match(start, end, self.kind)

    def _toll_free(self, number: str) -> bool:
        for region in self.regions if not number.startswith("+") else (None,):
            try:
                parsed = phonenumbers.parse(number, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.TOLL_FREE:
                return True
        return False
