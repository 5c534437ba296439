"""Reads behind the directory: a French authority's page, a partner country's page, the countries.

Both pages narrow the public pages' list of laureates (`publication.selectors.laureate_list`, three
queries whatever its length) and turn each laureate into the same `LaureateRow` as the laureates'
table, so their query count does not grow with the laureates either.
"""
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from itertools import groupby

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch

from coopdec.applications.models import Application, CoApplicant, Partnership
from coopdec.calls.models import Campaign
from coopdec.publication import readmodel
from coopdec.publication.exports import LaureateRow, Partner, laureate_row
from coopdec.publication.readmodel import row_from_json
from coopdec.publication.selectors import CountedPaginator, LaureateFilters, laureate_list
from coopdec.territories.models import Authority, AuthorityAlias, Country
from coopdec.territories.text import normalise

from .wording import campaigns_phrase, kind_label, official_codes, population_basis

ALL_CAMPAIGNS = LaureateFilters(campaign=None)


# ---------------------------------------------------------------- a French authority


@dataclass(frozen=True)
class PublishedName:
    """A name under which sources published an authority, and the campaigns they did so in."""

    name: str
    years: tuple[int, ...]  # the latest first

    @property
    def campaigns(self) -> str:
        return campaigns_phrase(self.years)


@dataclass(frozen=True)
class AuthorityRecord:
    authority: Authority
    laureates: list[LaureateRow]  # those it led, the latest campaign first
    co_applications: list[LaureateRow]  # those it applied for beside another authority
    published_names: list[PublishedName]
    former_names: list[str]  # former names, and names of the bodies merged into it
    usual_names: list[str]

    @property
    def kind_label(self) -> str:
        return kind_label(self.authority.kind, self.authority.epci_type)

    @property
    def population_basis(self) -> str:
        return population_basis(self.authority.kind)

    @property
    def codes(self) -> list[tuple[str, str]]:
        return official_codes(self.authority.kind, self.authority.code, self.authority.siren)


def authority_get(*, kind: str, code: str) -> Authority:
    """Raises Authority.DoesNotExist for an unknown kind or code."""
    return Authority.objects.select_related("departement", "region").get(kind=kind, code=code)


def authority_record(authority: Authority) -> AuthorityRecord:
    """An authority's laureates, co-applications and other names: at most eight queries."""
    led, co_applied = _authority_laureates(authority)
    aliases = {source: [] for source in AuthorityAlias.Source.values}
    for alias in authority.aliases.order_by("original", "text"):
        aliases[alias.source].append(alias.original or alias.text)
    published = [(row.campaign_year, row.lead_published_name) for row in led] + [
        (row.campaign_year, name) for row, names in co_applied for name in names
    ]
    return AuthorityRecord(
        authority=authority,
        laureates=led,
        co_applications=[row for row, _names in co_applied],
        published_names=_published_names(authority.name, published),
        former_names=aliases[AuthorityAlias.Source.FORMER_NAME],
        usual_names=aliases[AuthorityAlias.Source.SHORT_NAME],
    )


def _authority_laureates(authority: Authority) -> tuple[list[LaureateRow], list[tuple[LaureateRow, list[str]]]]:
    """The laureates it led, and those it co-applied for with the names it applied under, newest
    campaign first: from the read model when current (two indexed queries and the names), else
    from the records."""
    co_applicants = CoApplicant.objects.confirmed().filter(authority=authority)  # never one not yet confirmed
    rows = readmodel.published(ALL_CAMPAIGNS)
    if rows is not None:
        led = [row_from_json(text) for text in rows.filter(lead_authority_id=authority.pk).values_list("row", flat=True)]
        co_applied = list(rows.filter(pk__in=co_applicants.values("application_id")).values_list("pk", "row"))
        names = defaultdict(list)
        for application_id, name in co_applicants.filter(application_id__in=[pk for pk, _ in co_applied]).order_by(
                "pk").values_list("application_id", "name"):
            names[application_id].append(name)
        return led, [(row_from_json(text), names[pk]) for pk, text in co_applied]
    led = [laureate_row(a) for a in laureate_list(ALL_CAMPAIGNS).filter(lead_authority=authority)]
    co_applied = (
        laureate_list(ALL_CAMPAIGNS)
        .filter(Exists(co_applicants.filter(application=OuterRef("pk"))))
        .prefetch_related(Prefetch("co_applicants", queryset=co_applicants, to_attr="as_co"))
    )
    return led, [(laureate_row(a), [co.name for co in a.as_co]) for a in co_applied]


def _published_names(official: str, published: list[tuple[int, str]]) -> list[PublishedName]:
    """The published names that are not the official name written another way, each once (the
    first spelling met), with the campaigns that used it, newest first."""
    by_key: dict[str, tuple[str, set[int]]] = {}
    for year, name in published:
        key = normalise(name)
        if key and key != normalise(official):
            by_key.setdefault(key, (name, set()))[1].add(year)
    return [
        PublishedName(name, tuple(sorted(years, reverse=True)))
        for _, (name, years) in sorted(by_key.items())
    ]


@cache
def population_source() -> str:
    """Where the reference populations come from, as `data/reference/PROVENANCE.md` says: the page
    follows the file when the geography is rebuilt from a newer package."""
    path = settings.REFERENCE_DIR / "PROVENANCE.md"
    found = re.search(r"`(@etalab/decoupage-administratif)` ([\d.]+) \(millésime (\d{4})\)",
                      path.read_text(encoding="utf-8"))
    if found is None:
        raise ValueError(f"{path} : le paquet et le millésime de la géographie officielle sont introuvables.")
    package, version, year = found.groups()
    return f"INSEE, millésime {year} du découpage administratif ({package} {version})"


# ---------------------------------------------------------------- partner countries


def french_order(text: str) -> str:
    """A sort key in French alphabetical order: accents and case aside (Sénégal before Suisse)."""
    return normalise(text)


@dataclass(frozen=True)
class CountryLaureate:
    row: LaureateRow
    partners: tuple[Partner, ...]  # its partners in the country

    @property
    def authority_key(self) -> tuple[str, str]:
        """The French authority, or the published name while it is to be confirmed."""
        row = self.row
        return (row.lead_kind, row.lead_code) if row.lead_code else ("", normalise(row.lead_published_name))


@dataclass(frozen=True)
class CountryCampaign:
    year: int
    laureate_count: int  # in the whole campaign
    authority_count: int
    laureates: list[CountryLaureate]  # those of the page, by French authority in French alphabetical order


@dataclass(frozen=True)
class CountryRecord:
    country: Country
    laureate_count: int
    authority_count: int
    campaigns: list[CountryCampaign]  # those of the page, the latest first
    page: Page


COUNTRY_PAGE_SIZE = 50


def country_get(*, iso: str) -> Country:
    """Raises Country.DoesNotExist for an unknown code; "sn" is "SN"."""
    return Country.objects.get(iso2=iso.upper())


def country_record(country: Country, *, page: str | int | None = None) -> CountryRecord:
    """The laureates with a partner in the country, or of a call with that partner country (a joint
    fund), by campaign, a page of `COUNTRY_PAGE_SIZE` at a time with the counts of all: from the
    read model when current (three indexed queries), else from the records (three queries)."""
    rows = readmodel.country_rows(country)
    if rows is not None:
        totals = rows.aggregate(laureates=Count("pk"), authorities=Count("lead_key", distinct=True))
        years = dict(Campaign.objects.values_list("pk", "year"))
        per_year = {years[campaign]: (laureates, authorities) for campaign, laureates, authorities in
                    rows.order_by().values_list("campaign_id").annotate(Count("pk"), Count("lead_key", distinct=True))}
        found = CountedPaginator(rows.values_list("laureate__row", "joint_fund"), COUNTRY_PAGE_SIZE,
                                 count=totals["laureates"]).get_page(page)
        laureates = [_in_country(row_from_json(text), country, joint_fund=joint_fund) for text, joint_fund in found]
    else:
        every = []
        for application in laureate_list(LaureateFilters(campaign=None, country=country)):
            every.append(_in_country(laureate_row(application), country,
                                     joint_fund=application.call.partner_country_id == country.pk))
        every.sort(key=lambda l: (-l.row.campaign_year, french_order(l.row.lead_name), french_order(l.row.title)))
        totals = {"laureates": len(every), "authorities": len({l.authority_key for l in every})}
        per_year = {year: (len(group), len({l.authority_key for l in group}))
                    for year, group in ((year, list(group)) for year, group in
                                        groupby(every, key=lambda l: l.row.campaign_year))}
        found = Paginator(every, COUNTRY_PAGE_SIZE).get_page(page)
        laureates = list(found)
    return CountryRecord(country, totals["laureates"], totals["authorities"], [
        CountryCampaign(year, *per_year[year], list(group))
        for year, group in groupby(laureates, key=lambda l: l.row.campaign_year)
    ], found)


def _in_country(row: LaureateRow, country: Country, *, joint_fund: bool) -> CountryLaureate:
    return CountryLaureate(row, _partners_in(row, country, joint_fund=joint_fund))


def _partners_in(row: LaureateRow, country: Country, *, joint_fund: bool) -> tuple[Partner, ...]:
    """The row's partners in the country; in a joint fund with it, those whose country is unknown too."""
    return tuple(
        p for p in row.partners if p.country_iso2 == country.pk or (joint_fund and not p.country_iso2)
    )


@dataclass(frozen=True)
class CountrySummary:
    country: Country
    laureate_count: int
    authority_count: int


def country_summaries() -> list[CountrySummary]:
    """The countries of at least one laureate (by a partner or a joint fund), in French alphabetical
    order, with their numbers of laureates and of French authorities: three queries."""
    retained = Application.Decision.RETENU
    links = [
        *Partnership.objects.filter(application__decision=retained, foreign_authority__country__isnull=False)
        .values_list("foreign_authority__country_id", "application_id",
                     "application__lead_authority_id", "application__lead_name"),
        *Application.objects.filter(decision=retained, call__partner_country__isnull=False)
        .values_list("call__partner_country_id", "pk", "lead_authority_id", "lead_name"),
    ]
    laureates, authorities = defaultdict(set), defaultdict(set)
    for iso, application_id, authority_id, lead_name in links:
        laureates[iso].add(application_id)
        authorities[iso].add(authority_id or normalise(lead_name))
    summaries = [
        CountrySummary(country, len(laureates[country.pk]), len(authorities[country.pk]))
        for country in Country.objects.filter(pk__in=laureates)
    ]
    return sorted(summaries, key=lambda s: french_order(s.country.name_fr))
