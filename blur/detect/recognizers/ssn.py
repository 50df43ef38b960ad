from __future__ import annotations

import re
from typing import Iterator

from stdnum.us import ssn

from .base import Match, PatternRecognizer

# Only with separators: nine bare digits are too often something else.
_SSN = re.compile(r"(?<![\w-])\d{3}[- ]\d{2}[- ]\d{4}(?![\w-])")
# Its first two groups, read whole, and a damaged rest: the mouse pointer over the last
# digits ("699-36-3(R0", "699-36-36',)", "699-36" + "590"). The groups must be a valid
# area and group number; the ink after them is covered with them (see ink_run).
_DAMAGED = re.compile(r"(?<![\w-])(\d{3})-(\d{2})(?:-(\S{0,6}))?(?=\s|$)")


class SsnRecognizer(PatternRecognizer):
    """US Social Security numbers; stdnum rejects never-issued ranges. A number whose
    last group OCR could not read (a pointer over it) still counts: fail closed."""

    kind = "ssn"
    patterns = (_SSN,)

    def validate(self, candidate: str) -> bool:
        return ssn.is_valid(re.sub(r"[- ]", "", candidate))

    def find(self, text: str) -> Iterator[Match]:
        yield from super().find(text)
        for m in _DAMAGED.finditer(text):
            area, group, rest = m.groups()
            if rest is not None and rest.isdigit() and len(rest) == 4:
                continue  # a whole number: decided above
            if area not in ("000", "666") and area < "900" and group != "00":
                yield Match(m.start(), m.end(), self.kind)
