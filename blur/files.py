"""Reading user-written files (configs, plans) with errors that say what to fix."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pydantic import ValidationError

from .errors import BlurError


#: Largest user-written file read, by what it is (bytes): a config or plan path must
#: never make a worker read /dev/zero or a huge file into memory.
SIZE_LIMITS = {"config": 1 << 20, "plan": 256 << 20, "elements sidecar": 512 << 20, "input list": 16 << 20}


def read_user_file(path: Path, what: str, error: type[BlurError], limit: int | None = None) -> str:
    """The text of ``path``, a regular file of at most ``limit`` bytes (default: by ``what``).

    Opened without blocking (a FIFO would hang a worker forever) and checked
    to be a regular file before anything is read; devices, folders and pipes
    are refused with an error that says so.
    """
    limit = limit if limit is not None else SIZE_LIMITS.get(what, 1 << 20)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(f"{path}: {what} file not found") from None
    except OSError as exc:
        raise error(f"{path}: cannot read {what} file ({exc.strerror or exc.__class__.__name__})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{path}: {what} must be a regular file (this is {_file_type(info.st_mode)})")
        if info.st_size > limit:
            raise error(f"{path}: {what} file is too large ({info.st_size} bytes; at most {limit})")
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise error(f"{path}: {what} file is too large (more than {limit} bytes)")
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise error(f"{path}: {what} file is not UTF-8 text") from None
    except OSError as exc:
        raise error(f"{path}: cannot read {what} file ({exc.strerror or exc.__class__.__name__})") from None
    finally:
        if fd >= 0:
            os.close(fd)


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def describe_validation_error(source: str, exc: ValidationError) -> str:
    """One ``source: key.path: problem`` entry per problem, joined by "; "."""
    problems = []
    for item in exc.errors():
        key = ".".join(str(p) for p in item["loc"]) or "(top level)"
        message = "unknown key" if item["type"] == "extra_forbidden" else item["msg"]
        problems.append(f"{source}: {key}: {message}")
    return "; ".join(problems)
