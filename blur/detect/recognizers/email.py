from __future__ import annotations

import re

from .base import PatternRecognizer

# OCR often reads a space on either side of "@", and after the dot before a lower-case
# top-level domain ("thomas@hotmail. com" in a monospace log); allow one.
_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*\s?@\s?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.(?:\s?[a-z]{2,24}|[A-Za-z]{2,24})\b"
)

# Cut short by an ellipsis (a narrow cell or chip): "maria.k@exampl…", "maria.k@exa...", "maria.k@…";
# OCR often reads an ellipsis right after the "@" as one dot: "andrew.guzman@.".
_EMAIL_TRUNCATED = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@(?:(?:[A-Za-z0-9][A-Za-z0-9.-]*)?(?:…|\.\.\.?)|[.,](?!\S))")
# The local part alone, cut where the view or the line ends: "anna.k@", "first.last@".
_EMAIL_OPEN = re.compile(r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*[A-Za-z0-9]@$")


class EmailRecognizer(PatternRecognizer):
    kind = "email"
    patterns = (_EMAIL, _EMAIL_TRUNCATED, _EMAIL_OPEN)
