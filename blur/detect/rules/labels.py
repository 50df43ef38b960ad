"""Label-anchored values: what follows "Password", "Card number", "API key"...

A label marks the value beside it (to the right on the same row, whether OCR
read it as the same line or not) or, for a form field whose label sits above
it, the text of the line just below. The value
is blurred whatever it reads as: masked dots (OCR reads them as "eeeeeeee",
or not at all), a half-typed secret, or text no recognizer knows. Where OCR
read nothing beside or below a label, glyph-sized ink there (masked dots) is
covered instead.

To keep ordinary sentences ("Enter your password to continue") sharp, a
label counts only at the start of a line (or after a column gap), and only
when it ends with ":", stands alone on its line, or is followed by a gap
wider than a space (a table or a label/value layout).
"""

from __future__ import annotations

import re
from functools import lru_cache
from statistics import median
from typing import Callable, Iterator, Sequence

import cv2
import numpy as np

from ...box import Box, union_all
from ...ocr.engine import Word
from ..placeholders import PlaceholderCheck
from ..recognizers.base import dummy_digits
from . import SPARED, Found, Lines

BUILTIN_LABELS = (
    "password", "new password", "current password", "confirm password", "passcode", "pin", "card number",
    "credit card", "credit card number", "debit card", "cvc", "cvv", "cvc2", "cvv2", "cid", "csc", "card code",
    # OCR reads the "VV" of a small "CVV" as "w"
    "cw", "cw2", "cvw", "cwv",
    "security code", "card security code", "card verification", "phone", "phone number", "mobile",
    "mobile number", "mobile phone", "telephone", "expiry", "expiry date",
    "expiration", "expiration date", "ssn", "social security number", "tax id", "api key", "api token",
    "access token", "access key", "secret", "secret key", "client secret", "account number", "routing number",
    "iban", "date of birth", "dob", "one-time code", "otp", "verification code", "passport number",
    "driver's license", "license number",
)


#: Labels of a person's name (the "name" kind) and of an address (the "address" kind).
NAME_LABELS = (
    "name", "full name", "first name", "last name", "surname", "given name", "family name", "legal name",
    "cardholder", "cardholder name", "card holder", "name on card", "account holder", "account name",
    "customer", "customer name", "client name", "beneficiary", "beneficiary name", "recipient",
    "recipient name", "payee", "payee name", "contact name", "employee name", "patient name",
    "bill to", "ship to", "sold to", "deliver to", "attn",
)
ADDRESS_LABELS = (
    "address", "street", "street address", "address line 1", "address line 2", "billing address",
    "shipping address", "mailing address", "home address", "delivery address", "postal address",
    "postcode", "post code", "postal code", "zip", "zip code", "billing postcode", "billing zip",
    "bill to", "ship to", "deliver to",
)
#: Column headers of values a recognizer finds by their shape: the column's cells are the
#: recognizer's, but for those an ellipsis cut short ("alexander.harrison.contractor…" in a
#: "Work email" column: no "@" shown, no e-mail found). Headers only: "Email" beside a form's
#: field or in a settings list marks nothing the recognizers do not.
COLUMN_LABELS = (
    "email", "e-mail", "email address", "e-mail address", "work email", "personal email", "contact email",
    "phone", "phone number", "mobile", "telephone", "iban", "account number", "card number", "ssn",
)
#: How OCR reads an ellipsis that cuts a cell's text short.
_ELLIPSIS = ("…", "...", "..")

#: Labels whose value may take several lines below them (an address block).
BLOCK_LINES = 3


#: Labels of fields whose content is a secret: their field is covered across its width.
SECRET_LABELS = frozenset({
    "password", "new password", "current password", "confirm password", "passcode", "pin", "cvc", "cvv",
    "cvc2", "cvv2", "cid", "csc", "cw", "cw2", "cvw", "cwv", "security code", "card security code", "one-time code", "otp",
    "verification code",
})
#: How wide (in label text heights) a field under a secret label is taken to be.
FIELD_WIDTH = 20


#: Mask characters, as OCR reads them too ("*+**-7303", "****.7303" for "***-**-7303"; a
#: small "***-**-" merges into one double quote: '"7303').
_MASKED = re.compile(r"^(?:[*+•·●∙xX#°~.\- ]{3,}[0-9]{0,4}|[\"“”]{1,2}[0-9]{4})$")


def _masked(words: Sequence[Word]) -> bool:
    """Is the value shown masked ("***-**-7303", "•••• 4242"): nothing but its last digits?
    (A button may follow it on its line: "***-**-7303 Reveal".)"""
    return any(_MASKED.match(" ".join(w.text for w in words[:n]))
               and any(c.isdigit() or c in "*•●" for c in words[n - 1].text) for n in range(1, len(words) + 1))


#: A field's placeholder, not a value: an example ("e.g. Max Mustermann"), a format mask
#: ("MM / YY", "DD/MM/YYYY"), an instruction ("At least 10 characters", "Enter your email").
#: OCR may merge words or lose a space in them (the pointer or the focus ring over the field:
#: "Atleast 10 characte", whose cover was then carried back over every frame of the form).
_HINT = re.compile(
    r"^(?:e\.?\s?g\b|ex\b|example\b|enter\b|type\b|choose\b|select\b|search\b|optional\b|"
    r"at\s?least\s?\d+|min(?:imum)?\.?\s?\d+|\d+\+?\s?(?:characters|chars|digits)\b|"
    r"(?:mm|dd|yy|yyyy|jj|aaaa)(?:\s?[/.\-]\s?(?:mm|dd|yy|yyyy|jj|aaaa))+$)", re.IGNORECASE)


def _hint(words: Sequence[Word], secret: bool) -> bool:
    """Does a field show its placeholder (an example, a format, an instruction, dummy digits)
    rather than a value? Only what a label alone marks is spared: a recognizer's find (a real
    card, a phone number, an e-mail address) is covered whatever the label says. Under a
    secret's label only an instruction of three words or more counts ("At least 10
    characters"): "123456" and "Example1" are passwords people use."""
    text = " ".join(w.text for w in words).strip()
    if secret:
        return len(text.split()) >= 3 and bool(_HINT.match(text))
    return bool(_HINT.match(text)) or dummy_digits(text)


def _field_band(image: np.ndarray, label: Sequence[Word], value: Box) -> Box:
    """The row of ``value`` across the width a form field has under ``label``: to the field's
    own right border where one shows (a narrow CVC field stops there, not in the postcode
    field beside it), else ``FIELD_WIDTH`` label heights."""
    height = median(w.box.height for w in label)
    x1 = min(value.x1, int(label[0].box.x1 - 0.5 * height))
    x2 = max(value.x2, int(label[0].box.x1 + FIELD_WIDTH * height))
    x2 = _right_border(image, value, x2)
    return Box(max(0, x1), value.y1, min(image.shape[1], x2), value.y2).pad(0, 0.35 * height)


#: Luma step across a field's border line, and the share of the text's rows it must cross.
BORDER_STEP, BORDER_ROWS = 12, 0.9


def _right_border(image: np.ndarray, value: Box, limit: int) -> int:
    """The first vertical edge right of ``value`` (up to ``limit``) that runs over all its
    rows and beyond them (a field's border, not a glyph's stem), plus a pixel; else ``limit``."""
    h, w = image.shape
    pad = max(2, value.height // 2)
    y1, y2 = max(0, value.y1 - pad), min(h, value.y2 + pad)
    x1, x2 = min(w - 1, value.x2), min(w - 1, limit)
    if x2 - x1 < 2 or y2 - y1 < 4:
        return limit
    band = image[y1:y2, x1 : x2 + 1].astype(np.int16)
    steps = np.abs(np.diff(band, axis=1)) > BORDER_STEP
    edges = np.flatnonzero(steps.mean(axis=0) >= BORDER_ROWS)
    return int(x1 + edges[0] + 2) if edges.size else limit


@lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9' -]", "", text.lower()).strip()


def _space_width(line: Sequence[Word]) -> float:
    """A normal word space on this line: the median gap, but never more than
    half the text height (on a two-word line the one gap may be a column gap)."""
    gaps = [b.box.x1 - a.box.x2 for a, b in zip(line, line[1:])]
    height = median(w.box.height for w in line)
    return min(median(gaps), 0.5 * height) if gaps else 0.3 * height


class LabelRule:
    kind = "labelled"

    def __init__(self, extra_labels: Sequence[str] = (), builtin: bool = True, names: bool = False,
                 addresses: bool = False) -> None:
        groups = [(self.kind, (*(BUILTIN_LABELS if builtin else ()), *extra_labels))]
        if names:
            groups.append(("name", NAME_LABELS))
        if addresses:
            groups.append(("address", ADDRESS_LABELS))
        #: label words -> the kind of value it marks (the first group naming a label wins)
        self._kind_of: dict[tuple[str, ...], str] = {}
        for kind, labels in groups:
            for label in labels:
                if _norm(label):
                    self._kind_of.setdefault(tuple(_norm(label).split()), kind)
        #: Labels that count only as a column's header (see ``COLUMN_LABELS``).
        self._column_only = {tuple(_norm(label).split()) for label in COLUMN_LABELS} - set(self._kind_of)
        for label in self._column_only:
            self._kind_of[label] = self.kind
        # By first word, longest first, so "card number" wins over "card".
        self._labels: dict[str, list[tuple[str, ...]]] = {}
        for label in sorted(self._kind_of, key=len, reverse=True):
            self._labels.setdefault(label[0], []).append(label)

    def _label_at(self, words: Sequence[str], start: int) -> int:
        """Number of words of a label starting at word ``start`` of a line's normalised words (0: none)."""
        for label in self._labels.get(words[start], ()):
            if tuple(words[start : start + len(label)]) == label:
                return len(label)
        return 0

    def _starts_with_label(self, line: Sequence[Word]) -> bool:
        return bool(self._label_at([_norm(w.text) for w in line], 0))

    def find(self, lines: Lines, image: np.ndarray | None = None) -> Iterator[Found]:
        placeholder = PlaceholderCheck(image, [w for line in lines for w in line])
        for index, line in enumerate(lines):
            space = _space_width(line)
            normalised = [_norm(w.text) for w in line]
            starts = [0] + [i for i in range(1, len(line)) if line[i].box.x1 - line[i - 1].box.x2 > 3 * space]
            for start in starts:
                n = self._label_at(normalised, start)
                if not n:
                    continue
                label_words = line[start : start + n]
                label_text = " ".join(normalised[start : start + n])
                kind = self._kind_of[tuple(normalised[start : start + n])]
                column_only = tuple(normalised[start : start + n]) in self._column_only
                rest = line[start + n :]
                if not any(c.isalnum() for w in rest for c in w.text):
                    rest = []  # a help icon after the label ("Mobile number (?)"): its value is below
                secret = label_text in SECRET_LABELS
                if rest:
                    colon = label_words[-1].text.endswith(":") or rest[0].text in (":", "=")
                    wide_gap = rest[0].box.x1 - label_words[-1].box.x2 > 2 * space
                    if wide_gap and not colon and not secret and _cells(rest, space) >= 2:
                        # A table's header row ("Name   City   Plan"): the values are the cells under
                        # the label, in its column; a built-in kind's cells are its recognizer's.
                        yield from self._column(kind, _column_below(lines, label_words, rest[0].box.x1))
                    elif column_only:
                        pass  # a column's header, not a field's label: "Email: ..." is the recognizer's
                    elif (colon or wide_gap) and not (wide_gap and self._starts_with_label(rest)):
                        value = _until_gap(rest[1:] if rest[0].text in (":", "=") else rest, space)
                        if secret:
                            value = _secret_words(value)
                        if value and not (_masked(value) and label_text not in SECRET_LABELS) and not _hint(value, secret):
                            yield kind, value
                    continue
                right = _line_right(lines, index, label_words)
                if right and secret and self._starts_with_label(right):
                    right = []  # a form grid: the next field's label ("CVV2   Billing postcode")
                if right and not secret and _row_cells(lines, index, label_words) >= 2:
                    # A header row read as separate lines: the values are the cells under the label.
                    yield from self._column(kind, _column_below(lines, label_words, right[0].box.x1))
                    continue
                if column_only:
                    continue
                if right and _masked(right) and label_text not in SECRET_LABELS:
                    continue  # "SSN ***-**-7303": what is shown is already masked
                if right and placeholder(right):
                    yield SPARED, right  # a placeholder: "CVV2  123" in grey
                    continue
                if right and _hint(right, secret):
                    continue  # a format or an example: "Card number  1234 1234 1234 1234"
                if right:
                    yield kind, right
                    if label_text in ADDRESS_LABELS:
                        yield from ((kind, block) for block in _block_below(lines, right, self._starts_with_label))
                    if label_text not in SECRET_LABELS:
                        continue
                    # A secret's field may be below it with another field's label on its right
                    # (a form grid): cover below as well.
                below = _line_below(lines, index, label_words)
                if below and placeholder(below):
                    yield SPARED, below  # the field under the label shows its placeholder
                    continue
                if below and _hint(below, secret):
                    continue  # an instruction or a format: "At least 10 characters", "MM / YY"
                ink = _unread_ink_below(image, label_words, lines) if image is not None else None
                if below and image is not None and label_text in SECRET_LABELS:
                    # A secret typed into the field under the label: masked dots OCR reads as
                    # junk or not at all, growing with every key. The field's whole width is
                    # covered (its length is not shown either).
                    yield kind, _field_band(image, label_words, union_all(w.box for w in below))
                elif below and not (_masked(below) and label_text not in SECRET_LABELS):
                    yield kind, below
                    if label_text in ADDRESS_LABELS:
                        yield from ((kind, block) for block in _block_below(lines, below, self._starts_with_label))
                elif ink is not None:
                    yield kind, _field_band(image, label_words, ink) if label_text in SECRET_LABELS else ink

    def _column(self, kind: str, cells: Iterator[list[Word]]) -> Iterator[Found]:
        """A header's column cells: all of a name's or an address's (no recognizer knows those
        by shape); of a built-in kind's, those an ellipsis cut short."""
        for cell in cells:
            if kind != self.kind or cell[-1].text.endswith(_ELLIPSIS):
                yield kind, cell


def _until_gap(words: Sequence[Word], space: float) -> list[Word]:
    """Words from the first until a column gap (the next cell of a table row)."""
    value = list(words[:1])
    for word in words[1:]:
        if word.box.x1 - value[-1].box.x2 > 3 * space:
            break
        value.append(word)
    return value


def _secret_words(words: Sequence[Word]) -> list[Word]:
    """A password, PIN or code after its label in running text ("temp password: p6rI-o3xa!82
    (expires in 24 h)"): its first word, and digit groups after it ("123 456"), not the
    sentence that goes on."""
    value = list(words[:1])
    for word in words[1:]:
        if not word.text.strip(".,;").isdigit():
            break
        value.append(word)
    return value


#: What OCR reads a field's or frame's side as: a "word" of these alone is no text.
STROKES = frozenset("|[]{}()!/\\")


def _without_strokes(words: Sequence[Word]) -> list[Word]:
    """``words`` less those that are only strokes: the sides of form fields read as "|" or
    "}", often as tall as the field. Taken for part of the value under a label, one made the
    value's cover take in the fields around it (a card form's CVC and postcode covered as
    one block for 200 frames) or ended the value at the gap before it."""
    return [w for w in words if not w.text or not set(w.text) <= STROKES]


def _cells(words: Sequence[Word], space: float) -> int:
    """How many cells (runs of words split by column gaps) ``words`` make."""
    return 1 + sum(b.box.x1 - a.box.x2 > 3 * space for a, b in zip(words, words[1:])) if words else 0


def _row_cells(lines: Lines, index: int, label: Sequence[Word]) -> int:
    """How many cells other lines put on the label's row, to its right."""
    top, bottom = min(w.box.y1 for w in label), max(w.box.y2 for w in label)
    right = label[-1].box.x2
    count = 0
    for other in lines:
        if other and other is not lines[index] and other[0].box.x1 > right:
            centre = (other[0].box.y1 + other[0].box.y2) / 2
            if top <= centre <= bottom:
                count += _cells(other, _space_width(other))
    return count


def _column_below(lines: Lines, label: Sequence[Word], right: int) -> Iterator[list[Word]]:
    """The cells of the table column under a header ``label`` (up to the next header at ``right``),
    row after row, until the column's rows stop (a gap of more than 3 rows' height).

    A column's cells line up (left, right or centred); a cell that breaks the line most of
    them keep is not the column's: a spreadsheet's sheet tabs ("Roster", "Payroll Q3") just
    below its last row were covered as names for the whole recording."""
    height = median(w.box.height for w in label)
    left, bottom = label[0].box.x1 - height, max(w.box.y2 for w in label)
    cells = []
    for line in lines:
        cell = [w for w in line if w.box.y1 >= bottom and w.box.x1 >= left and w.box.x2 <= right]
        if cell:
            cells.append(cell)
    cells.sort(key=lambda c: c[0].box.y1)
    in_line = _aligned_cells(cells, height)
    for cell in cells:
        if cell[0].box.y1 - bottom > 3 * height:
            return
        if in_line(cell):
            yield cell
        bottom = max(w.box.y2 for w in cell)


#: Cells a column's alignment is judged by: at least this many, and this share of them,
#: line up the same way.
ALIGNED_CELLS = 3
ALIGNED_SHARE = 0.6


def _aligned_cells(cells: Sequence[Sequence[Word]], height: float) -> Callable[[Sequence[Word]], bool]:
    """A test for cells of the column: true for all of them unless most line up one way (their
    left edges, right edges or centres in tight groups of ``ALIGNED_CELLS`` or more, each
    within a row's height), then for those that do. Groups, not one line: in a diagonal
    scroll the cells of the next column slide under a frozen one and line up at their own
    edge (a spreadsheet's name column then held names at one x and SSN fragments at another,
    no edge had 60 % of them, every cell counted, and the sheet tabs below the grid were
    covered as names for 270 frames)."""
    if len(cells) < ALIGNED_CELLS + 1:
        return lambda cell: True
    edges = (lambda c: c[0].box.x1, lambda c: c[-1].box.x2, lambda c: (c[0].box.x1 + c[-1].box.x2) / 2)
    tolerance = height / 2
    best: tuple[Callable, list[tuple[float, float]]] | None = None
    support = 0
    for edge in edges:  # left-aligned text, right-aligned numbers, centred cells
        spans, count = _tight_groups(sorted(edge(c) for c in cells), tolerance)
        if count > support:
            best, support = (edge, spans), count
    if best is None or support < ALIGNED_CELLS or support < ALIGNED_SHARE * len(cells):
        return lambda cell: True
    edge, spans = best
    return lambda cell: any(low - tolerance / 2 <= edge(cell) <= high + tolerance / 2 for low, high in spans)


def _tight_groups(values: Sequence[float], tolerance: float) -> tuple[list[tuple[float, float]], int]:
    """Groups of sorted ``values`` (split where two are more than ``tolerance`` apart) that hold
    ``ALIGNED_CELLS`` or more and span at most ``tolerance`` (half a row's height: a column's
    edge wavers by a pixel or two; the ends of names of every length do not line up): their
    spans, and how many values they hold."""
    groups: list[list[float]] = [[values[0]]] if values else []
    for value in values[1:]:
        if value - groups[-1][-1] > tolerance:
            groups.append([])
        groups[-1].append(value)
    tight = [g for g in groups if len(g) >= ALIGNED_CELLS and g[-1] - g[0] <= tolerance]
    return [(g[0], g[-1]) for g in tight], sum(len(g) for g in tight)


def _line_right(lines: Lines, index: int, label: Sequence[Word]) -> list[Word]:
    """The value read as a separate line on the same row, right of the label (a form grid)."""
    top, bottom = min(w.box.y1 for w in label), max(w.box.y2 for w in label)
    height = median(w.box.height for w in label)
    right = label[-1].box.x2
    best: tuple[int, list[Word]] | None = None
    for other in lines:
        if not other or other is lines[index]:
            continue
        first = other[0]
        centre = (first.box.y1 + first.box.y2) / 2
        distance = first.box.x1 - right
        if top <= centre <= bottom and 0 < distance <= 25 * height and (best is None or distance < best[0]):
            best = (distance, list(other))
    return _until_gap(best[1], _space_width(best[1])) if best else []


def _line_below(lines: Lines, index: int, label: Sequence[Word]) -> list[Word]:
    """The words of the field under a label: the next line down that starts near it, and
    the further cells of its row that no other label stands over."""
    top = max(w.box.y2 for w in label)
    height = median(w.box.height for w in label)
    left = label[0].box.x1
    candidates = []
    for line in lines:
        if not line or line is lines[index]:
            continue
        gap = min(w.box.y1 for w in line) - top
        if 0 <= gap <= 3 * height:
            near = [w for w in line if left - 2 * height <= w.box.x1 <= left + 30 * height]
            if near and near[0].box.x1 <= left + 6 * height:  # a field under the label, not a line far right
                candidates.append((gap, near))
    if not candidates:
        return []
    nearest, near = min(candidates, key=lambda c: (c[0], c[1][0].box.x1))
    # A field may be a row of cells: a country code picker and the number, a currency and the
    # amount. Cells go on being the label's value until one has a label of its own above it
    # (the next field of a form grid).
    row = sorted(_without_strokes([w for n, line in enumerate(lines) if n != index and line
                                   and abs(min(o.box.y1 for o in line) - top - nearest) <= 0.5 * height
                                   for w in line if left - 2 * height <= w.box.x1 <= left + 30 * height]),
                 key=lambda w: w.box.x1)
    start = [w for w in row if w.box.x1 >= near[0].box.x1]
    if not start:
        return []
    space = _space_width(row)
    value = _until_gap(start, space)
    others = [w for n, line in enumerate(lines) if n != index for w in line
              if top - 3 * height <= w.box.y2 <= top + height]
    rest = start[len(value) :]
    while rest:
        cell = _until_gap(rest, space)
        x1, x2 = cell[0].box.x1, cell[-1].box.x2
        if any(o.box.x1 < x2 and x1 < o.box.x2 for o in others):
            break
        value += cell
        rest = rest[len(cell) :]
    return value


def _block_below(lines: Lines, first: Sequence[Word],
                 labelled: Callable[[Sequence[Word]], bool] = lambda line: False) -> Iterator[list[Word]]:
    """The further lines of a block (an address) under its first line, each starting where it starts,
    up to a line that another label marks (the "SSN" row under an "Address" block)."""
    current = list(first)
    for _ in range(BLOCK_LINES - 1):
        bottom = max(w.box.y2 for w in current)
        height = median(w.box.height for w in current)
        left = current[0].box.x1
        nxt = None
        for line in lines:
            if not line:
                continue
            gap = min(w.box.y1 for w in line) - bottom
            if -0.2 * height <= gap <= 1.0 * height and abs(line[0].box.x1 - left) <= 1.5 * height:
                nxt = _until_gap(line, _space_width(line))
                break
        if not nxt:
            return
        top, low = min(w.box.y1 for w in nxt), max(w.box.y2 for w in nxt)
        if any(other and other[-1].box.x2 <= left and min(w.box.y2 for w in other) > top
               and max(w.box.y1 for w in other) < low and labelled(other) for other in lines):
            return
        yield nxt
        current = nxt


def _unread_ink_below(image: np.ndarray, label: Sequence[Word], lines: Lines) -> Box | None:
    """Glyph-sized marks (masked dots) in the field under a label that OCR did not read.

    Looks in a band from the label's bottom to 3 label heights below it,
    binarises it against its median, and keeps connected components the size
    of glyphs (field borders are far wider or taller). Returns the box of the
    first row of such marks, padded by the label's text height, or None.
    """
    height = int(median(w.box.height for w in label))
    x1 = max(0, label[0].box.x1 - 2 * height)
    x2 = min(image.shape[1], label[0].box.x1 + 30 * height)
    y1 = max(w.box.y2 for w in label) + 1
    y2 = min(image.shape[0], y1 + 3 * height)
    others = [w.box for line in lines for w in line if w not in label]
    band = image[y1:y2, x1:x2]
    if band.size == 0:
        return None
    ink = (np.abs(band.astype(np.int16) - int(np.median(band))) > 60).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    marks = []
    for i in range(1, count):
        x, y, w, h, area = stats[i]
        if 2 <= w <= 1.5 * height and 2 <= h <= 1.5 * height and area >= 4:
            box = Box(int(x1 + x), int(y1 + y), int(x1 + x + w), int(y1 + y + h))
            if not any(box.intersection(o) for o in others):
                marks.append(box)
    if len(marks) < 3:  # a lone speck is not a masked value
        return None
    first_row = min(m.y1 for m in marks)
    row = [m for m in marks if m.y1 <= first_row + height]
    union = row[0]
    for m in row[1:]:
        union = union.union(m)
    # Dots are smaller than letters: pad by the label's text height instead.
    return union.pad(0.6 * height, 0.35 * height)
