"""Find the tesseract model data (``<lang>.traineddata``) without downloading."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import OcrUnavailableError

#: The checkout's own copy (see models/README.md); preferred so that every
#: machine reads text with the same model.
BUNDLED = Path(__file__).resolve().parents[2] / "models" / "tessdata"

SYSTEM_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)


def candidate_dirs(configured: str | None) -> list[Path]:
    if configured:
        return [Path(configured)]
    dirs = []
    for env in ("BLUR_TESSDATA", "TESSDATA_PREFIX"):
        if os.environ.get(env):
            dirs.append(Path(os.environ[env]))
    dirs.append(BUNDLED)
    dirs.extend(Path(d) for d in SYSTEM_DIRS)
    return dirs


def find_tessdata(language: str, configured: str | None = None) -> Path:
    """Return the first folder holding every language of ``language`` ("eng+deu")."""
    langs = language.split("+")
    searched = candidate_dirs(configured)
    for folder in searched:
        if all((folder / f"{lang}.traineddata").is_file() for lang in langs):
            return folder
    names = ", ".join(f"{lang}.traineddata" for lang in langs)
    where = ", ".join(str(d) for d in searched)
    raise OcrUnavailableError(
        f"OCR model data not found: no folder holds {names} (searched {where}). "
        "Run `bash .ci/setup` from the blur checkout, or `apt-get install tesseract-ocr-eng`, "
        "or set ocr.tessdata / BLUR_TESSDATA to a folder that has it."
    )
