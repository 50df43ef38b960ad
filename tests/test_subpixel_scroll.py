"""Scrolls by fractions of a pixel, on frames rendered by Chromium at 150 % zoom.

A page at 125-150 % zoom scrolls by CSS pixels: its text is drawn again at a
new sub-pixel offset each frame, no whole-pixel shift matches it, and the
analysis used to read the whole grid again in every frame of a sideways
scroll. These tests check that such a scroll is followed (moved, not read),
that a character changed during it is still seen, and that text fading in
place is not taken for one.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from blur.analysis.changes import BLOCK, changed_blocks, regions
from blur.analysis.motion import estimate, shift_area
from blur.box import Box
from chromium_pages import CHROMIUM, needs_chromium

THRESHOLD = 24  # configs' analysis.change_threshold
WIDTH, HEIGHT, SCALE = 640, 400, 1.5

PAGE = """<!doctype html><html><head><style>
  body { margin: 0; font: 13px 'DejaVu Sans', sans-serif; background: #fff; color: #222; }
  #view { position: absolute; left: 0; top: 0; width: 640px; height: 400px; overflow: hidden; }
  #grid { position: absolute; left: 0; top: 0; will-change: transform; }
  td { padding: 3px 10px; border-bottom: 1px solid #e3e3e3; white-space: nowrap; }
  #dim { position: absolute; inset: 0; background: #000; opacity: 0; }
  #modal { position: absolute; left: 150px; top: 90px; width: 340px; padding: 18px; background: #fff;
           border-radius: 6px; opacity: 0; font-size: 14px; line-height: 22px; }
</style></head><body><div id="view"><table id="grid"></table></div><div id="dim"></div>
<div id="modal"><b>Confirm your plan</b><br>Team plan, billed yearly<br>Receipts go to billing@acme.example
<br>Next invoice on 25 Jun 2024</div><script>
  const rows = [];
  for (let i = 0; i < 28; i++) {
    rows.push(`<tr><td>Employee ${100 + i}</td><td id="ssn${i}">${400 + i}-${10 + i}-${6000 + 7 * i}</td>`
              + `<td>(503) 583-${String(1000 + 13 * i)}</td><td>2024-0${1 + i % 9}-1${i % 10}</td>`
              + `<td>${17 * i + 3} Maple Grove Suite ${i}</td></tr>`);
  }
  document.getElementById('grid').innerHTML = rows.join('');
  window.show = (x, y, opacity, dim, modal, rise) => {
    const grid = document.getElementById('grid');
    grid.style.transform = `translate(${x}px, ${y}px)`;
    grid.style.opacity = opacity;
    document.getElementById('dim').style.opacity = dim;
    const m = document.getElementById('modal');
    m.style.opacity = modal;
    m.style.transform = `translateY(${rise}px)`;
  };
</script></body></html>"""


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    """Grey frames of the grid: shot(x, y, opacity=1, change=None) -> luma (device pixels)."""
    playwright = pytest.importorskip("playwright.sync_api")
    page_file = tmp_path_factory.mktemp("subpixel") / "grid.html"
    page_file.write_text(PAGE)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--font-render-hinting=none"])
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=SCALE)
        page.goto(page_file.as_uri())

        def shot(x: float, y: float, opacity: float = 1.0, change: str | None = None,
                 modal: tuple[float, float, float] = (0, 0, 0)) -> np.ndarray:
            page.evaluate(f"document.getElementById('ssn3').textContent = {change or '403-13-6021'!r}")
            page.evaluate(f"window.show({x}, {y}, {opacity}, {modal[0]}, {modal[1]}, {modal[2]})")
            image = Image.open(io.BytesIO(page.screenshot())).convert("L")
            return np.asarray(image).copy()

        def box_of(element_id: str) -> Box:
            r = page.evaluate("(id) => { const r = document.getElementById(id).getBoundingClientRect();"
                              " return [r.left, r.top, r.right, r.bottom]; }", element_id)
            return Box(*(int(v * SCALE) for v in r[:2]), *(int(-(-v * SCALE // 1)) for v in r[2:]))

        yield shot, box_of
        browser.close()


def _follow(reference: np.ndarray, current: np.ndarray):
    """What the analysis does with a changed frame: the motion, and the cells still changed after it."""
    height, width = current.shape
    motion = estimate(reference, current, Box(0, 0, width, height), THRESHOLD)
    if motion is None:
        return None, changed_blocks(current, reference, THRESHOLD)
    moved = reference.copy()
    revealed = shift_area(moved, motion)
    cells = changed_blocks(current, moved, THRESHOLD, [motion.area.pad(BLOCK, BLOCK).clip(width, height)])
    for strip in revealed:  # read anyway: new content scrolled into view
        cells[strip.y1 // BLOCK : -(-strip.y2 // BLOCK), strip.x1 // BLOCK : -(-strip.x2 // BLOCK)] = 0
    return motion, cells


@needs_chromium
@pytest.mark.parametrize("dx, dy", [(-7.5, 0), (-1.2, 0), (0, -5.5), (-2.4, -3.4), (-0.3, 0)])
def test_a_scroll_by_a_fraction_of_a_pixel_is_followed_not_read_again(shots, dx, dy):
    shot, _ = shots
    reference, current = shot(0, 0), shot(dx, dy)
    assert changed_blocks(current, reference, THRESHOLD).mean() > 0.2  # no pixel-exact match anywhere
    motion, cells = _follow(reference, current)
    assert motion is not None
    assert abs(motion.dx - dx * SCALE) <= 1 and abs(motion.dy - dy * SCALE) <= 1
    # Within a pixel's tolerance nothing is left to read but the strip scrolled into view.
    assert cells.mean() < 0.01


@needs_chromium
def test_a_digit_changed_during_a_fractional_scroll_is_read_again(shots):
    shot, box_of = shots
    reference = shot(0, 0)
    current = shot(-4.67, -2.33, change="403-13-6027")  # one digit of the SSN differs
    motion, cells = _follow(reference, current)
    assert motion is not None
    changed = regions(cells, *current.shape[::-1], grow=0)
    digit = box_of("ssn3")
    assert any(area.intersection(digit) for area in changed)
    assert sum(a.area for a in changed) < 0.05 * current.size  # and not much else


@needs_chromium
def test_text_fading_in_place_is_not_taken_for_a_redraw(shots):
    shot, _ = shots
    reference, current = shot(0, 0, opacity=0.55), shot(0, 0, opacity=0.75)
    motion, cells = _follow(reference, current)
    assert motion is None  # every changed cell is read again
    assert cells.mean() > 0.2


@needs_chromium
def test_a_modal_fading_in_over_a_dimming_page_is_not_taken_for_a_scroll(shots):
    # The panel brightens while the page behind it darkens (both ways, like text drawn a
    # fraction of a pixel off) and rises by a pixel or two: each frame is within a pixel's
    # tolerance of the last, yet it is new content fading in, to be read as it settles.
    shot, _ = shots
    reference = shot(0, 0, modal=(0.20, 0.5, 4))
    current = shot(0, 0, modal=(0.24, 0.6, 3))
    height, width = current.shape
    assert estimate(reference, current, Box(0, 0, width, height), THRESHOLD) is None


def _specks_by_labelling(reference: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The definition: 8-connected groups of fewer than SPECK_PIXELS pixels, all on the
    reference's strokes (a 3x3 morphological gradient over STROKE, dilated by a pixel), go."""
    import cv2

    from blur.analysis.motion import SPECK_PIXELS, STROKE

    kernel = np.ones((3, 3), np.uint8)
    strokes = cv2.dilate(cv2.threshold(cv2.morphologyEx(reference, cv2.MORPH_GRADIENT, kernel),
                                       STROKE, 255, cv2.THRESH_BINARY)[1], kernel)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    result = mask.copy()
    for i in range(1, count):
        group = labels == i
        if stats[i, cv2.CC_STAT_AREA] < SPECK_PIXELS and (strokes[group] > 0).all():
            result[group] = 0
    return result


def test_specks_on_strokes_are_dropped_and_changed_characters_kept():
    """The encoder's lone pixels on text drawn at another sub-pixel offset are noise; a run
    of three changed pixels (a changed character), or a pixel off the text's strokes (ink
    where there was none), is a change. Checked against labelled groups on varied masks,
    including the window the strokes are looked for in (near the frame's edges)."""
    from blur.analysis.motion import _without_specks

    rng = np.random.default_rng(7)
    for _ in range(400):
        height, width = (int(v) for v in rng.integers(4, 70, 2))
        reference = np.zeros((height, width), np.uint8)
        for _ in range(int(rng.integers(0, 6))):  # glyph-like bars
            x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
            reference[y : y + int(rng.integers(1, 12)), x : x + int(rng.integers(1, 4))] = 255
        mask = ((rng.random((height, width)) < rng.random() * 0.25) * 255).astype(np.uint8)
        expected = _specks_by_labelling(reference, mask)
        assert np.array_equal(_without_specks(reference, mask.copy()), expected)
    # And the plain cases, spelt out.
    reference = np.zeros((20, 20), np.uint8)
    reference[5:15, 9:11] = 255  # a stroke
    mask = np.zeros((20, 20), np.uint8)
    mask[6, 10] = 255  # alone, on the stroke: noise
    mask[12:15, 9] = 255  # three in a run on the stroke: a changed character
    mask[1, 1] = 255  # alone, off the stroke: new ink
    out = _without_specks(reference, mask.copy())
    assert out[6, 10] == 0 and (out[12:15, 9] == 255).all() and out[1, 1] == 255
