"""The ministry's exports of dossiers: choose the columns, download at once or follow a
background job; an officer's jobs and templates. Thin views: selectors, services, permissions.

A job's page and file answer 404 to anyone but its owner: an export's existence is private.
"""
from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coopdec.accounts.decorators import staff_page
from coopdec.applications.forms import InstructionFilterForm
from coopdec.applications.selectors import instruction_options
from coopdec.calls.models import Call
from coopdec.publication.exports import in_chunks

from . import archives, rules, selectors, services, writers
from .columns import DEFAULT_KEYS, chosen
from .forms import ExportForm
from .models import ExportJob, Format
from .permissions import can_view_export_job

CONTENT_TYPES = {Format.CSV: "text/csv; charset=utf-8",
                 Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@staff_page
def index(request):
    services.export_jobs_expire()
    return render(request, "exports/index.html", {
        "title": "Mes exports de dossiers",
        "jobs": selectors.export_job_list(owner=request.user),
        "templates": selectors.export_template_list(owner=request.user),
    })


def _selection(form: InstructionFilterForm) -> str:
    """ "Campagne : 2026 ; Appel : Généraliste 2026 (2026) ; État : Déposé", or every dossier."""
    if not form.is_valid():
        return "tous les dossiers"
    parts = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value:
            label = dict(field.choices).get(value, value)
            parts.append(f"{field.label}\u00a0: {label}")
    return " ; ".join(parts) or "tous les dossiers"


@staff_page
def new(request):
    """/instruction/exports/nouveau/?<the list's filters>: the columns, then the file at once or,
    beyond `EXPORT_BACKGROUND_ROWS`, a job to follow."""
    filter_form = InstructionFilterForm(request.GET, options=instruction_options())
    filters = filter_form.filters()
    template = None
    if request.GET.get("modele", "").isdigit():
        template = selectors.export_template_get(owner=request.user, pk=int(request.GET["modele"]))
    count = selectors.dossier_count(filters)
    if request.method == "POST":
        form = ExportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["template_name"]:
                    services.export_template_save(owner=request.user, name=data["template_name"],
                                                  columns=data["columns"], format=data["format"])
                if rules.runs_in_background(rows=count, threshold=settings.EXPORT_BACKGROUND_ROWS):
                    job = services.export_job_create(owner=request.user, filters=filters, columns=data["columns"],
                                                     format=data["format"], selection=_selection(filter_form))
                    return redirect("exports:job", pk=job.pk)
            except services.ExportRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                return _download(filters, chosen(data["columns"]), data["format"])
    else:
        form = ExportForm(initial={"columns": template.columns if template else list(DEFAULT_KEYS),
                                   "format": template.format if template else Format.XLSX})
    return render(request, "exports/new.html", {
        "title": "Exporter des dossiers", "form": form, "count": count,
        "selection": _selection(filter_form), "query": filter_form.query(),
        "templates": selectors.export_template_list(owner=request.user), "template": template,
        "background": rules.runs_in_background(rows=count, threshold=settings.EXPORT_BACKGROUND_ROWS),
        "threshold": settings.EXPORT_BACKGROUND_ROWS,
    })


def _download(filters, columns, format):
    """A selection small enough to be written in the response, streamed as its rows are read."""
    rows = selectors.dossier_values(filters, columns)
    name = f"dossiers-{timezone.localdate():%Y-%m-%d}.{format}"
    pieces = writers.csv_pieces(columns, rows) if format == Format.CSV else writers.xlsx_pieces(columns, rows)
    response = StreamingHttpResponse(in_chunks(pieces), content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _own_job(request, pk) -> ExportJob:
    job = selectors.export_job_get(owner=request.user, pk=pk)
    if job is None or not can_view_export_job(request.user, job):
        raise Http404("Aucun export à cette adresse.")
    return job


@staff_page
def job(request, pk):
    """The job's progress; htmx asks for the progress alone every few seconds, a browser without
    JavaScript reloads the page (a refresh in <noscript>)."""
    services.export_jobs_expire()
    export = _own_job(request, pk)
    context = {"title": f"Export n° {export.pk}", "job": export}
    if request.headers.get("HX-Request"):
        return render(request, "exports/_progress.html", context)
    return render(request, "exports/job.html", context)


@staff_page
def job_file(request, pk):
    export = _own_job(request, pk)
    path = services.export_job_path(export)
    if path is None:
        raise Http404("Ce fichier n'est pas (ou plus) prêt.")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=export.filename,
                        content_type=CONTENT_TYPES[export.format])


@staff_page
@require_POST
def job_retry(request, pk):
    export = _own_job(request, pk)
    if not export.finished:
        messages.info(request, "Cet export est encore en cours.")
        return redirect("exports:job", pk=export.pk)
    return redirect("exports:job", pk=services.export_job_retry(job=export).pk)


@staff_page
@require_POST
def template_delete(request, pk):
    if not services.export_template_delete(owner=request.user, pk=pk):
        raise Http404("Aucun modèle à cette adresse.")
    messages.success(request, "Le modèle a été supprimé.")
    return redirect("exports:index")


@staff_page
def dossier_archive(request, pk):
    """/instruction/exports/dossiers/<id>.zip: one dossier for the archives, streamed."""
    application = archives.dossier_queryset().filter(pk=pk).first()
    if application is None:
        raise Http404("Aucun dossier à cette adresse.")
    return _zip(archives.dossier_entries(application), archives.dossier_zip_name(application))


@staff_page
def call_archive(request, pk):
    """/instruction/exports/appels/<id>.zip: every dossier filed for a call, streamed."""
    call = Call.objects.select_related("campaign").filter(pk=pk).first()
    if call is None:
        raise Http404("Aucun appel à cette adresse.")
    return _zip(archives.call_entries(call), archives.call_zip_name(call))


def _zip(entries, name):
    response = StreamingHttpResponse(archives.zip_stream(entries), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
