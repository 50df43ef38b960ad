"""Pass 2: decode -> redact the boxes of each frame -> encode, into a new file.

Boxes come from a finished plan (:func:`render`), or from an analysis still
running beside it (:func:`encode_redacted` with a :class:`~blur.analyze.LiveBoxes`).
The output is written to a hidden temporary file beside the target and
renamed when complete, so a failed or interrupted render leaves nothing.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import av

from .analyze import BoxSource
from .config import OutputConfig, RedactionConfig
from .errors import PlanError
from .io import VideoReader, VideoWriter, atomic_output, probe
from .io.atomic import check_output_path
from .io.reader import file_sha256
from .io.writer import output_format, video_encoder
from .plan import Plan
from .progress import progress_bar
from .redact import Redactor

FrameCallback = Callable[[int, int], None]


def check_plan_matches(src: Path, plan: Plan) -> None:
    info = probe(src)
    if (info.width, info.height) != (plan.video.width, plan.video.height):
        raise PlanError(
            f"plan was made for a {plan.video.width}x{plan.video.height} video, {src} is {info.width}x{info.height}"
        )
    if file_sha256(src) != plan.video.sha256:
        raise PlanError(f"plan was made for a different video than {src} (SHA-256 differs); analyze it again")


def encode_redacted(src: Path, dst: Path, boxes: BoxSource, *, redaction: RedactionConfig, output: OutputConfig,
                    rotation: int | None = None, expected_frames: int | None = None, quiet: bool = True,
                    on_frame: FrameCallback | None = None) -> int:
    """Decode ``src``, cover ``boxes.at(i)`` on frame i, encode to ``dst`` atomically; returns the frame count.

    ``on_frame(done, total)`` is called after each frame is encoded (``total``
    is the expected count, 0 when unknown); whatever it raises aborts the
    render and removes the partial output, which is how callers enforce a
    time limit or a cancel.
    """
    fmt = output_format(dst)
    bar = None
    try:
        with VideoReader(src) as reader, atomic_output(dst) as tmp:
            video = reader.video
            total = expected_frames or video.frames or 0
            bar = progress_bar("render", total, quiet)
            width, height = reader.size
            redactor = Redactor(redaction, width, height)
            writer = VideoWriter(
                tmp,
                fmt,
                width=width,
                height=height,
                time_base=video.time_base,
                average_rate=video.average_rate,
                rotation=reader.rotation() if rotation is None else rotation,
                config=output,
                audio=reader.audio,
            )
            index = 0
            try:
                for item in reader.demux(with_audio=writer.audio_out is not None):
                    if isinstance(item, av.Packet):
                        writer.write_audio(item)
                        continue
                    found = boxes.at(index)
                    if found:
                        redactor.apply_frame(item, found)
                    writer.write_frame(item)
                    index += 1
                    bar.update()
                    if on_frame is not None:
                        on_frame(index, total)
                if expected_frames is not None and index != expected_frames:
                    raise PlanError(
                        f"{src} decoded to {index} frames but the plan covers {expected_frames}; analyze it again"
                    )
                writer.close()
            except BaseException:
                writer.abort()
                raise
    finally:
        if bar is not None:
            bar.close()
    return index


def render(src: str | Path, plan: Plan, dst: str | Path, *, quiet: bool = True) -> float:
    """Write the redacted video to ``dst``; returns the seconds it took."""
    started = time.perf_counter()
    src, dst = Path(src), Path(dst)
    check_output_path(src, dst)
    video_encoder(output_format(dst), plan.settings.output)  # reject impossible codec/container pairs early
    check_plan_matches(src, plan)
    encode_redacted(src, dst, plan.boxes_by_frame(), redaction=plan.settings.redaction,
                    output=plan.settings.output, rotation=plan.video.rotation,
                    expected_frames=plan.video.frame_count, quiet=quiet)
    return time.perf_counter() - started

