"""Detection: frame pixels in, sensitive boxes (kind + box, never text) out."""

from .base import Detection, Detector
from .ocr_detector import OcrDetector

__all__ = ["Detection", "Detector", "OcrDetector"]
