"""capture.js in a real headless Chromium: screenshots + the captured sidecar -> `blur run --elements`.

The page is scripted frame by frame; each screenshot is stamped with the
capture's own clock, as a recorder in the page would. Ground truth (which
element is where, in each frame) is measured by the test itself from the DOM.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from helpers import covered, ink_left
from scenes import decode_frames, encode

from blur.box import Box
from blur.elements import capture_script
from blur.elements.rules import BUILTIN_BLUR, BUILTIN_OPT_OUT

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")

ROWS = "".join(
    f'<div class="row{" fs-mask" if n == 9 else ""}" id="row{n}">Row {n}: {"Jane Roe private" if n == 9 else "status ok"}</div>'
    for n in range(1, 16))
PAGE = f"""<!doctype html><html><head><style>
  body {{ margin: 0; font: 16px "DejaVu Sans", sans-serif; color: #111; background: #fff; height: 1200px; }}
  h1 {{ font-size: 20px; margin: 12px 16px; }}
  .box {{ position: absolute; }}
  #scroller {{ left: 16px; top: 60px; width: 260px; height: 130px; overflow: auto; border: 1px solid #999; }}
  .row {{ height: 26px; line-height: 26px; padding-left: 6px; }}
  #panel {{ left: 320px; top: 60px; width: 280px; height: 70px; background: #f3f3f3; }}
  #optout {{ display: block; margin: 30px 0 0 10px; width: 120px; }}
  #pw {{ left: 320px; top: 150px; width: 200px; font-size: 16px; }}
  #pay {{ left: 320px; top: 200px; width: 280px; height: 60px; border: 1px solid #999; }}
  #plain {{ left: 16px; top: 230px; }}
  #modal {{ left: 60px; top: 280px; width: 300px; height: 50px; background: #fee; }}
</style></head><body>
<h1 id="title">Account settings</h1>
<div class="box" id="scroller">{ROWS}</div>
<div class="box rr-block" id="panel"><span id="notes">Private notes</span><span data-jam-blur="no" id="optout">Ticket 4471</span></div>
<input class="box" id="pw" type="password" value="hunter2hunter2">
<iframe class="box" id="pay" srcdoc="<body style='margin:4px;font:16px DejaVu Sans'><input autocomplete='cc-number' id='cc' value='4111 1111 1111 1111' style='font:16px DejaVu Sans;width:240px'></body>"></iframe>
<p class="box" id="plain">Welcome back to the dashboard</p>
<script>
  function step(i) {{
    if (i === 12) {{
      const m = document.createElement('div');
      m.id = 'modal'; m.className = 'box'; m.setAttribute('data-private', '');
      m.textContent = 'Reset code sent to you';
      document.body.appendChild(m);
    }}
    if (i >= 16 && i < 34) document.getElementById('scroller').scrollTop += 7;
    if (i === 38) window.scrollBy(0, 30);
    if (i === 44) document.getElementById('modal').remove();
  }}
</script></body></html>"""

# Marked: #notes sits in the .rr-block panel (the panel's opted-out #optout is plain); plus the iframe's #cc.
MARKED = ["#notes", "#pw", "#row9", "#modal"]
PLAIN = ["#title", "#plain", "#row3", "#optout"]
GROUND_TRUTH_JS = """([marked, plain]) => {
  const clip = (r, c) => { const x1 = Math.max(r[0], c[0]), y1 = Math.max(r[1], c[1]);
    const x2 = Math.min(r[2], c[2]), y2 = Math.min(r[3], c[3]); return x2 > x1 && y2 > y1 ? [x1, y1, x2, y2] : null; };
  const rect = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const view = [0, 0, innerWidth, innerHeight];
  const measure = sel => { const el = document.querySelector(sel); if (!el) return null;
    let r = clip(rect(el), view);
    const s = el.closest('#scroller'); if (r && s && s !== el) r = clip(r, rect(s));
    return r; };
  const f = document.getElementById('pay'), fr = f.getBoundingClientRect();
  const cc = f.contentDocument.getElementById('cc').getBoundingClientRect();
  const ox = fr.left + f.clientLeft, oy = fr.top + f.clientTop;
  let ccBox = clip([cc.left + ox, cc.top + oy, cc.right + ox, cc.bottom + oy], [ox, oy, ox + f.clientWidth, oy + f.clientHeight]);
  const out = {marked: {}, plain: {}};
  for (const s of marked) out.marked[s] = measure(s);
  out.marked['#cc'] = ccBox ? clip(ccBox, view) : null;
  for (const s of plain) out.plain[s] = measure(s);
  return out;
}"""

FRAMES = 50
DPR = 1.25


@pytest.fixture(scope="module")
def recording(tmp_path_factory):
    playwright = pytest.importorskip("playwright.sync_api")
    folder = tmp_path_factory.mktemp("chromium")
    images, stamps, truth = [], [], []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 640, "height": 400}, device_scale_factor=DPR)
        page.set_content(PAGE)
        page.add_script_tag(content=capture_script())
        page.evaluate("() => { window.cap = blurCapture.start(); }")
        for i in range(FRAMES):
            page.evaluate("i => step(i)", i)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            truth.append(page.evaluate(GROUND_TRUTH_JS, [MARKED, PLAIN]))
            stamps.append(page.evaluate("() => cap.now()"))
            images.append(Image.open(io.BytesIO(page.screenshot())).convert("RGB"))
        lines = page.evaluate("() => cap.stop()")
        browser.close()
    sidecar = folder / "recording.elements.jsonl"
    sidecar.write_text("\n".join(lines) + "\n")
    video = folder / "recording.mp4"
    width, height = images[0].size
    pts = [round(s) for s in stamps]
    for n in range(1, len(pts)):  # strictly increasing, as a muxer needs
        pts[n] = max(pts[n], pts[n - 1] + 1)
    encode(video, lambda i: images[i], width=width, height=height, frames=FRAMES, audio=False, pts_ms=pts)
    return video, sidecar, truth, (width, height)


def _video_box(css: list[float], inset: int = 1) -> tuple[int, int, int, int]:
    x1, y1, x2, y2 = (v * DPR for v in css)
    return (int(np.ceil(x1)) + inset, int(np.ceil(y1)) + inset, int(x2) - inset, int(y2) - inset)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [*value.keys(), *(s for v in value.values() for s in _strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_capture_defaults_match_the_python_rules():
    script = capture_script()
    for selector in BUILTIN_BLUR + BUILTIN_OPT_OUT:
        assert json.dumps(selector)[1:-1].replace('\\"', '"') in script.replace("\" +\n      \"", ""), selector


def test_sidecar_records_geometry_and_marks_never_text_or_values(recording):
    video, sidecar, truth, size = recording
    text = sidecar.read_text()
    header = json.loads(text.splitlines()[0])
    assert header["format"] == "blur-elements" and header["version"] == 1
    assert size == (800, 500)  # 640x400 CSS px at device pixel ratio 1.25
    samples = [json.loads(line) for line in text.splitlines()[1:]]
    # Every string in the file (keys and values): numbers such as a timestamp 6507.41119 may
    # hold "4111" by chance, and are geometry, not text.
    strings = " ".join(_strings([header, *samples]))
    for secret in ("hunter2", "4111", "Jane Roe", "Reset code", "Private notes", "Ticket 4471"):
        assert secret not in strings
    assert all(s["dpr"] == DPR for s in samples if "elements" in s)
    tags = {e["tag"] for s in samples for e in s.get("elements", [])}
    assert {"div", "input", "span"} <= tags


def test_blur_run_with_elements_blurs_exactly_the_marked_elements(recording, tmp_path):
    video, sidecar, truth, _ = recording
    config = tmp_path / "selectors-only.yaml"
    # OCR finds nothing here: selectors alone decide. Frames are stamped by the capture's own clock,
    # so no tolerance for clock skew is needed (with it, a frame right after a jump also covers the
    # element's previous place: fail closed, tested in test_elements_units.py).
    config.write_text("version: 1\ndetect: {kinds: []}\nelements: {tolerance: 0}\n")
    out, report = tmp_path / "out.mp4", tmp_path / "plan.json"
    run = subprocess.run([sys.executable, "-m", "blur", "run", video, "-o", out, "--elements", sidecar,
                          "--config", config, "--report", report, "-q"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    plan = json.loads(report.read_text())
    assert plan["tracks"] and {t["source"] for t in plan["tracks"]} == {"selector"}
    from blur.plan import Plan
    boxes_at = Plan.model_validate(plan)
    original, _ = decode_frames(video)
    blurred, _ = decode_frames(out)
    assert len(blurred) == FRAMES
    leaks, touched, seen = [], [], 0
    for f in range(FRAMES):
        boxes = [b for t in boxes_at.tracks if (b := t.box_at(f)) is not None]
        for selector, css in truth[f]["marked"].items():
            if css is None or css[2] - css[0] < 3 or css[3] - css[1] < 3:
                continue
            gt = _video_box(css)
            seen += 1
            if not covered(gt, boxes) or ink_left(original[f], blurred[f], gt) > 0.05:
                leaks.append((f, selector))
        for selector, css in truth[f]["plain"].items():
            if css is None or css[2] - css[0] < 6 or css[3] - css[1] < 6:
                continue
            gt = Box(*_video_box(css, inset=2))
            if any(b.intersection(gt) for b in boxes):
                touched.append((f, selector))
            x1, y1, x2, y2 = gt.as_list()
            diff = np.abs(original[f][y1:y2, x1:x2].astype(int) - blurred[f][y1:y2, x1:x2].astype(int)).mean()
            if diff > 6:
                touched.append((f, selector, round(float(diff), 1)))
    assert seen > 4 * FRAMES * 0.8
    assert leaks == [], f"{len(leaks)} marked element-frames left visible: {leaks[:10]}"
    assert touched == [], f"plain elements blurred: {touched[:10]}"


def test_without_a_sidecar_selectors_do_nothing_and_a_bad_one_is_an_error_or_a_warning(recording, tmp_path):
    video, sidecar, _, _ = recording
    bad = tmp_path / "bad.jsonl"
    bad.write_text(sidecar.read_text().splitlines()[0] + "\n{\"t\": 0, \"viewport\": [640, 400], \"dpr\": 1.25, "
                   "\"elements\": [{\"k\": 1, \"tag\": \"div\", \"box\": [0, 0, 10]}]}\n")
    config = tmp_path / "c.yaml"
    config.write_text("version: 1\ndetect: {kinds: []}\n")
    run = subprocess.run([sys.executable, "-m", "blur", "run", video, "-o", tmp_path / "o.mp4", "--elements", bad,
                          "-c", config, "-q"], capture_output=True, text=True)
    assert run.returncode == 9 and not (tmp_path / "o.mp4").exists()
    assert run.stderr.startswith(f"blur: error: {bad}: line 2: elements.0.box") and "Traceback" not in run.stderr
    warned = subprocess.run([sys.executable, "-m", "blur", "run", video, "-o", tmp_path / "o.mp4", "--elements",
                             bad, "--ignore-bad-elements", "-c", config, "--report", tmp_path / "p.json", "-q"],
                            capture_output=True, text=True)
    assert warned.returncode == 0 and "continuing with OCR only" in warned.stderr
    assert json.loads((tmp_path / "p.json").read_text())["tracks"] == []
