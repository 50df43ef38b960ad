"""Light text on dark is read as dark text on light.

Tesseract's own fallback (``tessedit_do_invert``) reads every line it is unsure of a
second time, inverted: on a dark-themed log that was half of all OCR time. blur
turns dark crops over itself and switches the fallback off for crops of one
polarity; a panel of the other polarity inside a crop (a light card on a dark page,
a dark toast on a light one) is read on its own. These tests render real pages in Chromium and check that values
are found in both themes and in panels of either polarity.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from blur import load_config
from blur.analysis.analyzer import FrameAnalyzer
from blur.detect import OcrDetector
from blur.ocr.polarity import dark_on_light
from chromium_pages import CHROMIUM, needs_chromium

PAGE = """<!doctype html><html><head><style>
  body { margin: 0; background: %(bg)s; color: %(fg)s; font: 14px 'DejaVu Sans Mono', monospace; }
  .log { position: absolute; left: 20px; top: 20px; line-height: 19px; white-space: pre; }
  .card { position: absolute; left: 60px; top: 150px; padding: 12px 18px; border-radius: 6px;
          background: %(card_bg)s; color: %(card_fg)s; font: 15px 'DejaVu Sans', sans-serif; }
</style></head><body>
<div class="log">09:12:01 checkout main at 05c9c4d
09:12:02 notify ops-lead@northwind-mail.com
09:12:03 export STRIPE_SECRET_KEY=sk_live_51HqLyjWDarjtT1zdp7dc
09:12:04 rollout 4/12 pods ready</div>
<div class="card">Billing contact: grace.hopper@harbor-labs.io</div>
</body></html>"""

THEMES = {
    "dark page, light card": dict(bg="#0d1117", fg="#c9d1d9", card_bg="#f6f8fa", card_fg="#1f2328"),
    "light page, dark card": dict(bg="#ffffff", fg="#1f2328", card_bg="#24292f", card_fg="#f0f6fc"),
}


@pytest.fixture(scope="module")
def screens():
    playwright = pytest.importorskip("playwright.sync_api")
    shots = {}
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 720, "height": 240})
        for name, colours in THEMES.items():
            page.set_content(PAGE % colours)
            shots[name] = np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("L")).copy()
        browser.close()
    return shots


def test_images_of_one_polarity_are_read_dark_on_light_without_tesseract_s_second_try():
    dark = np.full((30, 200), 20, np.uint8)
    dark[10:20, 20:180:3] = 220  # light glyph strokes
    image, uniform = dark_on_light(dark)
    assert uniform and (image == 255 - dark).all()
    light = 255 - dark
    image, uniform = dark_on_light(light)
    assert uniform and image is light
    # Half dark, half light (a dark bubble under a name on the light page): left as it is,
    # and tesseract keeps trying unsure lines inverted.
    mixed = np.full((30, 200), 240, np.uint8)
    mixed[:, 100:] = 60
    image, uniform = dark_on_light(mixed)
    assert not uniform and image is mixed


@needs_chromium
@pytest.mark.parametrize("theme", THEMES)
def test_values_are_found_in_either_theme_and_in_a_panel_of_the_other_polarity(screens, theme):
    luma = screens[theme]
    height, width = luma.shape
    analyzer = FrameAnalyzer(load_config(), width, height, 30.0)
    try:
        analyzer.feed(0, 0.0, luma, "yuvj420p")  # full range already: no TV-range stretch
        kinds = sorted(d.kind for d in analyzer.detector.find(analyzer.screen.words, luma))
    finally:
        analyzer.close()
    # The log's e-mail and key, and the card's e-mail (the card is the other polarity).
    assert kinds.count("email") == 2, kinds
    assert "api_key" in kinds or "secret" in kinds, kinds
    card = [w.text for w in analyzer.screen.words if 140 <= w.box.y1 <= 200]
    assert any("grace.hopper@harbor-labs.io" in t for t in card), card


@needs_chromium
def test_a_dark_crop_reads_the_same_words_as_its_light_twin(screens):
    detector = OcrDetector(load_config())
    try:
        log = screens["dark page, light card"][10:110, :]
        twin = screens["light page, dark card"][10:110, :]
        dark_words = [w.text for w in detector.read(log)]
        light_words = [w.text for w in detector.read(twin)]
    finally:
        detector.close()
    assert "ops-lead@northwind-mail.com" in dark_words
    assert "ops-lead@northwind-mail.com" in light_words
