"""Pages rendered frame by frame in real Chromium, blurred by `blur run`, with ground truth
measured from the DOM: shared by the tests of detection on realistic screens."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from blur.plan import Plan
from scenes import decode_frames, encode

CHROMIUM = "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")

GROUND_TRUTH_JS = """() => {
  const clip = (r, c) => { const x1 = Math.max(r[0], c[0]), y1 = Math.max(r[1], c[1]);
    const x2 = Math.min(r[2], c[2]), y2 = Math.min(r[3], c[3]); return x2 > x1 && y2 > y1 ? [x1, y1, x2, y2] : null; };
  const view = [0, 0, innerWidth, innerHeight];
  const out = [];
  for (const el of document.querySelectorAll('[data-gt], [data-neg]')) {
    if (getComputedStyle(el.closest('.msg') || el).opacity < 0.05) continue;
    let rects;
    if (el.tagName === 'INPUT') {
      if (!el.value) continue;
      const r = el.getBoundingClientRect();
      rects = [[r.left + 4, r.top + 3, r.right - 4, r.bottom - 3]];
    } else {
      const range = document.createRange(); range.selectNodeContents(el);
      rects = [...range.getClientRects()].map(r => [r.left, r.top, r.right, r.bottom]);
    }
    let box = null, cut = false;
    for (const r of rects) {
      let c = clip(r, view);
      for (let p = el.parentElement; c && p; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (s.overflow !== 'visible') { const q = p.getBoundingClientRect();
          const k = clip(c, [q.left, q.top, q.right, q.bottom]);
          if (!k || k[1] !== c[1] || k[3] !== c[3] || k[0] !== c[0] || k[2] !== c[2]) cut = cut || !!k;
          c = k; }
      }
      // Slivers under 6 px at a clip edge are skipped, as the dev set's scorer does.
      if (c && c[3] - c[1] >= 6) out.push({kind: el.dataset.gt || null, neg: el.dataset.neg || null, box: c, cut});
    }
  }
  return out;
}"""



def log_lines(count: int, email_at: int, phone_at: int) -> str:
    """``count`` CI-log lines as ``<div class="l">`` elements, an on-call e-mail on line
    ``email_at`` and a phone number on line ``phone_at`` (marked as ground truth)."""
    lines = [f"09:12:{3 + n // 30:02d}.{(n * 37) % 1000:03d} npm WARN deprecated pkg-{n}@{n % 7}.{n % 3}.0: "
             "no longer supported" for n in range(count)]
    lines[email_at] = '09:12:03.814 <span data-gt="email">oncall.mkirby@example.net</span> paged for build 4471'
    lines[phone_at] = '09:12:04.102 escalation phone <span data-gt="phone">+1 415 555 0187</span> (night shift)'
    return "".join(f'<div class="l">{line}</div>' for line in lines)


def render_and_blur(folder: Path, name: str, html: str, width: int, height: int, frames: int):
    """Screenshot ``html`` after ``window.__frame(n)`` for each frame, encode it, blur it.

    Returns (video, blurred video, plan, per-frame ground truth). Elements marked
    ``data-gt="KIND"`` are sensitive, ``data-neg="WHAT"`` must stay sharp.
    """
    playwright = pytest.importorskip("playwright.sync_api")
    page_file = folder / f"{name}.html"
    page_file.write_text(html)
    images, truth = [], []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--font-render-hinting=none"])
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(page_file.as_uri())
        page.wait_for_function("window.__ready === true")
        for n in range(frames):
            page.evaluate(f"window.__frame({n})")
            truth.append(page.evaluate(GROUND_TRUTH_JS))
            images.append(Image.open(io.BytesIO(page.screenshot())).convert("RGB"))
        browser.close()
    video = folder / f"{name}.mp4"
    encode(video, lambda i: images[i], width=width, height=height, frames=frames, audio=False)
    out, plan = folder / f"{name}.blurred.mp4", folder / f"{name}.plan.json"  # the plan: for looking into failures
    done = subprocess.run([sys.executable, "-m", "blur", "run", str(video), "-o", str(out), "--report", str(plan),
                           "--quiet"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no Leptonica chatter, no warnings
    return video, out, Plan.load(plan), truth


PLAYBACK_JS = """async () => {
  const v = document.querySelector('video');
  await new Promise((ok, fail) => { if (v.readyState >= 1) ok(); v.onloadedmetadata = ok;
                                    v.onerror = () => fail(new Error('load: ' + (v.error && v.error.code))); });
  v.muted = true; v.playbackRate = 16;
  await v.play();
  await new Promise((ok, fail) => { v.onended = ok; v.onerror = () => fail(new Error('play: ' + v.error.code)); });
  const q = v.getVideoPlaybackQuality();
  return {width: v.videoWidth, height: v.videoHeight, duration: v.duration, ended: v.ended,
          frames: q.totalVideoFrames, error: v.error && v.error.code};
}"""


def playback(video: Path) -> dict:
    """Play ``video`` to its end in Chromium's <video>: its size, duration and decoded frames
    (the file a user downloads must play in the browser, not only in FFmpeg)."""
    playwright = pytest.importorskip("playwright.sync_api")
    page_file = video.with_suffix(".play.html")
    page_file.write_text(f'<video src="{video.name}"></video>')
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required"])
        page = browser.new_page()
        page.goto(page_file.as_uri())
        result = page.evaluate(PLAYBACK_JS)
        browser.close()
    return result


def keep_folder(tmp_path_factory, name: str) -> Path:
    """$BLUR_TEST_KEEP (a folder to keep the page, videos and plan in for looking into failures), else a temp dir."""
    keep = os.environ.get("BLUR_TEST_KEEP")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        return Path(keep)
    return tmp_path_factory.mktemp(name)


def edges(image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    x1, y1, x2, y2 = box
    gray = cv2.cvtColor(image[max(0, y1 - 2) : y2 + 2, max(0, x1 - 2) : x2 + 2], cv2.COLOR_RGB2GRAY)
    return cv2.Laplacian(cv2.GaussianBlur(gray, (0, 0), 0.8), cv2.CV_32F, ksize=3)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """2<a,b> / (|a|^2 + |b|^2) of edge images: 1 when the strokes are all still there."""
    den = float((a * a).sum() + (b * b).sum())
    return 2.0 * float((a * b).sum()) / den if den > 1e-6 else 0.0


def legible(original: np.ndarray, output: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """How much of the text in ``box`` the output still shows: the best stroke similarity
    with the original over the whole box and over windows of about four characters (a
    cover that misses part of a value shows that part)."""
    a, b = edges(original, box), edges(output, box)
    height, width = a.shape
    energy = (a * a).mean()
    best = similarity(a, b)
    window = max(8, 2 * height)
    for x in range(0, max(1, width - window + 1), max(4, window // 2)):
        pa, pb = a[:, x : x + window], b[:, x : x + window]
        if (pa * pa).mean() >= 0.5 * energy:
            best = max(best, similarity(pa, pb))
    return best


def truth_box(entry) -> tuple[int, int, int, int]:
    x1, y1, x2, y2 = entry["box"]
    return int(x1), int(y1), int(np.ceil(x2)), int(np.ceil(y2))




def leaks_and_kinds(video: Path, out: Path, truth: list) -> tuple[list[tuple[int, str, tuple]], set[str], int]:
    """Sensitive entries still legible in the output: ((frame, kind, box) list, kinds seen,
    frames written)."""
    before, _ = decode_frames(video)
    after, _ = decode_frames(out)
    leaks, seen = [], set()
    for i, entries in enumerate(truth):
        for entry in entries:
            if entry["kind"]:
                seen.add(entry["kind"])
                if legible(before[i], after[i], truth_box(entry)) >= 0.8:
                    leaks.append((i, entry["kind"], truth_box(entry)))
    return leaks, seen, len(after)


def blurred_look_alikes(video: Path, out: Path, truth: list) -> tuple[list[tuple[int, str, tuple]], int]:
    """Look-alikes (not cut by a view) whose strokes the output changed: (list, how many shown)."""
    before, _ = decode_frames(video)
    after, _ = decode_frames(out)
    blurred, shown = [], 0
    for i, entries in enumerate(truth):
        for entry in entries:
            if entry["neg"] and not entry["cut"]:
                shown += 1
                box = truth_box(entry)
                if similarity(edges(before[i], box), edges(after[i], box)) < 0.8:
                    blurred.append((i, entry["neg"], box))
    return blurred, shown
