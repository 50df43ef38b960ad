"""The Celery worker against a real redis-server and real worker processes."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery

from conftest import form_items
from scenes import decode_frames, make_clip

from blur.jobs import claim_output

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    port = _free_port()
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(folder)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(10)


@pytest.fixture(scope="module")
def roots(tmp_path_factory, clips_dir):
    base = tmp_path_factory.mktemp("queue")
    (base / "in" / "acme").mkdir(parents=True)
    (base / "out").mkdir()
    (base / "configs").mkdir()
    (base / "configs" / "default.yaml").write_text("version: 1\n")
    (base / "configs" / "acme.yaml").write_text("version: 1\ndetect: {kinds: [card]}\n")
    short = make_clip(clips_dir / "queue-form.mp4", form_items(), frames=45)
    long = make_clip(clips_dir / "queue-long.mp4", form_items(), frames=600)
    shutil.copy(short.path, base / "in" / "acme" / "form.mp4")
    shutil.copy(long.path, base / "in" / "acme" / "long.mp4")
    (base / "in" / "acme" / "corrupt.mp4").write_bytes(short.path.read_bytes()[:2000])
    return base


class Worker:
    def __init__(self, redis_url: str, roots: Path, **env: str) -> None:
        self.log = roots / f"worker-{time.monotonic_ns()}.log"
        environment = dict(os.environ, BLUR_BROKER_URL=redis_url, BLUR_INPUT_ROOT=str(roots / "in"),
                           BLUR_OUTPUT_ROOT=str(roots / "out"), BLUR_CONFIGS_DIR=str(roots / "configs"),
                           BLUR_RETRY_BACKOFF="0.5", BLUR_RETRY_BACKOFF_MAX="1", **env)
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "blur.worker", "worker", "--concurrency", "1",
                 "--loglevel", "INFO", "--without-gossip", "--without-mingle", "--hostname", f"w{time.monotonic_ns()}@test"],
                env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while "ready." not in self.log.read_text():
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() < deadline, self.log.read_text()
            time.sleep(0.1)

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture()
def client(redis_url):
    """A producer that does not import blur.worker: what another service would do."""
    app = Celery("producer", broker=redis_url, backend=redis_url)
    app.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"], result_extended=True)
    yield lambda payload: app.send_task("blur.redact", args=[payload], queue="blur")
    app.close()


@pytest.fixture()
def worker(redis_url, roots):
    started = Worker(redis_url, roots)
    yield started
    started.stop()


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*"))


def test_valid_job_then_the_same_job_again_writes_the_output_once(worker, client, roots):
    payload = {"input": "acme/form.mp4", "output": "acme/form.mp4", "customer": "acme"}
    result = client(payload).get(timeout=120)
    out = roots / "out" / "acme" / "form.mp4"
    assert result["status"] == "done" and result["frames"] == 45
    assert result["tracks_by_kind"] == {"card": 1}  # acme's config: cards only
    assert result["output"] == str(out) and Path(result["report"]) == out.with_name("form.mp4.plan.json")
    assert set(result) >= {"seconds", "fps", "total_seconds", "limit_seconds", "frames_analyzed", "blur_version"}
    assert len(decode_frames(out)[0]) == 45
    written = out.stat().st_mtime_ns

    again = client(payload).get(timeout=120)  # delivered twice: done once
    assert again["status"] == "skipped" and again["reason"] == "up to date"
    assert again["tracks_by_kind"] == {"card": 1} and out.stat().st_mtime_ns == written

    # The customer's config changed on disk: the worker reloads it, and the output is stale.
    (roots / "configs" / "acme.yaml").write_text("version: 1\ndetect: {kinds: [card, email]}\n")
    changed = client(payload).get(timeout=120)
    assert changed["status"] == "done" and changed["tracks_by_kind"] == {"card": 1, "email": 1}
    assert _hidden(roots / "out") == []


@pytest.mark.parametrize("payload, reason", [
    ({"input": "../../etc/passwd", "output": "x.mp4"}, "input path escapes BLUR_INPUT_ROOT"),
    ({"input": "acme/form.mp4", "output": "/tmp/x.mp4"}, "output path escapes BLUR_OUTPUT_ROOT"),
    ({"input": "https://example.com/a.mp4", "output": "x.mp4"}, "unsupported URL scheme 'https'"),
    ({"input": "acme/corrupt.mp4", "output": "c.mp4"}, "corrupt or truncated"),
    ({"input": "acme/missing.mp4", "output": "m.mp4"}, "not found"),
    ({"input": "acme/form.mp4", "output": "f.mp4", "customer": "../x"}, "not a valid config name"),
    ({"input": "acme/form.mp4", "output": "f.avi"}, "unknown file type '.avi'"),
    ({"input": "acme/form.mp4", "output": "f.mp4", "colour": "red"}, "payload: colour: unknown key"),
])
def test_bad_jobs_fail_permanently_with_their_reason_and_no_retry(worker, client, roots, payload, reason):
    result = client(payload)
    result.get(timeout=60, propagate=False)
    assert result.state == "FAILURE"
    assert type(result.result).__name__ == "PermanentJobError" and reason in str(result.result)
    assert result.retries == 0
    assert [p for p in (roots / "out").rglob("*") if p.name in ("x.mp4", "c.mp4", "m.mp4", "f.mp4", "f.avi")] == []


def test_busy_output_is_retried_with_backoff_until_free(worker, client, roots):
    out = roots / "out" / "busy.mp4"
    with claim_output(out):  # as if another worker were writing it
        result = client({"input": "acme/form.mp4", "output": "busy.mp4"})
        deadline = time.monotonic() + 30
        while result.state != "RETRY":
            assert time.monotonic() < deadline, result.state
            time.sleep(0.1)
    done = result.get(timeout=120)
    assert done["status"] == "done" and out.is_file()
    assert "will be retried" in worker.log.read_text()


def test_time_limit_from_video_duration_fails_the_job_without_output(redis_url, roots, client):
    worker = Worker(redis_url, roots, BLUR_TIME_LIMIT_BASE="0", BLUR_TIME_LIMIT_PER_VIDEO_SECOND="0.05")
    try:
        result = client({"input": "acme/long.mp4", "output": "limited.mp4"})  # 20 s of video: a 1 s limit
        result.get(timeout=120, propagate=False)
    finally:
        worker.stop()
    assert result.state == "FAILURE" and "time limit of 1 s exceeded" in str(result.result)
    assert not (roots / "out" / "limited.mp4").exists() and _hidden(roots / "out") == []


def test_killed_worker_job_completes_on_a_restarted_worker_with_no_partial_file(redis_url, roots, client):
    out = roots / "out" / "acme" / "long-killed.mp4"
    first = Worker(redis_url, roots, BLUR_VISIBILITY_TIMEOUT="3")
    result = client({"input": "acme/long.mp4", "output": "acme/long-killed.mp4"})
    deadline = time.monotonic() + 120
    while not any(".partial" in name for name in _hidden(out.parent)):
        assert time.monotonic() < deadline, first.log.read_text()
        time.sleep(0.05)
    first.kill()  # SIGKILL, worker and its pool: nothing can clean up
    assert not out.exists()
    second = Worker(redis_url, roots, BLUR_VISIBILITY_TIMEOUT="3")
    try:
        done = result.get(timeout=300)
    finally:
        second.stop()
    assert done["status"] == "done" and done["frames"] == 600
    assert len(decode_frames(out)[0]) == 600
    assert _hidden(out.parent) == []  # the killed run's partial file was removed by the claim


def test_jobs_module_needs_no_celery_and_nul_bytes_fail_permanently():
    """Other queues import blur.worker.jobs without Celery; a NUL byte in a payload is a bad
    payload (permanent), not an internal error retried as transient."""
    code = ("import sys; import blur.worker.jobs as j; assert 'celery' not in sys.modules; "
            "from blur.worker.jobs import parse_payload, PermanentJobError\n"
            "try:\n    parse_payload({'input': 'a\\x00.mp4', 'output': 'b.mp4'})\n"
            "except PermanentJobError as e:\n    print(e)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "input contains a NUL byte" in done.stdout
