"""Write-then-rename, so a failed or interrupted run leaves no output file."""

from __future__ import annotations

import os
import secrets
import string
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import OutputError

_NAME_CHARS = string.ascii_lowercase + string.digits + "_"


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


def _partial_name(dst: Path) -> Path:
    token = "".join(secrets.choice(_NAME_CHARS) for _ in range(8))
    return dst.with_name(f".{dst.stem}.{token}.partial{dst.suffix}")


@contextmanager
def atomic_output(dst: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``dst``; rename it to ``dst`` on success only.

    The temporary file keeps ``dst``'s suffix and is hidden (dot-prefixed);
    on any exception, including KeyboardInterrupt and SystemExit, it is removed.
    Its name is chosen before it is created, and it is created inside the
    ``try``, so a signal arriving at any moment cannot leave it behind
    (``tempfile.mkstemp`` could be interrupted after creating the file and
    before returning its name).
    """
    dst = Path(dst)
    for _ in range(100):
        tmp = _partial_name(dst)
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            break
        except FileExistsError:
            continue
        except BaseException as exc:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass  # (a read-only folder): the first error is the one to report
            if isinstance(exc, OSError):
                raise OutputError(f"cannot write in {dst.parent}: {exc.strerror}") from None
            raise
    else:
        raise OutputError(f"cannot write in {dst.parent}: no free temporary file name")
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # created 0600; give the file the usual mode
        os.replace(tmp, dst)
    except BaseException as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass  # (a read-only or vanished folder): the first error is the one to report
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {dst}: {exc.strerror or exc.__class__.__name__}") from None
        raise
