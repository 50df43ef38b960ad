"""Postal addresses, line by line: street lines, city/state/ZIP lines, postcodes.

Screens break an address over lines ("1042 Maple Grove Suite 12" /
"Springfield, IL 62704"), and OCR reads each line on its own, so each kind
of line is recognised by itself:

- US/UK street lines ("221B Baker Street", "57017 Arias Lodge Suite 858",
  "3 Park Ave Apt. 4"): pyap2's street grammar, built on the USPS
  street-suffix list (a number, a name, a suffix, an optional unit);
- a street or city line cut by an ellipsis ("1693 Schmidt Co…", "Port Breannaborough, OH 45…"),
  also when OCR lost the ellipsis of a ZIP cut at the line's end ("Port Breannaborough, OH 45");
- continental streets: "Hauptstraße 5", "12 rue de la Paix", "Calle Mayor 7";
- "City, ST 12345" (US states and territories) and "Toronto, ON M5V 2T6";
- UK postcodes ("SW1A 1AA", "L1A 1EH"), written with their space.

The rest of a block (a bare town name, a country) is covered through its
label ("Address", "Ship to") or not at all; see :mod:`blur.detect.rules.labels`.
"""

from __future__ import annotations

import re
from typing import Iterator

from pyap.source_US import data as us_grammar

from .base import Match, Recognizer

_US_STREET = re.compile(us_grammar.full_street, re.VERBOSE | re.UNICODE)

_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
    "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI FM MH PW AA AE AP"
).split()
_PROVINCES = "AB BC MB NB NL NS NT NU ON PE QC SK YT".split()
_PLACE = r"[A-Z][A-Za-z.'\-]+(?: [A-Z][A-Za-z.'\-]+){0,3}"
_CITY_LINE = re.compile(
    rf"(?<![\w])(?:{_PLACE}),? (?:(?:{'|'.join(_STATES)})\.? \d{{5}}(?:-\d{{4}})?(?![\d-])"
    rf"|(?:{'|'.join(_PROVINCES)}) [A-Z]\d[A-Z] ?\d[A-Z]\d(?!\w))"
)
_UK_POSTCODE = re.compile(
    r"(?<![\w-])(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) \d[ABD-HJLNP-UW-Z]{2}(?![\w-])"
)
_ELLIPSIS = r"\s?(?:…|\.\.\.)"
_CUT_STREET = re.compile(rf"(?<![\w.,/-])\d{{1,6}}[A-Z]? (?:[A-Z][a-z]+\.? ){{0,4}}(?:[A-Z][a-z]*|\d{{1,5}}){_ELLIPSIS}")
_CUT_CITY_LINE = re.compile(
    rf"(?<![\w])(?:{_PLACE}), (?:(?:{'|'.join(_STATES + _PROVINCES)})\.?(?: [\dA-Z]{{0,6}})?|[A-Z]?){_ELLIPSIS}"
)
#: A city line a cell cut inside its ZIP whose ellipsis OCR did not read ("Port
#: Breannaborough, OH 45" at the end of the line's text).
_CUT_ZIP_LINE = re.compile(rf"(?<![\w])(?:{_PLACE}), (?:{'|'.join(_STATES)})\.? \d{{1,4}}$")
_CONTINENTAL = re.compile(
    r"(?<!\w)(?:"
    r"[A-ZÄÖÜ][\wäöüß\-]*(?:straße|strasse|str\.|weg|allee|platz|gasse|damm|ufer|chaussee) \d{1,4}[a-z]?(?!\w)"
    r"|\d{1,4}(?: ?(?:bis|ter))?,? (?:rue|avenue|boulevard|bd|place|chemin|allée|impasse|quai) [\w'’ -]{2,40}"
    r"|(?:Calle|Avenida|Via|Viale|Piazza|Corso|Rua|Plaza|Paseo) [A-Z][\w'’ ]{1,40},? \d{1,4}(?!\w)"
    r")"
)


class AddressRecognizer(Recognizer):
    kind = "address"

    def find(self, text: str) -> Iterator[Match]:
        if not any(ch.isdigit() for ch in text):
            if "…" in text or "..." in text:  # a city line an ellipsis cut before its ZIP
                yield from (Match(m.start(), m.end(), self.kind) for m in _CUT_CITY_LINE.finditer(text))
            return
        spans: list[tuple[int, int]] = []
        for m in _US_STREET.finditer(text):
            start, end = m.span()
            while end > start and text[end - 1] in " ,":
                end -= 1
            # A street line starts with its number ("route" alone, a word of a log line, is none).
            if end > start and text[start].isdigit() and _street_number_starts(text, start) and _plausible_street(m):
                spans.append((start, end))
        for pattern in (_CITY_LINE, _UK_POSTCODE, _CUT_STREET, _CUT_CITY_LINE, _CUT_ZIP_LINE, _CONTINENTAL):
            spans.extend(m.span() for m in pattern.finditer(text))
        taken: list[tuple[int, int]] = []
        for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
            if any(s <= start and end <= e for s, e in taken):
                continue
            taken.append((start, end))
            yield Match(start, end, self.kind)


def _plausible_street(match: re.Match) -> bool:
    """Is what the street grammar matched written as a street name is? The grammar takes any
    words between a number and a suffix: a log line cut by a crop ("6 From github. cor", the
    tail of a timestamp, a host name and "cor" for "corner") held a cover for 145 frames. A
    name is written in one case with its suffix ("Maple Grove", "main st"), and none of its
    words ends in a full stop but an abbreviation's ("St.", "Mt.")."""
    groups = match.groupdict()
    names = " ".join(v for k, v in groups.items() if k.startswith("street_name") and v).split()
    suffixes = [v.strip() for k, v in groups.items() if k.startswith("street_type") and v]
    if any(len(word) > 4 and word.endswith(".") for word in names):
        return False
    lower_suffix = any(s[:1].islower() for s in suffixes)
    return not (lower_suffix and any(word[:1].isupper() for word in names))


def _street_number_starts(text: str, start: int) -> bool:
    """The street match begins a word (not the tail of "ORD-771203 Main St")."""
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "-/#.")

