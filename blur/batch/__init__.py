"""``blur batch``: redact folders of uploads, each with its customer's config.

:func:`run_batch` finds the inputs, picks each one's config, runs the files
in worker processes (:mod:`blur.batch.runner`) and returns a summary that
says, per file, what happened; the CLI only parses arguments around it.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._version import __version__
from ..config import Config
from ..errors import BlurError
from ..jobs import ConfigStore, default_report_path
from .display import Display
from .inputs import Item, collect
from .runner import BatchRunner, Task


@dataclass(frozen=True)
class BatchOptions:
    out_dir: Path
    #: Folder of per-customer configs, or one config for every file (or neither: built-in default).
    configs_dir: Path | None = None
    config: Path | None = None
    jobs: int = os.cpu_count() or 1
    force: bool = False


def _config_for(item: Item, options: BatchOptions, store: ConfigStore,
                cache: dict[str | None, Config | BlurError]) -> Config | BlurError:
    key = item.customer if options.config is None else "--config"
    if key not in cache:
        try:
            cache[key] = store.load_file(options.config) if options.config else store.get(item.customer)
        except BlurError as exc:
            cache[key] = exc
    return cache[key]


def _entry(item: Item, output: Path | None, report: Path | None) -> dict[str, Any]:
    return {
        "input": str(item.path),
        "customer": item.customer,
        "output": str(output) if output else None,
        "report": str(report) if report else None,
    }


def run_batch(sources: list[str], options: BatchOptions, display_factory: Any,
              list_files: list[Path] | None = None) -> dict[str, Any]:
    """Redact every video the sources name; returns the summary (see the README)."""
    started = time.perf_counter()
    if not options.out_dir.is_dir():
        options.out_dir.mkdir(parents=True, exist_ok=True)
    items = collect(sources, list_files or [], options.out_dir)
    store = ConfigStore(options.configs_dir)
    configs: dict[str | None, Config | BlurError] = {}
    entries: list[dict[str, Any]] = []
    tasks: list[Task] = []
    for index, item in enumerate(items):
        if not item.is_video:
            entries.append({**_entry(item, None, None), "status": "skipped", "reason": "not a video file"})
            continue
        output = options.out_dir / item.relative
        report = default_report_path(output)
        entry = _entry(item, output, report)
        entries.append(entry)
        config = _config_for(item, options, store, configs)
        if isinstance(config, BlurError):
            entry.update(status="failed", reason=str(config))
            continue
        output.parent.mkdir(parents=True, exist_ok=True)
        tasks.append(Task(len(entries) - 1, str(item.relative), item.path, output, report, config))
    display: Display = display_factory(len(tasks))
    for entry in entries:  # decided without running anything
        if "status" in entry:
            display.note(f"{entry['status']} {entry['input']}: {entry['reason']}")
    runner = BatchRunner(tasks, options.jobs, options.force, display)
    try:
        runner.run()
    except (KeyboardInterrupt, SystemExit) as exc:
        code = exc.code if isinstance(exc, SystemExit) and isinstance(exc.code, int) else 130
        raise BatchInterrupted(_collect(entries, runner, started), code) from None
    finally:
        display.close()
    return _collect(entries, runner, started)


class BatchInterrupted(Exception):
    """Ctrl-C or SIGTERM: running files were stopped (no partial outputs); carries the summary so far."""

    def __init__(self, summary: dict[str, Any], exit_code: int) -> None:
        super().__init__("interrupted")
        self.summary, self.exit_code = summary, exit_code


def _collect(entries: list[dict[str, Any]], runner: BatchRunner, started: float) -> dict[str, Any]:
    for index, result in runner.results.items():
        entries[index].update(result)
    for entry in entries:
        entry.setdefault("status", "failed")
        entry.setdefault("reason", "not run")
    return summarize(entries, time.perf_counter() - started)


__all__ = ["BatchInterrupted", "BatchOptions", "run_batch", "summarize"]


def summarize(entries: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    statuses = Counter(e.get("status", "failed") for e in entries)
    kinds: Counter[str] = Counter()
    for e in entries:
        kinds.update(e.get("tracks_by_kind") or {})
    done = [e for e in entries if e.get("status") == "done"]
    frames = sum(e.get("frames", 0) for e in done)
    return {
        "blur_version": __version__,
        "files": entries,
        "totals": {
            "files": len(entries),
            "done": statuses["done"],
            "skipped": statuses["skipped"],
            "failed": statuses["failed"],
            "frames": frames,
            "duration": round(sum(e.get("duration") or 0 for e in done), 3),
            "tracks_by_kind": dict(sorted(kinds.items())),
            "seconds": round(seconds, 3),
            "fps": round(frames / seconds, 1) if seconds > 0 else 0.0,
        },
    }
