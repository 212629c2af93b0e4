"""Background tasks of monitoring (django-tasks): the import of a list of operations.

With the immediate backend (development, tests) a task runs inside `enqueue()`; with
TASKS_BACKEND=database it waits for `manage.py db_worker`. Arguments are plain ids.
"""

from __future__ import annotations

from django_tasks import task

from aglomera.monitoring.actions import imports
from aglomera.monitoring.models import ImportJob, ImportStatus


@task()
def run_import(job_id: int) -> str:
    """Run a queued import as the user who uploaded it; the job's final status."""
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.status != ImportStatus.QUEUED or job.created_by is None:
        return "skipped"
    return str(imports.run_import(job, actor=job.created_by).status)
