"""Stop on the first SIGTERM or Ctrl-C, and let the clean-up that follows finish.

Both signals become exceptions (SystemExit(143), KeyboardInterrupt) that
unwind through :func:`blur.io.atomic.atomic_output`, which deletes the
partial output. A second signal during that unwinding (Ctrl-C reaches every
process in a terminal's group, and a batch then also terminates its workers)
would raise again inside the clean-up and leave the partial file behind, so
after the first one both are ignored; SIGKILL still stops the process.
"""

from __future__ import annotations

import signal
from typing import Any


def _ignore_further() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _on_sigterm(signum: int, frame: Any) -> None:
    _ignore_further()
    raise SystemExit(128 + signum)


def _on_sigint(signum: int, frame: Any) -> None:
    _ignore_further()
    raise KeyboardInterrupt


def stop_on_signals() -> None:
    """Install the one-shot handlers (main thread only, as for any signal handler)."""
    signal.signal(signal.SIGTERM, _on_sigterm)
    signal.signal(signal.SIGINT, _on_sigint)
