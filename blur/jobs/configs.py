"""Per-customer configs from a folder: cached, and reloaded when a file changes.

``configs/<customer>.yaml`` when it exists, else ``configs/default.yaml``,
else (no folder given) the built-in default. A long-running worker keeps the
parsed config and re-reads it only when the file, or a file it ``extends``,
changes on disk.
"""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

from ..config import Config, load, load_with_sources
from ..errors import ConfigError

CUSTOMER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")

_Signature = tuple[tuple[str, int, int], ...]


def _signature(paths: list[Path]) -> _Signature | None:
    try:
        return tuple((str(p), (st := os.stat(p)).st_mtime_ns, st.st_size) for p in paths)
    except OSError:
        return None


class ConfigStore:
    """Configs per customer from ``folder`` (None: the built-in default for everyone)."""

    def __init__(self, folder: str | Path | None) -> None:
        self.folder = Path(folder) if folder is not None else None
        self._cache: dict[Path, tuple[_Signature, Config]] = {}
        self._lock = threading.Lock()

    def path_for(self, customer: str | None) -> Path | None:
        """The file that configures ``customer``; ConfigError if there is none."""
        if self.folder is None:
            return None
        if not self.folder.is_dir():
            raise ConfigError(f"configs folder {self.folder} does not exist")
        if customer is not None:
            if not CUSTOMER_NAME.match(customer) or ".." in customer:
                raise ConfigError(f"customer name {customer!r} is not a valid config name")
            own = self.folder / f"{customer}.yaml"
            if own.is_file():
                return own
        fallback = self.folder / "default.yaml"
        if fallback.is_file():
            return fallback
        who = f"customer {customer!r}" if customer else "this file"
        raise ConfigError(f"no config for {who}: neither {self.folder}/{customer or '<customer>'}.yaml "
                          f"nor {fallback} exists")

    def get(self, customer: str | None) -> Config:
        """The resolved config for ``customer`` (ConfigError says which file is wrong)."""
        path = self.path_for(customer)
        if path is None:
            return load(None)
        return self.load_file(path)

    def load_file(self, path: Path) -> Config:
        with self._lock:
            cached = self._cache.get(path)
            if cached is not None and _signature([Path(s[0]) for s in cached[0]]) == cached[0]:
                return cached[1]
            config, sources = load_with_sources(path, root=self.folder)
            signature = _signature(sources)
            # A file written in the last moments may change again within the
            # same mtime tick: do not trust such a signature (as git does).
            fresh = signature is None or any(time.time_ns() - m < 2_000_000_000 for _, m, _ in signature)
            if signature is not None and not fresh:
                self._cache[path] = (signature, config)
            return config
