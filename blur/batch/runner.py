"""Run many jobs in worker processes, one process per file.

A process per file keeps a crash (a decoder or tesseract dying on a hostile
file) to that file, bounds each file's memory, and lets the batch stop a
file by signalling its process. Processes come from a forkserver, so each
starts in milliseconds from a clean, already-imported copy of blur.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import signal
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import BlurError
from ..interrupt import stop_on_signals
from ..jobs import run_job
from ..jobs.run import estimated_frames
from .display import Display

#: Seconds a stopped worker gets to remove its partial output before SIGKILL.
STOP_GRACE = 20.0


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


def _work(task: Task, force: bool, events: Any) -> None:
    """Child process: run one job, reporting progress and the result as events."""
    stop_on_signals()  # the batch's terminate() unwinds through atomic_output, deleting the partial file
    last = 0.0

    def on_frame(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= 0.25:
            last = now
            events.put(("frames", task.index, done))

    try:
        events.put(("start", task.index, estimated_frames(task.input)))
        result = run_job(task.input, task.output, task.config, report=task.report, force=force, on_frame=on_frame)
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
                    process = ctx.Process(target=_work, args=(task, self.force, events), name=f"blur-{task.index}")
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
