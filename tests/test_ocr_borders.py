"""Rules and frames are painted out before OCR; glyphs, however tall, are not."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from blur import load_config
from blur.detect import OcrDetector
from blur.ocr.borders import without_borders
from scenes import font


def _framed(text: str, size: int = 20) -> np.ndarray:
    image = Image.new("L", (560, 60), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((6, 6, 553, 53), outline=110, width=2)  # a focused field's or selected cell's outline
    draw.text((16, 18), text, font=font(size), fill=30)
    return np.asarray(image).copy()


def test_a_value_in_a_framed_cell_is_read_whole():
    image = _framed("emma.lindqvist@northwind-mail.com")
    cleaned = without_borders(image)
    assert (cleaned[6:8, 40:500] == cleaned[30, 5]).all()  # the outline's top is gone
    assert (cleaned[10:50, 6:8] == cleaned[30, 5]).all()  # and its sides
    detector = OcrDetector(load_config())
    found = detector.find(detector.read(image))
    assert [d.kind for d in found] == ["email"]


def test_tall_letters_and_a_plain_line_of_text_are_left_alone():
    image = Image.new("L", (700, 120), 255)
    ImageDraw.Draw(image).text((10, 10), "Lilly Hill | fill", font=font(80), fill=30)
    pixels = np.asarray(image).copy()
    assert without_borders(pixels) is pixels  # no rule, no frame: not even copied
    # Beside a rule, the letters' stems stay (only sides meeting the rule are frames).
    ruled = pixels.copy()
    ruled[114:116, :] = 120
    cleaned = without_borders(ruled)
    assert (cleaned[:100] == pixels[:100]).all()
    assert (cleaned[113:117] == cleaned[0, 0]).all()


def test_text_on_a_highlighted_row_keeps_its_band():
    """A selected row's coloured band is no rule: painting it out would lose its light text."""
    image = Image.new("L", (600, 80), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 20, 599, 56), fill=90)
    draw.text((16, 26), "Invoice sent to maria.k@example.org", font=font(20), fill=250)
    pixels = np.asarray(image).copy()
    assert without_borders(pixels) is pixels
