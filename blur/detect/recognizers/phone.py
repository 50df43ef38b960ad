from __future__ import annotations

from typing import Iterator, Sequence

import phonenumbers

from .base import Match, Recognizer


class PhoneRecognizer(Recognizer):
    """Phone numbers that libphonenumber finds *and* validates for a region."""

    kind = "phone"

    def __init__(self, regions: Sequence[str]) -> None:
        self.regions = tuple(regions) or ("US",)

    def find(self, text: str) -> Iterator[Match]:
        seen: set[tuple[int, int]] = set()
        for region in self.regions:
            for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
                if (m.start, m.end) not in seen:
                    seen.add((m.start, m.end))
                    yield Match(m.start, m.end, self.kind)
