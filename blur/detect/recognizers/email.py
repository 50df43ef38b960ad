from __future__ import annotations

import re
from typing import Iterator

from .base import Match, PatternRecognizer

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
# Cut inside its domain where the line ends, the ellipsis lost by OCR: a narrow cell's
# "keith.mcdonald@marquez-m". Only what a cell cuts short (16 characters or more: not a
# "root@host" login), with letters before the "@" ("lodash@4.17.21" is a package's version)
# and a domain of lower-case letters (not a token or an id OCR misread a character of as "@":
# "AT@5wZSxzXomMKU4S2buiE1V", "ad67f856-b93a-40c8-a2e0-7@ee9ab82194").
_EMAIL_CUT = re.compile(r"(?<![\w.%+-])(?=[^\s@]*@\S{2})(?=\S{16})"
                        r"[A-Za-z0-9._%+-]*[A-Za-z][A-Za-z0-9._%+-]*@[a-z.-]*[a-z][a-z.-]*$")


#: A URL's scheme and user info right before the match (no "/" yet: an address in the URL's
#: path or query is one): the "user@host" of "postgres://app:secret@db.internal" is a login
#: and a host, no address (the password in it is the secret recognizer's). OCR may put a space
#: after the "//" and after the ":" ("postgres: //app: POdXMX! 5PXT...").
_IN_URL = re.compile(r"[a-z][a-z0-9+.-]*:{1,2} ?// ?[^\s/@]*(?: [^\s/@]+){0,2}$", re.IGNORECASE)


class EmailRecognizer(PatternRecognizer):
    kind = "email"
    patterns = (_EMAIL, _EMAIL_TRUNCATED, _EMAIL_OPEN, _EMAIL_CUT)

    def find(self, text: str) -> Iterator[Match]:
        taken: list[Match] = []
        for match in super().find(text):
            if any(t.start <= match.start and match.end <= t.end for t in taken):
                continue  # one address, two patterns
            if not _IN_URL.search(text[: match.start]):
                taken.append(match)
                yield match
