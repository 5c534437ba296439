"""Writes of campaigns, calls and published figures. Loading the same rows twice changes nothing."""
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction
from django.utils.text import slugify

from coopdec.territories.country_names import CountryLookup, country_lookup

from coopdec.territories.models import Country

from .models import Call, Campaign, PublishedFigure, RateGrid, ScoringCriterion, closing_at, opening_at
from .rows import (
    RowError, parse_call_row, parse_call_rules_row, parse_envelope_row, parse_figure_row, parse_rate_grid_row,
    parse_scoring_row,
)

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
                           f"même appel que la ligne {first} ({call.year}, « {call.name} »)")


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
            "opens_at": opening_at(call.opens_on), "opens_note": call.opens_note,
            "closes_at": closing_at(call.closes_on), "closes_note": call.closes_note,
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


@transaction.atomic
def campaign_load_rate_grids(*, rows: Iterable[dict]) -> LoadReport:
    """Record each campaign's rate grid (rate-grids.csv columns); the campaign must exist."""
    grids = [(line, *parse_rate_grid_row(row, line=line)) for line, row in enumerate(rows, start=FIRST_DATA_LINE)]
    campaigns = Campaign.objects.in_bulk([year for _, year, _ in grids], field_name="year")
    report = LoadReport()
    for line, year, values in grids:
        if year not in campaigns:
            raise RowError(line, "year", f"aucune campagne {year} enregistrée dans CoopDec")
        report.add(_upsert(RateGrid, lookup={"campaign": campaigns[year]}, values=values)[1])
    return report


@transaction.atomic
def call_load_rules(*, rows: Iterable[dict]) -> LoadReport:
    """Set the rules of the calls a list names (call-rules.csv columns: year, call slug, …)."""
    countries = set(Country.objects.values_list("iso2", flat=True))
    parsed = [(line, *parse_call_rules_row(row, line=line, countries=countries))
              for line, row in enumerate(rows, start=FIRST_DATA_LINE)]
    calls = {(call.campaign.year, call.slug): call for call in Call.objects.select_related("campaign")}
    report = LoadReport()
    for line, year, slug, values in parsed:
        call = calls.get((year, slug))
        if call is None:
            raise RowError(line, "call", f"aucun appel « {slug} » dans la campagne {year}")
        report.add(_upsert(Call, lookup={"pk": call.pk}, values=values)[1])
    return report


def _calls_named(parsed):
    """{line: call} for (line, year, slug, …) rows; an unknown call stops the file at its line."""
    calls = {(call.campaign.year, call.slug): call for call in Call.objects.select_related("campaign")}
    found = {}
    for line, year, slug, *_rest in parsed:
        if (year, slug) not in calls:
            raise RowError(line, "call", f"aucun appel « {slug} » dans la campagne {year}")
        found[line] = calls[(year, slug)]
    return found


@transaction.atomic
def call_load_scoring_grids(*, rows: Iterable[dict]) -> LoadReport:
    """Set the scoring grids the list gives (scoring-grids.csv: year, call slug, order, criterion,
    weight, scale_max), one criterion per row, known by its call and label."""
    parsed = [(line, *parse_scoring_row(row, line=line)) for line, row in enumerate(rows, start=FIRST_DATA_LINE)]
    calls = _calls_named(parsed)
    report = LoadReport()
    for line, _year, _slug, label, values in parsed:
        report.add(_upsert(ScoringCriterion, lookup={"call": calls[line], "label": label}, values=values)[1])
    return report


@transaction.atomic
def call_load_envelopes(*, rows: Iterable[dict]) -> LoadReport:
    """Set the calls' envelopes the list gives (envelopes.csv: year, call slug, envelope)."""
    parsed = [(line, *parse_envelope_row(row, line=line)) for line, row in enumerate(rows, start=FIRST_DATA_LINE)]
    calls = _calls_named(parsed)
    report = LoadReport()
    for line, _year, _slug, values in parsed:
        report.add(_upsert(Call, lookup={"pk": calls[line].pk}, values=values)[1])
    return report


class CallCopyRefused(ValueError):
    """A call cannot be copied into a campaign that already has a call of the same slug."""


RULE_FIELDS = [
    "duration_min", "duration_max", "ldc_rate", "oda_rate", "none_rate", "flat_rate", "min_french_share",
    "min_partner_share", "partner_share_country_id", "in_kind_cap", "grant_ceiling", "min_total_cost",
    "required_documents", "required_markers", "intermediate_report_months", "final_report_months",
]


@transaction.atomic
def campaign_next(*, campaign: Campaign) -> Campaign:
    """The campaign of the following year, created when missing."""
    return Campaign.objects.get_or_create(year=campaign.year + 1)[0]


@transaction.atomic
def call_copy(*, call: Call, campaign: Campaign) -> Call:
    """Last year's call as this year's: same kind, country and rules, the year in its name
    moved on; its dates are the new campaign's to set, its sources are not copied."""
    name = call.name.replace(str(call.campaign.year), str(campaign.year))
    slug = slugify(name)
    if Call.objects.filter(campaign=campaign, slug=slug).exists():
        raise CallCopyRefused(f"La campagne {campaign.year} a déjà un appel « {name} ».")
    copy = Call.objects.create(
        campaign=campaign, name=name, slug=slug, kind=call.kind, partner_country_id=call.partner_country_id,
        periodicity=call.periodicity, cycle=call.cycle,
        **{field: getattr(call, field) for field in RULE_FIELDS},
    )
    copy.eligible_countries.set(call.eligible_countries.all())
    ScoringCriterion.objects.bulk_create(
        ScoringCriterion(call=copy, label=c.label, weight=c.weight, scale_max=c.scale_max, order=c.order)
        for c in call.criteria.all()
    )
    return copy
