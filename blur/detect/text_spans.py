"""Map recognizer matches in OCR lines back to pixel boxes.

Words of one OCR line are joined with single spaces; a match covers every
word whose characters it touches, so a value split over several words (a
card in four groups) is blurred whole, and a value glued to a label in one
OCR word ("Email:john@x.io") blurs that whole word: more, never less.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from functools import lru_cache
from statistics import median
from typing import Iterable, Iterator, Sequence

from ..box import Box, union_all
from ..config import PaddingConfig
from ..ocr.engine import Word
from .recognizers import Match, Recognizer
from .recognizers.card import is_card_number


#: Kinds whose values are long opaque tokens that OCR sometimes splits in two
#: ("sk_live_51Hc" "XyZa8b"): the pattern matches the first part only.
TOKEN_KINDS = {"api_key", "jwt"}
#: Kinds whose match runs on over the token fragments after it: tokens, and secrets found by context.
EXTENDING_KINDS = TOKEN_KINDS | {"secret"}
_QUOTES = "'\"`,;()[]{}\\‘’“”"
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+/=.")


@lru_cache(maxsize=16384)  # every pair of neighbouring words on screen, in every analysed frame
def _looks_like_token_fragment(text: str) -> bool:
    """A continuation of a token, not an ordinary word: digits or inner capitals (quotes and
    punctuation around it, as in a shell command, do not count). One character in ten may be
    a misread one ("]" for "l" in "TYsImV4cCIGMTCOMTKSN]k5MnO")."""
    text = text.strip(_QUOTES)
    if len(text) < 3 or not _token_chars(text):
        return False
    if "=" in text.rstrip("="):
        return False  # "NAME=value" starts a line of its own; a token has "=" only as padding
    return any(c.isdigit() for c in text) or any(c.isupper() for c in text[1:])


@lru_cache(maxsize=16384)
def _token_chars(text: str) -> bool:
    """Written in a token's alphabet (quotes around it aside), one misread character in ten."""
    text = text.strip(_QUOTES)
    return bool(text) and sum(c not in _TOKEN_CHARS for c in text) <= len(text) // 10


#: Characters OCR reads as words of their own inside a token ("xoxb-8181" "-" "4045...").
_JOINERS = frozenset("-_./+:")


def _piece(text: str) -> bool:
    """A lone "-" or "." or a piece of one or two characters OCR split off inside a token
    ("YW1sI;" "03" "bHRob21h...")."""
    return text in _JOINERS or (len(text.strip(_QUOTES)) < 3 and _token_chars(text))


def _extend_token(line: Sequence[Word], last: int) -> int:
    """Index of the last word that continues the token ending at word ``last`` (over a
    short piece OCR split off between two of its parts)."""
    while last + 1 < len(line):
        here = line[last]
        step = 2 if _piece(line[last + 1].text) and last + 2 < len(line) else 1
        nxt = line[last + step]
        # The wider of the two words' characters (a short word's box says little), and a
        # little more than a space: OCR splits a token after a "." with a space's gap.
        char_width = max(w.box.width / max(len(w.text), 1) for w in (here, nxt))
        parts = line[last : last + step + 1]
        gap = max(b.box.x1 - a.box.x2 for a, b in zip(parts, parts[1:]))
        if gap > 2.5 * char_width or not _looks_like_token_fragment(nxt.text):
            break
        last += step
    return last


def _extend_token_back(line: Sequence[Word], first: int) -> int:
    """Index of the first word of the token whose match starts at word ``first``: OCR splits a
    token at wide glyphs ("-xcTr" "FAXVJbr" "9CRq2dhKydXoNPT2wXYNONAZE3FU"), and the pattern
    may match only the long part. Not back over a key's name or an ordinary word."""
    while first > 0:
        here, before = line[first], line[first - 1]
        char_width = max(w.box.width / max(len(w.text), 1) for w in (here, before))
        name = before.text.lstrip(_QUOTES)
        if (here.box.x1 - before.box.x2 > 2.5 * char_width or not _looks_like_token_fragment(before.text)
                or ENV_NAME.match(name) or _NEW_ENTRY.match(name)):
            break
        first -= 1
    return first


def group_lines(words: Iterable[Word]) -> list[list[Word]]:
    lines: dict[tuple[int, ...], list[Word]] = defaultdict(list)
    for word in words:
        lines[word.line].append(word)
    return [sorted(ws, key=lambda w: w.box.x1) for _, ws in sorted(lines.items())]


def line_text(words: Sequence[Word], sep: str = " ") -> tuple[str, list[tuple[int, int]]]:
    """The line's text (words joined by ``sep``) and each word's ``[start, end)`` character span in it."""
    parts, spans, pos = [], [], 0
    for word in words:
        spans.append((pos, pos + len(word.text)))
        parts.append(word.text)
        pos += len(word.text) + len(sep)
    return sep.join(parts), spans


#: A word box taller than this many times its line's band holds ink of the lines around it.
TALL = 1.6


def _typical_height(line: Sequence[Word], others: Sequence[Box]) -> int:
    """The height of text around a value: the median over its line's words and the words of
    the lines near it (a word box can only be too tall, and in a line of two words one too
    tall one would be half the vote: its neighbours outvote it)."""
    heights = [w.box.height for w in line if len(w.text) >= 3] + [o.height for o in others]
    return int(median(heights)) if heights else 0


def in_band(box: Box, line: Sequence[Word], others: Sequence[Box] = ()) -> Box:
    """``box`` kept to its line's band where it is much taller. Tesseract sometimes gives a
    word a box two lines tall (punctuation, "//", a key name glued to its value on a log
    line), and the cover (and the ink it is grown over) then took in the lines around it.
    A line of two words is trusted with this only where the extra height reaches into
    another line's words (a word in a larger font beside small ones is no such box)."""
    if len(line) < 2:
        return box
    top, bottom = line_band(line, _typical_height(line, others))
    if bottom <= top or box.height <= TALL * (bottom - top):
        return box
    if len(line) < 3 and not any(o.x1 < box.x2 and box.x1 < o.x2
                                 and ((o.y1 < top and box.y1 < o.y2) or (o.y2 > bottom and o.y1 < box.y2))
                                 for o in others):
        return box
    return Box(box.x1, max(box.y1, top), box.x2, min(box.y2, bottom))


def padded_box(words: Sequence[Word], padding: PaddingConfig, line: Sequence[Word] = (),
               core: Box | None = None, others: Sequence[Box] = ()) -> Box:
    """The words' box (or ``core``, the ink they belong to) grown by the configured padding
    (text heights / character widths).

    Sideways, padding stops at the middle of the gap to a neighbouring word of
    the same line that is not being covered, so the next word stays sharp;
    up and down, at the middle of the gap to the words of ``others`` (the
    other lines' words) above and below, so tightly set lines stay sharp.
    """
    whole = core or union_all(w.box for w in words)
    assert whole is not None
    box = in_band(whole, line, others)
    text_height = median(w.box.height for w in words) if box == whole else box.height
    chars = sum(len(w.text) for w in words)
    char_width = sum(w.box.width for w in words) / max(chars, 1)
    padded = box.pad(padding.horizontal * char_width, padding.vertical * text_height)
    left = [w.box.x2 for w in line if w.box.x2 <= box.x1 and w not in words]
    right = [w.box.x1 for w in line if w.box.x1 >= box.x2 and w not in words]
    x1 = max(padded.x1, (max(left) + box.x1 + 1) // 2) if left else padded.x1
    x2 = min(padded.x2, (min(right) + box.x2) // 2) if right else padded.x2
    across = [o for o in others if o.x1 < x2 and o.x2 > x1]
    above = [o.y2 for o in across if o.y2 <= box.y1]
    below = [o.y1 for o in across if o.y1 >= box.y2]
    y1 = max(padded.y1, (max(above) + box.y1 + 1) // 2) if above else padded.y1
    y2 = min(padded.y2, (min(below) + box.y2) // 2) if below else padded.y2
    return Box(x1, y1, x2, y2)


class LineMatcher:
    """All recognizers' matches in a line of text, remembered by the text.

    The detectors run on every word on screen each time anything is read
    again, and most lines are the same text as before (still, or scrolled
    to another place): parsing them again (phone numbers especially) was
    most of the analysis time of a scrolling page.
    """

    def __init__(self, recognizers: Sequence[Recognizer], size: int = 4096) -> None:
        self.recognizers = list(recognizers)
        self.matches = lru_cache(maxsize=size)(self._matches)
        self.by_context = [r for r in self.recognizers if r.kind in CONTEXT_KINDS]
        self.context_matches = lru_cache(maxsize=size)(self._context_matches)

    def _matches(self, text: str) -> tuple[Match, ...]:
        return tuple(match for recognizer in self.recognizers for match in recognizer.find(text))

    def _context_matches(self, text: str) -> tuple[Match, ...]:
        """The matches of the recognizers that go by a key's name before the value."""
        return tuple(match for recognizer in self.by_context for match in recognizer.find(text))


#: Kinds found by what is written before the value ("password: ...", "API_KEY=..."): judged
#: with the OCR line before a line on its row too (see ``_row_before``).
CONTEXT_KINDS = {"secret"}


#: Kinds written as groups of digits/capitals; OCR misreading one group (or splitting
#: the value) left the recognizer matching only part of it: "ES78 3468 ... 3818" + "5406".
GROUPED_KINDS = {"iban", "card", "phone", "ssn"}
_GROUP = re.compile(r"^[(\[]?[A-Z0-9]{1,6}[)\]]?[,.;:]?$")


def _group(word: Word) -> bool:
    return bool(_GROUP.match(word.text)) and any(c.isdigit() for c in word.text)


def _extend_groups(line: Sequence[Word], first: int, last: int) -> tuple[int, int]:
    """Widen ``first..last`` over neighbouring digit groups of the same value."""
    char_width = _char_width(line[first : last + 1])
    while first > 0 and _group(line[first - 1]) and line[first].box.x1 - line[first - 1].box.x2 <= 2 * char_width:
        first -= 1
    while last + 1 < len(line) and _group(line[last + 1]) and line[last + 1].box.x1 - line[last].box.x2 <= 2 * char_width:
        last += 1
    return first, last


def _char_width(words: Sequence[Word]) -> float:
    return sum(w.box.width for w in words) / max(sum(len(w.text) for w in words), 1)


def _typical_char(words: Sequence[Word]) -> float:
    """The median character width of ``words`` (of three characters or more, if any): OCR
    sometimes boxes a word over the words after it ("TYsImV4cCI6MTc..." 530 px wide for 21
    characters), and one such box made a token's line seem to reach its end and the next
    log line (indented four characters) seem to start under it."""
    widths = sorted(w.box.width / len(w.text) for w in words if len(w.text) >= 3) or \
        sorted(w.box.width / max(len(w.text), 1) for w in words)
    return widths[len(widths) // 2] if widths else 0.0


def _inside_longer_number(kind: str, matched: str, words: Sequence[Word], beside: Sequence[Word]) -> bool:
    """A card by its grouping alone (its digits fail Luhn) or a phone number that goes on in
    digit groups another OCR line holds, past the digits a card or a phone can have: a parcel
    tracking number ("9400 1000 9000 2270" + "4425 51", 20+ digits). The recognizers reject such
    a run read as one line. A comma or semicolon between them ends a value (a list of numbers)."""
    if any(w.text[-1:] in ",;" for w in [*words, *beside]):
        return False
    digits = "".join(ch for ch in matched if ch.isdigit())
    total = len(digits) + sum(ch.isdigit() for w in beside for ch in w.text)
    if kind == "card":
        return total >= 20 and not is_card_number(digits)
    # A phone written as one ("+44 20 ...", "(503) 583-0766", "141.812.4915") is no part of a
    # longer number, whatever a neighbouring cell holds: only plain digit groups are doubted.
    return total >= 20 and all(ch.isdigit() or ch == " " for ch in matched)


class _RowGroups:
    """The digit-group words on screen, by row, to find those beside a value."""

    ROW = 8  # px per row bucket

    def __init__(self, lines: Sequence[Sequence[Word]]) -> None:
        self._rows: dict[int, list[tuple[Word, int]]] = defaultdict(list)
        for n, line in enumerate(lines):
            for w in line:
                if _group(w):
                    self._rows[(w.box.y1 + w.box.y2) // (2 * self.ROW)].append((w, n))

    def beside(self, own: int, value: Sequence[Word]) -> list[Word]:
        """Digit groups of other OCR lines on the value's row that continue it left or right.

        The screen's words come from many crops: when part of a row was read again
        on its own (it changed, or scrolled in later), its groups are another OCR
        line, and "DE02 0089 1568 9973" matched without the "7567 56" beside it.
        """
        box = union_all(w.box for w in value)
        assert box is not None
        row = (box.y1 + box.y2) // (2 * self.ROW)
        candidates = [w for r in (row - 1, row, row + 1) for w, n in self._rows.get(r, ())
                      if n != own and min(w.box.y2, box.y2) - max(w.box.y1, box.y1) >= 0.6 * min(w.box.height, box.height)]
        # A group OCR read short ("3088" as "88") stands further off than a space.
        gap = 3 * _char_width(value)
        taken: list[Word] = []
        left, right = box.x1, box.x2
        grown = bool(candidates)
        while grown:
            grown = False
            for w in candidates:
                if all(w is not t for t in taken) and (0 <= w.box.x1 - right <= gap or 0 <= left - w.box.x2 <= gap):
                    taken.append(w)
                    left, right = min(left, w.box.x1), max(right, w.box.x2)
                    grown = True
        return taken


#: Kinds whose value OCR often reads glued to its name ("STRIPE_SECRET_KEY=sk_live_...",
#: "Email:ann@x.io"): the box starts near the value, not at the name.
TRIMMED_KINDS = {"api_key", "secret", "jwt", "email"}


_OPENING = "\"'“‘`"


def _after_label(word: Word, offset: int, line: Sequence[Word]) -> Word:
    """``word`` cut down to its part from character ``offset`` on, when a ``=`` or ``:`` right
    before it ends a name glued to the value. Where the value starts is estimated from the
    character count (exact in monospace), less a character and a tenth of the name's width
    (a name in capitals is wider than its count says): the name's end may stay covered, the
    value's start may not. The character width is the narrowest the word or its line's
    words suggest: OCR sometimes boxes a word over the words after it."""
    if offset <= 1 or offset >= len(word.text):
        return word
    if word.text[offset - 1] in _OPENING and offset > 2 and word.text[offset - 2] in "=:":
        pass  # a quoted value: '"created_by":"brian.butler@...'
    elif word.text[offset - 1] not in "=:":
        return word
    typical = _typical_char(line) if any(len(w.text) >= 3 for w in line) else float("inf")
    char = min(word.box.width / len(word.text), typical)
    x1 = word.box.x1 + int(offset * char - char - 0.1 * offset * char)
    if x1 <= word.box.x1:
        return word
    return Word(word.text[offset:], Box(x1, word.box.y1, word.box.x2, word.box.y2), word.line, word.confidence)


_LOCAL_PART = re.compile(r"^[A-Za-z0-9._%+-]+$")


def _extend_local_part(line: Sequence[Word], first: int) -> int:
    """An address whose local part OCR split off at a dot ("anna." + "k@x.com"), or a quoted one
    whose first letter OCR split off with the quote ('"1' + "thomas@x.com"), starts earlier."""
    while first > 0:
        here, before = line[first], line[first - 1]
        char_width = here.box.width / max(len(here.text), 1)
        gap = here.box.x1 - before.box.x2
        joined = before.text[-1:] in "._-+" and gap <= char_width
        if not _LOCAL_PART.match(before.text.lstrip(_QUOTES)) or not (joined or gap <= 0.35 * char_width):
            break
        first -= 1
    return first


#: Kinds whose first word is a word among others (a city, a first name): the word before
#: the match belongs to the value as likely as not when something is drawn over it.
OBSCURED_START_KINDS = {"name", "address"}
#: A word's box this many times the line's text height has something else in it: a pointer.
_OBSCURED_HEIGHT = 1.4


def _extend_over_obscured(line: Sequence[Word], first: int) -> int:
    """Index of the first word of a value starting at word ``first``, taking in the word a
    space before it when something is drawn over that word: the mouse pointer over a city
    line's first word reads as "“ast" (East) or as "uth" (South) in a box the pointer's
    height, and the match starts at the next word, leaving the first one sharp."""
    if first == 0:
        return first
    before, start = line[first - 1], line[first]
    char = start.box.width / max(len(start.text), 1)
    if start.box.x1 - before.box.x2 > char:
        return first  # a column's gap: another cell
    top, bottom = line_band(line)
    tall = before.box.height > _OBSCURED_HEIGHT * max(bottom - top, 1)
    garbled = bool(before.text) and not before.text[0].isalnum() and before.text[0] not in "([{\"'"
    # The end of a word whose start is under the pointer: "rt" of "Port Maryburgh, KY 86669".
    cut = (before.text[:1].islower() and len(before.text) <= 3 and start.text[:1].isupper()
           and before.text.lower() not in _SHORT_WORDS)
    return first - 1 if tall or garbled or cut else first


#: Short words a sentence puts before a name or a place ("to Springfield", "by Laura Pike").
_SHORT_WORDS = frozenset("a an and as at by c/o for from in is of on or per the to via was with".split())


#: Kinds whose values wrap onto the next line with no space (narrow bubbles, log panes).
WRAPPING_KINDS = {"api_key", "jwt", "secret", "email"}
#: A line starting a new entry of its own ("GITHUB_TOKEN=ghp_..." below "AWS_SECRET=..."
#: in a .env listing), not the rest of the token above it; also with its first word's
#: letters misread in lower case ("AvS_REGION=", "AlS_ACCESS_KEY_ID=": OCR's "AWS" in a dark
#: log), as long as the name after its first underscore is upper case: a token's fragment
#: holds "=" only as padding at its very end.
_NEW_ENTRY = re.compile(r"^(?:[A-Z_][A-Z0-9_]{2,}|[A-Z][A-Za-z0-9]{0,3}_[A-Z0-9_]{2,})[=:]")
#: An environment variable's name standing alone, as OCR reads it when it splits the "=" off
#: or misreads it ("SLACK_BOT_TOKE!", "DATABASE_URI"): upper case, two parts or more, at
#: most two marks after. No token fragment looks so; its value, read as an OCR line of its
#: own on the same row, is judged with the name before it (see ``_row_before``).
ENV_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+[^\w\s]{0,2}$")
_BROKEN_LOCAL_PART = re.compile(r"^[A-Za-z0-9._%+-]*[._%+-][A-Za-z0-9._%+-]*$")


def _line_box(line: Sequence[Word]) -> Box:
    """The line's extent: all its words across, its ordinary words' band up and down
    (tesseract gives some words of a line a box two lines tall)."""
    box = union_all(w.box for w in line)
    assert box is not None
    top, bottom = line_band(line)
    return Box(box.x1, max(box.y1, top), box.x2, min(box.y2, bottom))


def line_band(line: Sequence[Word], typical: int = 0) -> tuple[int, int]:
    """Top and bottom of the line's text: the median of its words of ordinary height
    (``typical``, or else the height most of the line's characters have)."""
    wordy = [w for w in line if len(w.text) >= 3] or list(line)  # not "-" or "."
    if not typical:
        # The height most of the line's characters have (a long word's box is the surest).
        by_height = sorted(wordy, key=lambda w: w.box.height)
        half, seen, typical = sum(len(w.text) for w in wordy) / 2, 0, by_height[-1].box.height
        for w in by_height:
            seen += len(w.text)
            if seen >= half:
                typical = w.box.height
                break
    normal = [w for w in wordy if 0.6 * typical <= w.box.height <= 1.5 * typical] or wordy
    return int(median(w.box.y1 for w in normal)), int(median(w.box.y2 for w in normal))


class _LineIndex:
    """The lines of a screen, each one's box computed once, found by their top row: a wrapped
    value's next line was looked for by a scan of every line on screen (a spreadsheet's 400)."""

    def __init__(self, lines: Sequence[Sequence[Word]]) -> None:
        self.lines = lines
        self._boxes: dict[int, Box] = {}
        order = sorted((line[0].box.y1, n) for n, line in enumerate(lines) if line)
        self._tops = [top for top, _ in order]
        self._order = [n for _, n in order]

    def box(self, line: Sequence[Word]) -> Box:
        if id(line) not in self._boxes:
            self._boxes[id(line)] = _line_box(line)
        return self._boxes[id(line)]

    def near(self, row: float, reach: float) -> list[Sequence[Word]]:
        """The lines whose first word's top is within ``reach`` of ``row``, in screen order."""
        lo, hi = bisect.bisect_left(self._tops, row - reach), bisect.bisect_right(self._tops, row + reach)
        return [self.lines[n] for n in sorted(self._order[lo:hi])]


def _next_line(index: _LineIndex, line: Sequence[Word], below: bool) -> Sequence[Word] | None:
    """The line of text right below (or above) ``line``, if one follows it at a line's distance."""
    here = index.box(line)
    height = median(w.box.height for w in line)
    best = None
    edge = here.y2 if below else here.y1
    for other in index.near(edge, 4 * height):
        if other is line:
            continue
        box = index.box(other)
        gap = box.y1 - here.y2 if below else here.y1 - box.y2
        if gap > 1.2 * height or box.x1 >= here.x2 or box.x2 <= here.x1:
            continue
        # Lines overlap by a share of their words' height; more when tesseract boxed the
        # other line's words two lines tall (a JWT's middle line in a dense log).
        if gap < -0.3 * height and gap < -0.3 * median(w.box.height for w in other):
            continue
        if best is None or gap < best[0]:
            best = (gap, other)
    return best[1] if best else None


def _reaches_end(line: Sequence[Word], first: int, last: int) -> bool:
    """Do words ``first``..``last`` run to the end of ``line`` in pixels? Words OCR read again
    inside a long token's box ("2dW1...Y29t" then "[iwi" and "bmFtZ..." within it) come after
    it in the line but end no further right: the token still ends the line."""
    if last == len(line) - 1:
        return True
    return max(w.box.x2 for w in line[first : last + 1]) >= max(w.box.x2 for w in line[last + 1 :]) - _typical_char(line)


def _wrapped(kind: str, index: _LineIndex, line: Sequence[Word], first: int, last: int) -> list[list[Word]]:
    """The parts of a value that wrapped onto the lines above or below the matched part.

    A token running to the end of its line continues at the start of the
    next one while that starts with a token fragment (a JWT over three
    lines); an e-mail address starting a line continues the previous line's
    last word when that is a broken local part ("tracy.moore.billing-").
    """
    parts: list[list[Word]] = []
    if kind in EXTENDING_KINDS and _reaches_end(line, first, last):
        current = line
        for step in range(4):
            below = _next_line(index, current, below=True)
            if not below:
                break
            head = below[0]
            name = head.text.lstrip(_QUOTES)  # OCR may read a stray mark before it ("‘AWS_SECRET_ACCESS_KE’")
            if _NEW_ENTRY.match(name) or ENV_NAME.match(name):
                break
            if step == 0:
                if len(head.text) < 12 or not _looks_like_token_fragment(head.text):
                    break
            else:
                # The line above was the token's from end to end: a word starting this line
                # under it goes on with the token, however short ("oM'").
                if abs(head.box.x1 - current[0].box.x1) > 2 * _typical_char(current) or not _token_chars(head.text):
                    break
            end = _extend_token(below, 0)
            parts.append(list(below[: end + 1]))
            if not _reaches_end(below, 0, end):
                break
            current = below
    if kind == "email" and first == 0:
        above = _next_line(index, line, below=False)
        if above and len(above[-1].text) >= 4 and _BROKEN_LOCAL_PART.match(above[-1].text):
            parts.append([above[-1]])
    return parts


#: Kinds of values written with spaces that a paragraph may break over two lines
#: ("... from Tracy" / "Moore via email", "London NW1" / "6XE").
SPACED_WRAP_KINDS = {"name", "address", "phone"}
#: Words taken from each side of a line break when looking for a value across it.
WRAP_WORDS = 4


def _paragraph_breaks(lines: Sequence[Sequence[Word]]) -> Iterator[tuple[Sequence[Word], Sequence[Word]]]:
    """(line, next line) pairs of wrapped paragraphs: the next line right below, starting
    where the line starts (a chat bubble, a note, a table cell that wraps), and the line
    filled before it broke (at least 3 words, as wide as the next line): a column's header
    over its first cell is no paragraph."""
    tops = sorted((min(w.box.y1 for w in line), n) for n, line in enumerate(lines) if line)
    keys = [top for top, _ in tops]
    for line in lines:
        if not line:
            continue
        height = median(w.box.height for w in line)
        bottom = max(w.box.y2 for w in line)
        lo = bisect.bisect_left(keys, bottom - 0.3 * height)
        hi = bisect.bisect_right(keys, bottom + 1.0 * height)
        for _, n in tops[lo:hi]:
            below = lines[n]
            if (below is not line and abs(below[0].box.x1 - line[0].box.x1) <= 1.5 * height and len(line) >= 3
                    and line[-1].box.x2 >= below[-1].box.x2):
                yield line, below
                break


def _across_breaks(lines: Sequence[Sequence[Word]], matcher: LineMatcher) -> list[tuple[str, list[Word]]]:
    """Values of SPACED_WRAP_KINDS that only match with the next line's first words joined on."""
    found = []
    for line, below in _paragraph_breaks(lines):
        tail, head = list(line[-WRAP_WORDS:]), list(below[:WRAP_WORDS])
        words = tail + head
        text, spans = line_text(words)
        for match in matcher.matches(text):
            if match.kind not in SPACED_WRAP_KINDS:
                continue
            hit = [i for i, (s, e) in enumerate(spans) if s < match.end and e > match.start]
            if hit and hit[0] < len(tail) <= hit[-1]:
                found.append((match.kind, words[hit[0] : len(tail)]))
                found.append((match.kind, words[len(tail) : hit[-1] + 1]))
    return found


#: Two words of a token's alphabet closer than this many character widths are one word OCR
#: split at a wide gap between two glyphs ("AKIA7U3F" "JVWVQNGWNLOB": "FJ" leaves 4-6 px at
#: 7.4 px a character; a monospace space leaves 9).
GLUE_GAP = 0.9


def _glued(line: Sequence[Word], matcher: LineMatcher) -> list[tuple[str, list[Word]]]:
    """Tokens (of TOKEN_KINDS, whose patterns know their prefixes) that match only with the
    words OCR split them into joined without a space. Not secrets found by their entropy:
    joined, a commit SHA and the word beside it looked like one (CI log's look-alikes)."""
    found = []
    start = 0
    while start < len(line):
        end = start
        while end + 1 < len(line) and _split_token(line[end], line[end + 1]):
            end += 1
        if end > start:
            words = line[start : end + 1]
            text, spans = line_text(words, sep="")
            for match in matcher.matches(text):
                hit = [i for i, (a, b) in enumerate(spans) if a < match.end and b > match.start]
                if match.kind not in TOKEN_KINDS or len(hit) < 2:
                    continue
                chosen = list(words[hit[0] : hit[-1] + 1])
                # A word that matches on its own is found (and extended) by the line's own
                # match; joined to a neighbour a space's width of a proportional font away, it
                # would be found again over that neighbour.
                if not any(m.kind == match.kind for w in chosen for m in matcher.matches(w.text)):
                    if match.kind in TRIMMED_KINDS:  # "KEY_ID=AKIA7U3F": the key, not its name
                        chosen[0] = _after_label(chosen[0], match.start - spans[hit[0]][0], line)
                    found.append((match.kind, chosen))
        start = end + 1
    return found


def _split_token(a: Word, b: Word) -> bool:
    """Are ``a`` and ``b`` one token OCR read as two words (no space between them)?"""
    char_width = max(a.box.width / max(len(a.text), 1), b.box.width / max(len(b.text), 1))
    if b.box.x1 - a.box.x2 > GLUE_GAP * char_width:
        return False
    if not (_token_chars(a.text) and _token_chars(b.text)):
        return False
    return _looks_like_token_fragment(a.text) or _looks_like_token_fragment(b.text)


def find_spans(lines: Sequence[Sequence[Word]], matcher: LineMatcher) -> list[tuple[str, list[Word]]]:
    """Run the recognizers over each line; return (kind, words covered) per match (one entry
    per line of a value that wraps)."""
    found = _across_breaks(lines, matcher)
    for line in lines:
        found.extend(_glued(line, matcher))
    groups: _RowGroups | None = None
    index = _LineIndex(lines)  # for the wrapped values' searches
    texts = [line_text(line) for line in lines]
    # Lines that can give the line after them on their row a key's context (a spreadsheet
    # has 400 lines a frame: looking for each one's neighbour was 3 % of its analysis).
    keyed = [index.box(line) for line, (text, _) in zip(lines, texts) if _CONTEXT.search(text)] if matcher.by_context else []
    text_of = {id(line): text for line, (text, _) in zip(lines, texts)}
    for n, line in enumerate(lines):
        text, spans = texts[n]
        matches = matcher.matches(text)
        before = _row_before(index, line) if keyed and _after_any(index.box(line), keyed) else None
        if before is not None:
            # Read with the OCR line before it on its row: a key's name and its value read as
            # two lines ("AWS_SECRET_ACCESS_KEY" | "=zxcTr...") still make "key=value".
            prefix = text_of[id(before)] + " "
            shifted = [Match(max(0, m.start - len(prefix)), m.end - len(prefix), m.kind)
                       for m in matcher.context_matches(prefix + text) if m.end > len(prefix)]
            # Only values the line alone did not give: one value found twice was two detections.
            matches = (*matches, *(m for m in shifted if not any(
                o.kind == m.kind and o.start < m.end and m.start < o.end for o in matches)))
        for match in matches:
            hit = [i for i, (s, e) in enumerate(spans) if s < match.end and e > match.start]
            if not hit:
                continue
            first, last = hit[0], hit[-1]
            if match.kind in EXTENDING_KINDS and spans[last][1] <= match.end:
                last = _extend_token(line, last)
            if match.kind in EXTENDING_KINDS and spans[first][0] >= match.start:
                first = _extend_token_back(line, first)
            extra: list[Word] = []
            if match.kind in GROUPED_KINDS:
                first, last = _extend_groups(line, first, last)
                groups = groups or _RowGroups(lines)
                extra = groups.beside(n, line[first : last + 1])
                if match.kind in ("card", "phone") and extra and _inside_longer_number(
                        match.kind, text[match.start : match.end], line[first : last + 1], extra):
                    continue
            if match.kind == "email":
                first = _extend_local_part(line, first)
            if match.kind in OBSCURED_START_KINDS:
                first = _extend_over_obscured(line, first)
            words = list(line[first : last + 1]) + extra
            if first == hit[0] and match.kind in TRIMMED_KINDS:
                words[0] = _after_label(words[0], match.start - spans[first][0], line)
            if match.kind in WRAPPING_KINDS:
                parts = _wrapped(match.kind, index, line, first, last)
                if parts and parts[0][0].box.y1 > words[-1].box.y1:  # wrapped onto the lines below
                    words, *parts = _to_wrap_column([words, *parts], lines)
                found.append((match.kind, words))
                found.extend((match.kind, part) for part in parts)
            else:
                found.append((match.kind, words))
    return found


#: What the text before a value holds when it tells the value's kind: a key's name, "Bearer",
#: a URL's scheme (the words ``CONTEXT_KINDS`` go by; a line without them gives none).
_CONTEXT = re.compile(r"(?i)key|toke|secre|pass|pwd|bearer|basic|auth|credential|signature|//|:$")


def _after_any(here: Box, boxes: Sequence[Box]) -> bool:
    """Does ``here`` come after one of ``boxes`` on its row?"""
    return any(b.x2 <= here.x1 + 2 and min(b.y2, here.y2) - max(b.y1, here.y1) >= 0.6 * min(b.height, here.height)
               for b in boxes)


def _row_before(index: _LineIndex, line: Sequence[Word]) -> Sequence[Word] | None:
    """The OCR line that ends right before ``line`` starts, on the same row: tesseract's
    sparse mode reads a log row as two lines where a glyph stands apart ("SLACK_BOT_TOKE!" |
    "(oxb-8181...")."""
    here = index.box(line)
    height = max(1, here.height)
    best: tuple[int, Sequence[Word]] | None = None
    for other in index.near(here.y1, height):
        if other is line:
            continue
        box = index.box(other)
        if min(box.y2, here.y2) - max(box.y1, here.y1) < 0.6 * min(box.height, height):
            continue
        if box.x2 > here.x1 + 2 or here.x1 - box.x2 > 2 * height:
            continue
        if best is None or box.x2 > best[0]:
            best = (box.x2, other)
    return best[1] if best else None


def _to_wrap_column(parts: list[list[Word]], lines: Sequence[Sequence[Word]]) -> list[list[Word]]:
    """The parts (one per line) of a value that wraps, each but the last reaching the column
    it wraps at, when its middle lines show where that is.

    A line only wraps when it is full: a token's middle lines all end at the wrap column
    (OCR may have read them only in pieces: their whole lines count), and so does the
    second of two lines when it reaches furthest (its first line read shorter). What OCR did not
    read of another line's end up to there is hidden under something (a "Jump to latest"
    button laid over a log showed the last character of a JWT's first line beside it).
    Lines of different lengths did not wrap (a listing of KEY=value lines): left as read.
    The part not read is a word of spaces, so the box grows over it with the line's padding."""
    below = [next((line for line in lines if any(w is part[0] for w in line)), part)[-1].box.x2 for part in parts[1:]]
    middle = below[:-1] or below  # two lines: the second shows the column if it reaches furthest
    char = sum(w.box.width for w in parts[0]) / max(1, sum(len(w.text) for w in parts[0]))
    right = max(below)
    if min(middle) < right - 2 * char:
        return parts
    filled = []
    for line in parts[:-1]:
        end = line[-1]
        if right - end.box.x2 > char:
            # Spaces for text: as many characters as fit, so the line's character width holds.
            gap = Word(" " * round((right - end.box.x2) / char), Box(end.box.x2, end.box.y1, right, end.box.y2),
                       end.line, 0.0)
            line = [*line, gap]
        filled.append(line)
    return filled + [parts[-1]]
