"""ZIP archives for the ministry's records: one dossier (its PDF summary, its documents, its
decision letter, its reports and their documents), or every dossier filed for a call.

The archive is written by `zipfile` into a pipe drained as it goes (`zip_stream`): each file is
read in chunks from storage and each PDF drawn when its turn comes, so a whole call never sits in
memory; a call's dossiers are read `BATCH` at a time through a cursor.
"""
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from coopdec.applications.models import Application, BudgetLine
from coopdec.applications.selectors import application_panel, budget_totals, dossier_queryset
from coopdec.grants.models import Report
from coopdec.instruction.letters import application_decision, decision_letter_pdf
from coopdec.instruction.selectors import dossier_scoring, opinion_list

BATCH = 50
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Entry:
    """One file of an archive: its path inside the ZIP and the pieces of its content."""

    path: str
    pieces: Iterable[bytes]


class _Pipe(io.RawIOBase):
    """Where zipfile writes; `drain()` hands what was written to the response. Not seekable, so
    zipfile writes each entry's sizes after its data (data descriptors), as streaming needs."""

    def __init__(self):
        super().__init__()
        self._chunks: list[bytes] = []

    def writable(self):
        return True

    def write(self, data):
        self._chunks.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def zip_stream(entries: Iterable[Entry]) -> Iterator[bytes]:
    """The ZIP of `entries`, piece by piece, as each is read."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in entries:
            with archive.open(entry.path, mode="w", force_zip64=True) as target:
                for piece in entry.pieces:
                    target.write(piece)
                    if (data := pipe.drain()):
                        yield data
            if (data := pipe.drain()):
                yield data
    if (data := pipe.drain()):
        yield data


def safe_name(name: str) -> str:
    """A file name that stays where it is put in the archive (no folder, no « .. »)."""
    name = re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", "_", name).strip(" .")
    return name or "fichier"


def _file_pieces(field) -> Iterator[bytes]:
    with field.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def _later(draw) -> Iterator[bytes]:
    """A PDF drawn only when the archive reaches it."""
    yield draw()


def summary_pdf(application) -> bytes:
    """The dossier as the ministry's page shows it, on paper: identity, partners, budget, the
    call's checks, scores, opinions, decision, reports and history."""
    from weasyprint import HTML  # loads Pango: only a PDF pays for it

    budget = budget_totals(application.budget_lines.all())
    html = render_to_string("exports/dossier_pdf.html", {
        "application": application, "budget": budget,
        "resources": [(BudgetLine.Resource(key).label, amount) for key, amount in budget.resources.items()],
        "panel": application_panel(application), "scoring": dossier_scoring(application),
        "opinions": list(opinion_list(application)), "decision": application_decision(application),
        "reports": list(Report.objects.filter(application=application).prefetch_related("documents")),
        "history": list(application.transitions.all()), "generated_at": timezone.now(),
    })
    return HTML(string=html).write_pdf()


def _letter(application):
    """The decision letter, as /espace/dossiers/<id>/lettre-de-decision.pdf draws it, once the
    decision's session is closed (before, it may still change: no letter)."""
    decision = application_decision(application)
    if decision is None or decision.session.state != decision.session.State.CLOSED:
        return None
    return decision


def dossier_entries(application, folder: str = "") -> Iterator[Entry]:
    """The files of one dossier's archive, under `folder`."""
    yield Entry(f"{folder}dossier-{application.pk}-synthese.pdf", _later(lambda: summary_pdf(application)))
    for document in application.documents.all():
        yield Entry(f"{folder}pieces/{document.pk}-{safe_name(document.name)}", _file_pieces(document.file))
    decision = _letter(application)
    if decision is not None:
        yield Entry(f"{folder}lettre-de-decision-dossier-{application.pk}.pdf",
                    _later(lambda: decision_letter_pdf(application, decision)))
    for report in Report.objects.filter(application=application).prefetch_related("documents"):
        for document in report.documents.all():
            yield Entry(f"{folder}rapports/{safe_name(report.label)}/{document.pk}-{safe_name(document.name)}",
                        _file_pieces(document.file))


def call_dossiers(call):
    """Every dossier filed on CoopDec for `call` (drafts left out), read a batch at a time."""
    return (dossier_queryset().filter(call=call, provenance=Application.Provenance.PLATFORM)
            .received().order_by("pk").iterator(chunk_size=BATCH))


def call_entries(call) -> Iterator[Entry]:
    for application in call_dossiers(call):
        yield from dossier_entries(application, folder=f"dossier-{application.pk}/")


def dossier_zip_name(application) -> str:
    return f"dossier-{application.pk}.zip"


def call_zip_name(call) -> str:
    return f"appel-{call.campaign.year}-{call.slug or call.pk}-dossiers.zip"
