"""Reads of the import: what a campaign already records, files already imported, places."""
from dataclasses import dataclass, field

from coopdec.applications.models import Application, CoApplicant, Partnership
from coopdec.territories.models import Country, Departement, Region
from coopdec.territories.text import normalise

from .models import ImportBatch
from .rules import Places


def import_batch_known(*, sha256: str, campaign) -> ImportBatch | None:
    """The committed import of the very same file whose laureates all still exist, if any: a file
    whose laureates were deleted since may be imported again to bring them back."""
    batches = ImportBatch.objects.filter(sha256=sha256, campaign=campaign, state=ImportBatch.State.COMMITTED)
    return batches.exclude(rows__application__isnull=True).filter(rows__isnull=False).distinct().first()


def places() -> Places:
    return Places.from_rows(Region.objects.values_list("code", "name"),
                            Departement.objects.values_list("code", "name"))


@dataclass(frozen=True)
class PlaceNames:
    regions: dict  # INSEE code → name
    departements: dict


def place_names() -> PlaceNames:
    """The names of the régions and départements by code: two queries."""
    return PlaceNames(dict(Region.objects.values_list("code", "name")),
                      dict(Departement.objects.values_list("code", "name")))


def country_names() -> dict:
    """ISO 3166 alpha-2 → French name, for the preview's sentences."""
    return dict(Country.objects.values_list("iso2", "name_fr"))


@dataclass
class Laureate:
    """A laureate as the import compares rows with it: recorded, or met earlier in the file."""

    pk: int | None
    amount: object = None  # Decimal or None
    partners: dict = field(default_factory=dict)  # foreign authority key → country (ISO2 or None)
    co_applicants: set = field(default_factory=set)  # normalised names
    first_row: int | None = None  # the row of this file that described it first


def laureates_recorded(campaign) -> tuple[dict, dict]:
    """The campaign's laureates by their two natural keys, (call, authority, title key) and
    (call, published name key, title key): three queries whatever the size."""
    by_authority, by_name, found = {}, {}, {}
    for row in Application.objects.filter(call__campaign=campaign).values(
        "pk", "call_id", "lead_authority_id", "lead_name_key", "title_key", "granted_amount"
    ):
        laureate = found[row["pk"]] = Laureate(pk=row["pk"], amount=row["granted_amount"])
        if row["lead_authority_id"] is not None:
            by_authority[(row["call_id"], row["lead_authority_id"], row["title_key"])] = laureate
        by_name.setdefault((row["call_id"], row["lead_name_key"], row["title_key"]), laureate)
    for application, key, country in Partnership.objects.filter(
        application__call__campaign=campaign
    ).values_list("application_id", "foreign_authority__key", "foreign_authority__country_id"):
        found[application].partners.setdefault(key, country)
    for application, name in CoApplicant.objects.filter(application__call__campaign=campaign).values_list(
        "application_id", "name"
    ):
        found[application].co_applicants.add(normalise(name))
    return by_authority, by_name
