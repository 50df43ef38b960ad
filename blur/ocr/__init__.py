"""OCR engines behind one small interface (see :mod:`blur.ocr.engine`)."""

import os

# Tesseract's OpenMP threads spin against each other on small machines (a
# 1080p frame took 5-10x longer with 2 threads than with 1). Parallelism comes
# from processes instead. Must be set before libtesseract is loaded.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from .engine import OcrEngine, Word, create_engine  # noqa: E402

__all__ = ["OcrEngine", "Word", "create_engine"]
