"""Batch progress on stderr: bars on a terminal, plain lines in logs, nothing when quiet.

Overall files and frames with an ETA, and each running file's own progress.
Frame totals come from the containers and may be missing (MediaRecorder WebM
has none); unstarted files are counted at the average known size, so the ETA
is an estimate that firms up as files start.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import TextIO

from tqdm import tqdm


@dataclass
class _Running:
    name: str
    total: int
    done: int = 0


class Display:
    """Tracks the numbers; subclasses decide how to show them."""

    def __init__(self, files: int) -> None:
        self.files = files
        self.finished = 0
        self.frames_done = 0  # frames of finished files
        self.running: dict[int, _Running] = {}
        self.started = time.monotonic()
        self._totals: list[int] = []

    # events
    def start(self, index: int, name: str, total: int) -> None:
        self.running[index] = _Running(name, total)
        if total:
            self._totals.append(total)

    def frames(self, index: int, done: int) -> None:
        if index in self.running:
            self.running[index].done = done

    def finish(self, index: int, name: str, status: str, detail: str) -> None:
        run = self.running.pop(index, None)
        if run is not None:
            self.frames_done += run.done
        self.finished += 1

    def note(self, line: str) -> None:
        """A file settled without running (skipped, or its config is broken)."""

    def tick(self) -> None:
        pass

    def close(self) -> None:
        pass

    # numbers
    def frames_so_far(self) -> int:
        return self.frames_done + sum(r.done for r in self.running.values())

    def frames_expected(self) -> int:
        average = sum(self._totals) / len(self._totals) if self._totals else 0
        running = sum(max(r.total, r.done) for r in self.running.values())
        unstarted = self.files - self.finished - len(self.running)
        return int(self.frames_done + running + unstarted * average)

    def eta(self) -> float | None:
        elapsed = time.monotonic() - self.started
        done = self.frames_so_far()
        expected = self.frames_expected()
        if done < 30 or elapsed < 2 or expected <= done:
            return None
        return (expected - done) * elapsed / done


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Silent(Display):
    pass


class PlainLines(Display):
    """For logs and CI: a line per finished file and a status line every ``every`` seconds."""

    def __init__(self, files: int, stream: TextIO = sys.stderr, every: float = 10.0) -> None:
        super().__init__(files)
        self.stream, self.every = stream, every
        self._last = time.monotonic()

    def _say(self, line: str) -> None:
        print(f"blur: {line}", file=self.stream, flush=True)

    def finish(self, index: int, name: str, status: str, detail: str) -> None:
        super().finish(index, name, status, detail)
        self._say(f"[{self.finished}/{self.files}] {status} {name}: {detail}")

    def note(self, line: str) -> None:
        self._say(line)

    def tick(self) -> None:
        now = time.monotonic()
        if now - self._last < self.every or not self.running:
            return
        self._last = now
        elapsed = now - self.started
        rate = self.frames_so_far() / elapsed if elapsed > 0 else 0.0
        files = ", ".join(
            f"{r.name} {100 * r.done // r.total}%" if r.total else f"{r.name} {r.done} frames"
            for r in self.running.values()
        )
        self._say(f"progress: {self.finished}/{self.files} files, {self.frames_so_far()}/~{self.frames_expected()} "
                  f"frames, {rate:.0f} frames/s, ETA {_clock(self.eta())}; running: {files}")


class Bars(Display):
    """For a terminal: one overall bar and one bar per running file (tqdm)."""

    def __init__(self, files: int, slots: int, stream: TextIO = sys.stderr) -> None:
        super().__init__(files)
        self.stream = stream
        self.overall = tqdm(total=0, unit="frame", desc=self._desc(), position=0, file=stream,
                            dynamic_ncols=True, bar_format="{desc} {percentage:3.0f}%|{bar}| {n_fmt}/~{total_fmt} "
                            "frames [{elapsed}<{remaining}, {rate_fmt}]")
        self.free = list(range(1, slots + 1))
        self.bars: dict[int, tqdm] = {}

    def _desc(self) -> str:
        return f"files {self.finished}/{self.files}"

    def start(self, index: int, name: str, total: int) -> None:
        super().start(index, name, total)
        slot = self.free.pop(0) if self.free else len(self.bars) + 1
        label = name if len(name) <= 32 else "..." + name[-29:]
        self.bars[index] = tqdm(total=total or None, desc=label, unit="frame", position=slot, leave=False,
                                file=self.stream, dynamic_ncols=True)
        self._refresh()

    def frames(self, index: int, done: int) -> None:
        super().frames(index, done)
        bar = self.bars.get(index)
        if bar is not None:
            bar.update(done - bar.n)
        self._refresh()

    def finish(self, index: int, name: str, status: str, detail: str) -> None:
        super().finish(index, name, status, detail)
        bar = self.bars.pop(index, None)
        if bar is not None:
            self.free.append(bar.pos if isinstance(bar.pos, int) else abs(bar.pos))
            self.free.sort()
            bar.close()
        tqdm.write(f"blur: [{self.finished}/{self.files}] {status} {name}: {detail}", file=self.stream)
        self._refresh()

    def _refresh(self) -> None:
        self.overall.total = max(self.frames_expected(), self.frames_so_far())
        self.overall.n = self.frames_so_far()
        self.overall.set_description_str(self._desc(), refresh=False)
        self.overall.refresh()

    def note(self, line: str) -> None:
        tqdm.write(f"blur: {line}", file=self.stream)

    def tick(self) -> None:
        self._refresh()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
        self.overall.close()


def make_display(files: int, slots: int, quiet: bool, stream: TextIO = sys.stderr) -> Display:
    if quiet:
        return Silent(files)
    if stream.isatty():
        return Bars(files, slots, stream)
    return PlainLines(files, stream)
