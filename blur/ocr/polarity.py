"""Light text on dark is read as dark text on light.

Tesseract reads each line a second time, inverted, when it is unsure of it
(``tessedit_do_invert``): on a dark-themed log nearly every line, half of all
OCR time, for the same words. An image of one polarity (nearly all dark, or
nearly all light) is turned dark on light here and read without that
fallback. A mixed image (a dark chat bubble under a name in dark type on the
light page) or one of low contrast (a mid-grey card fading out) keeps it:
turned over as a whole, its light part's text would be lost. Such patches are
also read on their own (``_panels`` in :mod:`blur.analysis.analyzer`).
"""

from __future__ import annotations

import cv2
import numpy as np

#: Luma below this is a dark background's, above LIGHT a light one's.
DARK, LIGHT = 80, 176
#: An image with at least this share of dark pixels is light text on dark, with this share
#: of light pixels dark text on light; anything else is mixed, or of low contrast (a card
#: fading out under a cross-fade, 81 % light, whose number was lost read once without the
#: fallback). Measured: 96 % of the crops of the dev set's dark CI log are at least this
#: dark, 76 % of its light bank's this light.
UNIFORM = 0.85


def dark_on_light(gray: np.ndarray) -> tuple[np.ndarray, bool]:
    """``gray`` as dark text on light (turned over, a copy, if it is light text on a dark
    background), and whether it is of one clear polarity (then tesseract need not try
    lines inverted)."""
    if gray.size == 0:
        return gray, True
    sample = gray[::2, ::2]
    if np.count_nonzero(sample < DARK) >= UNIFORM * sample.size:
        return cv2.bitwise_not(gray), True
    return gray, bool(np.count_nonzero(sample > LIGHT) >= UNIFORM * sample.size)
