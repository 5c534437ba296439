"""Background work of the exports, run by django-tasks (`manage.py db_worker`; immediate in tests)."""
from django_tasks import task

from . import services


@task()
def export_job_task(*, job_id: int) -> str:
    """Write an export job's file; returns its final state."""
    services.export_jobs_expire()
    return services.export_job_run(job_id=job_id)
