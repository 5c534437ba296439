"""Public pages: read through the selectors, render; no figure is computed here."""
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from coopdec.french.text import NBSP

from . import exports, readmodel, selectors
from .exports import FORMATS, ExportDocument, export_response
from .forms import LaureateFilterForm

PAGE_SIZE = 50


def home(request):
    campaigns = selectors.campaign_list()
    campaign = campaigns[0] if campaigns else None
    return render(request, "publication/home.html", {
        "campaign": campaign,
        "campaigns": campaigns,
        "figures": selectors.campaign_figures(campaign) if campaign else None,
        "nav_campaign": campaign,
    })


def campaign_latest(request):
    campaign = selectors.campaign_latest()
    if campaign is None:
        raise Http404("Aucune campagne n'est enregistrée dans CoopDec.")
    return redirect("publication:campaign", year=campaign.year)


def campaign_detail(request, year):
    scope = _scope(year)
    return _laureates_page(request, scope, "publication/campaign.html", {
        "figures": selectors.campaign_figures(scope.campaign),
        "regions": selectors.region_list(campaign=scope.campaign),
        "other_campaigns": [c for c in selectors.campaign_list() if c != scope.campaign],
    })


def region_detail(request, year, region_slug):
    scope = _scope(year, region_slug=region_slug)
    return _laureates_page(request, scope, "publication/region.html", {
        "figures": selectors.campaign_figures(scope.campaign),
    })


def call_detail(request, year, call_slug):
    scope = _scope(year, call_slug=call_slug)
    return _laureates_page(request, scope, "publication/call.html", {
        "sources": selectors.call_sources(scope.call),
    })


def laureates_download(request, year, extension, region_slug=None, call_slug=None):
    """Exactly the selection of the page at the same path: same scope, same filters."""
    scope = _scope(year, region_slug=region_slug, call_slug=call_slug)
    form = _filter_form(request, scope)
    filters = form.filters()
    count = readmodel.laureate_count(filters)
    if extension == "pdf" and count.total > exports.PDF_MAX_ROWS:
        return _pdf_too_long(request, scope, form, count)
    return export_response(extension, readmodel.laureate_rows(filters), _document(request, scope, form, count))


def _pdf_too_long(request, scope, form, count):
    """A PDF of more than `exports.PDF_MAX_ROWS` laureates is not made (see there why): the page
    says so and offers the same selection as XLSX and CSV."""
    base = request.path.rsplit("/", 1)[0] + "/"
    return render(request, "publication/pdf_too_long.html", {
        "title": _title(scope),
        "count": count,
        "limit": exports.PDF_MAX_ROWS,
        "selection": form.description(),
        "page_url": base + form.query_string(),
        "downloads": [{"format": FORMATS[key], "url": f"{base}{FORMATS[key].filename('laureats')}{form.query_string()}"}
                      for key in ("xlsx", "csv-excel", "csv")],
        "breadcrumb_data": _breadcrumb(scope),
        "nav_campaign": scope.campaign,
    })


def _scope(year, *, region_slug=None, call_slug=None) -> selectors.LaureateFilters:
    """The part of the selection a path fixes; an unknown year, region or call is a 404."""
    try:
        campaign = selectors.campaign_get(year=year)
        region = selectors.region_get(slug=region_slug) if region_slug else None
        call = selectors.call_get(campaign=campaign, slug=call_slug) if call_slug else None
    except ObjectDoesNotExist as error:
        raise Http404("Rien n'est enregistré dans CoopDec à cette adresse (campagne, région, appel, réseau "
                      "ou collectivité inconnus).") from error
    return selectors.LaureateFilters(campaign=campaign, region=region, call=call)


def _title(scope: selectors.LaureateFilters) -> str:
    if scope.call:
        return f"Lauréats de l'appel «{NBSP}{scope.call.name}{NBSP}»"
    if scope.region:
        return f"Lauréats {scope.campaign.year} en {scope.region.name}"
    return f"Lauréats de la campagne {scope.campaign.year}"


def _filename_stem(scope: selectors.LaureateFilters) -> str:
    """laureats-2025, laureats-occitanie-2025, laureats-generaliste-2025 (the year once)."""
    place = scope.region.slug if scope.region else (scope.call.slug if scope.call else "")
    year = str(scope.campaign.year)
    return "-".join(part for part in ("laureats", place, "" if year in place else year) if part)


def _document(request, scope, form, count) -> ExportDocument:
    return ExportDocument(
        title=_title(scope),
        count_sentence=count.sentence,
        selection=form.description(),
        url=request.build_absolute_uri(request.path.rsplit("/", 1)[0] + "/" + form.query_string()),
        filename_stem=_filename_stem(scope),
        generated_at=timezone.now(),
    )


def _filter_form(request, scope) -> LaureateFilterForm:
    return LaureateFilterForm(request.GET, scope=scope, options=readmodel.laureate_filter_options(scope))


def _laureates_page(request, scope, template, context):
    return render(request, template, {
        **context,
        **laureates_context(request, scope, page_path=request.path),
        "scope": scope,
        "title": _title(scope),
        "breadcrumb_data": _breadcrumb(scope),
    })


def laureates_context(request, scope: selectors.LaureateFilters, *, page_path: str) -> dict:
    """What `_laureates.html` shows of the scope's laureates: the request's filters, the count, a
    page of rows, and the downloads of that selection, under `page_path` (the scope's public page)."""
    form = _filter_form(request, scope)
    filters = form.filters()
    count = readmodel.laureate_count(filters)
    found = readmodel.laureate_page(filters, number=request.GET.get("page"), per_page=PAGE_SIZE, total=count.total)
    return {
        "form": form,
        "selection": form.description(),
        "count": count,
        "page": found.page,
        "rows": found.rows,
        "fragments": found.fragments,
        "downloads": [
            {"format": export, "url": f"{page_path}{export.filename('laureats')}{form.query_string()}",
             "too_long": _pdf_limit(export, count)}
            for export in FORMATS.values()
        ],
    }


def _pdf_limit(export, count) -> int:
    """The PDF's row limit when the selection exceeds it (the page then says so), else 0."""
    return exports.PDF_MAX_ROWS if export is FORMATS["pdf"] and count.total > exports.PDF_MAX_ROWS else 0


def _breadcrumb(scope: selectors.LaureateFilters) -> dict:
    campaign = f"Campagne {scope.campaign.year}"
    place = scope.region or scope.call
    if place is None:
        return {"links": [], "current": campaign}
    url = reverse("publication:campaign", kwargs={"year": scope.campaign.year})
    return {"links": [{"url": url, "title": campaign}], "current": str(place)}
