"""Open and decode input videos, turning PyAV's failures into clear errors.

Frames are handed out as planar 4:2:0 (``yuv420p``/``yuvj420p``): detection
reads the luma plane directly and redaction touches only the boxes' pixels, so
no frame is ever converted to RGB and back.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Iterator

import av
import av.error
import numpy as np

from ..errors import InputError

PLANAR_420 = ("yuv420p", "yuvj420p")

#: Largest frame (width x height, pixels) accepted; $BLUR_MAX_FRAME_PIXELS overrides it.
#: 4096x4096 takes a 5K screen (5120x2880); an 8K frame needs gigabytes in analysis.
DEFAULT_MAX_FRAME_PIXELS = 4096 * 4096


def max_frame_pixels() -> int:
    value = os.environ.get("BLUR_MAX_FRAME_PIXELS", "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_MAX_FRAME_PIXELS


def frame_size(width: int, height: int) -> tuple[int, int]:
    """The size frames are handed out in: odd sides rounded up to even (4:2:0 encoders need
    even sides; MediaRecorder WebM of a window or a region often has odd ones)."""
    return width + width % 2, height + height % 2


def _check_size(path: Path, width: int, height: int) -> None:
    limit = max_frame_pixels()
    if width * height > limit:
        raise InputError(f"{path}: frame size {width}x{height} is larger than the limit of {limit} pixels "
                         f"(set BLUR_MAX_FRAME_PIXELS to raise it)")


@dataclass(frozen=True)
class VideoInfo:
    path: str
    container: str
    codec: str
    width: int
    height: int
    time_base: Fraction
    #: Average frame rate; screen recordings are often variable-rate.
    average_rate: Fraction | None
    duration: float | None
    #: Frame count the container declares (0 when unknown, as in WebM).
    declared_frames: int
    audio_codec: str | None


#: Demuxers of still images and animations: a PNG or GIF upload is no screen recording.
IMAGE_FORMATS = ("image2", "gif", "apng", "webp_pipe")


def _open(path: Path) -> av.container.InputContainer:
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a video file")
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        kind = "a pipe" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "special"
        raise InputError(f"{path}: is {kind}, not a video file")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: file is empty (0 bytes)")
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except (av.error.InvalidDataError, av.error.EOFError):
        raise InputError(f"{path}: not a video file, or the file is corrupt or truncated") from None
    except av.error.FFmpegError as exc:
        raise InputError(f"{path}: cannot open video ({exc.strerror})") from None
    name = container.format.name
    if name in IMAGE_FORMATS or name.endswith("_pipe"):
        container.close()
        raise InputError(f"{path}: is an image ({name.split('_')[0].upper()}), not a video")
    return container




def _video_stream(container: av.container.InputContainer, path: Path) -> av.video.stream.VideoStream:
    streams = [s for s in container.streams.video if not (s.disposition & av.stream.Disposition.attached_pic)]
    if not streams:
        kinds = sorted({s.type for s in container.streams})
        has = f" (it has only {', '.join(kinds)} streams)" if kinds else ""
        raise InputError(f"{path}: no video stream{has}")
    stream = streams[0]
    if stream.codec_context is None:
        raise InputError(f"{path}: the video stream has no codec information; the file is corrupt or truncated")
    if not stream.codec_context.codec.is_decoder:
        raise InputError(f"{path}: unsupported video codec '{stream.codec_context.name}'")
    if not stream.codec_context.width or not stream.codec_context.height:
        raise InputError(f"{path}: video stream has no frame size; the file is corrupt or truncated")
    _check_size(path, stream.codec_context.width, stream.codec_context.height)
    return stream


def probe(path: str | Path) -> VideoInfo:
    path = Path(path)
    with _open(path) as container:
        stream = _video_stream(container, path)
        audio = next(iter(container.streams.audio), None)
        duration = None
        if stream.duration is not None:
            duration = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            duration = container.duration / av.time_base
        return VideoInfo(
            path=str(path),
            container=container.format.name,
            codec=stream.codec_context.name,
            width=frame_size(stream.codec_context.width, stream.codec_context.height)[0],
            height=frame_size(stream.codec_context.width, stream.codec_context.height)[1],
            time_base=stream.time_base,
            average_rate=stream.average_rate or stream.guessed_rate,
            duration=duration,
            declared_frames=stream.frames or 0,
            audio_codec=audio.codec_context.name if audio is not None and audio.codec_context else None,
        )


def measured_duration(path: str | Path) -> float:
    """Seconds of video, from the container if it says, else from the packets' timestamps.

    Demuxes without decoding (milliseconds per minute of video): MediaRecorder
    WebM files declare no duration, and a queue needs one to set a time limit.
    """
    info = probe(path)
    if info.duration:
        return info.duration
    end = 0.0
    with _open(Path(path)) as container:
        stream = _video_stream(container, Path(path))
        for packet in container.demux(stream):
            if packet.pts is not None:
                end = max(end, float((packet.pts + (packet.duration or 0)) * stream.time_base))
    return end


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class VideoReader:
    """Decode one input: video frames in order, optionally with audio packets."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.container = _open(self.path)
        self.video = _video_stream(self.container, self.path)
        self.video.thread_type = "AUTO"
        self.audio = next(iter(self.container.streams.audio), None)
        #: Every frame is handed out in this size (see :meth:`demux`).
        self.size = frame_size(self.video.codec_context.width, self.video.codec_context.height)

    def __enter__(self) -> "VideoReader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.container.close()

    def rotation(self) -> int:
        """Display rotation (degrees) of the first frame, read without disturbing ``frames()``."""
        with VideoReader(self.path) as other:
            try:
                for frame in other.container.decode(other.video):
                    return int(getattr(frame, "rotation", 0) or 0)
            except av.error.FFmpegError as exc:
                raise InputError(f"{self.path}: corrupt video: its first frame does not decode ({exc.strerror})") from None
        return 0

    def frames(self) -> Iterator[av.VideoFrame]:
        """Decoded video frames, in presentation order, as planar 4:2:0."""
        yield from self.demux(with_audio=False)  # type: ignore[misc]

    def demux(self, with_audio: bool = True) -> Iterator[av.VideoFrame | av.Packet]:
        """Video frames (decoded, 4:2:0) interleaved with raw audio packets.

        A damaged stretch of a WebM/Matroska file (a cluster with a broken header) is
        skipped by FFmpeg's demuxer without an error, and the frames in it are lost: the
        packets' byte positions are followed, and a stretch of the file no packet came
        from is a corrupt file (never a silently shortened output). FFmpeg's own log,
        which says so, cannot be used: enabling it deadlocks threaded decoding in PyAV.
        """
        streams = [self.video] + ([self.audio] if with_audio and self.audio is not None else [])
        decoded = packets = 0
        last_end: float | None = None
        gaps = _ByteGaps(self.path) if "matroska" in self.container.format.name else None
        try:
            for packet in self.container.demux():
                if gaps is not None:
                    gaps.check(packet, decoded)
                if packet.stream not in streams:
                    continue
                if packet.stream is self.video:
                    packets += 1 if packet.size else 0
                    for frame in packet.decode():
                        decoded += 1
                        if frame.pts is not None and frame.time_base:
                            last_end = float(frame.pts * frame.time_base) + float(frame.duration or 0) * float(
                                frame.time_base)
                        if (frame.width, frame.height) != self.size:
                            # The recorded window was resized (MediaRecorder carries on in the new
                            # size) or a side is odd: every frame is handed out in the first
                            # frame's size, scaled, so analysis and the encoder see one size.
                            _check_size(self.path, frame.width, frame.height)
                            yield _resized(frame, *self.size)
                        else:
                            yield to_planar_420(frame)
                elif packet.dts is not None:
                    yield packet
        except av.error.FFmpegError as exc:
            raise InputError(
                f"{self.path}: corrupt or truncated video: decoding failed after {decoded} frames ({exc.strerror})"
            ) from None
        if decoded == 0:
            raise InputError(f"{self.path}: the video stream has no decodable frames (corrupt or truncated)")
        if decoded < packets:
            # The decoder drops a frame whose reference frames are missing, without an error.
            raise InputError(f"{self.path}: corrupt video: {packets - decoded} of its {packets} frames do not "
                             f"decode (damaged data or frames missing from the stream)")
        declared = self.video.frames or 0
        if declared and decoded < declared:
            raise InputError(
                f"{self.path}: truncated video: the container declares {declared} frames, only {decoded} decode"
            )
        self._check_duration(last_end)

    def _check_duration(self, decoded_end: float | None) -> None:
        """WebM/MKV declare no frame count; a cut-off file still declares its duration."""
        if decoded_end is None:
            return
        if self.video.duration is not None:
            declared = float(self.video.duration * self.video.time_base)
        elif self.container.duration is not None:
            declared = self.container.duration / av.time_base
        else:
            return  # MediaRecorder files declare nothing: nothing to compare
        if decoded_end < declared * 0.9 and declared - decoded_end > 0.5:
            raise InputError(
                f"{self.path}: truncated video: the container declares {declared:.2f} s, "
                f"only {decoded_end:.2f} s of video decode"
            )


class _ByteGaps:
    """Finds stretches of a Matroska file that no packet was read from: the demuxer skipped
    them as unparsable (and the frames in them). Between packets there are only block and
    cluster headers (tens of bytes); after the last one, cues and tags (not checked)."""

    #: Bytes between two packets beyond which data was skipped.
    LIMIT = 1024

    def __init__(self, path: Path) -> None:
        self.path = path
        self.end: int | None = None

    def check(self, packet: av.Packet, decoded: int) -> None:
        pos, size = packet.pos, packet.size
        if pos is None or pos < 0 or not size:
            return
        if self.end is not None and pos - self.end > self.LIMIT:
            raise InputError(f"{self.path}: corrupt video: {pos - self.end} bytes of damaged data at byte "
                             f"{self.end} after {decoded} frames (the frames in them would be lost)")
        self.end = max(self.end or 0, pos + size)


def _resized(frame: av.VideoFrame, width: int, height: int) -> av.VideoFrame:
    resized = frame.reformat(width=width, height=height, format="yuv420p")
    resized.pts, resized.time_base = frame.pts, frame.time_base
    return resized


def to_planar_420(frame: av.VideoFrame) -> av.VideoFrame:
    if frame.format.name in PLANAR_420:
        return frame
    converted = frame.reformat(format="yuv420p")
    converted.pts, converted.time_base = frame.pts, frame.time_base
    return converted


def luma_view(frame: av.VideoFrame) -> np.ndarray:
    """The luma plane of a planar 4:2:0 frame, without copying (row padding cut off)."""
    plane = frame.planes[0]
    rows = np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)
    return rows[:, : plane.width]
