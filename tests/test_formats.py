"""Input codecs and containers users upload, output containers, rotation, audio transcoding."""

from __future__ import annotations

import av
import pytest

from blur import load_config, redact
from blur.config import from_dict
from conftest import form_items
from helpers import covered, plan_boxes
from scenes import decode_frames, make_clip

ITEMS = form_items()[:2]  # a label and an email


@pytest.mark.parametrize(
    "name, codec, out_suffix",
    [
        ("hevc.mp4", "hevc", ".mp4"),
        ("vp8.webm", "vp8", ".webm"),
        ("h264.mkv", "h264", ".mkv"),
        ("h264.mov", "h264", ".mov"),
        ("vp9.webm", "vp9", ".mp4"),  # WebM in, MP4 out: Opus copied into MP4
    ],
)
def test_inputs_and_outputs(tmp_path, name, codec, out_suffix):
    clip = make_clip(tmp_path / name, ITEMS, frames=20, codec=codec)
    dst = tmp_path / f"out{out_suffix}"
    report = redact(clip.path, dst, load_config())
    frames, times = decode_frames(dst)
    _, src_times = decode_frames(clip.path)
    assert len(frames) == 20 and times == pytest.approx(src_times, abs=1e-3)
    for i in range(20):
        for gt in clip.sensitive_boxes(i):
            assert covered(gt, plan_boxes(report.plan, i))
    with av.open(str(dst)) as out:
        expected = "vp9" if out_suffix == ".webm" else "h264"
        assert out.streams.video[0].codec_context.name == expected
        assert len(out.streams.audio) == 1


def test_aac_audio_is_transcoded_for_webm(tmp_path):
    clip = make_clip(tmp_path / "in.mp4", ITEMS, frames=20)
    dst = tmp_path / "out.webm"
    redact(clip.path, dst, load_config())
    with av.open(str(dst)) as out:
        assert out.streams.audio[0].codec_context.name == "opus"
        audio_seconds = sum(f.samples for f in out.decode(audio=0)) / 48000
    assert audio_seconds == pytest.approx(20 / 30, abs=0.1)


def test_audio_can_be_dropped(tmp_path):
    clip = make_clip(tmp_path / "in.mp4", ITEMS, frames=10)
    dst = tmp_path / "out.mp4"
    redact(clip.path, dst, from_dict({"output": {"audio": "drop"}}))
    with av.open(str(dst)) as out:
        assert [s.type for s in out.streams] == ["video"]


def test_display_rotation_is_kept(tmp_path):
    clip = make_clip(tmp_path / "in.mp4", ITEMS, frames=10, audio=False)
    rotated = tmp_path / "rotated.mp4"
    with av.open(str(clip.path)) as src, av.open(str(rotated), "w") as dst:
        stream = dst.add_stream_from_template(src.streams.video[0])
        stream.set_display_rotation(90)
        for packet in src.demux(src.streams.video[0]):
            if packet.dts is not None:
                packet.stream = stream
                dst.mux(packet)
    out = tmp_path / "out.mp4"
    redact(rotated, out, load_config())
    with av.open(str(out)) as c:
        assert next(c.decode(video=0)).rotation == 90


def test_repeated_and_jumping_timestamps_keep_every_frame(tmp_path):
    """A Matroska remux with six frames on one timestamp and a 10 s jump (seen in real captures;
    MP4 cannot hold repeated timestamps): every frame is written and covered, timestamps
    strictly increase (the muxer raised on them), the jump is kept."""
    suffix = ".mkv"
    clip = make_clip(tmp_path / "src.mp4", ITEMS, frames=90, audio=False)
    src = tmp_path / f"remuxed{suffix}"
    with av.open(str(clip.path)) as inp, av.open(str(src), "w") as out:
        stream = out.add_stream_from_template(inp.streams.video[0])
        for n, packet in enumerate(inp.demux(video=0)):
            if packet.dts is None:
                continue
            step = packet.duration or 1
            if 30 <= n <= 35:
                packet.pts = packet.dts = 30 * step
            if n >= 60:
                packet.pts, packet.dts = packet.pts + 300 * step, packet.dts + 300 * step
            packet.stream = stream
            out.mux(packet)
    report = redact(src, tmp_path / f"out{suffix}", load_config())
    with av.open(str(tmp_path / f"out{suffix}")) as done:
        stream = done.streams.video[0]
        times = [float(f.pts * f.time_base) for f in done.decode(stream)]
    assert len(times) == 90
    assert all(b > a for a, b in zip(times, times[1:]))
    assert max(b - a for a, b in zip(times, times[1:])) > 9.5  # the jump is the recording's, kept
    assert all(covered(ITEMS[1].box(i), plan_boxes(report.plan, i)) for i in range(90))
