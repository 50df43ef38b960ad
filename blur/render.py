"""Pass 2: decode -> redact the plan's boxes -> encode, into a new file.

Needs only the video and the plan. The output is written to a hidden
temporary file beside the target and renamed when complete, so a failed or
interrupted render leaves no output behind.
"""

from __future__ import annotations

import time
from fractions import Fraction
from pathlib import Path

import av

from .errors import PlanError
from .io import VideoReader, VideoWriter, atomic_output, probe
from .io.atomic import check_output_path
from .io.reader import file_sha256
from .io.writer import output_format, video_encoder
from .plan import Plan
from .progress import progress_bar
from .redact import Redactor


def check_plan_matches(src: Path, plan: Plan) -> None:
    info = probe(src)
    if (info.width, info.height) != (plan.video.width, plan.video.height):
        raise PlanError(
            f"plan was made for a {plan.video.width}x{plan.video.height} video, {src} is {info.width}x{info.height}"
        )
    if file_sha256(src) != plan.video.sha256:
        raise PlanError(f"plan was made for a different video than {src} (SHA-256 differs); analyze it again")


def render(src: str | Path, plan: Plan, dst: str | Path, *, quiet: bool = True) -> float:
    """Write the redacted video to ``dst``; returns the seconds it took."""
    started = time.perf_counter()
    src, dst = Path(src), Path(dst)
    check_output_path(src, dst)
    fmt = output_format(dst)
    video_encoder(fmt, plan.settings.output)  # reject impossible codec/container pairs early
    check_plan_matches(src, plan)
    redactor = Redactor(plan.settings.redaction, plan.video.width, plan.video.height)
    boxes_at = plan.boxes_by_frame()
    bar = progress_bar("render", plan.video.frame_count, quiet)
    try:
        with VideoReader(src) as reader, atomic_output(dst) as tmp:
            writer = VideoWriter(
                tmp,
                fmt,
                width=plan.video.width,
                height=plan.video.height,
                time_base=reader.video.time_base,
                average_rate=Fraction(plan.video.average_rate) if plan.video.average_rate else None,
                rotation=plan.video.rotation,
                config=plan.settings.output,
                audio=reader.audio,
            )
            index = 0
            try:
                for item in reader.demux(with_audio=writer.audio_out is not None):
                    if isinstance(item, av.Packet):
                        writer.write_audio(item)
                        continue
                    boxes = boxes_at.at(index)
                    if boxes:
                        packed = item.to_ndarray()
                        redactor.apply(packed, boxes)
                        redacted = av.VideoFrame.from_ndarray(packed, format=item.format.name)
                        redacted.pts, redacted.time_base = item.pts, item.time_base
                        item = redacted
                    writer.write_frame(item)
                    index += 1
                    bar.update()
                if index != plan.video.frame_count:
                    raise PlanError(
                        f"{src} decoded to {index} frames but the plan covers {plan.video.frame_count}; "
                        "analyze it again"
                    )
                writer.close()
            except BaseException:
                writer.abort()
                raise
    finally:
        bar.close()
    return time.perf_counter() - started
