"""Writes of campaigns, calls and published figures. Loading the same rows twice changes nothing."""
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction

from coopdec.territories.country_names import CountryLookup, country_lookup

from .models import Call, Campaign, PublishedFigure
from .rows import RowError, parse_call_row, parse_figure_row

FIRST_DATA_LINE = 2  # line 1 of a CSV file is its header


class Change(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, change: Change):
        setattr(self, change.value, getattr(self, change.value) + 1)

    def __str__(self):
        return f"{self.created} créé(s), {self.updated} modifié(s), {self.unchanged} inchangé(s)"


def _upsert(model, *, lookup: dict, values: dict):
    """The row of `lookup`, created or brought up to `values`; saved only when something differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), Change.CREATED
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if not changed:
        return obj, Change.UNCHANGED
    for field in changed:
        setattr(obj, field, values[field])
    obj.save(update_fields=changed)
    return obj, Change.UPDATED


def _refuse_duplicates(calls):
    seen = {}
    for call in calls:
        first = seen.setdefault((call.year, call.slug), call.line)
        if first != call.line:
            raise RowError(call.line, "call_name",
                           f"même appel que la ligne {first} ({call.year}, « {call.name} »)")


@transaction.atomic
def campaign_load_calls(*, rows: Iterable[dict], countries: CountryLookup | None = None) -> LoadReport:
    """Create or update the campaigns and calls of a list of calls (calls.csv columns).

    A call is known by its campaign and slug. Every row is read before anything is written, so a
    bad row (RowError) leaves the database as it was.
    """
    countries = countries or country_lookup()
    calls = [parse_call_row(row, line=line, countries=countries)
             for line, row in enumerate(rows, start=FIRST_DATA_LINE)]
    _refuse_duplicates(calls)
    report = LoadReport()
    for call in calls:
        campaign, _ = Campaign.objects.get_or_create(year=call.year)
        _, change = _upsert(Call, lookup={"campaign": campaign, "slug": call.slug}, values={
            "name": call.name, "kind": call.kind, "partner_country_id": call.partner_country,
            "periodicity": call.periodicity, "cycle": call.cycle,
            "opens_on": call.opens_on, "opens_note": call.opens_note,
            "closes_on": call.closes_on, "closes_note": call.closes_note,
            "source_url": call.source_url, "source_row": call.source_row,
        })
        report.add(change)
    return report


@transaction.atomic
def figure_record(*, campaign: Campaign, name: str, value, source_label: str, source_url: str = "",
                  published_on=None, note: str = "") -> tuple[PublishedFigure, Change]:
    """Record a figure as `source_label` published it; the same source's figure is updated."""
    return _upsert(PublishedFigure, lookup={
        "campaign": campaign, "name": name, "source_label": source_label,
    }, values={"value": value, "source_url": source_url, "published_on": published_on, "note": note})


@transaction.atomic
def campaign_load_figures(*, rows: Iterable[dict]) -> LoadReport:
    """Record the published figures of a list (year, name, value, source_label, …)."""
    figures = [parse_figure_row(row, line=line) for line, row in enumerate(rows, start=FIRST_DATA_LINE)]
    report = LoadReport()
    for figure in figures:
        campaign, _ = Campaign.objects.get_or_create(year=figure.year)
        _, change = figure_record(
            campaign=campaign, name=figure.name, value=figure.value,
            source_label=figure.source_label, source_url=figure.source_url,
            published_on=figure.published_on, note=figure.note,
        )
        report.add(change)
    return report
