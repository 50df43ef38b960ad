"""Damaged and hostile inputs: seeded mutations of small MP4 and WebM files (byte flips,
truncations, bogus sizes; $BLUR_FUZZ_SEED picks other ones). Each must end in exit 0 or 3 (never an internal error), with no
traceback, no partial output, the input unchanged, and exit 0 only when every frame the
input promises was written. Bounded in time: a fixed number of cases, a few seconds each."""

from __future__ import annotations

import hashlib
import os
import random
from pathlib import Path

import av
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw

from blur.cli import main
from scenes import font

CASES_PER_FILE = 45  # x 2 files x ~0.2 s: well under a minute


def _source(path: Path, codec: str) -> Path:
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=30)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        for i in range(20):
            image = Image.new("RGB", (320, 240), "white")
            ImageDraw.Draw(image).text((10, 100), f"jo{i}@example.com", fill="black", font=font(16))
            frame = av.VideoFrame.from_image(image).reformat(format="yuv420p")
            frame.pts = i
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def _mutations(data: bytes, rng: random.Random) -> list[tuple[str, bytes]]:
    out = []
    for n in range(CASES_PER_FILE):
        kind = ("flip", "truncate", "size")[n % 3]
        buf = bytearray(data)
        if kind == "flip":
            for _ in range(rng.randint(1, 24)):
                buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
        elif kind == "truncate":
            buf = buf[: rng.randrange(16, len(buf))]
        else:  # a length field (MP4 box size, EBML element size) made huge or zero
            at = rng.randrange(0, len(buf) - 4)
            buf[at : at + 4] = rng.choice([b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\x7f\xff\xff\xf0",
                                           b"\x01\xff\xff\xff"])
        out.append((f"{kind}{n}", bytes(buf)))
    return out


def _decodable(path: Path) -> int | None:
    """Frames a tolerant decode gets out of ``path`` (None: not even that)."""
    count = 0
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except (av.error.FFmpegError, UnicodeDecodeError):
        return None
    try:
        for packet in container.demux(container.streams.video[0]):
            try:
                count += len(packet.decode())
            except av.error.FFmpegError:
                pass
    except Exception:  # noqa: BLE001 - the reference decode stops where the demuxer gives up
        pass
    finally:
        try:
            container.close()
        except Exception:  # noqa: BLE001
            pass
    return count


@pytest.mark.parametrize("suffix, codec", [(".mp4", "libx264"), (".webm", "libvpx")])
def test_mutated_inputs_fail_cleanly(tmp_path, suffix, codec):
    clean = _source(tmp_path / f"clean{suffix}", codec)
    rng = random.Random(int(os.environ.get("BLUR_FUZZ_SEED", "20261129")) + len(suffix))
    runner = CliRunner()
    for name, data in _mutations(clean.read_bytes(), rng):
        folder = tmp_path / name
        folder.mkdir()
        src, out = folder / f"in{suffix}", folder / f"out{suffix}"
        src.write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        result = runner.invoke(main, ["run", str(src), "-o", str(out), "--quiet"])
        code = result.exit_code
        text = result.output + (result.stderr if result.stderr_bytes is not None else "")
        assert code in (0, 3), f"{name}: exit {code}: {text}"
        assert "Traceback" not in text and "internal error" not in text, name
        assert hashlib.sha256(src.read_bytes()).hexdigest() == digest, f"{name}: input changed"
        left = sorted(p.name for p in folder.iterdir())
        if code == 0:
            assert left == sorted([src.name, out.name]), f"{name}: {left}"
            with av.open(str(out), metadata_errors="ignore") as container:
                written = sum(1 for _ in container.decode(video=0))
            promised = _decodable(src)
            assert written >= (promised or 1), f"{name}: wrote {written} of {promised} frames"
        else:
            assert left == [src.name], f"{name}: files left after exit {code}: {left}"
