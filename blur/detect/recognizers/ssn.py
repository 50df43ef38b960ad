from __future__ import annotations

import re

from stdnum.us import ssn

from .base import PatternRecognizer

# Only with separators: nine bare digits are too often something else.
_SSN = re.compile(r"(?<![\w-])\d{3}[- ]\d{2}[- ]\d{4}(?![\w-])")


class SsnRecognizer(PatternRecognizer):
    """US Social Security numbers; stdnum rejects never-issued ranges."""

    kind = "ssn"
    patterns = (_SSN,)

    def validate(self, candidate: str) -> bool:
        return ssn.is_valid(re.sub(r"[- ]", "", candidate))
