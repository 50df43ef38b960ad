"""PEM private key blocks: every line from BEGIN ... PRIVATE KEY to its END line."""

from __future__ import annotations

import re
from typing import Iterator

import numpy as np

from ...ocr.engine import Word
from . import Lines

_BEGIN = re.compile(r"BEGIN[A-Z ]*PRIVATE\s*KEY")
_END = re.compile(r"END[A-Z ]*PRIVATE\s*KEY")
_BASE64 = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


def _base64ish(text: str) -> bool:
    """A line of key body, allowing for OCR noise (a stray '.', a split word)."""
    return len(text) >= 16 and sum(c in _BASE64 for c in text) >= 0.85 * len(text)


class PrivateKeyRule:
    """Covers the whole block; if the END line is not on screen, every
    base64-looking line below the BEGIN line (the key runs off screen)."""

    kind = "private_key"

    def find(self, lines: Lines, image: np.ndarray | None = None) -> Iterator[tuple[str, list[Word]]]:
        ordered = sorted((line for line in lines if line), key=lambda ln: min(w.box.y1 for w in ln))
        inside = False
        for line in ordered:
            text = " ".join(w.text for w in line)
            compact = text.replace(" ", "")
            if _BEGIN.search(text.upper()):
                inside = True
                yield self.kind, list(line)
                continue
            if inside:
                if _END.search(text.upper()):
                    inside = False
                    yield self.kind, list(line)
                elif _base64ish(compact):
                    yield self.kind, list(line)
                else:
                    inside = False
