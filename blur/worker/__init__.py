"""The queue worker: :mod:`blur.worker.jobs` (any queue) and the Celery task over it.

``import blur.worker.jobs`` (or ``.settings``) needs no Celery: the Celery app
in :mod:`blur.worker.celery_app` is only imported when one of its names is
asked for here, as ``celery -A blur.worker worker`` does.
"""

from __future__ import annotations

from typing import Any

_CELERY_NAMES = {"app", "configs", "redact_job", "settings"}


def __getattr__(name: str) -> Any:
    if name in _CELERY_NAMES:
        from . import celery_app

        return getattr(celery_app, name)
    if name in ("PermanentJobError", "TransientJobError", "process_job"):
        from . import jobs

        return getattr(jobs, name)
    raise AttributeError(f"module 'blur.worker' has no attribute {name!r}")


__all__ = ["PermanentJobError", "TransientJobError", "app", "configs", "process_job", "redact_job", "settings"]
