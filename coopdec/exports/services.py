"""Writes of the exports: templates, jobs, and the run of a job by its background task (declared
here with the run it calls, so that the job's creation queues it without two modules importing
each other).

A job's file is written under `PRIVATE_MEDIA_ROOT/exports/` to a temporary name, renamed when
complete: a file that exists is whole. The task renews the job's heartbeat as it writes, and
every write it makes to the job is conditional on the job still running: a job that
`export_jobs_expire` ended failed (its task thought dead) is never turned « prêt » behind it.
"""
import logging
import os
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from coopdec.applications.selectors import InstructionFilters

from . import rules, selectors, writers
from .columns import chosen
from .models import ExportJob, ExportTemplate, Format

logger = logging.getLogger(__name__)

KILLED = ("L'export s'est interrompu sans terminer (le processus qui l'écrivait s'est arrêté) : "
          "relancez-le.")


class ExportAbandoned(Exception):
    """The job stopped running while its task wrote it (expired as stale, or removed)."""


class ExportRefused(Exception):
    """Why an export cannot be made, in French, for the officer."""


def export_directory() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "exports"


def _clean_columns(columns) -> list[str]:
    keys = [column.key for column in chosen(columns)]
    if not keys:
        raise ExportRefused("Choisissez au moins une colonne.")
    return keys


@transaction.atomic
def export_template_save(*, owner, name: str, columns, format: str) -> ExportTemplate:
    """Keep `columns` under `name` for `owner`; the same name again replaces its columns."""
    name = name.strip()
    if not name:
        raise ExportRefused("Donnez un nom au modèle.")
    template, _created = ExportTemplate.objects.update_or_create(
        owner=owner, name=name[:100], defaults={"columns": _clean_columns(columns), "format": Format(format)})
    return template


@transaction.atomic
def export_template_delete(*, owner, pk: int) -> bool:
    deleted, _ = ExportTemplate.objects.filter(owner=owner, pk=pk).delete()
    return bool(deleted)


def filters_data(filters: InstructionFilters) -> dict:
    return {"campaign": filters.campaign, "call": filters.call, "state": filters.state}


def filters_of(job: ExportJob) -> InstructionFilters:
    return InstructionFilters(**{name: job.filters.get(name) for name in ("campaign", "call", "state")})


@transaction.atomic
def export_job_create(*, owner, filters: InstructionFilters, columns, format: str, selection: str = "") -> ExportJob:
    """A job for the background task, queued once the job is committed."""
    job = ExportJob.objects.create(
        owner=owner, format=Format(format), columns=_clean_columns(columns), filters=filters_data(filters),
        selection=selection[:300],
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    export_job_task.enqueue(job_id=job_id)


def export_job_retry(*, job: ExportJob) -> ExportJob:
    """A new job with the same selection, columns and format (a failed one stays as it ended)."""
    return export_job_create(owner=job.owner, filters=filters_of(job), columns=job.columns, format=job.format,
                             selection=job.selection)


def export_jobs_expire(*, now=None) -> int:
    """End failed every running job whose task gave no sign of life for `EXPORT_STALE_SECONDS`:
    killed midway, it would otherwise show « en cours » forever. Returns how many."""
    now = now or timezone.now()
    stale_after = timedelta(seconds=settings.EXPORT_STALE_SECONDS)
    expired = 0
    for job in ExportJob.objects.filter(state=ExportJob.State.RUNNING):
        if rules.is_stale(state=job.state, heartbeat_at=job.heartbeat_at, started_at=job.started_at, now=now,
                          stale_after=stale_after):
            # Conditional on the heartbeat read: a task that just renewed it keeps its job.
            if ExportJob.objects.filter(pk=job.pk, state=ExportJob.State.RUNNING,
                                        heartbeat_at=job.heartbeat_at).update(
                    state=ExportJob.State.FAILED, error=KILLED, finished_at=now):
                expired += 1
                # What the killed task had written: a partial file no one will finish.
                for partial in export_directory().glob(f"{job.pk}-*.partial"):
                    partial.unlink(missing_ok=True)
    return expired


def _still_running(job_id: int, **values) -> None:
    """Record progress (a heartbeat with it) if the job is still running; else stop the task."""
    if not ExportJob.objects.filter(pk=job_id, state=ExportJob.State.RUNNING).update(
            heartbeat_at=timezone.now(), **values):
        raise ExportAbandoned(job_id)


def export_job_run(*, job_id: int) -> str:
    """Write the job's file (called by its task). Claims the job (pending → running) so that a
    second delivery of the same task does nothing; returns the job's final state."""
    now = timezone.now()
    if not ExportJob.objects.filter(pk=job_id, state=ExportJob.State.PENDING).update(
            state=ExportJob.State.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1):
        return ExportJob.objects.filter(pk=job_id).values_list("state", flat=True).first() or "missing"
    job = ExportJob.objects.get(pk=job_id)
    directory = export_directory()
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"{job.pk}-{secrets.token_hex(8)}.{job.format}"
    partial = final.with_name(final.name + ".partial")
    try:
        filters, columns = filters_of(job), chosen(job.columns)
        _still_running(job.pk, rows_total=selectors.dossier_count(filters))
        rows = selectors.dossier_values(filters, columns)

        def progress(count):
            _still_running(job.pk, rows_done=count)

        if job.format == Format.CSV:
            with open(partial, "w", encoding="utf-8", newline="") as handle:
                writers.write_csv(handle, columns, rows, progress=progress)
        else:
            with open(partial, "wb") as handle:
                writers.write_xlsx(handle, columns, rows, progress=progress)
        os.replace(partial, final)
        done = ExportJob.objects.filter(pk=job.pk, state=ExportJob.State.RUNNING).update(
            state=ExportJob.State.DONE, file=str(final.relative_to(settings.PRIVATE_MEDIA_ROOT)),
            finished_at=timezone.now(), heartbeat_at=timezone.now())
        if not done:
            final.unlink(missing_ok=True)
            return ExportJob.objects.filter(pk=job.pk).values_list("state", flat=True).first() or "missing"
        return ExportJob.State.DONE
    except ExportAbandoned:
        partial.unlink(missing_ok=True)
        return ExportJob.objects.filter(pk=job.pk).values_list("state", flat=True).first() or "missing"
    except Exception as error:  # any failure ends the job failed, with its reason, never « en cours »
        logger.exception("export %s failed", job.pk)
        partial.unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk, state=ExportJob.State.RUNNING).update(
            state=ExportJob.State.FAILED, finished_at=timezone.now(),
            error=f"L'export a échoué ({type(error).__name__}) : relancez-le ; si l'échec se répète, "
                  "signalez-le avec son numéro.")
        return ExportJob.State.FAILED


def export_job_path(job: ExportJob) -> Path | None:
    """The file of a job that is ready, if it is still there."""
    if job.state != ExportJob.State.DONE or not job.file:
        return None
    path = Path(settings.PRIVATE_MEDIA_ROOT) / job.file
    return path if path.is_file() else None


@task()
def export_job_task(*, job_id: int) -> str:
    """Write an export job's file, run by django-tasks (`manage.py db_worker`; immediate in tests);
    returns its final state."""
    export_jobs_expire()
    return export_job_run(job_id=job_id)
