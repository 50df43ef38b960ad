"""Synthetic screen recordings with per-frame ground truth, for tests and benchmarks.

A scene is a list of text items drawn on a plain web-app-like page. Each item
knows when it is on screen, whether it is sensitive, and (for typed items)
how many characters show on each frame, so a test can compute exactly which
pixels held sensitive text in every frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Sequence

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")


def font(size: int, mono: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSansMono.ttf" if mono else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        path = Path(folder) / name
        if path.exists():
            return ImageFont.truetype(str(path), size)
    raise RuntimeError(f"font {name} not found: apt-get install fonts-dejavu-core")


@dataclass
class Item:
    text: str
    x: int
    y: int
    size: int = 16
    first: int = 0  # first frame shown
    last: int | None = None  # last frame shown (inclusive); None: to the end
    sensitive: bool = False
    #: Frames per typed character (0: the whole text appears at once).
    typed_every: int = 0
    colour: tuple[int, int, int] = (33, 37, 41)
    mono: bool = False
    #: A text caret blinking after the text (on for 15 frames, off for 15), as in a focused field.
    caret: bool = False

    def visible_text(self, frame: int) -> str:
        if frame < self.first or (self.last is not None and frame > self.last):
            return ""
        if not self.typed_every:
            return self.text
        return self.text[: min(len(self.text), (frame - self.first) // self.typed_every + 1)]

    def box(self, frame: int) -> tuple[int, int, int, int] | None:
        text = self.visible_text(frame)
        if not text.strip():
            return None
        left, top, right, bottom = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox(
            (self.x, self.y), text, font=font(self.size, self.mono)
        )
        return (left, top, right, bottom)


def draw_frame(width: int, height: int, items: Sequence[Item], frame: int) -> Image.Image:
    image = Image.new("RGB", (width, height), (248, 249, 250))
    draw = ImageDraw.Draw(image)
    # A little app chrome: a header bar and a card, so frames are not blank.
    draw.rectangle((0, 0, width, int(height * 0.07)), fill=(52, 58, 64))
    draw.text((24, int(height * 0.02)), "Acme Support", font=font(20), fill=(255, 255, 255))
    draw.rectangle((16, int(height * 0.1), width - 16, height - 16), outline=(222, 226, 230), width=2)
    for item in items:
        text = item.visible_text(frame)
        if text:
            draw.text((item.x, item.y), text, font=font(item.size, item.mono), fill=item.colour)
            if item.caret and (frame // 15) % 2 == 0:
                x = item.x + font(item.size, item.mono).getlength(text) + 2
                draw.line((x, item.y, x, item.y + item.size + 2), fill=item.colour, width=1)
    return image


@dataclass
class Clip:
    path: Path
    width: int
    height: int
    frames: int
    items: list[Item]
    pts: list[int]
    time_base: Fraction

    def sensitive_boxes(self, frame: int) -> list[tuple[int, int, int, int]]:
        return [b for i in self.items if i.sensitive and (b := i.box(frame)) is not None]

    def plain_boxes(self, frame: int) -> list[tuple[int, int, int, int]]:
        return [b for i in self.items if not i.sensitive and (b := i.box(frame)) is not None]


def make_clip(
    path: Path,
    items: Sequence[Item],
    *,
    width: int = 1280,
    height: int = 720,
    frames: int = 45,
    fps: int = 30,
    codec: str = "h264",
    vfr: bool = False,
    audio: bool = True,
    crf: int = 18,
) -> Clip:
    """Encode a clip. ``vfr`` gives millisecond timestamps with uneven gaps, as MediaRecorder writes."""
    cache: dict[tuple[str, ...], av.VideoFrame] = {}

    def image(i: int) -> av.VideoFrame:
        nonlocal cache
        key = tuple(item.visible_text(i) for item in items) + (str((i // 15) % 2),)
        if key not in cache:
            cache = {key: av.VideoFrame.from_image(draw_frame(width, height, items, i)).reformat(format="yuv420p")}
        return cache[key]

    pts, time_base = encode(path, image, width=width, height=height, frames=frames, fps=fps, codec=codec, vfr=vfr,
                            audio=audio, crf=crf)
    return Clip(Path(path), width, height, frames, list(items), pts, time_base)


def encode(path: Path, frame_at, *, width: int, height: int, frames: int, fps: int = 30, codec: str = "h264",
           vfr: bool = False, audio: bool = True, crf: int = 18,
           pts_ms: list[int] | None = None) -> tuple[list[int], Fraction]:
    """Encode ``frame_at(i)`` (a PIL image or an av.VideoFrame) for each frame; returns (pts, time base).

    ``pts_ms``: each frame's own timestamp in milliseconds (as a screen recorder stamps them).
    """
    path = Path(path)
    fmt = {".mp4": "mp4", ".webm": "webm", ".mkv": "matroska", ".mov": "mov"}[path.suffix]
    container = av.open(str(path), "w", format=fmt)
    encoder = {"h264": "libx264", "hevc": "libx265", "vp9": "libvpx-vp9", "vp8": "libvpx"}[codec]
    stream = container.add_stream(encoder, rate=fps)
    stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
    if pts_ms is not None:
        time_base, pts = Fraction(1, 1000), list(pts_ms)
    elif vfr:
        time_base = Fraction(1, 1000)
        gaps = [1000 // fps + (7 if i % 5 == 0 else 0) - (3 if i % 7 == 0 else 0) for i in range(frames)]
        pts = [sum(gaps[:i]) for i in range(frames)]
    else:
        time_base = Fraction(1, fps)
        pts = list(range(frames))
    stream.time_base = time_base
    stream.codec_context.time_base = time_base
    if encoder == "libx264":
        stream.options = {"crf": str(crf), "preset": "veryfast"}
    elif encoder == "libx265":
        stream.options = {"crf": str(crf), "preset": "ultrafast", "x265-params": "log-level=error"}
    else:
        stream.options = {"crf": str(crf), "b": "0", "deadline": "realtime", "cpu-used": "8"}
    audio_stream = None
    if audio:
        audio_stream = container.add_stream("libopus" if fmt == "webm" else "aac", rate=48000)
        audio_stream.layout = "mono"
    for i in range(frames):
        frame = frame_at(i)
        if not isinstance(frame, av.VideoFrame):
            frame = av.VideoFrame.from_image(frame).reformat(format="yuv420p")
        frame.pts, frame.time_base = pts[i], time_base
        for packet in stream.encode(frame):
            container.mux(packet)
    for packet in stream.encode(None):
        container.mux(packet)
    if audio_stream is not None:
        duration = (pts[-1] * time_base) + Fraction(1, fps)
        _encode_tone(container, audio_stream, float(duration))
    container.close()
    return pts, time_base


def _encode_tone(container: av.container.OutputContainer, stream: av.audio.stream.AudioStream, seconds: float) -> None:
    rate, chunk = 48000, 960
    total = int(seconds * rate)
    fmt = stream.codec_context.codec.audio_formats[0].name
    for start in range(0, total, chunk):
        t = (np.arange(start, start + chunk) / rate).astype(np.float32)
        samples = (0.2 * np.sin(2 * math.pi * 440 * t)).astype(np.float32).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(samples, format="flt", layout="mono")
        frame.sample_rate, frame.pts = rate, start
        frame.time_base = Fraction(1, rate)
        if fmt != "flt":
            frame = av.AudioResampler(format=fmt, layout="mono", rate=rate).resample(frame)[0]
        for packet in stream.encode(frame):
            container.mux(packet)
    for packet in stream.encode(None):
        container.mux(packet)


def decode_frames(path: Path) -> tuple[list[np.ndarray], list[float]]:
    """Every frame as an RGB array, and its presentation time in seconds."""
    images, times = [], []
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            images.append(frame.to_ndarray(format="rgb24"))
            times.append(float(frame.pts * frame.time_base))
    return images, times
