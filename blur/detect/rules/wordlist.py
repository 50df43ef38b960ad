"""A customer's deny list: names and terms blurred wherever OCR shows them.

Matching is case-insensitive and tolerant of small OCR errors (rapidfuzz's
normalised Levenshtein ratio against a threshold), over windows of as many
words as the term has (one fewer or more too, for OCR splitting or merging
words).
"""

from __future__ import annotations

import re
from typing import Iterator, Sequence

import numpy as np
from rapidfuzz import fuzz

from ...ocr.engine import Word
from . import Lines


def _norm(text: str) -> str:
    return re.sub(r"[^\w@.+-]", "", text.lower())


class DenyListRule:
    kind = "deny_list"

    def __init__(self, terms: Sequence[str], similarity: int) -> None:
        self._terms = [(_norm(t), len(t.split())) for t in terms if _norm(t)]
        self.similarity = similarity

    def find(self, lines: Lines, image: np.ndarray | None = None) -> Iterator[tuple[str, list[Word]]]:
        if not self._terms:
            return
        for line in lines:
            candidates = []  # (score, start, size)
            for term, n_words in self._terms:
                for size in {max(1, n_words - 1), n_words, n_words + 1}:
                    for start in range(0, len(line) - size + 1):
                        text = _norm("".join(w.text for w in line[start : start + size]))
                        score = fuzz.ratio(text, term) if text else 0
                        if score >= self.similarity:
                            candidates.append((score, -size, start))
            # Best matches first; a weaker window overlapping a better one
            # ("from Amadou Diallo" vs "Amadou Diallo") is dropped.
            taken: set[int] = set()
            for _, neg_size, start in sorted(candidates, reverse=True):
                span = set(range(start, start - neg_size))
                if span & taken:
                    continue
                taken |= span
                yield self.kind, list(line[start : start - neg_size])
