"""Customer patterns, compiled with RE2: linear time, so no regex can hang a worker."""

from __future__ import annotations

from typing import Any, Iterator

import re2

from .base import Match, Recognizer


def compile_re2(regex: str) -> Any:
    options = re2.Options()
    options.log_errors = False  # RE2 would print the pattern to stderr
    try:
        return re2.compile(regex, options)
    except re2.error as exc:
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise ValueError(
            f"not a valid RE2 pattern ({reason}); RE2 has no backreferences or lookaround"
        ) from None


class CustomPatternRecognizer(Recognizer):
    def __init__(self, name: str, regex: str) -> None:
        self.kind = name
        self._pattern = compile_re2(regex)

    def find(self, text: str) -> Iterator[Match]:
        for m in self._pattern.finditer(text):
            if m.end() > m.start():
                yield Match(m.start(), m.end(), self.kind)
