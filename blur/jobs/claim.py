"""One writer per output at a time, and no leftovers from writers that were killed.

A batch and a fleet of queue workers may be handed the same output twice (a
re-delivered job, two batches over one tree). The claim is an advisory
``flock`` on a hidden lock file beside the output: the kernel releases it when
its holder dies, even by SIGKILL, so a re-delivered job never waits on a dead
worker. Whoever holds the claim may delete the hidden partial files a killed
writer of the same output left behind (see :func:`blur.io.atomic.atomic_output`).
"""

from __future__ import annotations

import fcntl
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import BlurError, OutputError


class OutputBusy(BlurError):
    """Another process is writing this output right now (try again later)."""

    exit_code = OutputError.exit_code


def lock_path(dst: Path) -> Path:
    return dst.with_name(f".{dst.name}.lock")


def stale_partials(dst: Path) -> list[Path]:
    """Temporary files :func:`~blur.io.atomic.atomic_output` made for ``dst`` (and only for it)."""
    pattern = re.compile(rf"^\.{re.escape(dst.stem)}\.[A-Za-z0-9_]{{8}}\.partial{re.escape(dst.suffix)}$")
    try:
        return [p for p in dst.parent.iterdir() if pattern.match(p.name)]
    except FileNotFoundError:
        return []


@contextmanager
def claim_output(dst: Path, *companions: Path) -> Iterator[None]:
    """Hold ``dst`` (and files written with it, such as its report) for this process.

    Raises :class:`OutputBusy` if another process holds it.
    """
    dst = Path(dst)
    lock = lock_path(dst)
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"cannot write in {dst.parent}: {exc.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputBusy(f"output {dst} is being written by another process") from None
        # The previous holder may have unlinked the file between our open and
        # our lock: then we hold a lock nobody else can see. Take it again.
        try:
            same = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        for path in (dst, *companions):
            for leftover in stale_partials(Path(path)):
                leftover.unlink(missing_ok=True)
        yield
    finally:
        lock.unlink(missing_ok=True)
        os.close(fd)
