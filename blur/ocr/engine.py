"""The OCR interface: a grayscale image in, words with pixel boxes out.

Two engines implement it: tesserocr (libtesseract in-process, the default:
no process spawn or image encoding per call) and pytesseract (the tesseract
command line, for machines without the tesserocr wheel). Both return words
grouped into text lines so recognizers can match values that span words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..box import Box
from ..config import OcrConfig
from ..errors import OcrUnavailableError


class OcrTimeout(RuntimeError):
    """One read took longer than ``ocr.timeout``; its area is covered instead (fail closed)."""
from . import leptonica
from .tessdata import find_tessdata

#: Tesseract page segmentation mode 11 ("sparse text"): screens are scattered
#: labels, fields and buttons rather than paragraphs; sparse mode finds more
#: of them than automatic layout analysis does.
PSM_SPARSE_TEXT = 11


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    box: Box
    #: Words with the same ``line`` key were read as one line of text, in order.
    line: tuple[int, ...]
    confidence: float


class OcrEngine(Protocol):
    name: str

    def read(self, gray: np.ndarray, invert: bool = True) -> list[Word]:
        """Read the words of an 8-bit single-channel image (C-contiguous); ``invert``:
        lines tesseract is unsure of are read again inverted (see :mod:`blur.ocr.polarity`)."""
        ...


class TesserocrEngine:
    name = "tesserocr"

    def __init__(self, language: str, tessdata: str, timeout: float = 0) -> None:
        self._timeout_ms = int(timeout * 1000)
        try:
            import tesserocr
        except ImportError:
            raise OcrUnavailableError(
                "OCR engine 'tesserocr' is not installed: `pip install tesserocr`, "
                "or set ocr.engine: pytesseract in the config"
            ) from None
        self._tesserocr = tesserocr
        leptonica.silence()
        try:
            self._api = tesserocr.PyTessBaseAPI(
                path=str(tessdata).rstrip("/") + "/", lang=language, psm=PSM_SPARSE_TEXT
            )
        except RuntimeError as exc:
            raise OcrUnavailableError(f"tesseract could not load language '{language}' from {tessdata}: {exc}") from None
        self._invert = True  # tesseract's default

    def read(self, gray: np.ndarray, invert: bool = True) -> list[Word]:
        tesserocr = self._tesserocr
        gray = np.ascontiguousarray(gray)
        height, width = gray.shape
        api = self._api
        if invert != self._invert:
            api.SetVariable("tessedit_do_invert", "1" if invert else "0")
            self._invert = invert
        api.SetImageBytes(gray.tobytes(), width, height, 1, width)
        if not api.Recognize(timeout=self._timeout_ms):
            raise OcrTimeout(f"tesseract gave up or took over {self._timeout_ms} ms on a {width}x{height} image")
        words: list[Word] = []
        iterator = api.GetIterator()
        if iterator is None:
            return words
        level = tesserocr.RIL.WORD
        line_no = 0
        first = True
        while True:
            if not first and iterator.IsAtBeginningOf(tesserocr.RIL.TEXTLINE):
                line_no += 1
            first = False
            # Empty: nothing recognised at this element (GetUTF8Text would raise).
            if not iterator.Empty(level):
                text = iterator.GetUTF8Text(level)
                bbox = iterator.BoundingBox(level)
                if text and text.strip() and bbox is not None:
                    x1, y1, x2, y2 = bbox
                    words.append(Word(text.strip(), Box(x1, y1, x2, y2), (line_no,), iterator.Confidence(level)))
            if not iterator.Next(level):
                break
        return words

    def close(self) -> None:
        self._api.End()


class PytesseractEngine:
    name = "pytesseract"

    def __init__(self, language: str, tessdata: str, timeout: float = 0) -> None:
        self._timeout = timeout
        try:
            import pytesseract
        except ImportError:
            raise OcrUnavailableError("OCR engine 'pytesseract' is not installed: `pip install pytesseract`") from None
        try:
            pytesseract.get_tesseract_version()
        except pytesseract.TesseractNotFoundError:
            raise OcrUnavailableError(
                "the tesseract command is not installed: `apt-get install tesseract-ocr` "
                "(needed by ocr.engine: pytesseract)"
            ) from None
        self._pytesseract = pytesseract
        self._language = language
        self._config = f'--tessdata-dir "{tessdata}" --psm {PSM_SPARSE_TEXT}'

    def read(self, gray: np.ndarray, invert: bool = True) -> list[Word]:
        pt = self._pytesseract
        config = self._config + ("" if invert else " -c tessedit_do_invert=0")
        try:
            data = pt.image_to_data(gray, lang=self._language, config=config, output_type=pt.Output.DICT,
                                    timeout=self._timeout)
        except RuntimeError as exc:
            if "timeout" in str(exc).lower():
                raise OcrTimeout(f"tesseract took over {self._timeout} s") from None
            raise
        words: list[Word] = []
        for i, text in enumerate(data["text"]):
            if not text or not text.strip():
                continue
            x, y, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
            line = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
            words.append(Word(text.strip(), Box.from_xywh(x, y, w, h), line, float(data["conf"][i])))
        return words

    def close(self) -> None:
        pass


def import_engine(config: OcrConfig) -> None:
    """Import the engine's library now, in the calling thread (see blur.pipeline.redact)."""
    if config.engine == "tesserocr":
        try:
            import tesserocr  # noqa: F401
        except ImportError:
            pass  # create_engine says how to install it
    else:
        import pytesseract  # noqa: F401


def create_engine(config: OcrConfig) -> OcrEngine:
    tessdata = find_tessdata(config.language, config.tessdata)
    if config.engine == "tesserocr":
        return TesserocrEngine(config.language, str(tessdata), config.timeout)
    return PytesseractEngine(config.language, str(tessdata), config.timeout)
