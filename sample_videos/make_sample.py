"""Make sample_videos/support-form.webm: a browser recording of a support form.

A real headless Chromium (Debian's `chromium`, driven by Playwright) renders a
support form; the script types fake personal data into it one character at
a time, submits, and shows a review page. Each step is screenshotted and the
frames are encoded the way Chrome's MediaRecorder writes: WebM, VP9 + Opus,
millisecond timestamps with uneven gaps (variable frame rate).

All data is fake: example.com addresses, a 555 phone number, Stripe's test
card and test key, the IBAN from the ISO 13616 example.

    pip install playwright   # the Python package only; never `playwright install`
    apt-get install chromium
    python sample_videos/make_sample.py
"""

from __future__ import annotations

import io
import math
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image
from playwright.sync_api import sync_playwright

OUT = Path(__file__).with_name("support-form.webm")
WIDTH, HEIGHT, FPS = 1280, 720, 30

FIELDS = [
    ("name", "Jane Roe"),
    ("email", "jane.roe@example.com"),
    ("phone", "+1 415-555-0132"),
    ("card", "4242 4242 4242 4242"),
    ("iban", "DE89 3704 0044 0532 0130 00"),
    ("message", "Checkout fails with my key sk_test_4eC39HqLyjWDarjtT1zdp7dc since v4.2.1"),
]

PAGE = """<!doctype html><html><head><style>
body { font-family: 'DejaVu Sans', sans-serif; margin: 0; background: #f4f6f8; color: #1f2933; }
header { background: #243b53; color: #fff; padding: 14px 32px; font-size: 20px; }
main { display: flex; gap: 32px; padding: 24px 32px; }
form, aside { background: #fff; border-radius: 8px; padding: 20px 28px; box-shadow: 0 1px 3px #0002; }
form { width: 640px; } aside { width: 420px; font-size: 15px; line-height: 1.6; }
label { display: block; font-size: 14px; color: #52606d; margin-top: 12px; }
input, textarea { width: 100%; font: 16px 'DejaVu Sans', sans-serif; padding: 7px 10px; margin-top: 4px;
  border: 1px solid #bcccdc; border-radius: 4px; box-sizing: border-box; background: #fff; }
textarea { height: 60px; resize: none; }
button { margin-top: 16px; background: #2680c2; color: #fff; border: 0; border-radius: 4px;
  padding: 9px 20px; font-size: 15px; }
#review { display: none; } #review td { padding: 6px 16px 6px 0; font-size: 16px; }
</style></head><body>
<header>Acme Cloud &mdash; Contact support</header>
<main><div>
<form id="form">
<label>Full name</label><input id="name">
<label>Email</label><input id="email">
<label>Phone</label><input id="phone">
<label>Card number (for the disputed charge)</label><input id="card">
<label>IBAN for refunds</label><input id="iban">
<label>What went wrong?</label><textarea id="message"></textarea>
<button type="button">Send request</button>
</form>
<form id="review"><h3>Review your request</h3><table id="rows"></table>
<p>Ticket #48213 will be answered within 1 business day.</p></form>
</div>
<aside><b>Before you write</b><br>Check the status page for incidents.<br>
Order #10023 shipped on 2026-11-20.<br>Plan: Business, renews 2026-12-01.<br>
Our support hours are 9:00&ndash;17:00 CET.</aside></main></body></html>"""


def record() -> list[Image.Image]:
    frames: list[Image.Image] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.set_content(PAGE)

        def shoot(n: int = 1) -> None:
            image = Image.open(io.BytesIO(page.screenshot(type="png"))).convert("RGB")
            frames.extend([image] * n)

        shoot(20)
        for field, value in FIELDS:
            page.focus(f"#{field}")
            step = 1 if field != "message" else 3
            for end in range(step, len(value) + step, step):
                page.eval_on_selector(f"#{field}", "(el, v) => { el.value = v; }", value[:end])
                shoot(2)
            shoot(8)
        page.evaluate(
            """(fields) => {
                document.getElementById('form').style.display = 'none';
                const review = document.getElementById('review');
                review.style.display = 'block';
                document.getElementById('rows').innerHTML = fields.map(
                    ([k, v]) => `<tr><td>${k}</td><td>${v}</td></tr>`).join('');
            }""",
            [[k.capitalize(), v] for k, v in FIELDS[:5]],
        )
        shoot(60)
        browser.close()
    return frames


def main() -> None:
    frames = record()
    encode(frames)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB, {len(frames)} frames)")


def encode(frames: list[Image.Image]) -> None:
    """Video and a quiet room-tone audio track, muxed together."""
    with av.open(str(OUT), "w", format="webm") as out:
        video = out.add_stream("libvpx-vp9", rate=FPS)
        video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        video.time_base = video.codec_context.time_base = Fraction(1, 1000)
        video.options = {"crf": "32", "b": "0", "deadline": "good", "cpu-used": "4", "row-mt": "1"}
        audio = out.add_stream("libopus", rate=48000)
        audio.layout = "mono"
        stamp = 0
        for i, image in enumerate(frames):
            frame = av.VideoFrame.from_image(image).reformat(format="yuv420p")
            frame.pts, frame.time_base = stamp, Fraction(1, 1000)
            stamp += 33 + (4 if i % 6 == 0 else 0) - (3 if i % 9 == 0 else 0)
            for packet in video.encode(frame):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
        rate, chunk = 48000, 960
        rng = np.random.default_rng(7)
        for start in range(0, int(stamp / 1000 * rate), chunk):
            t = np.arange(start, start + chunk) / rate
            samples = 0.03 * np.sin(2 * math.pi * 220 * t) + 0.005 * rng.standard_normal(chunk)
            frame = av.AudioFrame.from_ndarray(samples.astype(np.float32).reshape(1, -1), format="flt",
                                               layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = rate, start, Fraction(1, rate)
            for packet in audio.encode(frame):
                out.mux(packet)
        for packet in audio.encode(None):
            out.mux(packet)


if __name__ == "__main__":
    main()
