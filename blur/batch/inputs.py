"""What a batch works on: the videos named by folders, globs and list files, and where each goes.

Each input keeps its path relative to what named it (the folder given, the
fixed part of a glob, the folder of a list file; a file named directly keeps
only its name), and that relative path is mirrored under the output folder.
Its first folder names the customer: ``uploads/acme/2026/a.webm`` given as
``uploads/`` is customer ``acme``.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path, PurePath

from ..errors import InputError
from ..files import read_user_file
from ..io.writer import FORMATS

#: Inputs we can write back in the same container; anything else is skipped.
VIDEO_SUFFIXES = frozenset(FORMATS)


@dataclass(frozen=True)
class Item:
    """One file found, before anything is known about its contents."""

    path: Path
    relative: PurePath

    @property
    def customer(self) -> str | None:
        return self.relative.parts[0] if len(self.relative.parts) > 1 else None

    @property
    def is_video(self) -> bool:
        return self.path.suffix.lower() in VIDEO_SUFFIXES


def _hidden(relative: PurePath) -> bool:
    # Dot files include our own partial outputs and lock files.
    return any(part.startswith(".") for part in relative.parts)


def _walk(root: Path, exclude: Path | None) -> list[Item]:
    items = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and (exclude is None or (here / d).resolve() != exclude))
        for name in sorted(files):
            path = here / name
            relative = path.relative_to(root)
            if not _hidden(relative):
                items.append(Item(path, relative))
    return items


def _glob_base(pattern: str) -> Path:
    parts = []
    for part in PurePath(pattern).parts:
        if glob.has_magic(part):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


def _from_list(list_file: Path) -> list[Item]:
    lines = read_user_file(list_file, "input list", InputError).splitlines()
    base = list_file.parent
    items = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        path = Path(line) if Path(line).is_absolute() else base / line
        try:
            relative = path.resolve().relative_to(base.resolve())
        except ValueError:
            relative = PurePath(path.name)
        items.append(Item(path, relative))
    return items


def collect(sources: list[str], list_files: list[Path], out_dir: Path) -> list[Item]:
    """Every file the arguments name, in a stable order, each once.

    A source that is neither an existing path nor a glob matching something is
    an :class:`InputError` (a typo should not be a batch that "did nothing").
    """
    exclude = out_dir.resolve()
    items: list[Item] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            items += _walk(path, exclude)
        elif path.is_file():
            items.append(Item(path, PurePath(path.name)))
        elif glob.has_magic(source):
            base = _glob_base(source)
            matches = sorted(glob.glob(source, recursive=True))
            if not matches:
                raise InputError(f"{source}: no file matches this pattern")
            for match in matches:
                found = Path(match)
                if found.is_dir():
                    prefix = found.relative_to(base)
                    items += [Item(i.path, prefix / i.relative) for i in _walk(found, exclude)]
                elif found.is_file() and not _hidden(found.relative_to(base)):
                    items.append(Item(found, found.relative_to(base)))
        else:
            raise InputError(f"{source}: no such file or folder")
    for list_file in list_files:
        items += _from_list(list_file)
    unique: dict[Path, Item] = {}
    for item in items:
        unique.setdefault(item.path.resolve(), item)
    return [i for i in unique.values() if exclude not in i.path.resolve().parents]
