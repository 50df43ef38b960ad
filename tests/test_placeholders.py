"""Form placeholders (sample values drawn faintly in empty fields) stay sharp; values do not."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from blur import load_config
from blur.analysis.onset import downscale
from blur.analysis.tracks import TrackBuilder
from blur.box import Box
from blur.detect import Detection, OcrDetector
from blur.detect.placeholders import is_sample_value
from chromium_pages import CHROMIUM, needs_chromium


@pytest.mark.parametrize("text", ["7400 123456", "07400 123456", "+44 7400 123456", "(201) 555-0123",
                                  "030 123456", "SW1A 1AA", "sw1a1aa", "123", "1234"])
def test_well_known_sample_values_are_recognised(text):
    assert is_sample_value(text)


@pytest.mark.parametrize("text", ["7700 900217", "+44 20 7946 0083", "(212) 555-0199", "SW1A 2BB", "L1A 1EH",
                                  "12", "12345", "4242 4242 4242 4242", "Alexandria Collins", ""])
def test_other_values_are_no_samples(text):
    assert not is_sample_value(text)


FORM = """<!doctype html><html><head><style>
body { font: 16px 'Liberation Sans', sans-serif; margin: 16px; background: #fff; color: #1f2330; }
.row { margin-bottom: 14px; }
label { display: block; font-size: 13px; color: #5c6070; margin-bottom: 4px; }
input { font: 16px 'Liberation Sans', sans-serif; border: 1px solid #c9cbd6; border-radius: 6px;
        padding: 8px 10px; color: #1f2330; }
input::placeholder { color: #767676; }
.picker { border: 1px solid #c9cbd6; border-radius: 6px; padding: 8px 10px; background: #f5f6fa; }
</style></head><body>
<div class="row"><label>Mobile number</label><span class="picker">+44 &#9662;</span>
  <input id="phone" style="width: 160px" placeholder="7400 123456" VALUE_PHONE></div>
<div class="row"><label>Security code</label><input id="cvc" style="width: 60px" placeholder="123" VALUE_CVC></div>
<div class="row"><label>Billing postcode</label><input id="post" style="width: 120px" placeholder="SW1A 1AA" VALUE_POST></div>
</body></html>"""


def _screenshot(tmp_path, values: dict[str, str]) -> tuple[np.ndarray, dict[str, list[int]]]:
    playwright = pytest.importorskip("playwright.sync_api")
    html = FORM
    for name in ("PHONE", "CVC", "POST"):
        html = html.replace(f"VALUE_{name}", f'value="{values[name]}"' if name in values else "")
    (tmp_path / "form.html").write_text(html)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--font-render-hinting=none"])
        page = browser.new_page(viewport={"width": 400, "height": 240})
        page.goto((tmp_path / "form.html").as_uri())
        boxes = {key: page.evaluate(
            f"() => {{ const r = document.getElementById('{key}').getBoundingClientRect();"
            " return [r.left, r.top, r.right, r.bottom]; }") for key in ("phone", "cvc", "post")}
        image = np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("L")).copy()
        browser.close()
    return image, boxes


def _covers(found, field) -> bool:
    return any(d.box.x1 < field[2] and d.box.x2 > field[0] and d.box.y1 < field[3] and d.box.y2 > field[1]
               for d in found)


@needs_chromium
def test_placeholders_of_empty_fields_stay_sharp_and_typed_values_are_covered(tmp_path):
    """An empty phone field beside a "+44" picker shows libphonenumber's example number, an
    empty postcode field "SW1A 1AA", an empty security-code field "123", all in placeholder
    grey: no one's data. The same characters typed into the fields are drawn in the text
    colour and are covered (a real person could type them); so is a number that is no
    example."""
    detector = OcrDetector(load_config())
    empty, fields = _screenshot(tmp_path, {})
    found = detector.detect(empty)
    assert not _covers(found, fields["phone"]), "the phone field's placeholder was covered"
    assert not _covers(found, fields["post"]), "the postcode field's placeholder was covered"
    assert not _covers(found, fields["cvc"]), "the security code field's placeholder was covered"

    typed, fields = _screenshot(tmp_path, {"PHONE": "7400 123456", "CVC": "123", "POST": "SW1A 1AA"})
    found = detector.detect(typed)
    assert _covers(found, fields["phone"]), "a typed number (an example number, in the text colour) showed"
    assert _covers(found, fields["post"]), "a typed postcode (in the text colour) showed"
    assert _covers(found, fields["cvc"]), "a typed security code (in the text colour) showed"

    real, fields = _screenshot(tmp_path, {"PHONE": "7700 900217", "POST": "L1A 1EH"})
    found = detector.detect(real)
    assert _covers(found, fields["phone"]) and _covers(found, fields["post"])


@needs_chromium
def test_a_placeholder_misread_once_is_not_covered_back_over_the_frames_that_read_it_right(tmp_path):
    """A grey "123" in an empty CVV2 field is read as a placeholder on every frame but one,
    where a crop of other context reads it "223" (or the pointer's click ring glues to it):
    a value to the label rule. Followed back over the same unchanged ink, its cover reached
    the frame the form appeared in (265 frames of the dev set's sign-up form). It must not
    reach back past a frame that read that ink as a placeholder; typed digits replace the
    placeholder, and their cover still reaches back to the first keystroke."""
    detector = OcrDetector(load_config())
    empty, fields = _screenshot(tmp_path, {})
    spared: list = []
    found = detector.find(detector.read(empty), empty, spared)
    field = Box(*(int(round(v)) for v in fields["cvc"]))
    assert not _covers(found, fields["cvc"])
    assert any(b.intersection(field) for b in spared), "the placeholder was not reported as read whole"
    prefixes = {n: _screenshot(tmp_path, {"CVC": text})[0] for n, text in ((10, "7"), (12, "74"), (14, "742"))}
    # Where the label rule covers a value in that field (the box a misreading gets too).
    [cvc] = [d.box for d in detector.detect(prefixes[14]) if d.box.intersection(field)]
    times = [n / 30 for n in range(40)]

    misread = TrackBuilder()
    for frame in range(20):  # read right, then misread once on the same pixels
        value = [Detection("labelled", cvc)] if frame == 19 else []
        misread.observe(frame, times[frame], value, downscale(empty), spared=[] if frame == 19 else spared)
    [track] = misread.tracks(times, 0.0, 0.0)
    assert track.first_frame == 19, f"the misread placeholder was covered from frame {track.first_frame}"

    typed = TrackBuilder()
    shown = empty
    for frame in range(16):  # the placeholder, then typing; found only once all three digits show
        shown = prefixes.get(frame, shown)
        typed.observe(frame, times[frame], [Detection("labelled", cvc)] if frame == 15 else [],
                      downscale(shown), spared=spared if frame < 10 else [])
    [track] = typed.tracks(times, 0.0, 0.0)
    assert track.first_frame == 10, f"the first keystrokes showed: covered from frame {track.first_frame}"
