"""Write-then-rename, so a failed or interrupted run leaves no output file."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import OutputError


def check_output_path(src: Path, dst: Path) -> None:
    """Refuse to write over the input (directly, via a link, or a hard link)."""
    if src.resolve() == dst.resolve():
        raise OutputError(f"output {dst} is the input file; choose another output path")
    if dst.exists():
        if dst.is_dir():
            raise OutputError(f"output {dst} is a directory; give a file name")
        if src.exists() and os.path.samefile(src, dst):
            raise OutputError(f"output {dst} is the same file as the input; choose another output path")
    if not dst.parent.exists():
        raise OutputError(f"output folder {dst.parent} does not exist")


def _umask() -> int:
    """The process umask, read without changing it (os.umask would race other threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


@contextmanager
def atomic_output(dst: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``dst``; rename it to ``dst`` on success only.

    The temporary file keeps ``dst``'s suffix and is hidden (dot-prefixed);
    on any exception, including KeyboardInterrupt and SystemExit, it is removed.
    """
    dst = Path(dst)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{dst.stem}.", suffix=f".partial{dst.suffix}", dir=dst.parent)
    except OSError as exc:
        raise OutputError(f"cannot write in {dst.parent}: {exc.strerror}") from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual mode
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
