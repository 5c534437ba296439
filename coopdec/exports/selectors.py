"""Reads of the exports: the dossiers of a selection as flat values, an officer's jobs and templates."""
from collections.abc import Iterator

from coopdec.applications.selectors import InstructionFilters, instruction_dossiers

from .columns import DossierColumn
from .models import ExportJob, ExportTemplate

BATCH_SIZE = 2000


def dossier_count(filters: InstructionFilters) -> int:
    return instruction_dossiers(filters).dossiers.order_by().count()


def dossier_values(filters: InstructionFilters, columns: list[DossierColumn], *,
                   batch_size: int = BATCH_SIZE) -> Iterator[dict]:
    """The dossiers of /instruction/dossiers/ for `filters`, in its order, as dicts of what
    `columns` read: one query read through a cursor, `batch_size` rows at a time, whatever the
    number of dossiers; a column's annotation is computed only when the column is chosen."""
    dossiers = instruction_dossiers(filters).dossiers
    present = dossiers.query.annotations
    extra = {name: make() for column in columns for name, make in column.annotations.items()
             if name not in present}
    fields = list(dict.fromkeys(name for column in columns for name in column.fields))
    return dossiers.annotate(**extra).values(*fields).iterator(chunk_size=batch_size)


def export_job_list(*, owner) -> list[ExportJob]:
    return list(ExportJob.objects.filter(owner=owner)[:50])


def export_job_get(*, owner, pk: int) -> ExportJob | None:
    """The job if `owner` asked for it; None otherwise, whoever asks (the view answers 404)."""
    return ExportJob.objects.filter(owner=owner, pk=pk).first()


def export_template_list(*, owner) -> list[ExportTemplate]:
    return list(ExportTemplate.objects.filter(owner=owner))


def export_template_get(*, owner, pk) -> ExportTemplate | None:
    return ExportTemplate.objects.filter(owner=owner, pk=pk).first()
