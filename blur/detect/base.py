"""The detector interface shared by every way of finding sensitive regions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..box import Box


@dataclass(frozen=True, slots=True)
class Detection:
    """A region to blur: what kind of value it holds and where, never the value."""

    kind: str
    box: Box
    #: How it was found: "ocr", or "failsafe" when a detector failed and the
    #: whole area is covered instead (fail closed).
    source: str = "ocr"


class Detector(Protocol):
    def detect(self, luma: np.ndarray) -> list[Detection]:
        """Find sensitive regions in one frame's luma plane (H x W, uint8)."""
        ...
