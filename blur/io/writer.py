"""Encode redacted frames and carry the audio over, nothing else.

Only the video stream and (unless dropped) one audio stream are written: no
metadata, subtitles, data or attachment streams, cover art or chapters are
copied. Frames keep their input timestamps (variable frame rate survives),
expressed in the input stream's time base.
"""

from __future__ import annotations

import errno
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from typing import Iterator

import av

from ..config import OutputConfig
from ..errors import ConfigError, OutputError

#: errno values that mean the output cannot be written (not a bug, not the input's fault).
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EACCES, errno.EPERM, errno.EFBIG,
                 errno.ENOENT}


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """The disk refusing the output (full, read-only, gone) is an output error (exit 6) with
    the system's reason, not an internal error."""
    try:
        yield
    except (OSError, av.error.FFmpegError) as exc:
        if getattr(exc, "errno", None) in _WRITE_ERRORS:
            raise OutputError(f"cannot write {path}: {exc.strerror or errno.errorcode[exc.errno]}") from None
        raise

#: Output container (PyAV/FFmpeg format name) by file suffix.
FORMATS = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov", ".mkv": "matroska", ".webm": "webm"}
#: Audio codecs each container can hold as they are (packets copied).
AUDIO_COPYABLE = {
    "mp4": {"aac", "mp3", "opus", "alac", "flac", "ac3", "eac3"},
    "mov": {"aac", "mp3", "alac", "pcm_s16le", "pcm_s24le", "ac3"},
    "webm": {"opus", "vorbis"},
    "matroska": None,  # anything
}
#: Audio encoder used when the input's audio cannot be copied.
AUDIO_TRANSCODE = {"mp4": "aac", "mov": "aac", "webm": "libopus", "matroska": "libopus"}


def output_format(dst: Path) -> str:
    fmt = FORMATS.get(dst.suffix.lower())
    if fmt is None:
        raise OutputError(f"output {dst}: unknown file type '{dst.suffix}'; use one of {', '.join(sorted(FORMATS))}")
    return fmt


def video_encoder(fmt: str, config: OutputConfig) -> str:
    codec = config.video_codec
    if codec == "auto":
        codec = "vp9" if fmt == "webm" else "h264"
    if fmt == "webm" and codec == "h264":
        raise ConfigError("output.video_codec: h264 cannot be stored in a .webm file; use vp9 or an .mp4 output")
    return {"h264": "libx264", "vp9": "libvpx-vp9"}[codec]


class VideoWriter:
    def __init__(
        self,
        path: Path,
        fmt: str,
        *,
        width: int,
        height: int,
        time_base: Fraction,
        average_rate: Fraction | None,
        rotation: int,
        config: OutputConfig,
        audio: av.audio.stream.AudioStream | None,
    ) -> None:
        self.path = path
        with _writing(path):
            self.container = av.open(str(path), mode="w", format=fmt)
        encoder = video_encoder(fmt, config)
        rate = average_rate if average_rate and average_rate > 0 else Fraction(30)
        stream = self.container.add_stream(encoder, rate=rate)
        stream.width, stream.height = width, height
        stream.pix_fmt = "yuv420p"
        stream.time_base = time_base
        stream.codec_context.time_base = time_base
        stream.thread_type = "AUTO"
        if encoder == "libx264":
            # a53cc off: never pass closed captions through from frame side data.
            stream.options = {"crf": str(config.crf), "preset": config.preset, "a53cc": "0"}
        else:
            stream.options = {"crf": str(config.crf), "b": "0", "deadline": "realtime", "cpu-used": "8",
                              "row-mt": "1"}
        if rotation:
            stream.set_display_rotation(rotation)
        self.video = stream
        self.audio_in = audio if config.audio == "copy" else None
        self.audio_out = None
        self._resampler = None
        self._copy_audio = False
        if self.audio_in is not None:
            allowed = AUDIO_COPYABLE[fmt]
            name = self.audio_in.codec_context.name
            if allowed is None or name in allowed:
                self.audio_out = self.container.add_stream_from_template(self.audio_in)
                self._copy_audio = True
            else:
                encoder_name = AUDIO_TRANSCODE[fmt]
                sample_rate = 48000 if encoder_name == "libopus" else self.audio_in.codec_context.sample_rate
                self.audio_out = self.container.add_stream(encoder_name, rate=sample_rate)
                self.audio_out.layout = self.audio_in.codec_context.layout
                self._resampler = av.AudioResampler(
                    format=self.audio_out.codec_context.codec.audio_formats[0].name,
                    layout=self.audio_out.layout,
                    rate=sample_rate,
                )
            # Stream tags (titles, handler names) can hold private text.
            for key in list(self.audio_out.metadata):
                del self.audio_out.metadata[key]
        self.frames_written = 0
        self._last_pts: int | None = None

    def write_frame(self, frame: av.VideoFrame) -> None:
        # Decoded frames carry the source's I/P/B decisions; let the encoder decide.
        frame.pict_type = av.video.frame.PictureType.NONE
        # Timestamps that go backwards, repeat or are missing (remuxed or damaged captures)
        # make the muxer refuse the file: such a frame is shown right after the one before.
        if frame.pts is None or (self._last_pts is not None and frame.pts <= self._last_pts):
            frame.pts = 0 if self._last_pts is None else self._last_pts + 1
        self._last_pts = frame.pts
        with _writing(self.path):
            for packet in self.video.encode(frame):
                self.container.mux(packet)
        self.frames_written += 1

    def write_audio(self, packet: av.Packet) -> None:
        if self.audio_out is None:
            return
        with _writing(self.path):
            self._write_audio(packet)

    def _write_audio(self, packet: av.Packet) -> None:
        assert self.audio_out is not None
        if self._copy_audio:
            packet.stream = self.audio_out
            self.container.mux(packet)
            return
        for frame in packet.decode():
            for resampled in self._resampler.resample(frame):
                for out in self.audio_out.encode(resampled):
                    self.container.mux(out)

    def close(self) -> None:
        """Flush the encoders and write the trailer."""
        with _writing(self.path):
            self._close()

    def _close(self) -> None:
        for packet in self.video.encode(None):
            self.container.mux(packet)
        if self.audio_out is not None and not self._copy_audio:
            for resampled in self._resampler.resample(None):
                for out in self.audio_out.encode(resampled):
                    self.container.mux(out)
            for out in self.audio_out.encode(None):
                self.container.mux(out)
        self.container.close()

    def abort(self) -> None:
        try:
            self.container.close()
        except Exception:  # noqa: BLE001 - the file is deleted anyway
            pass
