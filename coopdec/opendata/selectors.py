"""Reads behind the open-data downloads: every laureate of one campaign or of all, in chunks.

The laureates come from `publication.streams.laureate_values` (the rows the public pages show,
as flat values), of one campaign or of every campaign at once: a download costs a fixed number of
queries per batch of `streams.BATCH_SIZE` laureates, whatever the number of laureates and of
campaigns, and holds one batch in memory.
"""
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Min, Q

from coopdec.applications.models import Application
from coopdec.calls.models import Campaign, PublishedFigure
from coopdec.publication.exports import LaureateRow, laureate_row_from_values
from coopdec.publication.selectors import LaureateFilters
from coopdec.publication.streams import laureate_values

from .records import OpenRecord, open_record_from_values

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

    @property
    def without_date(self) -> int:
        return self.laureates - self.dated

    @property
    def grants(self) -> int:
        """Laureates with a known amount and award date: the 360Giving grants."""
        return self.with_amount if self.award_date else 0

    @property
    def without_amount(self) -> int:
        return self.laureates - self.with_amount

    @property
    def without_award_date(self) -> int:
        return 0 if self.award_date else self.with_amount


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
    )
    if year is not None:
        campaigns = campaigns.filter(year=year)
    campaigns = list(campaigns)
    dates = award_dates([c.pk for c in campaigns])
    return [CampaignData(c, c.laureates, c.with_amount, dates.get(c.pk), c.dated) for c in campaigns]


def award_dates(campaign_ids: list[int]) -> dict[int, date]:
    """The date a source first published a campaign's laureates, by campaign id: one query.

    No record holds the date of the decision; the publication of the results is the latest it
    can be, so it stands for the award date (360Giving requires one).
    """
    published = (
        PublishedFigure.objects.filter(
            campaign__in=campaign_ids, name=PublishedFigure.Name.APPLICATIONS_RETAINED,
            published_on__isnull=False,
        )
        .values("campaign").annotate(first=Min("published_on")).order_by()
    )
    return {figure["campaign"]: figure["first"] for figure in published}


def open_records(scope: LaureateFilters, data: list[CampaignData], *,
                 with_grant: bool = False, dated: bool = False) -> Iterator[OpenRecord]:
    """The laureates in scope (of the campaigns of `data`) as the open-data writers read them;
    `with_grant`: the 360Giving grants only; `dated`: the IATI activities only. Flat values in
    batches (`publication.streams`): three queries per batch, one batch in memory."""
    dates = {d.campaign.pk: d.award_date for d in data}
    extra = Q()
    if dated:
        extra &= _DATED
    if with_grant:
        extra &= Q(granted_amount__isnull=False, call__campaign__in=[d.campaign for d in _with_grants(data)])
    for values in laureate_values(scope, open_data=True, extra=extra):
        yield open_record_from_values(values, award_date=dates[values["call__campaign_id"]])


def laureate_rows(scope: LaureateFilters) -> Iterator[LaureateRow]:
    """The laureates in scope as the downloads' rows, from flat values in batches."""
    return (laureate_row_from_values(values) for values in laureate_values(scope))


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
