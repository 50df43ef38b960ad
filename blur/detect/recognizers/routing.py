"""US bank (ABA) routing numbers: checksum, and only beside a routing keyword.

Nine digits with a valid ABA checksum are common by chance (about one in
ten), so the line must say what the number is.
"""

from __future__ import annotations

import re
from typing import Iterator

from stdnum.us import rtn

from .base import Match, Recognizer

_KEYWORD = re.compile(r"(?i)\b(?:routing|aba|rtn|transit)\b")
_NINE = re.compile(r"(?<![\d-])\d{9}(?![\d-])")


class RoutingNumberRecognizer(Recognizer):
    kind = "routing"

    def find(self, text: str) -> Iterator[Match]:
        if not _KEYWORD.search(text):
            return
        for m in _NINE.finditer(text):
            if rtn.is_valid(m.group(0)):
                yield Match(m.start(), m.end(), self.kind)
