"""Run many jobs in worker processes, one process per file.

A process per file keeps a crash (a decoder or tesseract dying on a hostile
file) to that file, bounds each file's memory, and lets the batch stop a
file by signalling its process. Processes come from a forkserver, so each
starts in milliseconds from a clean, already-imported copy of blur.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import BlurError
from ..interrupt import stop_on_signals
from ..jobs import OutputBusy, run_job
from ..jobs.run import JobResult, estimated_frames
from .display import Display

#: Seconds a stopped worker gets to remove its partial output before SIGKILL.
STOP_GRACE = 20.0
#: Seconds between looks at an output another run is writing.
BUSY_POLL = 0.5
#: Seconds between a worker's looks at whether its batch is still alive.
PARENT_POLL = 0.5


@dataclass(frozen=True)
class Task:
    index: int
    name: str
    input: Path
    output: Path
    report: Path
    config: Config


def _failed(reason: str) -> dict[str, Any]:
    return {"status": "failed", "reason": reason}


def _die_with_batch(batch: int) -> None:
    """Stop (SIGTERM to this process) once the batch that started it is gone, even if it was
    killed with -9: its workers must not carry on encoding and holding outputs' locks.
    SIGTERM unwinds through atomic_output, so the partial file goes too. The worker's
    parent is the forkserver, so both are watched: the batch (a zombie counts as dead) and
    the forkserver (which exits when the batch does)."""

    forkserver = os.getppid()

    def watch() -> None:
        while os.getppid() == forkserver and _alive(batch):
            time.sleep(PARENT_POLL)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="blur-batch-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    """Is ``pid`` running (a killed process its parent has not reaped yet is not)?"""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone (or the pid reused by another user)
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return True  # no /proc (not Linux): kill(0) is all there is


def _run_when_free(task: Task, force: bool, on_frame: Any) -> JobResult:
    """Run the job; while another run (a second batch over the same tree) writes the same
    output, wait for it: what it finishes is then up to date and counts as skipped."""
    while True:
        try:
            return run_job(task.input, task.output, task.config, report=task.report, force=force,
                           on_frame=on_frame)
        except OutputBusy:
            time.sleep(BUSY_POLL)


def _work(task: Task, force: bool, events: Any, batch: int) -> None:
    """Child process: run one job, reporting progress and the result as events."""
    stop_on_signals()  # the batch's terminate() unwinds through atomic_output, deleting the partial file
    _die_with_batch(batch)
    last = 0.0

    def on_frame(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= 0.25:
            last = now
            events.put(("frames", task.index, done))

    try:
        events.put(("start", task.index, estimated_frames(task.input)))
        result = _run_when_free(task, force, on_frame)
        events.put(("result", task.index, result.to_dict()))
    except BlurError as exc:  # messages never quote screen text
        events.put(("result", task.index, _failed(str(exc))))
    except (KeyboardInterrupt, SystemExit):
        events.put(("result", task.index, _failed("interrupted; no output was written")))
    except Exception as exc:  # noqa: BLE001 - reported as this file's failure
        events.put(("result", task.index, _failed(f"internal error ({exc.__class__.__name__})")))


def _describe(result: dict[str, Any]) -> str:
    if result["status"] == "done":
        return f"{result['frames']} frames in {result['seconds']:.1f} s ({result['fps']:.0f} frames/s)"
    return result.get("reason") or ""


def _context() -> Any:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["blur.jobs", "blur.batch.runner"])
    return ctx


class BatchRunner:
    """Runs tasks ``jobs`` at a time; :meth:`run` returns each task's result by index."""

    def __init__(self, tasks: list[Task], jobs: int, force: bool, display: Display) -> None:
        self.tasks, self.jobs, self.force, self.display = tasks, max(1, jobs), force, display
        self.results: dict[int, dict[str, Any]] = {}
        self._names = {t.index: t.name for t in tasks}

    def _finish(self, index: int, result: dict[str, Any]) -> None:
        if index in self.results:
            return
        self.results[index] = result
        self.display.finish(index, self._names[index], result["status"], _describe(result))

    def _handle(self, event: tuple) -> None:
        kind, index, value = event
        if kind == "start":
            self.display.start(index, self._names[index], value)
        elif kind == "frames":
            self.display.frames(index, value)
        elif kind == "result":
            self._finish(index, value)

    def _drain(self, events: Any, wait: float) -> None:
        try:
            self._handle(events.get(timeout=wait))
            while True:
                self._handle(events.get_nowait())
        except queue.Empty:
            pass

    def run(self) -> dict[int, dict[str, Any]]:
        if not self.tasks:
            return self.results
        ctx = _context()
        events = ctx.Queue()
        pending = deque(self.tasks)
        active: dict[int, Any] = {}
        try:
            while pending or active:
                while pending and len(active) < self.jobs:
                    task = pending.popleft()
                    process = ctx.Process(target=_work, args=(task, self.force, events, os.getpid()),
                                          name=f"blur-{task.index}")
                    process.start()
                    active[task.index] = process
                self._drain(events, 0.2)
                for index, process in list(active.items()):
                    if process.exitcode is None:
                        continue
                    process.join()
                    self._drain(events, 0.05)
                    if index not in self.results:
                        code = process.exitcode
                        how = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
                        self._finish(index, _failed(f"worker process died ({how}); no output was written"))
                    del active[index]
                self.display.tick()
        except BaseException:
            self._stop(active, events)
            for task in pending:
                self.results.setdefault(task.index, _failed("not started (batch interrupted)"))
            raise
        return self.results

    def _stop(self, active: dict[int, Any], events: Any) -> None:
        """Ask running files to stop (they delete their partial output), then make sure."""
        for process in active.values():
            if process.exitcode is None:
                process.terminate()
        deadline = time.monotonic() + STOP_GRACE
        for process in active.values():
            process.join(max(0.0, deadline - time.monotonic()))
            if process.exitcode is None:
                process.kill()
                process.join()
        try:
            self._drain(events, 0.1)
        except Exception:  # noqa: BLE001 - the queue may be half-closed by now
            pass
        for index in active:
            self.results.setdefault(index, _failed("interrupted; no output was written"))
