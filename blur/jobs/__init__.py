"""One redaction job as a batch or a queue runs it: claim the output, skip it
if it is already up to date, otherwise redact and record provenance.

Nothing here knows about Celery or process pools; :mod:`blur.batch` and
:mod:`blur.worker` are thin layers over :func:`run_job`.
"""

from .claim import OutputBusy, claim_output
from .configs import ConfigStore
from .run import JobResult, default_report_path, run_job, up_to_date

__all__ = ["ConfigStore", "JobResult", "OutputBusy", "claim_output", "default_report_path", "run_job", "up_to_date"]
