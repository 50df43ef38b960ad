"""Progress on stderr for long runs (tqdm), silenced with ``quiet``."""

from __future__ import annotations

import sys
from typing import Protocol

from tqdm import tqdm


class Progress(Protocol):
    def update(self, n: int = 1) -> object: ...
    def close(self) -> None: ...


class _Silent:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(label: str, total: int | None, quiet: bool) -> Progress:
    if quiet:
        return _Silent()
    return tqdm(
        total=total or None,
        desc=label,
        unit="frame",
        file=sys.stderr,
        dynamic_ncols=True,
        mininterval=0.5 if sys.stderr.isatty() else 5.0,
        leave=True,
    )
