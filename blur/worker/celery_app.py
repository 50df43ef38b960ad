"""The reference queue integration: a Celery task over a Redis broker (``blur.worker``).

Run workers with ``celery -A blur.worker worker --concurrency N`` (settings
from ``BLUR_*`` environment variables, see :mod:`blur.worker.settings` and
the README). Enqueue with ``blur.worker.redact_job.delay(payload)`` or, from
code that does not import blur, ``send_task("blur.redact", args=[payload])``.

The queue specifics live here and only here: :func:`blur.worker.jobs.process_job`
is the framework-agnostic call other queues make.
"""

from __future__ import annotations

import logging
import random
from typing import Any

from celery import Celery

from ..jobs import ConfigStore
from .jobs import PermanentJobError, TransientJobError, process_job
from .settings import WorkerSettings

log = logging.getLogger("blur.worker")

settings = WorkerSettings.from_env()
#: One per worker process: parsed configs are reused until their file changes.
configs = ConfigStore(settings.configs_dir)

app = Celery("blur", broker=settings.broker_url, backend=settings.result_backend)
app.conf.update(
    task_default_queue="blur",
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    # Acknowledge a job only once it has finished: a worker that dies mid-job
    # (crash, OOM kill, machine lost) leaves the job for another worker.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    # Jobs are long: a worker takes one at a time instead of hoarding.
    worker_prefetch_multiplier=1,
    # A job a dead worker took goes back on the queue once it has been
    # unacknowledged for visibility_timeout; sweep for such jobs every minute
    # at most (kombu's default sweep is every ~100 s).
    broker_transport_options={
        "visibility_timeout": settings.visibility_timeout,
        "unacked_restore_interval": max(1, min(60, int(settings.visibility_timeout / 3))),
        "unacked_restore_throttle": 1,
    },
    result_extended=True,
    task_track_started=True,
    # Redaction streams, so memory does not grow with video length; this
    # replaces a process that nonetheless ends a job above the limit.
    worker_max_memory_per_child=settings.max_memory_mb * 1024,
    broker_connection_retry_on_startup=True,
)


@app.task(bind=True, name="blur.redact", max_retries=settings.max_retries)
def redact_job(self: Any, payload: dict) -> dict:
    """Redact one video: ``{input, output, customer | config, report?, force?}`` -> counts and timings."""
    try:
        return process_job(payload, settings, configs)
    except PermanentJobError as exc:
        log.warning("job %s failed permanently: %s", self.request.id, exc)
        raise
    except TransientJobError as exc:
        delay = settings.backoff(self.request.retries) * random.uniform(0.8, 1.2)
        log.warning("job %s will be retried in %.0f s: %s", self.request.id, delay, exc)
        raise self.retry(exc=exc, countdown=delay)
    except Exception as exc:  # noqa: BLE001 - unknown: retry, but never put its message (it may quote data) in the result
        delay = settings.backoff(self.request.retries) * random.uniform(0.8, 1.2)
        log.warning("job %s hit %s; retrying in %.0f s", self.request.id, exc.__class__.__name__, delay)
        raise self.retry(exc=TransientJobError(f"internal error ({exc.__class__.__name__})"), countdown=delay) from None


__all__ = ["PermanentJobError", "TransientJobError", "app", "configs", "process_job", "redact_job", "settings"]
