from __future__ import annotations

import re

from .base import PatternRecognizer

# OCR often reads a space on either side of "@"; allow one.
_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*\s?@\s?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}\b"
)


class EmailRecognizer(PatternRecognizer):
    kind = "email"
    patterns = (_EMAIL,)
