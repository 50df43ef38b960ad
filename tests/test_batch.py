"""`blur batch` as an operator runs it over a tree of uploads from several customers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SECRET_CARD, SECRET_EMAIL, SECRET_KEY, form_items
from helpers import ink_left
from scenes import decode_frames, make_clip

from blur.batch.inputs import collect
from blur.jobs import ConfigStore
from blur.errors import ConfigError


def batch(*args: str | Path, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "blur", "batch", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=timeout)


def _hidden(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".*")]


@pytest.fixture(scope="module")
def form(clips_dir):
    return make_clip(clips_dir / "batch-form.mp4", form_items(), frames=45)


@pytest.fixture()
def tree(tmp_path, form):
    """uploads/ with customers acme (own config), beta (cards only), gamma (no config: default.yaml)."""
    uploads, configs = tmp_path / "uploads", tmp_path / "configs"
    for rel in ("acme/2026/11/form.mp4", "beta/form.mp4", "gamma/form.mp4"):
        (uploads / rel).parent.mkdir(parents=True, exist_ok=True)
        (uploads / rel).write_bytes(form.path.read_bytes())
    (uploads / "beta" / "corrupt.mp4").write_bytes(form.path.read_bytes()[:3000])
    (uploads / "beta" / "notes.txt").write_text("not a video\n")
    configs.mkdir()
    (configs / "default.yaml").write_text("version: 1\n")
    (configs / "acme.yaml").write_text("version: 1\nredaction: {method: fill}\n")
    (configs / "beta.yaml").write_text("version: 1\ndetect: {kinds: [card]}\n")
    return tmp_path


def _by_input(summary: dict) -> dict[str, dict]:
    return {Path(f["input"]).relative_to("uploads").as_posix(): f for f in summary["files"]}


def test_batch_tree_two_customers_corrupt_and_non_video_then_rerun_skips(tree, form):
    run = batch("uploads", "--out-dir", "blurred", "--configs", "configs", "--jobs", "2",
                "--summary", "summary.json", cwd=tree)
    assert run.returncode == 8, run.stderr  # some failed
    summary = json.loads((tree / "summary.json").read_text())
    files = _by_input(summary)
    assert {k: v["status"] for k, v in files.items()} == {
        "acme/2026/11/form.mp4": "done",
        "beta/form.mp4": "done",
        "beta/corrupt.mp4": "failed",
        "beta/notes.txt": "skipped",
        "gamma/form.mp4": "done",
    }
    assert "corrupt or truncated" in files["beta/corrupt.mp4"]["reason"]
    assert files["beta/notes.txt"]["reason"] == "not a video file"
    assert summary["totals"] | {"seconds": 0, "fps": 0, "duration": 0} == {
        "files": 5, "done": 3, "skipped": 1, "failed": 1, "frames": 3 * 45, "duration": 0, "seconds": 0,
        "fps": 0, "tracks_by_kind": summary["totals"]["tracks_by_kind"]}
    acme = files["acme/2026/11/form.mp4"]
    assert acme["frames"] == 45 and acme["fps"] > 0 and acme["frames_analyzed"] > 0
    assert acme["tracks_by_kind"]["email"] == 1 and "email" not in files["beta/form.mp4"]["tracks_by_kind"]

    # Outputs mirror the tree; each plan beside its output; nothing half-written or hidden.
    out = tree / "blurred"
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["acme/2026/11/form.mp4", "acme/2026/11/form.mp4.plan.json", "beta/form.mp4",
                       "beta/form.mp4.plan.json", "gamma/form.mp4", "gamma/form.mp4.plan.json"]
    assert _hidden(out) == []

    # Each customer's config was applied: beta blurs cards only.
    original, _ = decode_frames(form.path)
    f = 30
    email_box, card_box = form.items[1].box(f), form.items[3].box(f)
    for customer, email_left in (("acme/2026/11", 0.0), ("beta", 1.0), ("gamma", 0.0)):
        frames, _ = decode_frames(out / customer / "form.mp4")
        assert len(frames) == 45
        assert ink_left(original[f], frames[f], card_box) < 0.05, customer
        assert abs(ink_left(original[f], frames[f], email_box) - email_left) < 0.1, customer
    for text in (SECRET_EMAIL, SECRET_CARD, SECRET_KEY):
        assert text not in run.stderr and text not in (tree / "summary.json").read_text()

    # Run again: everything up to date is skipped, nothing is rewritten.
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    again = batch("uploads", "--out-dir", "blurred", "--configs", "configs", "--summary", "summary.json", cwd=tree)
    assert again.returncode == 8
    files = _by_input(json.loads((tree / "summary.json").read_text()))
    assert {k: (v["status"], v["reason"]) for k, v in files.items() if k != "beta/corrupt.mp4"} == {
        "acme/2026/11/form.mp4": ("skipped", "up to date"),
        "beta/form.mp4": ("skipped", "up to date"),
        "beta/notes.txt": ("skipped", "not a video file"),
        "gamma/form.mp4": ("skipped", "up to date"),
    }
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == mtimes

    # A customer's config changed: only that customer's files are redone. --force redoes the rest.
    (tree / "configs" / "beta.yaml").write_text("version: 1\ndetect: {kinds: [card, email]}\n")
    third = batch("uploads", "--out-dir", "blurred", "--configs", "configs", "--summary", "summary.json", "-q",
                  cwd=tree)
    assert third.stderr == ""
    files = _by_input(json.loads((tree / "summary.json").read_text()))
    assert [k for k, v in files.items() if v["status"] == "done"] == ["beta/form.mp4"]
    (tree / "uploads" / "beta" / "corrupt.mp4").unlink()
    forced = batch("uploads", "--out-dir", "blurred", "--configs", "configs", "--force", "--summary",
                   "summary.json", cwd=tree)
    assert forced.returncode == 0, forced.stderr
    assert json.loads((tree / "summary.json").read_text())["totals"]["done"] == 3


def test_invalid_customer_config_fails_only_that_customers_files(tree):
    (tree / "configs" / "beta.yaml").write_text("version: 1\ndetect: {kinds: [cards]}\n")
    (tree / "uploads" / "beta" / "corrupt.mp4").unlink()
    run = batch("uploads", "-O", "blurred", "--configs", "configs", "--summary", "s.json", "-q", cwd=tree)
    assert run.returncode == 8
    files = _by_input(json.loads((tree / "s.json").read_text()))
    assert files["beta/form.mp4"]["status"] == "failed"
    assert "beta.yaml: detect.kinds.0" in files["beta/form.mp4"]["reason"]
    assert files["acme/2026/11/form.mp4"]["status"] == "done" and files["gamma/form.mp4"]["status"] == "done"
    assert not (tree / "blurred" / "beta").exists()


def test_one_config_for_all_and_usage_errors(tree):
    (tree / "uploads" / "beta" / "corrupt.mp4").unlink()
    (tree / "only-cards.yaml").write_text("version: 1\ndetect: {kinds: [card]}\n")
    run = batch("uploads/acme", "uploads/beta/*.mp4", "-O", "out", "--config", "only-cards.yaml",
                "--summary", "s.json", cwd=tree)
    assert run.returncode == 0, run.stderr
    files = json.loads((tree / "s.json").read_text())["files"]
    assert sorted(Path(f["output"]).relative_to("out").as_posix() for f in files) == ["2026/11/form.mp4", "form.mp4"]
    assert all(set(f["tracks_by_kind"]) == {"card"} for f in files)
    both = batch("uploads", "-O", "out", "--config", "x.yaml", "--configs", "configs", cwd=tree)
    assert both.returncode == 2 and "exclusive" in both.stderr
    missing = batch("uploads/nope", "-O", "out", cwd=tree)
    assert missing.returncode == 3 and "uploads/nope: no such file or folder" in missing.stderr


def _wait_for_partial(folder: Path, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(".partial" in p.name for p in folder.rglob(".*")):
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError("no output was started")


@pytest.fixture(scope="module")
def long_clip(clips_dir):
    return make_clip(clips_dir / "batch-long.mp4", form_items(), frames=240)


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "SIGKILL"])
def test_interrupted_batch_leaves_no_partial_output_and_resumes(tmp_path, long_clip, how):
    uploads = tmp_path / "uploads" / "acme"
    uploads.mkdir(parents=True)
    for name in ("a.mp4", "b.mp4"):
        (uploads / name).write_bytes(long_clip.path.read_bytes())
    out = tmp_path / "blurred"
    process = subprocess.Popen([sys.executable, "-m", "blur", "batch", "uploads", "-O", "blurred", "--jobs", "1",
                                "--summary", "s.json"], cwd=tmp_path, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    out.mkdir(exist_ok=True)
    _wait_for_partial(out, process)
    if how == "SIGKILL":  # the whole process group: batch, forkserver and worker, no chance to clean up
        os.killpg(process.pid, signal.SIGKILL)
    elif how == "SIGINT":  # Ctrl-C reaches every process in the terminal's group
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")] == []
    if how != "SIGKILL":
        assert process.returncode == {"SIGTERM": 143, "SIGINT": 130}[how], stderr
        assert _hidden(out) == []  # partial output and lock removed
        summary = json.loads((tmp_path / "s.json").read_text())
        assert summary["totals"]["done"] == 0 and summary["totals"]["failed"] == 2
        assert {f["reason"] for f in summary["files"]} <= {"interrupted; no output was written",
                                                          "not started (batch interrupted)"}
    resumed = batch("uploads", "-O", "blurred", "--jobs", "2", "--summary", "s.json", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads((tmp_path / "s.json").read_text())["totals"]["done"] == 2
    assert _hidden(out) == []  # a killed run's partial file was cleaned up by the resumed one
    assert len(decode_frames(out / "acme" / "a.mp4")[0]) == 240


def test_plain_progress_lines_when_stderr_is_not_a_terminal(tree):
    (tree / "uploads" / "beta" / "corrupt.mp4").unlink()
    run = batch("uploads/gamma", "-O", "out", cwd=tree)
    assert run.returncode == 0
    lines = run.stderr.splitlines()
    assert lines[0] == "blur: [1/1] done form.mp4: 45 frames in " + lines[0].split(" in ")[1]
    assert lines[-1].startswith("blur: 1 done, 0 skipped, 0 failed in ")
    assert "\r" not in run.stderr  # no bar redraws in a log


def test_collect_inputs_folders_globs_lists_hidden_and_out_dir(tmp_path, monkeypatch):
    for rel in ("up/acme/a.mp4", "up/acme/.a.x1y2z3w4.partial.mp4", "up/.cache/c.mp4", "up/beta/b.webm",
                "up/out/old.mp4", "elsewhere/e.mkv"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x")
    (tmp_path / "up" / "list.txt").write_text("# uploads today\nacme/a.mp4\n\n../elsewhere/e.mkv\n")
    monkeypatch.chdir(tmp_path)
    got = collect(["up"], [], Path("up/out"))  # hidden files and the output folder left out
    assert [(i.relative.as_posix(), i.customer, i.is_video) for i in got] == [
        ("list.txt", None, False), ("acme/a.mp4", "acme", True), ("beta/b.webm", "beta", True)]
    got = collect(["up/*/*.webm", "elsewhere/e.mkv"], [Path("up/list.txt")], Path("up/out"))
    assert [(i.relative.as_posix(), i.customer) for i in got] == [
        ("beta/b.webm", "beta"), ("e.mkv", None), ("acme/a.mp4", "acme")]


def test_config_store_falls_back_reloads_on_change_and_names_missing_files(tmp_path):
    store = ConfigStore(tmp_path)
    with pytest.raises(ConfigError, match=r"no config for customer 'acme'.*acme\.yaml.*default\.yaml"):
        store.get("acme")
    (tmp_path / "default.yaml").write_text("version: 1\n")
    assert store.get("acme").detect.kinds == store.get(None).detect.kinds
    (tmp_path / "base.yaml").write_text("version: 1\ndetect: {kinds: [card]}\n")
    (tmp_path / "acme.yaml").write_text("version: 1\nextends: base.yaml\n")
    assert store.get("acme").detect.kinds == ["card"]
    (tmp_path / "base.yaml").write_text("version: 1\ndetect: {kinds: [card, email]}\n")  # what acme extends
    assert store.get("acme").detect.kinds == ["card", "email"]
    old = time.time_ns() - 10_000_000_000
    for name in ("base.yaml", "acme.yaml"):
        os.utime(tmp_path / name, ns=(old, old))
    first = store.get("acme")
    assert store.get("acme") is first  # cached while unchanged
    with pytest.raises(ConfigError, match="not a valid config name"):
        store.get("../etc")


def _workers(batch_pid: int) -> list[int]:
    """Processes whose name marks them as this batch's file workers (blur-N), by /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"multiprocessing" in cmdline and b"forkserver" not in cmdline and int(entry.name) != batch_pid:
                try:
                    environ = (entry / "environ").read_bytes()
                except OSError:
                    continue
                if f"BLUR_TEST_BATCH={batch_pid}".encode() in environ:
                    found.append(int(entry.name))
    return found


def test_workers_die_with_a_killed_batch(tmp_path, long_clip):
    """kill -9 of the batch process alone (not its group): its worker stops too, deletes its
    partial output and frees the lock, so the next run can do the file."""
    uploads = tmp_path / "uploads" / "acme"
    uploads.mkdir(parents=True)
    (uploads / "a.mp4").write_bytes(long_clip.path.read_bytes())
    out = tmp_path / "blurred"
    out.mkdir()
    configs = tmp_path / "configs"  # a slow encoder: the worker is surely still at it when the batch dies
    configs.mkdir()
    (configs / "default.yaml").write_text("output:\n  preset: veryslow\n")
    process = subprocess.Popen([sys.executable, "-c", "import os, sys; os.environ['BLUR_TEST_BATCH'] = str(os.getpid()); "
                                "sys.argv = ['blur', 'batch', 'uploads', '-O', 'blurred', '--jobs', '1', "
                                "'--configs', 'configs']; from blur.cli import main; main()"],
                               cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    _wait_for_partial(out, process)
    assert _workers(process.pid), "no worker found"
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (_workers(process.pid) or _hidden(out)):
        time.sleep(0.1)
    assert _workers(process.pid) == [], "a worker outlived its batch"
    assert _hidden(out) == []  # partial output and lock removed by the worker on its way out
    assert not (out / "acme" / "a.mp4").exists(), "the worker carried on encoding after its batch died"
    resumed = batch("uploads", "-O", "blurred", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr


def test_two_batches_over_one_tree_both_succeed(tmp_path, long_clip):
    """Two operators start a batch over the same tree: each file is done once; the other run
    waits for it and counts it as skipped (up to date), and both exit 0."""
    uploads = tmp_path / "uploads" / "acme"
    uploads.mkdir(parents=True)
    for name in ("a.mp4", "b.mp4"):
        (uploads / name).write_bytes(long_clip.path.read_bytes())
    runs = [subprocess.Popen([sys.executable, "-m", "blur", "batch", "uploads", "-O", "blurred", "--jobs", "1",
                              "--summary", f"s{n}.json"], cwd=tmp_path, stderr=subprocess.PIPE, text=True)
            for n in (1, 2)]
    for run in runs:
        _, stderr = run.communicate(timeout=600)
        assert run.returncode == 0, stderr
    statuses = [f["status"] for n in (1, 2) for f in json.loads((tmp_path / f"s{n}.json").read_text())["files"]]
    assert sorted(statuses) == ["done", "done", "skipped", "skipped"]
