"""Open data: the page of downloads with its data dictionary, and the bulk downloads.

Every download is streamed (the XLSX file excepted, written to disk row by row) and reads the
laureates in chunks: its query count depends neither on the number of laureates nor on the
number of campaigns.
"""
from dataclasses import dataclass
from functools import lru_cache

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coopdec.apd import selectors as apd_selectors
from coopdec.publication import readmodel
from coopdec.publication.bulkfiles import bulk_response
from coopdec.publication.exports import FORMATS, ExportDocument, attachment, export_chunks, in_chunks
from coopdec.publication.selectors import LaureateFilters

from . import actions, dictionary, giving360, iati, identifiers, selectors, sectors

BULK_FORMATS = ("csv", "csv-excel", "json", "xlsx")  # the laureates files of this page


@dataclass(frozen=True)
class File:
    """A download link of the page: what the file is, its address and its name."""

    label: str
    url: str

    @property
    def filename(self) -> str:
        return self.url.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Row:
    """A line of the downloads' table: a campaign (or all of them) and its files."""

    year: int | None
    laureates: list[File]
    iati: File | None
    giving360: list[File]


def index(request):
    data = selectors.campaign_data_list()
    counts = selectors.grant_counts(data)
    rows = [files_row(d.campaign.year, dated=d.dated, grants=d.grants) for d in data]
    every = files_row(None, dated=counts.dated, grants=counts.grants)
    return render(request, "opendata/index.html", {
        "title": _("Données ouvertes"),
        "campaigns": list(zip(data, rows, strict=True)),
        "every": every,
        "counts": counts,
        "datasets": dictionary.datasets(giving360_file=_example_360giving(request, rows)),
        "sectors": sectors.sectors(),
        "identifiers": identifiers,
        "nav_campaign": data[0].campaign if data else None,
        "apd_years": apd_selectors.public_years(),
        "atlas_iati": actions.iati_actions().exists(),
    })


def files_row(year, *, dated, grants) -> Row:
    """The files of one campaign (`year`) or of all (None): those that exist, and only those."""
    suffix, kwargs = ("", {"year": year}) if year else ("-all", {})
    return Row(
        year=year,
        laureates=[File(FORMATS[key].label, reverse(f"opendata:laureates{suffix}", kwargs={**kwargs, "extension": key}))
                   for key in BULK_FORMATS],
        iati=File("XML", reverse(f"opendata:iati{suffix}", kwargs=kwargs)) if dated else None,
        giving360=[File(label, reverse(f"opendata:360giving{suffix}", kwargs={**kwargs, "extension": extension}))
                   for label, extension in (("JSON", "json"), ("CSV", "csv"))] if grants else [],
    )


def _example_360giving(request, rows: list[Row]) -> str:
    """The address of a campaign's 360Giving file that exists, the latest, for the dictionary's
    example; "" when there is none."""
    files = [row.giving360[0] for row in rows if row.giving360]
    return request.build_absolute_uri(files[0].url) if files else ""


def laureates_download(request, extension, year=None):
    _data, scope = _campaigns(year)
    export = FORMATS[extension]
    filename = export.filename(f"laureats-{year or 'tous'}")

    def write():
        document = ExportDocument(
            title=_("Lauréats de la campagne %(year)s") % {"year": year} if year else _("Lauréats de toutes les campagnes"),
            count_sentence=readmodel.laureate_count(scope).sentence,
            selection="",
            url=request.build_absolute_uri(),
            filename_stem=f"laureats-{year or 'tous'}",
            generated_at=timezone.now(),
        )
        return export_chunks(extension, selectors.laureate_rows(scope), document)

    return _bulk(request, filename, scope, export.content_type, write)


def iati_download(request, year=None):
    data, scope = _campaigns(year)
    if not any(d.dated for d in data):
        raise Http404(_("Aucun lauréat dont le début est connu enregistré dans CoopDec : un fichier IATI "
                        "compte au moins une activité, et une activité a une date de début."))
    def write():
        return in_chunks(iati.iati_xml(selectors.open_records(scope, data, dated=True),
                                       generated_at=timezone.localtime()))

    return _bulk(request, _stem("iati", year) + ".xml", scope, "application/xml; charset=utf-8", write)


def giving360_download(request, extension, year=None):
    data, scope = _campaigns(year)
    counts = selectors.grant_counts(data)
    if not counts.grants:
        raise Http404(_("Aucune subvention au montant et à la date de décision connus pour cette sélection."))
    stem = _stem("360giving", year, every="tous")

    def write():
        links = _links(request)
        records = selectors.open_records(scope, data, with_grant=True)
        if extension == "json":
            metadata = giving360.package_metadata(
                year=year, counts=counts, generated_at=timezone.localtime(),
                access_url=request.build_absolute_uri(reverse("opendata:index")),
                download_url=request.build_absolute_uri(),
            )
            return in_chunks(giving360.package_json((giving360.grant(r, links) for r in records), metadata=metadata))
        partners = selectors.most_partners(data, with_grant=True)
        return in_chunks(giving360.grants_csv(records, links, partners=partners))

    content_type = "application/json; charset=utf-8" if extension == "json" else "text/csv; charset=utf-8"
    response = _bulk(request, f"{stem}.{extension}", scope, content_type, write)
    response["X-CoopDec-Grants"] = counts.grants
    response["X-CoopDec-Excluded-Without-Amount"] = counts.without_amount
    response["X-CoopDec-Excluded-Without-Award-Date"] = counts.without_award_date
    return response


def _campaigns(year) -> tuple[list[selectors.CampaignData], LaureateFilters]:
    """One campaign (404 when there is none that year) or all of them, and the filters that select
    their laureates."""
    if year is None:
        return selectors.campaign_data_list(), LaureateFilters(campaign=None)
    data = selectors.campaign_data_list(year=int(year))
    if not data:
        raise Http404(_("Aucune campagne %(year)s.") % {"year": year})
    return data, LaureateFilters(campaign=data[0].campaign)


def _stem(name, year, every=""):
    return "-".join(part for part in (name, str(year) if year else every) if part)


def _bulk(request, filename, scope, content_type, write):
    """A bulk file, written once per version of its campaign's data (of all data for every
    campaign) and served from disk after (`publication.bulkfiles`)."""
    return attachment(bulk_response(request, name=filename, campaign_id=scope.campaign_id,
                                    content_type=content_type, write=write), filename)


def _links(request) -> giving360.Links:
    @lru_cache
    def call(year, slug):
        return request.build_absolute_uri(reverse("publication:call", kwargs={"year": year, "call_slug": slug}))

    @lru_cache
    def campaign(year):
        return request.build_absolute_uri(reverse("publication:campaign", kwargs={"year": year}))

    return giving360.Links(call=call, campaign=campaign)
