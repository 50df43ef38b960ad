"""Rules and frames are painted out before OCR; glyphs, however tall, are not; and the sides
of fields OCR still reads (as "|", "}") are no part of the value under a label."""

from __future__ import annotations

import dataclasses
import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from blur import load_config
from blur.detect import OcrDetector
from blur.ocr.borders import without_borders
from chromium_pages import CHROMIUM, needs_chromium
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


CARD_FORM = """<!doctype html><html><head><style>
  * { box-sizing: border-box; }
  body { margin: 0; background: #fbfaff; color: #1e1b33; font: 12.5px "Liberation Sans", sans-serif; }
  .wrap { padding: 12px 14px; }
  label { display: block; font-size: 11.5px; color: #5d5880; margin: 6px 0 3px; }
  input { width: 100%; height: 32px; border: 1px solid #cfcae6; border-radius: 6px; padding: 0 10px;
          background: #fff; color: #1e1b33; font: 14px "DejaVu Sans Mono", monospace; outline: none; }
  input.focus { border-color: #5b4bdb; box-shadow: 0 0 0 3px rgba(91,75,219,.18); }
  .row3 { display: grid; grid-template-columns: 1fr 80px 1fr; gap: 10px; }
</style></head><body><div class="wrap"><div class="row3">
  <div><label>Expiry (MM / YY)</label><input id="exp" class="focus" placeholder="MM / YY"></div>
  <div><label>CVV2</label><input id="cvc" placeholder="123" value="704"></div>
  <div><label>Billing postcode</label><input id="zip" placeholder="SW1A 1AA"></div>
</div></div></body></html>"""


@needs_chromium
def test_a_crop_through_a_form_s_fields_does_not_spread_a_value_s_cover_over_its_neighbours(tmp_path):
    """A frame's changed area may be read in a crop that starts just under a row of fields'
    top borders: their sides then stand alone and OCR reads them as "]" or "}", three lines
    tall, beside the CVC's value, whose cover took in the postcode field next to it. (The CVC
    is typed: its placeholder, a sample in placeholder grey, is no value.)"""
    playwright = pytest.importorskip("playwright.sync_api")
    (tmp_path / "form.html").write_text(CARD_FORM)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--font-render-hinting=none"])
        page = browser.new_page(viewport={"width": 520, "height": 90}, device_scale_factor=1.25)
        page.goto((tmp_path / "form.html").as_uri())
        field = [round(v * 1.25) for v in page.evaluate(
            "() => { const r = document.getElementById('cvc').getBoundingClientRect();"
            " return [r.left, r.top, r.right, r.bottom]; }")]
        image = np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("L")).copy()
        browser.close()
    detector = OcrDetector(load_config())
    labels = _read_at(detector, image[: field[1] - 2], 0, 0)
    for top in range(field[1] - 1, field[1] + 5):  # crops starting around the fields' top border
        found = detector.find(labels + _read_at(detector, image[top:], top, 1), image)
        in_field = [d.box for d in found if d.box.x1 < field[2] and d.box.x2 > field[0]]
        assert in_field, f"crop from y={top}: the CVC field's content is not covered"
        for box in in_field:
            assert field[0] - 6 <= box.x1 and box.x2 <= field[2] + 2, f"crop from y={top}: {box} spills sideways"
            assert box.height <= field[3] - field[1], f"crop from y={top}: {box} is taller than the field"


def _read_at(detector: OcrDetector, image: np.ndarray, top: int, line: int) -> list:
    """The words of ``image`` (a band of a screenshot starting at row ``top``), in screenshot
    coordinates, as lines of their own (the screen keeps each crop's lines apart)."""
    words = detector.read(np.ascontiguousarray(image))
    return [dataclasses.replace(w, box=w.box.translate(0, top), line=(line, *w.line)) for w in words]
