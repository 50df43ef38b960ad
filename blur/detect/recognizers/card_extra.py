"""Card security codes and expiry dates, only where a label says what they are."""

from __future__ import annotations

import re

from .base import Match, Recognizer

_CVC = re.compile(r"(?i)\b(?:cvc2?|cvv2?|csc|cid|security code|card code)\b\W{0,3}(\d{3,4})\b")
_EXPIRY = re.compile(
    r"(?i)\b(?:exp(?:iry|iration)?(?: date)?|valid (?:thru|through)|good thru|mm ?/ ?yy(?:yy)?)\b\W{0,3}"
    r"((?:0[1-9]|1[0-2]) ?[/-] ?(?:\d{4}|\d{2}))\b"
)


class CardExtraRecognizer(Recognizer):
    kind = "card_extra"

    def find(self, text: str):
        for pattern in (_CVC, _EXPIRY):
            for m in pattern.finditer(text):
                yield Match(m.start(1), m.end(1), self.kind)
