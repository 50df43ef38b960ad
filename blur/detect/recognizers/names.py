"""People's names as UIs show them: "Laura Pike", "Laura J. Pike", "Pike, Laura", "Hi Megan,".

No NER model (none can be installed offline): a name is a known first name
followed by a known surname (optionally a middle name or initial between),
a surname, a comma and a first name, or a first name right after a greeting
("Hi", "Dear", "Thanks,"). Each candidate gets a score, and only those
scoring at least ``min_score`` are blurred:

- 0.9 for a first name and a surname written as names ("Laura Pike");
- 0.2 less when one of the two is also an everyday word ("Mark Thomas",
  "Will Smith"), 0.6 less when both are ("Rose Gold", "Mark Read", "Chase Bank");
- 0.2 less in lower case or capitals ("laura pike", "LAURA PIKE" on a card);
- 0.1 less for a first name only the international list knows, or a rare surname;
- 0.1 more with a middle initial ("Laura J. Pike");
- 0.7 for a first name and a word an ellipsis cuts ("Christopher Jim…").

A single word is never a name by itself, except after a greeting: a table
of products, months and plans stays sharp. Labels ("Full name", "Cardholder")
cover what the lists miss; see :mod:`blur.detect.rules.labels`.
"""

from __future__ import annotations

import re
from typing import Iterator

from .base import Match, Recognizer
from .name_lists import PLACE_PREFIXES, COMMON_WORDS, census_first_names, other_first_names, surname_ranks

#: A word of letters (apostrophes and hyphens inside: O'Brien, Smith-Jones).
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_INITIAL = re.compile(r"^[A-Z]$")
#: Words after which a first name follows ("Hi Megan,", "Thanks, Laura").
GREETINGS = frozenset({"hi", "hello", "hey", "dear", "thanks", "thank", "cheers", "regards", "welcome", "morning",
                       "afternoon", "evening", "bye", "congratulations", "congrats", "sincerely", "best"})
#: Words that may stand between a greeting and the name ("Thank you, Laura", "Welcome back, Tom").
_GREETING_FILLERS = frozenset({"you", "back", "again", "all"})
_TITLE = re.compile(r"^[A-Z](?:['’][A-Z])?[a-z]")
DEFAULT_MIN_SCORE = 0.5


def _style(word: str) -> str | None:
    """"title" (Laura, McDonald, O'Brien), "lower", "upper", "initial" (J), or None (iPhone, eBay)."""
    if len(word) == 1:
        return "initial" if word.isupper() else None
    if word.isupper():
        return "upper"
    if word.islower():
        return "lower"
    return "title" if _TITLE.match(word) else None


def _key(word: str) -> str:
    """The lists' spelling: "O'Brien" -> "Obrien", "MCDONALD" -> "Mcdonald"."""
    word = word.replace("'", "").replace("’", "")
    return word[:1].upper() + word[1:].lower()


class PersonNameRecognizer(Recognizer):
    kind = "name"

    def __init__(self, min_score: float = DEFAULT_MIN_SCORE) -> None:
        self.min_score = min_score
        self._first = census_first_names()
        self._other_first = other_first_names()
        self._surnames = surname_ranks()

    # -- scores of single words ---------------------------------------------------
    def _first_score(self, word: str) -> float:
        key = _key(word)
        if key in self._first:
            return 1.0
        if key in self._other_first:
            return 0.9
        return 0.0

    def _last_score(self, word: str) -> float:
        rank = self._surnames.get(_key(word))
        if rank is None:
            return 0.0
        return 1.0 if rank < 10_000 else 0.9

    def _pair_score(self, first: str, last: str, styles: set[str | None]) -> float:
        styles = styles - {"initial"}
        first_score = self._first_score(first)
        if first.lower() in PLACE_PREFIXES or styles != {"title"} and first_score < 1.0:
            return 0.0  # "San Francisco"; "you are" in lower case is not a name from the long list
        score = 0.9 - (1.0 - first_score) - (1.0 - self._last_score(last))
        common = (first.lower() in COMMON_WORDS) + (last.lower() in COMMON_WORDS)
        score -= (0.0, 0.2, 0.6)[common]
        if styles != {"title"}:
            score -= 0.2
        return round(score, 2)

    @staticmethod
    def _greeted(text: str, words: list[tuple[int, int, str]], i: int) -> bool:
        """Does a greeting ("Hi", "Thanks,", "Thank you,") come right before word ``i``?"""
        if i == 0 or text[words[i - 1][1] : words[i][0]] not in (" ", ", "):
            return False
        before = words[i - 1][2].lower()
        if before in GREETINGS:
            return True
        return before in _GREETING_FILLERS and i > 1 and words[i - 2][2].lower() in GREETINGS

    # -- the three shapes -------------------------------------------------------------
    def find(self, text: str) -> Iterator[Match]:
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
        taken_until = -1
        for i, (start, end, word) in enumerate(words):
            if start < taken_until:
                continue
            best = self._at(text, words, i)
            if best is not None and best[1] >= self.min_score:
                taken_until = best[0]
                yield Match(start, best[0], self.kind)

    def _at(self, text: str, words: list[tuple[int, int, str]], i: int) -> tuple[int, float] | None:
        """(end, score) of the best name starting at word ``i``."""
        start, end, word = words[i]
        style = _style(word)
        if style in (None, "initial") or self._first_score(word) == 0 and self._last_score(word) == 0:
            return None
        best: tuple[int, float] | None = None

        def rank(candidate: tuple[int, float]) -> tuple[bool, float]:
            """Sure enough candidates first, the longest of them; else the surest."""
            sure = candidate[1] >= self.min_score
            return sure, candidate[0] if sure else candidate[1]

        def consider(candidate_end: int, score: float) -> None:
            nonlocal best
            if best is None or rank((candidate_end, score)) > rank(best):
                best = (candidate_end, score)

        # First [Middle | Initial.] Last
        j, middle = i + 1, False
        while j < len(words) and j <= i + 3:
            gap = text[words[j - 1][1] : words[j][0]]
            if gap not in (" ", ". ") or (gap == ". " and not _INITIAL.match(words[j - 1][2])):
                break
            nxt = words[j][2]
            nstyle = _style(nxt)
            if nstyle is None:
                break
            if nstyle == "initial":
                middle = True
                j += 1
                continue
            if nstyle != style:
                break
            score = self._pair_score(word, nxt, {style, nstyle}) + (0.1 if middle else 0.0)
            if text[words[j][1] : words[j][1] + 1] in ("…", ".") and text[words[j][1] :].startswith(("…", "...")):
                # "Christopher Jim…": a surname an ellipsis cut is no word of the lists
                score = max(score, 0.7 - (1.0 - self._first_score(word)) - (0.2 if word.lower() in COMMON_WORDS else 0))
            consider(words[j][1], score)
            if self._first_score(nxt) == 0 and self._last_score(nxt) == 0:
                break
            middle = True
            j += 1
        # Last, First
        if i + 1 < len(words) and text[end : words[i + 1][0]] == ", ":
            nxt = words[i + 1][2]
            if _style(nxt) == style:
                score = self._pair_score(nxt, word, {style}) - 0.1
                consider(words[i + 1][1], score)
        # Greeting, First [Last]: after "Hi" or "Thanks," a surname is one even if it is a word too
        if style == "title" and self._first_score(word) > 0 and self._greeted(text, words, i):
            if text[end : end + 1] in ("", ",", "!", ".", " ", "\u2014", "-"):
                score = 0.9 - (0.3 if word.lower() in COMMON_WORDS else 0.0)
                consider(end, score)
                if i + 1 < len(words) and text[end : words[i + 1][0]] == " ":
                    nxt = words[i + 1][2]
                    if _style(nxt) == "title" and self._last_score(nxt) > 0:
                        consider(words[i + 1][1], score)
        return best
