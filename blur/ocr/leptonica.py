"""Silence Leptonica's own messages ("Error in boxClipToRectangle: ...").

Leptonica, which tesseract uses for images, prints warnings straight to the
process's stderr: they broke ``--quiet`` and JSON-on-stderr consumers, and
they say nothing a user can act on (tesseract recovers from all of them).
Its ``setMsgSeverity`` switches them off for the whole process; the library
is found among the ones already loaded (a wheel's bundled copy or the
system's), so this works whichever tesserocr build is installed.
"""

from __future__ import annotations

import ctypes
import logging

log = logging.getLogger(__name__)

L_SEVERITY_NONE = 6
_done = False


def _loaded_leptonica() -> list[str]:
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            paths = {line.split()[-1] for line in maps if "lept" in line.rsplit("/", 1)[-1]}
    except OSError:  # not Linux: nothing to look through
        return []
    return sorted(p for p in paths if p.startswith("/"))


def silence() -> None:
    """Turn Leptonica's stderr messages off (once; harmless if it is not loaded)."""
    global _done
    if _done:
        return
    for path in _loaded_leptonica():
        try:
            ctypes.CDLL(path).setMsgSeverity(L_SEVERITY_NONE)
            _done = True
        except (OSError, AttributeError) as exc:
            log.debug("could not silence leptonica in %s (%s)", path, exc)
