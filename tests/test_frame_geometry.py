"""Frame geometry real recordings have: a window resized while MediaRecorder records, odd
sides, a phone recording stored sideways, and frames too large to process safely."""

from __future__ import annotations

import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image, ImageDraw

from blur import load_config, redact
from chromium_pages import needs_chromium, playback
from helpers import covered, ink_left, plan_boxes
from scenes import decode_frames, font

EMAIL = "anna.kowalski@northwind-mail.com"
TB = Fraction(1, 30)


def _page(width: int, height: int) -> tuple[Image.Image, tuple[int, int, int, int]]:
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    size = max(14, width // 28)
    draw.text((30, height // 5), EMAIL, fill="black", font=font(size))
    draw.text((30, height // 2), "Order ORD-771203 shipped", fill="black", font=font(size))
    return image, draw.textbbox((30, height // 5), EMAIL, font=font(size))


def _packets(codec: str, width: int, height: int, start: int, count: int) -> list[av.Packet]:
    """``count`` frames encoded at ``width`` x ``height`` by an encoder of their own."""
    context = av.CodecContext.create(codec, "w")
    context.width, context.height, context.pix_fmt = width, height, "yuv420p"
    context.time_base, context.framerate = TB, 30
    packets = []
    for i in range(count):
        frame = av.VideoFrame.from_image(_page(width, height)[0]).reformat(format="yuv420p")
        frame.pts, frame.time_base = i, TB
        packets += context.encode(frame)
    packets += context.encode(None)
    for packet in packets:
        packet.pts = packet.dts = (packet.pts or 0) + start
        packet.time_base = TB
    return packets


def _webm(path: Path, parts: list[tuple[int, int, int]], codec: str = "libvpx") -> Path:
    """A WebM whose frame size changes between ``parts`` of (width, height, frames), as
    Chrome's MediaRecorder writes when the recorded tab or window is resized."""
    container = av.open(str(path), "w", format="webm")
    stream = container.add_stream(codec, rate=30)
    stream.width, stream.height, stream.pix_fmt = parts[0][0], parts[0][1], "yuv420p"
    start = 0
    for width, height, count in parts:
        for packet in _packets(codec, width, height, start, count):
            packet.stream = stream
            container.mux(packet)
        start += count
    container.close()
    return path


@needs_chromium
def test_window_resized_while_recording(tmp_path):
    """640x360, then 800x450 from frame 30: every frame comes out in the first size, the
    e-mail covered in each, before and after the resize."""
    src = _webm(tmp_path / "resized.webm", [(640, 360, 30), (800, 450, 30)])
    assert {f.width for f in decode_frames_av(src)} == {640, 800}
    report = redact(src, tmp_path / "out.webm", load_config())
    frames, _ = decode_frames(tmp_path / "out.webm")
    assert len(frames) == 60 and {f.shape[:2] for f in frames} == {(360, 640)}
    before = _page(640, 360)[1]
    x1, y1, x2, y2 = _page(800, 450)[1]
    after = (int(x1 * 0.8), int(y1 * 0.8), int(x2 * 0.8) + 1, int(y2 * 0.8) + 1)  # scaled to 640x360
    for i in range(60):
        assert covered(before if i < 30 else after, plan_boxes(report.plan, i)), f"frame {i}"
    played = playback(tmp_path / "out.webm")
    assert (played["width"], played["height"], played["ended"], played["error"]) == (640, 360, True, None)
    assert played["duration"] == pytest.approx(2.0, abs=0.1)


@needs_chromium
def test_odd_frame_size(tmp_path):
    """641x361 VP9 (a recorded window or region): processed, written as 642x362, covered."""
    src = _webm(tmp_path / "odd.webm", [(641, 361, 20)], codec="libvpx-vp9")
    report = redact(src, tmp_path / "out.webm", load_config())
    frames, _ = decode_frames(tmp_path / "out.webm")
    assert len(frames) == 20 and frames[0].shape[:2] == (362, 642)
    assert (report.plan.video.width, report.plan.video.height) == (642, 362)
    x1, y1, x2, y2 = _page(641, 361)[1]
    # Scaled by 642/641 and 362/361: at most one pixel further right and down.
    assert all(covered((x1, y1, x2 + 1, y2 + 1), plan_boxes(report.plan, i)) for i in range(20))
    played = playback(tmp_path / "out.webm")
    assert (played["width"], played["height"], played["ended"], played["error"]) == (642, 362, True, None)


def test_frames_over_the_size_limit_are_refused(tmp_path):
    src = _webm(tmp_path / "big.webm", [(640, 360, 5)])
    out = tmp_path / "out.webm"
    done = subprocess.run([sys.executable, "-m", "blur", "run", str(src), "-o", str(out)], capture_output=True,
                          text=True, env={**os.environ, "BLUR_MAX_FRAME_PIXELS": "200000"}, timeout=120)
    assert done.returncode == 3
    assert "640x360 is larger than the limit of 200000 pixels" in done.stderr and "BLUR_MAX_FRAME_PIXELS" in done.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [src]


def decode_frames_av(path: Path) -> list[av.VideoFrame]:
    with av.open(str(path)) as container:
        return list(container.decode(video=0))


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_phone_recording_stored_sideways(tmp_path, rotation):
    """A portrait phone recording stored sideways with a display rotation: read upright, so
    the e-mail is covered where the viewer sees it, the order line beside it stays sharp,
    and the output keeps the rotation flag."""
    page, email = _page(360, 640)
    _, order = _order_box(360, 640)
    turns = rotation // 90
    stored = np.ascontiguousarray(np.rot90(np.asarray(page), -turns))  # shown = rot90(stored, turns)
    src = tmp_path / "phone.mp4"
    with av.open(str(src), "w") as container:
        stream = container.add_stream("libx264", rate=30)
        stream.height, stream.width = stored.shape[:2]
        stream.pix_fmt = "yuv420p"
        stream.options = {"crf": "16"}
        stream.set_display_rotation(rotation)
        for i in range(15):
            frame = av.VideoFrame.from_ndarray(stored, format="rgb24").reformat(format="yuv420p")
            frame.pts = i
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    dst = tmp_path / "out.mp4"
    report = redact(src, dst, load_config())
    assert report.plan.stats.tracks_by_kind.get("email") == 1
    with av.open(str(dst)) as container:
        frames = list(container.decode(video=0))
    assert len(frames) == 15 and frames[0].rotation % 360 == rotation
    before = np.asarray(page)
    for frame in frames:
        shown = np.rot90(frame.to_ndarray(format="rgb24"), turns)
        assert ink_left(before, shown, email) < 0.05
        assert ink_left(before, shown, order) > 0.9


def _order_box(width: int, height: int) -> tuple[None, tuple[int, int, int, int]]:
    size = max(14, width // 28)
    draw = ImageDraw.Draw(Image.new("RGB", (width, height)))
    return None, draw.textbbox((30, height // 2), "Order ORD-771203 shipped", font=font(size))
