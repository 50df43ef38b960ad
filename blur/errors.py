"""Errors a user can act on, each with its own process exit code.

The CLI prints ``str(error)`` on one line and exits with ``error.exit_code``;
the messages never contain text read from the video.
"""

from __future__ import annotations


class BlurError(Exception):
    """Base class: something the user can fix. Exit code 1 is kept for bugs."""

    exit_code = 10


class InputError(BlurError):
    """The input file is missing, not a video, corrupt, truncated or unsupported."""

    exit_code = 3


class ConfigError(BlurError):
    """A config file (or plan settings) is invalid; the message names the key."""

    exit_code = 4


class OcrUnavailableError(BlurError):
    """The OCR engine or its model data is not installed."""

    exit_code = 5


class OutputError(BlurError):
    """The output cannot be written where asked (or would overwrite the input)."""

    exit_code = 6


class PlanError(BlurError):
    """A plan file is invalid or was made for a different video."""

    exit_code = 7


#: ``blur batch`` finished, but at least one file failed (the summary says which and why).
SOME_FILES_FAILED = 8

EXIT_CODES = {
    0: "success",
    1: "internal error (a bug: please report it with --debug output)",
    2: "usage error (bad command-line arguments)",
    InputError.exit_code: "input video missing, unreadable, corrupt, truncated or unsupported",
    ConfigError.exit_code: "invalid config file",
    OcrUnavailableError.exit_code: "OCR engine or model data missing",
    OutputError.exit_code: "output cannot be written",
    PlanError.exit_code: "invalid plan, or plan made for another video",
    9: "elements sidecar (--elements) missing, malformed, or not matching the video or config",
    SOME_FILES_FAILED: "blur batch: some files failed (see the summary); the others are done",
    130: "interrupted (Ctrl-C); no output was written",
}
