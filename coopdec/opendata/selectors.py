"""Reads behind the open-data downloads: every laureate of one campaign or of all, in chunks.

The laureates come from `publication.selectors.laureate_list` (the rows the public pages show),
of one campaign or of every campaign at once: a download costs a fixed number of queries per chunk
of `CHUNK_SIZE` laureates, whatever the number of laureates and of campaigns.
"""
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Min, Prefetch, Q
from django.utils import timezone

from coopdec.applications.models import Application, BudgetLine
from coopdec.calls.models import Campaign, PublishedFigure
from coopdec.grants.rules import ScheduleRefused, tranche_amounts
from coopdec.publication.selectors import LaureateFilters, laureate_list

from .records import OpenRecord, open_record

CHUNK_SIZE = 500
_LAUREATE = Q(calls__applications__decision=Application.Decision.RETENU)
# IATI requires a date on every activity: a laureate is an IATI activity when one is known.
_DATED = Q(starts_on__isnull=False) | Q(ends_on__isnull=False)


@dataclass(frozen=True)
class CampaignData:
    """A campaign, its laureates, those whose grant 360Giving can carry, and those IATI can."""

    campaign: Campaign
    laureates: int
    with_amount: int
    award_date: date | None
    dated: int = 0  # laureates with a known start or end: the IATI activities
    decided: int = 0  # laureates with a known amount decided by a committee: their own award date

    @property
    def without_date(self) -> int:
        return self.laureates - self.dated

    @property
    def grants(self) -> int:
        """Laureates with a known amount and award date: the 360Giving grants (a committee's
        laureate has its decision's date even when the campaign's publication date is unknown)."""
        return self.with_amount if self.award_date else self.decided

    @property
    def without_amount(self) -> int:
        return self.laureates - self.with_amount

    @property
    def without_award_date(self) -> int:
        return 0 if self.award_date else self.with_amount - self.decided


def campaign_data_list(*, year: int | None = None) -> list[CampaignData]:
    """Every campaign (or the one of `year`), latest first: two queries."""
    campaigns = Campaign.objects.order_by("-year").annotate(
        laureates=Count("calls__applications", filter=_LAUREATE),
        with_amount=Count(
            "calls__applications",
            filter=_LAUREATE & Q(calls__applications__granted_amount__isnull=False),
        ),
        dated=Count("calls__applications", filter=_LAUREATE & (
            Q(calls__applications__starts_on__isnull=False) | Q(calls__applications__ends_on__isnull=False))),
        decided=Count("calls__applications", filter=_LAUREATE & Q(
            calls__applications__granted_amount__isnull=False,
            calls__applications__committee_decision__isnull=False)),
    )
    if year is not None:
        campaigns = campaigns.filter(year=year)
    campaigns = list(campaigns)
    dates = award_dates([c.pk for c in campaigns])
    return [CampaignData(c, c.laureates, c.with_amount, dates.get(c.pk), c.dated, c.decided) for c in campaigns]


def award_dates(campaign_ids: list[int]) -> dict[int, date]:
    """The date a source first published a campaign's laureates, by campaign id: one query.

    An imported laureate holds no date of decision; the publication of the results is the latest
    it can be, so it stands for its award date (360Giving requires one). A dossier decided by a
    committee on CoopDec has its decision's date instead (`open_records`).
    """
    published = (
        PublishedFigure.objects.filter(
            campaign__in=campaign_ids, name=PublishedFigure.Name.APPLICATIONS_RETAINED,
            published_on__isnull=False,
        )
        .values("campaign").annotate(first=Min("published_on")).order_by()
    )
    return {figure["campaign"]: figure["first"] for figure in published}


def laureates(scope: LaureateFilters, *, grants_of: list[CampaignData] | None = None,
              dated: bool = False) -> Iterator[Application]:
    """The laureates in scope, as the public pages order them (the latest campaign first), in chunks;
    with `grants_of`, only the 360Giving grants of those campaigns (amount and award date known);
    `dated`, only the IATI activities (a start or an end known)."""
    found = laureate_list(scope).select_related("committee_decision")  # its date is the award date
    if dated:
        # IATI budgets per year of a committee's laureate: its yearly costs, one query a chunk.
        expenses = BudgetLine.objects.filter(kind=BudgetLine.Kind.EXPENSE, year__isnull=False)
        found = found.filter(_DATED).prefetch_related(Prefetch("budget_lines", queryset=expenses, to_attr="expenses"))
    if grants_of is not None:
        found = found.filter(Q(call__campaign__in=[d.campaign for d in grants_of if d.award_date])
                             | Q(committee_decision__isnull=False), granted_amount__isnull=False)
    return found.iterator(chunk_size=CHUNK_SIZE)


def open_records(scope: LaureateFilters, data: list[CampaignData], *,
                 with_grant: bool = False, dated: bool = False) -> Iterator[OpenRecord]:
    """The laureates in scope (of the campaigns of `data`) as the open-data writers read them;
    `with_grant`: the 360Giving grants only; `dated`: the IATI activities only."""
    dates = {d.campaign.pk: d.award_date for d in data}
    for application in laureates(scope, grants_of=data if with_grant else None, dated=dated):
        decision = getattr(application, "committee_decision", None)
        award_date = timezone.localdate(decision.at) if decision else dates[application.call.campaign_id]
        yield open_record(application, award_date=award_date, yearly_grant=_yearly_grant(application, decision))


def _yearly_grant(application, decision) -> tuple[tuple[int, Decimal], ...]:
    """A committee's grant split over its budget's years as the tranche schedule splits it."""
    lines = getattr(application, "expenses", None)
    if decision is None or not lines or application.granted_amount is None:
        return ()
    costs: dict[int, Decimal] = {}
    for line in lines:
        costs[line.year] = costs.get(line.year, Decimal(0)) + line.amount
    try:
        return tuple(tranche_amounts(grant=application.granted_amount, yearly_costs=costs))
    except ScheduleRefused:
        return ()


def _with_grants(data: list[CampaignData]) -> list[CampaignData]:
    return [d for d in data if d.grants]


def most_partners(data: list[CampaignData], *, with_grant: bool = False) -> int:
    """The largest number of partners of one laureate: how many partner columns a flat file needs."""
    data = _with_grants(data) if with_grant else data
    found = Application.objects.filter(
        call__campaign__in=[d.campaign for d in data], decision=Application.Decision.RETENU
    )
    if with_grant:
        found = found.filter(granted_amount__isnull=False)
    return found.annotate(partners=Count("partnerships")).aggregate(most=Max("partners"))["most"] or 0


@dataclass(frozen=True)
class GrantCounts:
    """How many laureates the 360Giving files carry, and how many they leave out and why."""

    laureates: int
    grants: int
    without_amount: int
    without_award_date: int
    dated: int = 0  # the IATI activities
    without_date: int = 0


def grant_counts(data: list[CampaignData]) -> GrantCounts:
    return GrantCounts(
        laureates=sum(d.laureates for d in data),
        grants=sum(d.grants for d in data),
        without_amount=sum(d.without_amount for d in data),
        without_award_date=sum(d.without_award_date for d in data),
        dated=sum(d.dated for d in data),
        without_date=sum(d.without_date for d in data),
    )
