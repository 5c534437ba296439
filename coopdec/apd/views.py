"""/espace/apd/<year>/ (an authority's declaration), /instruction/apd/ (the ministry's view and
its CRS export) and /donnees/apd-<year>.csv (the public aggregates). Thin views: read through
selectors, write through services."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coopdec.accounts.decorators import staff_page
from coopdec.writers.spreadsheet import csv_lines

from . import exports, selectors, services
from .forms import LineForm, ReasonForm
from .models import Declaration, DeclarationLine

YEARS = range(2000, 2101)


def _year(year):
    if year not in YEARS:
        raise Http404("Aucune déclaration d'APD pour cette année.")
    return year


def _back(year, authority):
    url = reverse("apd:declaration", args=[year])
    return f"{url}?collectivite={authority.pk}" if authority else url


def _page(request, year):
    authority_pk = request.POST.get("collectivite") or request.GET.get("collectivite")
    return selectors.member_page(request.user, _year(year), authority_pk)


def _line_form(request, page, data=None):
    return LineForm(data, countries=selectors.country_choices(),
                    applications=selectors.member_applications(page.authority) if page.authority else ())


@login_required
def declaration(request, year, form=None, reason_form=None):
    page = _page(request, year)
    return render(request, "apd/declaration.html", {
        "title": f"Déclaration d'APD {year}", "page": page,
        "window_text": services.window_text(page.window),
        "form": form or (_line_form(request, page) if page.editable and page.authority else None),
        "reason_form": reason_form or ReasonForm(),
        "state": Declaration.State,
    }, status=400 if form is not None or reason_form is not None else 200)


@require_POST
@login_required
def line_add(request, year):
    page = _page(request, year)
    if page.authority is None:
        raise Http404("Vous n'êtes membre confirmé d'aucune collectivité.")
    form = _line_form(request, page, request.POST)
    if not form.is_valid():
        return declaration(request, year, form=form)
    try:
        with transaction.atomic():  # a first line refused leaves no empty draft behind
            found = page.declaration or services.declaration_open(authority=page.authority, year=year,
                                                                  user=request.user)
            services.line_add(declaration=found, user=request.user, values=form.values())
    except ValidationError as invalid:
        for name, errors in invalid.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return declaration(request, year, form=form)
    except services.DeclarationRefused as refused:
        messages.error(request, refused.reason)
        return redirect(_back(year, page.authority))
    messages.success(request, "Ligne ajoutée à la déclaration.")
    return redirect(_back(year, page.authority))


def _own_line(request, year, pk):
    line = DeclarationLine.objects.select_related("declaration__authority").filter(
        pk=pk, declaration__year=year).first()
    if line is None or line.declaration.authority not in selectors.member_page(request.user, year).authorities:
        raise Http404("Aucune ligne de vos déclarations à cette adresse.")
    return line


@require_POST
@login_required
def line_delete(request, year, pk):
    line = _own_line(request, _year(year), pk)
    try:
        services.line_remove(line=line, user=request.user)
    except services.DeclarationRefused as refused:
        messages.error(request, refused.reason)
    else:
        messages.success(request, "Ligne supprimée.")
    return redirect(_back(year, line.declaration.authority))


@require_POST
@login_required
def submit(request, year):
    page = _page(request, year)
    if page.declaration is None:
        raise Http404("Aucune déclaration en cours pour cette année.")
    try:
        services.declaration_submit(declaration=page.declaration, user=request.user)
    except services.DeclarationRefused as refused:
        messages.error(request, refused.reason)
    else:
        messages.success(request, f"Votre déclaration d'APD {year} est déposée.")
    return redirect(_back(year, page.authority))


@require_POST
@login_required
def correction(request, year):
    page = _page(request, year)
    if page.declaration is None:
        raise Http404("Aucune déclaration pour cette année.")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return declaration(request, year, reason_form=form)
    try:
        services.correction_ask(declaration=page.declaration, user=request.user, reason=form.cleaned_data["reason"])
    except services.DeclarationRefused as refused:
        messages.error(request, refused.reason)
    else:
        messages.success(request, "Votre demande de correction est transmise au ministère.")
    return redirect(_back(year, page.authority))


# ------------------------------------------------------------------------------------ the ministry

def _asked_year(request):
    try:
        year = int(request.GET.get("annee") or timezone.localdate().year - 1)
    except ValueError:
        year = timezone.localdate().year - 1
    return min(max(year, YEARS.start), YEARS.stop - 1)


@staff_page
def ministry(request):
    year = _asked_year(request)
    overview = selectors.overview(year)
    return render(request, "apd/ministry.html", {
        "title": f"Déclarations d'APD {year}", "overview": overview, "year": year,
        "window_text": services.window_text(overview.window), "reason_form": ReasonForm(),
    })


@require_POST
@staff_page
def reopen(request, pk):
    found = Declaration.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("Aucune déclaration à cette adresse.")
    try:
        services.declaration_reopen(declaration=found, user=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as invalid:
        messages.error(request, " ".join(invalid.messages))
    except (services.DeclarationRefused, PermissionDenied) as refused:
        messages.error(request, getattr(refused, "reason", str(refused)))
    else:
        messages.success(request, f"La déclaration de {found.authority} est rouverte.")
    return redirect(f"{reverse('apd:ministry')}?annee={found.year}")


def _streamed(rows, filename):
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_page
def crs_csv(request, year):
    return _streamed(csv_lines(exports.crs_records(_year(year))), f"apd-{year}-crs.csv")


def public_csv(request, year):
    return _streamed(csv_lines(exports.public_records(_year(year))), f"apd-{year}.csv")
