"""The command line as scripts use it: exit codes, one-line errors, files left behind."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import av
import numpy as np
import pytest

from conftest import SECRET_CARD, SECRET_EMAIL, SECRET_KEY, form_items
from helpers import ink_left
from scenes import Item, decode_frames, make_clip


def blur(*args: str | Path, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "blur", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout)


@pytest.fixture(scope="module")
def form_clip(clips_dir):
    return make_clip(clips_dir / "form.mp4", form_items(), frames=45)


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_run_writes_video_and_report_and_never_prints_secrets(form_clip, tmp_path):
    out, report = tmp_path / "out.mp4", tmp_path / "plan.json"
    result = blur("run", form_clip.path, "-o", out, "--report", report)
    assert result.returncode == 0, result.stderr
    assert out.exists() and report.exists()
    assert _files(tmp_path) == {"out.mp4", "plan.json"}
    plan = json.loads(report.read_text())
    assert {t["kind"] for t in plan["tracks"]} == {"email", "card", "api_key", "labelled"}
    assert "analyze" in result.stderr and "render" in result.stderr  # progress
    for secret in (SECRET_EMAIL, SECRET_CARD, SECRET_KEY):
        assert secret not in result.stdout + result.stderr + report.read_text()


def test_quiet_prints_nothing(form_clip, tmp_path):
    result = blur("run", form_clip.path, "-o", tmp_path / "out.mp4", "--quiet")
    assert result.returncode == 0
    assert result.stderr == "" and result.stdout == ""


def test_plan_edit_then_render_without_reanalysing(form_clip, tmp_path):
    plan_path = tmp_path / "plan.json"
    assert blur("analyze", form_clip.path, "-o", plan_path, "-q").returncode == 0
    plan = json.loads(plan_path.read_text())
    # Disable the email track; add a manual box over the "Version" line for frames 10-19.
    for track in plan["tracks"]:
        if track["kind"] == "email":
            track["enabled"] = False
    version = Item("Version 4.2.1 build 20261120", 60, 380, 18).box(0)
    manual = [version[0] - 4, version[1] - 4, version[2] + 4, version[3] + 4]
    plan["tracks"].append({"id": "manual-1", "kind": "custom", "source": "manual", "first_frame": 10,
                           "last_frame": 19, "keyframes": [{"frame": 10, "box": manual}]})
    plan_path.write_text(json.dumps(plan))
    out = tmp_path / "edited.mp4"
    result = blur("render", form_clip.path, "--plan", plan_path, "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    before, _ = decode_frames(form_clip.path)
    after, _ = decode_frames(out)
    email_box = form_items()[1].box(0)
    for i in range(form_clip.frames):
        assert ink_left(before[i], after[i], email_box) > 0.9, "disabled track must stay sharp"
        left = ink_left(before[i], after[i], version)
        assert (left < 0.02) if 10 <= i <= 19 else (left > 0.9), f"manual box wrong at frame {i}"


def test_render_refuses_plan_of_another_video(form_clip, tmp_path):
    plan_path = tmp_path / "plan.json"
    assert blur("analyze", form_clip.path, "-o", plan_path, "-q").returncode == 0
    other = make_clip(tmp_path / "other.mp4", form_items()[:2], frames=45)
    result = blur("render", other.path, "--plan", plan_path, "-o", tmp_path / "x.mp4")
    assert result.returncode == 7
    assert "different video" in result.stderr
    assert not (tmp_path / "x.mp4").exists()


def test_malformed_plan_names_the_key(form_clip, tmp_path):
    plan_path = tmp_path / "plan.json"
    assert blur("analyze", form_clip.path, "-o", plan_path, "-q").returncode == 0
    plan = json.loads(plan_path.read_text())
    plan["tracks"][0]["keyframes"][0]["box"] = [10, 10, 5, 20]
    plan_path.write_text(json.dumps(plan))
    result = blur("render", form_clip.path, "--plan", plan_path, "-o", tmp_path / "x.mp4")
    assert result.returncode == 7
    assert "tracks.0.keyframes.0.box" in result.stderr


def _audio_only(path: Path) -> None:
    with av.open(str(path), "w", format="mp4") as c:
        s = c.add_stream("aac", rate=48000)
        frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp", layout="mono")
        frame.sample_rate = 48000
        for i in range(20):
            frame.pts = i * 1024
            for p in s.encode(frame):
                c.mux(p)
        for p in s.encode(None):
            c.mux(p)


def _bad_inputs(folder: Path, good: Path) -> dict[str, tuple[Path, str]]:
    empty = folder / "empty.mp4"
    empty.write_bytes(b"")
    text = folder / "notes.mp4"
    text.write_text("this is not a video\n" * 50)
    truncated = folder / "truncated.mp4"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    audio = folder / "voice.mp4"
    _audio_only(audio)
    return {
        "missing": (folder / "nope.mp4", "file not found"),
        "empty": (empty, "file is empty"),
        "text": (text, "not a video file"),
        "truncated": (truncated, "truncated"),
        "audio-only": (audio, "no video stream"),
    }


@pytest.mark.parametrize("case", ["missing", "empty", "text", "truncated", "audio-only"])
def test_bad_input_exit_code_one_line_error_no_output(case, form_clip, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    path, message = _bad_inputs(inputs, form_clip.path)[case]
    outdir = tmp_path / "out"
    outdir.mkdir()
    result = blur("run", path, "-o", outdir / "x.mp4")
    assert result.returncode == 3, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("blur: error:")]
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert _files(outdir) == set()


def test_truncated_webm_is_an_error(tmp_path):
    good = make_clip(tmp_path / "good.webm", form_items(), frames=30, codec="vp9")
    bad = tmp_path / "cut.webm"
    bad.write_bytes(good.path.read_bytes()[: good.path.stat().st_size * 2 // 3])
    result = blur("run", bad, "-o", tmp_path / "x.webm")
    assert result.returncode == 3, result.stderr
    assert not (tmp_path / "x.webm").exists()


@pytest.mark.parametrize("damage", ["zeroed", "bad size"])
def test_webm_with_a_damaged_cluster_is_an_error_not_a_shorter_video(tmp_path, damage):
    """FFmpeg's demuxer skips a cluster it cannot parse with only a log line: the output had
    fewer frames than the input and exit 0. A damaged file fails; an intact one passes."""
    good = tmp_path / "rec.webm"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "3",
                    "-c:v", "libvpx", "-b:v", "400k", "-cluster_time_limit", "200", str(good)], check=True)
    data = bytearray(good.read_bytes())
    clusters = [i for i in range(len(data) - 4) if data[i : i + 4] == b"\x1f\x43\xb6\x75"]
    assert len(clusters) >= 6
    at = clusters[len(clusters) // 2]
    if damage == "zeroed":
        data[at : at + 2000] = bytes(2000)
    else:  # the cluster's size field says it runs far past the file's end
        data[at + 4] = 0x01
    bad = tmp_path / "damaged.webm"
    bad.write_bytes(bytes(data))

    result = blur("run", bad, "-o", tmp_path / "out.webm")
    assert result.returncode == 3, result.stderr
    assert "damaged.webm: corrupt video:" in result.stderr and "bytes of damaged data at byte" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.webm").exists()
    assert blur("run", good, "-o", tmp_path / "good_out.webm").returncode == 0
    with av.open(str(tmp_path / "good_out.webm")) as out:
        assert sum(1 for _ in out.decode(video=0)) == 90


@pytest.mark.parametrize("suffix", [".mp4", ".mkv"])
def test_frames_that_do_not_decode_fail_the_run_with_a_message_that_says_so(tmp_path, suffix):
    """A remux that lost one reference frame (its timestamp went backwards and the muxer refused
    it): the decoder silently drops the frames that need it. The .mkv gave a shorter output with
    exit 0, the .mp4 a misleading "truncated"."""
    good = tmp_path / "good.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "3",
                    "-c:v", "libx264", "-g", "30", "-bf", "0", str(good)], check=True)
    bad = tmp_path / f"remuxed{suffix}"
    with av.open(str(good)) as src, av.open(str(bad), "w") as dst:
        stream = dst.add_stream_from_template(src.streams.video[0])
        for n, packet in enumerate(src.demux(video=0)):
            if packet.dts is None or n == 30:
                continue  # the one a muxer refused: the second key frame
            packet.stream = stream
            dst.mux(packet)

    result = blur("run", bad, "-o", tmp_path / f"out{suffix}")
    assert result.returncode == 3, result.stderr
    assert f"remuxed{suffix}: corrupt video:" in result.stderr and "frames do not decode" in result.stderr
    assert "truncated" not in result.stderr
    assert not (tmp_path / f"out{suffix}").exists()


def test_refuses_to_overwrite_input(form_clip, tmp_path):
    copy = tmp_path / "in.mp4"
    copy.write_bytes(form_clip.path.read_bytes())
    result = blur("run", copy, "-o", copy)
    assert result.returncode == 6
    assert "is the input" in result.stderr
    assert copy.read_bytes() == form_clip.path.read_bytes()


def test_unknown_output_type(form_clip, tmp_path):
    result = blur("run", form_clip.path, "-o", tmp_path / "out.gif")
    assert result.returncode == 6
    assert "unknown file type '.gif'" in result.stderr


def test_bad_config_names_the_key(form_clip, tmp_path):
    config = tmp_path / "acme.yaml"
    config.write_text("redaction:\n  method: blurry\ndetect:\n  kindz: [email]\n")
    result = blur("run", form_clip.path, "-o", tmp_path / "out.mp4", "--config", config)
    assert result.returncode == 4
    assert "redaction.method" in result.stderr and "detect.kindz: unknown key" in result.stderr
    assert not (tmp_path / "out.mp4").exists()


def test_missing_ocr_model_says_how_to_install(form_clip, tmp_path):
    empty = tmp_path / "tessdata"
    empty.mkdir()
    config = tmp_path / "c.yaml"
    config.write_text(f"ocr:\n  tessdata: {empty}\n")
    result = blur("run", form_clip.path, "-o", tmp_path / "out.mp4", "--config", config)
    assert result.returncode == 5
    assert "eng.traineddata" in result.stderr and "apt-get install tesseract-ocr-eng" in result.stderr
    assert not (tmp_path / "out.mp4").exists()


def test_sigterm_leaves_no_output(tmp_path):
    long_clip = make_clip(tmp_path / "long.mp4", form_items(1.5), width=1920, height=1080, frames=600,
                          audio=False)
    outdir = tmp_path / "out"
    outdir.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "blur", "run", str(long_clip.path), "-o",
                             str(outdir / "x.mp4"), "--config", str(_slow_config(tmp_path))],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not any(p.name.startswith(".") for p in outdir.iterdir()):
        time.sleep(0.05)
    assert any(p.name.startswith(".") for p in outdir.iterdir()), "render never started"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert _files(outdir) == set()


def _slow_config(folder: Path) -> Path:
    # Slow the encoder down so the render is surely still running when signalled.
    path = folder / "slow.yaml"
    path.write_text("output:\n  preset: veryslow\n")
    return path


def test_metadata_and_extra_streams_are_not_carried_over(form_clip, tmp_path):
    """Title tags, subtitles, chapters and attachments can hold private text: none survive."""
    subs = tmp_path / "subs.srt"
    subs.write_text("1\n00:00:00,000 --> 00:00:01,000\nJane Roe private call\n")
    chapters = tmp_path / "chapters.txt"
    chapters.write_text(";FFMETADATA1\ntitle=Jane Roe private call\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\n"
                        "END=1000\ntitle=Jane Roe chapter\n")
    note = tmp_path / "note.txt"
    note.write_text("Jane Roe attachment")
    tagged = tmp_path / "tagged.mkv"
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(form_clip.path), "-i", str(subs), "-i", str(chapters),
                    "-map", "0", "-map", "1", "-map_metadata", "2", "-map_chapters", "2", "-c", "copy",
                    "-c:s", "srt", "-attach", str(note), "-metadata:s:t", "mimetype=text/plain",
                    str(tagged)], check=True)
    assert b"Jane Roe" in tagged.read_bytes()
    out = tmp_path / "out.mkv"
    result = blur("run", tagged, "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    with av.open(str(out)) as c:
        assert [s.type for s in c.streams] == ["video", "audio"]
    assert b"Jane Roe" not in out.read_bytes()


def _limit_file_size() -> None:
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_disk_refusing_the_output_is_exit_6_with_the_reason(form_clip, tmp_path):
    """A write the system refuses (here a file-size limit: EFBIG, as a full disk gives ENOSPC)
    is exit 6 naming the reason, and nothing is left behind."""
    out = tmp_path / "out"
    out.mkdir()
    done = subprocess.run([sys.executable, "-m", "blur", "run", str(form_clip.path), "-o", str(out / "x.mp4"), "-q"],
                          capture_output=True, text=True, timeout=300, preexec_fn=_limit_file_size)
    assert done.returncode == 6, done.stderr
    assert "cannot write" in done.stderr and "File too large" in done.stderr
    assert "internal error" not in done.stderr and list(out.iterdir()) == []


def test_report_into_a_missing_folder_fails_before_any_output(form_clip, tmp_path):
    result = blur("run", form_clip.path, "-o", tmp_path / "out.mp4", "--report", tmp_path / "nope" / "p.json")
    assert result.returncode == 6 and "nope does not exist" in result.stderr
    assert list(tmp_path.iterdir()) == []
