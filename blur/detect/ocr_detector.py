"""OCR-based detection: tesseract words -> lines -> recognizers -> boxes."""

from __future__ import annotations

import numpy as np

from ..config import Config
from ..ocr import create_engine
from .base import Detection
from .recognizers import build_recognizers
from .text_spans import find_spans


class OcrDetector:
    def __init__(self, config: Config) -> None:
        self._engine = create_engine(config.ocr)
        self._recognizers = build_recognizers(config.detect.kinds, config.detect.phone_regions)
        self._padding = config.redaction.padding

    def detect(self, luma: np.ndarray) -> list[Detection]:
        if not self._recognizers:
            return []
        return find_spans(self._engine.read(luma), self._recognizers, self._padding)

    def close(self) -> None:
        self._engine.close()
