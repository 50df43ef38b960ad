"""A stop signal at any moment leaves no partial output behind."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from blur.io.atomic import atomic_output
from blur.jobs.claim import stale_partials


def test_signal_right_after_the_partial_file_is_created_leaves_nothing(tmp_path, monkeypatch):
    """The handler of a signal can run between the open() that creates the file and the code that
    would remember its name; that used to leave the hidden partial file (seen in CI, 1 run in 40)."""
    real_open = os.open

    def open_then_interrupted(path, flags, mode=0o777, **kwargs):
        real_open(path, flags, mode, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "open", open_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        with atomic_output(tmp_path / "out.mp4"):
            pass
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_partial_file_is_named_for_its_output_and_removed_on_error(tmp_path):
    dst = tmp_path / "out.mp4"
    with pytest.raises(RuntimeError):
        with atomic_output(dst) as tmp:
            assert tmp.parent == tmp_path and tmp.suffix == ".mp4" and tmp.name.startswith(".out.")
            assert stale_partials(dst) == [tmp]  # a resumed run can find what a killed one left
            raise RuntimeError
    assert list(tmp_path.iterdir()) == []
    with atomic_output(dst) as tmp:
        tmp.write_bytes(b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["out.mp4"]


def test_second_signal_during_clean_up_is_ignored(tmp_path):
    """Ctrl-C reaches a batch's workers and the batch then terminates them: signals after the first
    are ignored, so none can interrupt the clean-up the first one started."""
    script = textwrap.dedent(f"""
        import os, signal, sys, time
        from pathlib import Path
        from blur.interrupt import stop_on_signals
        from blur.io.atomic import atomic_output
        stop_on_signals()
        try:
            with atomic_output(Path({str(tmp_path / "out.mp4")!r})):
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(5)
        except KeyboardInterrupt:
            os.kill(os.getpid(), signal.SIGTERM)
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.2)
            print("cleaned up", flush=True)
            sys.exit(130)
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == 130, run.stderr
    assert run.stdout == "cleaned up\n"
    assert list(tmp_path.iterdir()) == []
