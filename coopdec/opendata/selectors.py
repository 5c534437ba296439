"""Reads behind the open-data downloads: every laureate of one campaign or of all, in chunks.

The laureates come from `publication.streams.laureate_values` (the rows the public pages show,
as flat values), of one campaign or of every campaign at once: a download costs a fixed number of
queries per batch of `streams.BATCH_SIZE` laureates, whatever the number of laureates and of
campaigns, and holds one batch in memory.
"""
from collections.abc import Iterator
from itertools import islice
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from coopdec.applications.models import Application
from coopdec.calls.models import Campaign, PublishedFigure
from coopdec.grants.models import Tranche as TrancheRow
from coopdec.publication import readmodel
from coopdec.publication.exports import LaureateRow
from coopdec.publication.selectors import LaureateFilters
from coopdec.publication.streams import BATCH_SIZE, laureate_values

from .records import OpenRecord, Tranche, open_record_from_values

_LAUREATE = Q(calls__applications__decision=Application.Decision.RETENU)
# IATI requires a start date on every activity (the validator's rule 6.11.1, planned or actual
# start): a laureate is an IATI activity when its start is known.
_DATED = Q(starts_on__isnull=False)


@dataclass(frozen=True)
class CampaignData:
    """A campaign, its laureates, those whose grant 360Giving can carry, and those IATI can."""

    campaign: Campaign
    laureates: int
    with_amount: int
    award_date: date | None
    dated: int = 0  # laureates with a known start: the IATI activities
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
        dated=Count("calls__applications", filter=_LAUREATE & Q(calls__applications__starts_on__isnull=False)),
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


def open_records(scope: LaureateFilters, data: list[CampaignData], *,
                 with_grant: bool = False, dated: bool = False) -> Iterator[OpenRecord]:
    """The laureates in scope (of the campaigns of `data`) as the open-data writers read them;
    `with_grant`: the 360Giving grants only; `dated`: the IATI activities only, with their grant's
    schedule (`tranches`). Flat values in batches (`publication.streams`): three queries per batch,
    and for IATI one more when the batch has committee laureates; one batch in memory."""
    dates = {d.campaign.pk: d.award_date for d in data}
    extra = Q()
    if dated:
        extra &= _DATED
    if with_grant:
        extra &= Q(granted_amount__isnull=False) & (
            Q(call__campaign__in=[d.campaign for d in data if d.award_date])
            | Q(committee_decision__isnull=False))
    values = laureate_values(scope, open_data=True, extra=extra)
    while batch := list(islice(values, BATCH_SIZE)):
        schedules = _tranches([v["pk"] for v in batch if v["committee_decision__at"]]) if dated else {}
        for row in batch:
            decided_at = row["committee_decision__at"]
            award_date = timezone.localdate(decided_at) if decided_at else dates[row["call__campaign_id"]]
            yield open_record_from_values(row, award_date=award_date, tranches=schedules.get(row["pk"], ()))


def laureate_rows(scope: LaureateFilters) -> Iterator[LaureateRow]:
    """The laureates in scope as the downloads' rows: from the read model when current, else from
    flat values in batches."""
    return readmodel.laureate_rows(scope)


def _tranches(application_ids: list[int]) -> dict[int, tuple[Tranche, ...]]:
    """The grant schedules of a batch's committee laureates (`grants.Tranche`, written when the
    committee retained them), by dossier, in order: one query (none when the batch has no such
    laureate)."""
    schedules: dict[int, list[Tranche]] = {}
    if not application_ids:
        return {}
    rows = (TrancheRow.objects.filter(application_id__in=application_ids)
            .order_by("application_id", "order")
            .values_list("application_id", "order", "year", "amount", "paid_on", "paid_amount"))
    for application_id, *tranche in rows:
        schedules.setdefault(application_id, []).append(Tranche(*tranche))
    return {application_id: tuple(tranches) for application_id, tranches in schedules.items()}


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
