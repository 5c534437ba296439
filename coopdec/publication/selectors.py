"""Reads behind the public pages and downloads; the API and the statistics reuse them.

Every figure says where it comes from (`Provenance`): published by a source, derived from
published figures, or computed from our records. The query count of each function is fixed:
it does not grow with the number of laureates.
"""
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from urllib.parse import urlsplit

from django.core.paginator import Paginator
from django.utils import timezone
from django.db.models import (
    Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When,
)

from coopdec.applications.models import Application, Partnership
from coopdec.calls.models import Call, Campaign, PublishedFigure
from coopdec.french.text import collation_key, same_percent
from coopdec.territories.models import Country, Departement, Region

from .cache import cached
from .wording import acceptance_rate, computed_from_records, laureate_count_sentence, source_details


# ---------------------------------------------------------------- campaigns, regions, calls


def campaign_get(*, year: int) -> Campaign:
    """Raises Campaign.DoesNotExist for a year without a campaign. Kept per version of the data: an
    address nobody asked before still finds its campaign, région or call without a query."""
    return cached("campaign_get", lambda: Campaign.objects.get(year=year), key=year)


def campaign_latest() -> Campaign | None:
    return Campaign.objects.order_by("-year").first()


def campaign_with_results() -> Campaign | None:
    """The latest campaign with a laureate recorded, where the statistics, the maps and the
    networks open (an open call's campaign has none yet); the latest campaign when none has."""
    retained = Application.objects.filter(call__campaign=OuterRef("pk"), decision=Application.Decision.RETENU)
    return cached("campaign_with_results", lambda: (
        Campaign.objects.filter(Exists(retained)).order_by("-year").first() or campaign_latest()))


def campaign_list() -> list[Campaign]:
    """Every campaign, the latest first, with `laureate_count`, its laureates recorded in CoopDec:
    one query."""
    retenu = Q(calls__applications__decision=Application.Decision.RETENU)
    return cached("campaign_list", lambda: list(
        Campaign.objects.annotate(laureate_count=Count("calls__applications", filter=retenu)).order_by("-year")
    ))


def region_list(*, campaign: Campaign) -> list[Region]:
    """The régions with laureates in a campaign, each with `laureate_count`, in French order: one
    query. The campaign's page links each to its page."""
    def compute():
        laureates = Q(applications__call__campaign=campaign,
                      applications__decision=Application.Decision.RETENU)
        regions = Region.objects.annotate(laureate_count=Count("applications", filter=laureates))
        return _in_french_order(regions.filter(laureate_count__gt=0), "name")

    return cached("region_list", compute, campaign_id=campaign.pk)


def region_get(*, slug: str) -> Region:
    return cached("region_get", lambda: Region.objects.get(slug=slug), key=slug)


def call_get(*, campaign: Campaign, slug: str) -> Call:
    return cached("call_get", lambda: Call.objects.select_related("campaign", "partner_country").get(
        campaign=campaign, slug=slug), campaign_id=campaign.pk, key=slug)


def call_sources(call: Call) -> list["Source"]:
    """The pages where the call and its dates were found (one cell of the list of calls, « ; »
    between addresses), each named by its site."""
    urls = [url.strip() for url in call.source_url.split(";") if url.strip()]
    return [Source((urlsplit(url).hostname or url).removeprefix("www."), url) for url in urls]


# ---------------------------------------------------------------- laureates


class CountedPaginator(Paginator):
    """A paginator told how many items there are: a page that shows the count already has it,
    and the database is not asked twice."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


@dataclass(frozen=True)
class LaureateFilters:
    """Which laureates: those of one campaign (of every campaign for None), then any of the other
    criteria."""

    campaign: Campaign | None
    region: Region | None = None
    departement: Departement | None = None
    call: Call | None = None
    kind: str = ""
    country: Country | None = None

    def narrowed(self, **criteria) -> "LaureateFilters":
        return replace(self, **{name: value for name, value in criteria.items() if value})

    @property
    def campaign_id(self) -> int | None:
        return self.campaign.pk if self.campaign else None

    @property
    def key(self) -> tuple:
        """What tells one selection from another, for the cache."""
        return tuple(getattr(getattr(self, name), "pk", None) for name in (
            "campaign", "region", "departement", "call", "country")) + (self.kind,)


def import_tables():
    """(rows, lists): the tables of the published lists a laureate was imported from, reached
    through the record (`Application.import_rows`, which ingest writes), so that the pages read
    a laureate's provenance without importing the importer."""
    rows = Application.import_rows.field.model
    return rows, rows.batch.field.related_model


def laureate_list(filters: LaureateFilters) -> QuerySet[Application]:
    """Laureates (decision "retenu") with everything a row shows: three queries whatever the size
    (the laureates, their partners, the rows of the published lists they were imported from).

    Ordered as the published lists are: the appels à projets by name, the AMI last; the latest
    campaign first when there are several.
    """
    partnerships = Partnership.objects.select_related("foreign_authority__country").order_by(
        "order", "pk"
    )
    rows, lists = import_tables()
    import_rows = rows.objects.filter(batch__state=lists.State.COMMITTED).select_related("batch")
    return (
        _laureates(filters)
        .select_related(
            "call__campaign", "call__partner_country", "lead_authority__departement",
            "lead_authority__region", "departement", "region",
        )
        .prefetch_related(
            Prefetch("partnerships", queryset=partnerships),
            Prefetch("import_rows", queryset=import_rows),
        )
        .order_by(
            "-call__campaign__year",
            Case(When(call__kind=Call.Kind.AMI, then=Value(1)), default=Value(0),
                 output_field=IntegerField()),
            "call__name", "lead_name_key", "title_key", "pk",
        )
    )


@dataclass(frozen=True)
class LaureateCount:
    calls_for_projects: int
    ami: int

    @property
    def total(self) -> int:
        return self.calls_for_projects + self.ami

    @property
    def sentence(self) -> str:
        """ "6 projets lauréats : 5 lauréats des appels à projets et 1 lauréat d'un appel à …" """
        return laureate_count_sentence(calls_for_projects=self.calls_for_projects, ami=self.ami)


def laureate_count(filters: LaureateFilters) -> LaureateCount:
    """Laureates of appels à projets and of AMI, apart: one query."""
    def compute():
        ami = Q(call__kind=Call.Kind.AMI)
        return LaureateCount(**_laureates(filters).aggregate(
            calls_for_projects=Count("pk", filter=~ami), ami=Count("pk", filter=ami)
        ))

    return cached("laureate_count", compute, campaign_id=filters.campaign_id, key=filters.key)


@dataclass(frozen=True)
class FilterOptions:
    """The values worth offering in the filters: those that the laureates in scope have."""

    regions: list[Region]
    departements: list[Departement]
    calls: list[Call]
    kinds: list[tuple[str, str]]
    countries: list[Country]


def laureate_filter_options(scope: LaureateFilters) -> FilterOptions:
    """A criterion the scope fixes is not offered. Computed once per change of the campaign: one
    grouped query over the laureates in scope (their régions, départements, calls, kinds and
    joint funds' countries together), then one per kind of object offered, the partners'
    countries with the countries."""
    return cached("laureate_filter_options", lambda: _filter_options(scope),
                  campaign_id=scope.campaign_id, key=scope.key)


def _filter_options(scope: LaureateFilters) -> FilterOptions:
    laureates = _laureates(scope).order_by()
    combinations = list(laureates.values_list(
        "region_id", "departement_id", "call_id", "call__kind", "call__partner_country_id").distinct())
    present = [{row[column] for row in combinations} - {None} for column in range(5)]
    regions, departements, calls, kinds, fund_countries = present
    partner_countries = Partnership.objects.filter(application__in=laureates.values("pk")).values(
        "foreign_authority__country_id")
    return filter_options_of(scope, regions=regions, departements=departements, calls=calls, kinds=kinds,
                             countries=Q(pk__in=fund_countries) | Q(pk__in=partner_countries))


def filter_options_of(scope: LaureateFilters, *, regions, departements, calls, kinds, countries) -> FilterOptions:
    """The options of the values present (codes and ids; `countries` a set of codes or a Q): one
    query per kind of object offered."""
    countries = countries if isinstance(countries, Q) else Q(pk__in=countries)
    return FilterOptions(
        regions=[] if scope.region else _in_french_order(Region.objects.filter(pk__in=regions), "name"),
        departements=list(Departement.objects.filter(pk__in=departements)),
        calls=[] if scope.call else _in_french_order(Call.objects.filter(pk__in=calls), "name"),
        kinds=[] if scope.call else [(value, label) for value, label in Call.Kind.choices if value in kinds],
        countries=_in_french_order(Country.objects.filter(countries), "name_fr"),
    )


def _in_french_order(objects, attribute: str) -> list:
    """By name as a French reader expects, not as the database collates (« Sénégal » before
    « Suisse », « Égalité femmes-hommes » among the E)."""
    return sorted(objects, key=lambda obj: collation_key(getattr(obj, attribute)))


def _laureates(filters: LaureateFilters) -> QuerySet[Application]:
    criteria = Q(decision=Application.Decision.RETENU)
    if filters.campaign:
        criteria &= Q(call__campaign=filters.campaign)
    if filters.region:
        criteria &= Q(region=filters.region)
    if filters.departement:
        criteria &= Q(departement=filters.departement)
    if filters.call:
        criteria &= Q(call=filters.call)
    if filters.kind:
        criteria &= Q(call__kind=filters.kind)
    if filters.country:
        # A joint fund's partner country counts even when the row left the partner's out.
        criteria &= Q(call__partner_country=filters.country) | Exists(
            Partnership.objects.filter(
                application=OuterRef("pk"), foreign_authority__country=filters.country
            )
        )
    return Application.objects.filter(criteria)


# ---------------------------------------------------------------- campaign figures


class Provenance(StrEnum):
    PUBLISHED = "published"  # as a source published it
    DERIVED = "derived"  # computed from published figures
    RECORDS = "records"  # computed from the dossiers recorded in CoopDec


@dataclass(frozen=True)
class Source:
    label: str
    url: str = ""
    published_on: date | None = None

    @property
    def details(self) -> str:
        """What a page says beside the linked label: its date, or that its page was not found."""
        return source_details(self.published_on, self.url, with_url=False)


@dataclass(frozen=True)
class Figure:
    """A value and where it comes from. Counts are int, rates Decimal fractions."""

    value: int | Decimal
    provenance: Provenance
    sources: tuple[Source, ...] = ()
    record_count: int | None = None

    @property
    def source(self) -> Source | None:
        return self.sources[0] if self.sources else None


@dataclass(frozen=True)
class PublishedFigures:
    """A campaign's figures as sources published them, and the rate they imply."""

    received: Figure | None = None
    retained: Figure | None = None
    calls: Figure | None = None
    rate: Figure | None = None
    # Rates a source published that do not read like `rate` (the seed's 66,30 % for 76/113).
    other_rates: tuple[Figure, ...] = ()
    # What the sources' figures come with for the reader ("les deux sources ne s'accordent pas").
    notes: tuple[str, ...] = ()
    # Every rate a source published as such (66,30 %), whether or not `rate` is derived from counts.
    rates_as_published: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class RecordFigures:
    """What our own records say about a campaign."""

    applications: Figure
    laureates: Figure  # AMI included
    calls: Figure
    # The laureates of appels à projets (AMI apart): what a source's count of retained
    # applications counts (« 91 dossiers retenus » over the 11 appels à projets of 2025).
    laureates_of_calls_for_projects: Figure

    @property
    def laureates_of_ami(self) -> int:
        return self.laureates.value - self.laureates_of_calls_for_projects.value

    @property
    def basis(self) -> str:
        """« calculé à partir de 12 dossiers enregistrés »."""
        return computed_from_records(self.applications.value)


@dataclass(frozen=True)
class CampaignFigures:
    campaign: Campaign
    published: PublishedFigures
    records: RecordFigures
    previous_campaign: Campaign | None = None
    previous: PublishedFigures = field(default_factory=PublishedFigures)
    # Calls of the campaign not yet decided: still open (or to open), or with a received dossier
    # whose decision is not yet published. Until there is none, our records give no rate.
    undecided_calls: int = 0

    @property
    def laureates_missing(self) -> int:
        """Published laureates of appels à projets that are not in our records (0 when none were
        published): like with like, our AMI laureates are not set against the published count."""
        if not self.published.retained:
            return 0
        return max(self.published.retained.value - self.records.laureates_of_calls_for_projects.value, 0)

    @property
    def records_cover_applications(self) -> bool:
        """Whether our records hold every application received: only then is their rate meaningful."""
        received = self.published.received
        recorded = self.records.applications.value
        return recorded > 0 and (received is None or recorded >= received.value)

    @property
    def rate_waits_for_decisions(self) -> bool:
        """Dossiers are recorded, but some call of the campaign is open or undecided: a rate now
        would be that of the first decisions (« 100,0 % » on an open call)."""
        return self.records.applications.value > 0 and self.undecided_calls > 0

    @property
    def records_rate(self) -> Figure | None:
        if not self.records_cover_applications or self.undecided_calls:
            return None
        rate = acceptance_rate(
            retained=self.records.laureates.value, received=self.records.applications.value
        )
        return Figure(rate, Provenance.RECORDS, record_count=self.records.applications.value)


def campaign_figures(campaign: Campaign) -> CampaignFigures:
    """Published and computed figures of a campaign and of the one before: four queries, once per
    change of either campaign.

    A published acceptance rate is stored as a Decimal fraction (0.6630 for 66,30 %).
    """
    previous_id = (Campaign.objects.filter(year__lt=campaign.year).order_by("-year")
                   .values_list("pk", flat=True).first())
    campaigns = (campaign.pk,) if previous_id is None else (campaign.pk, previous_id)
    # A call closes with the day: the day is in the key, as decisions are in the version.
    return cached("campaign_figures", lambda: _campaign_figures(campaign), campaign_id=campaigns,
                  key=(campaign.pk, timezone.localdate()))


def _campaign_figures(campaign: Campaign) -> CampaignFigures:
    previous = Campaign.objects.filter(year__lt=campaign.year).order_by("-year").first()
    published = list(
        PublishedFigure.objects.filter(campaign__in=[c for c in (campaign, previous) if c])
        .order_by("published_on", "source_label", "pk")
    )
    retenu = Q(decision=Application.Decision.RETENU)
    counts = Application.objects.received().filter(call__campaign=campaign).aggregate(
        applications=Count("pk"),
        laureates=Count("pk", filter=retenu),
        laureates_of_calls_for_projects=Count("pk", filter=retenu & ~Q(call__kind=Call.Kind.AMI)),
    )
    pending = Application.objects.received().filter(call=OuterRef("pk"), decision=Application.Decision.PENDING)
    call_counts = Call.objects.filter(campaign=campaign).aggregate(
        calls=Count("pk"),
        undecided=Count("pk", filter=Q(closes_at__gte=timezone.now()) | Exists(pending)),
    )
    calls = call_counts["calls"]
    applications = counts["applications"]
    return CampaignFigures(
        campaign=campaign,
        published=published_figures(published, campaign),
        records=RecordFigures(
            applications=Figure(applications, Provenance.RECORDS, record_count=applications),
            laureates=Figure(counts["laureates"], Provenance.RECORDS, record_count=applications),
            calls=Figure(calls, Provenance.RECORDS, record_count=calls),
            laureates_of_calls_for_projects=Figure(
                counts["laureates_of_calls_for_projects"], Provenance.RECORDS, record_count=applications
            ),
        ),
        previous_campaign=previous,
        previous=published_figures(published, previous),
        undecided_calls=call_counts["undecided"],
    )


def published_figures(figures: list[PublishedFigure], campaign: Campaign | None) -> PublishedFigures:
    """What the sources published of `campaign`, among `figures` (none without a campaign)."""
    figures = [f for f in figures if campaign and f.campaign_id == campaign.pk]
    by_name: dict[str, list[PublishedFigure]] = {}
    for figure in figures:
        by_name.setdefault(figure.name, []).append(figure)

    def count(name):
        found = by_name.get(name)
        if not found:
            return None
        return Figure(int(found[0].value), Provenance.PUBLISHED, tuple(_source(f) for f in found))

    Name = PublishedFigure.Name
    received, retained = count(Name.APPLICATIONS_RECEIVED), count(Name.APPLICATIONS_RETAINED)
    published_rates = [
        Figure(f.value, Provenance.PUBLISHED, (_source(f),))
        for f in by_name.get(Name.ACCEPTANCE_RATE, [])
    ]
    if received and retained:
        rate = Figure(
            acceptance_rate(retained=retained.value, received=received.value),
            Provenance.DERIVED, tuple(dict.fromkeys(received.sources + retained.sources)),
        )
    else:
        rate = published_rates[0] if published_rates else None
    return PublishedFigures(
        received=received, retained=retained, calls=count(Name.CALLS), rate=rate,
        notes=tuple(dict.fromkeys(f.note for f in figures if f.note)),
        other_rates=tuple(
            f for f in published_rates
            if rate and f is not rate and not same_percent(f.value, rate.value)
        ),
        rates_as_published=tuple(published_rates),
    )


def _source(figure: PublishedFigure) -> Source:
    return Source(figure.source_label, figure.source_url, figure.published_on)
