"""OCR-based detection: tesseract words -> lines -> recognizers and rules -> boxes."""

from __future__ import annotations

import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from statistics import median
from typing import Sequence

import numpy as np

from ..box import Box, union_all
from ..config import Config, OcrConfig
from ..ocr import create_engine
from ..ocr.borders import without_borders
from ..ocr.polarity import dark_on_light
from ..ocr.engine import Word
from .base import Detection
from .ink import ink_run
from .placeholders import PlaceholderCheck
from .recognizers import build_recognizers
from .rules import SPARED
from .rules.labels import LabelRule
from .rules.private_key import PrivateKeyRule
from .rules.wordlist import DenyListRule
from .text_spans import ENV_NAME, LineMatcher, find_spans, group_lines, in_band, padded_box


#: OCR engines reading the crops of one frame side by side (tesseract releases
#: the GIL: two threads read a frame's 26 lines in half the time).
READERS = max(1, min(2, os.cpu_count() or 1))


#: Values written without spaces: their box grows over ink that continues them.
UNSPACED_KINDS = {"email", "api_key", "jwt", "secret", "ssn"}
#: How far (in text heights) their box may grow over ink OCR did not read: a line of a
#: wrapped token is a hundred characters (70 heights) that OCR may read only the start of.
REACH = 80


def _allow_key(text: str) -> str:
    return re.sub(r"\s", "", text).lower()


class OcrDetector:
    def __init__(self, config: Config) -> None:
        detect = config.detect
        self._ocr_config: OcrConfig = config.ocr
        self._engine = create_engine(config.ocr)
        self._extra_engines: list = []
        self._pool: ThreadPoolExecutor | None = None
        self._local = threading.local()  # the engine of a pool thread
        self._matcher = LineMatcher(build_recognizers(detect.kinds, detect.phone_regions, detect.patterns,
                                                         detect.names.min_score))
        self._rules = []
        names, addresses = "name" in detect.kinds, "address" in detect.kinds
        if "labelled" in detect.kinds or names or addresses:
            self._rules.append(LabelRule(detect.labels if "labelled" in detect.kinds else (),
                                         builtin="labelled" in detect.kinds, names=names, addresses=addresses))
        if "private_key" in detect.kinds:
            self._rules.append(PrivateKeyRule())
        if detect.deny:
            self._rules.append(DenyListRule(detect.deny, detect.deny_similarity))
        self._allow = {_allow_key(a) for a in detect.allow}
        self._padding = config.redaction.padding

    @property
    def active(self) -> bool:
        """False when nothing is configured to look for (no OCR needed at all)."""
        return bool(self._matcher.recognizers or self._rules)

    def read(self, gray: np.ndarray) -> list[Word]:
        """OCR one image (a whole frame or a crop of one), in its own coordinates, with its
        borders out of the way (see :mod:`blur.ocr.borders`), dark text on light (see
        :mod:`blur.ocr.polarity`)."""
        image, uniform = dark_on_light(without_borders(gray))
        return getattr(self._local, "engine", self._engine).read(np.ascontiguousarray(image), invert=not uniform)

    def read_all(self, images: Sequence[np.ndarray]) -> list[list[Word] | Exception]:
        """OCR several images (the crops of one frame), in parallel when there are several.

        Each result is the image's words or the exception its read raised, so
        one failed crop is covered without losing the others. The readers take
        the next image from one queue, biggest first: split in turn, one reader
        got a frame's 1,000-px block and the next crop too while the other waited.
        """
        if len(images) < 2 or READERS < 2:
            return [_attempt(self.read, image) for image in images]
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=READERS - 1, thread_name_prefix="blur-ocr",
                                            initializer=self._attach_engine)
        # Engines are not thread-safe: each thread reads with its own engine.
        order = iter(sorted(range(len(images)), key=lambda n: -images[n].size))
        lock = threading.Lock()
        merged: list[list[Word] | Exception] = [[] for _ in images]

        def drain() -> None:
            while True:
                with lock:
                    n = next(order, None)
                if n is None:
                    return
                merged[n] = _attempt(self.read, images[n])

        futures = [self._pool.submit(drain) for _ in range(1, READERS)]
        drain()
        for future in futures:
            future.result()
        return merged

    def _attach_engine(self) -> None:
        self._local.engine = create_engine(self._ocr_config)
        self._extra_engines.append(self._local.engine)

    def detect(self, luma: np.ndarray) -> list[Detection]:
        """Read the whole frame and find its sensitive values."""
        if not self.active:
            return []
        return self.find(self.read(luma), luma)

    def find(self, words: list[Word], luma: np.ndarray | None = None,
             spared: list[Box] | None = None) -> list[Detection]:
        """Sensitive values among the words on screen; ``luma`` (full range) lets rules look at unread ink.
        ``spared`` (a list) receives the boxes of the placeholders found: values read whole and
        found to be a field's sample value, drawn faintly (see :mod:`blur.detect.placeholders`)."""
        if not self.active:
            return []
        lines = group_lines(words)
        groups: list = find_spans(lines, self._matcher)
        for rule in self._rules:
            groups.extend(rule.find(lines, luma))
        line_of = {id(word): line for line in lines for word in line}
        line_by_key = {line[0].line: line for line in lines if line}
        neighbours = _Neighbours(lines)
        placeholder = PlaceholderCheck(luma, words)
        detections = []
        boxes: dict[tuple, Box] = {}  # a value matched as several kinds has one box
        for kind, found in groups:
            if kind == SPARED or (not isinstance(found, Box) and not self._allowed(found) and placeholder(found)):
                if spared is not None:
                    spared.append(union_all(w.box for w in found))
            elif isinstance(found, Box):  # ink OCR could not read, already padded by the rule
                detections.append(Detection(kind, found))
            elif not self._allowed(found):
                # A value cut out of the word its name was glued to ("KEY=value"): its box
                # does not grow back over the name's ink.
                trimmed = id(found[0]) not in line_of
                key = (tuple(found), kind in UNSPACED_KINDS, trimmed)
                if key in boxes:
                    detections.append(Detection(kind, boxes[key]))
                    continue
                core = None
                line = line_of.get(id(found[0])) or line_by_key.get(found[0].line, ())
                others = neighbours.around(found, line)
                if luma is not None and kind in UNSPACED_KINDS:
                    height = median(w.box.height for w in found)
                    char = sum(w.box.width for w in found) / max(1, sum(len(w.text) for w in found))
                    core = ink_run(luma, in_band(union_all(w.box for w in found), line, others),
                                   space=min(0.3 * height, 0.6 * char), reach=REACH * height, left=not trimmed,
                                   words=[w.box for w in found if w.text.strip()], stop=_name_end(found, neighbours),
                                   end=_closed_end(found, line))
                box = boxes[key] = padded_box(found, self._padding, line, core, others)
                detections.append(Detection(kind, box))
        return detections

    def _allowed(self, words: list[Word]) -> bool:
        """On the allow list: the covered words, or any one of them, is an allowed string."""
        if not self._allow:
            return False
        joined = _allow_key("".join(w.text for w in words))
        return joined in self._allow or all(_allow_key(w.text).strip(":,;") in self._allow for w in words)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
        for engine in [self._engine, *self._extra_engines]:
            engine.close()


class _Neighbours:
    """The words of other lines near a value, found with numpy: a screen holds a thousand
    words and a spreadsheet two hundred values, so a scan per value was most of ``find``."""

    def __init__(self, lines: Sequence[Sequence[Word]]) -> None:
        self._words = [w for line in lines for w in line]
        self._line_ids = np.array([n for n, line in enumerate(lines) for _ in line], dtype=np.int64)
        self._index = {id(line): n for n, line in enumerate(lines)}
        self._boxes = np.array([w.box.as_list() for w in self._words], dtype=np.int64).reshape(-1, 4)

    def around(self, found: Sequence[Word], line: Sequence[Word]) -> list[Box]:
        """Boxes of other lines' words within a few text heights above or below ``found``."""
        if not self._words:
            return []
        box = union_all(w.box for w in found)
        assert box is not None
        reach = 4 * max(w.box.height for w in found)
        x1, y1, x2, y2 = self._boxes.T
        near = (y2 >= box.y1 - reach) & (y1 <= box.y2 + reach) & (x1 < box.x2 + reach) & (x2 > box.x1 - reach)
        near &= self._line_ids != self._index.get(id(line), -1)
        return [self._words[i].box for i in np.flatnonzero(near)]

    def before(self, word: Word) -> Word | None:
        """The word right before ``word`` on its row, whichever OCR line it was read in."""
        if not self._words:
            return None
        b = word.box
        x1, y1, x2, y2 = self._boxes.T
        overlap = np.minimum(y2, b.y2) - np.maximum(y1, b.y1)
        near = ((x1 < b.x1) & (x2 <= b.x1 + 2) & (b.x1 - x2 <= 2 * b.height)
                & (overlap >= 0.6 * np.minimum(y2 - y1, b.height)))
        index = np.flatnonzero(near)
        return self._words[index[np.argmax(x2[index])]] if index.size else None


#: A key's name with the "=" or ":" that glues it to its value ("SLACK_BOT_TOKEN=",
#: '"email":'), as OCR reads it when it splits the name from the value (or see ``ENV_NAME``).
_KEY_NAME = re.compile(r"""^["']?[A-Za-z_][A-Za-z0-9_.\-]*["']?[=:]$""")


def _name_end(found: Sequence[Word], neighbours: "_Neighbours") -> int:
    """Where the key name read right before a value on its row ends (0: none). The value's ink
    run is not grown left over it: a log row's "SLACK_BOT_TOKE!" (its "N=" glued to the
    token) was covered with the token, the name read whole and no secret. Ink between the
    two, unread, is still taken in."""
    name = neighbours.before(found[0])
    if name is None or name in found or not (_KEY_NAME.match(name.text) or ENV_NAME.match(name.text.lstrip("'‘`\""))):
        return 0
    return min(name.box.x2, found[0].box.x1)


#: What ends a value OCR read to its end: a closing quote, a comma or a bracket after it.
_CLOSED = re.compile(r"""[A-Za-z0-9]["'”’]?[,;)\]}>]|[A-Za-z0-9]["'”’]$""")


def _closed_end(found: Sequence[Word], line: Sequence[Word]) -> int | None:
    """Where the next word of the line starts when the value's last word closes it
    ('"brian.butler@ryan.com",'): OCR saw its end, and the ink after it is the next field's
    (a JSON log line, glued by quotes and colons, was covered to its end for 60 frames)."""
    last = found[-1]
    if not _CLOSED.search(last.text[-3:]):
        return None
    after = [w.box.x1 for w in line if w.box.x1 >= last.box.x2]
    return min(after) if after else None


def _attempt(read, image: np.ndarray) -> list[Word] | Exception:
    try:
        return read(image)
    except Exception as exc:  # noqa: BLE001 - returned to the caller, who fails closed or re-raises
        return exc
