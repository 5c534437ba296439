"""Statistics over all campaigns: counts by axis, year over year, the maps' figures, the networks.

Every count here is computed from the dossiers recorded in CoopDec (`Provenance.RECORDS`); what
sources published comes from `PublishedFigure` and is shown beside it, never added to it. The
database does the grouping: each function runs a fixed number of queries, whatever the number of
dossiers.

Two rules the pages repeat:
- an acceptance rate is computed only where every application of the group and its decision is
  recorded (filed on CoopDec, none pending); a list imported from a publication holds laureates
  only, and the rate is then the published one, or none;
- a dossier counts once under each partner country it has (its partners' countries, and the
  country of its call for a joint fund, as the laureate filters do): by country the counts add up
  to more than the dossiers.
"""
from dataclasses import dataclass, fields, replace
from decimal import Decimal

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from coopdec.applications.models import Application, Partnership
from coopdec.calls.models import Call, Campaign, PublishedFigure
from coopdec.french.text import NBSP, collation_key, french_spaces, plural_fr, same_percent
from coopdec.publication.cache import cached_selector, pk_of
from coopdec.publication.selectors import Figure, Provenance, PublishedFigures, published_figures
from coopdec.publication.wording import TO_CONFIRM, acceptance_rate
from coopdec.territories.models import Country, Region

from .networks import Network, networks

Decision = Application.Decision


# ---------------------------------------------------------------- what is counted


@dataclass(frozen=True)
class Tally:
    """What the records say about a group of dossiers."""

    applications: int = 0  # every decision
    laureates: int = 0
    imported: int = 0  # imported from a published list: laureates only
    pending: int = 0  # no decision recorded yet
    amount: Decimal = Decimal(0)  # granted to the laureates whose amount is known
    amount_known: int = 0  # laureates whose granted amount is known
    # Calls of the group still taking dossiers (or yet to open): no rate until every one has
    # closed and been decided, or the first decisions would read as the campaign's (« 100,0 % »).
    open_calls: int = 0

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @property
    def rate_is_computed(self) -> bool:
        return bool(self.applications) and not self.imported and not self.pending and not self.open_calls

    @property
    def rate(self) -> Figure | None:
        """The acceptance rate of the recorded dossiers, where they are all the applications."""
        if not self.rate_is_computed:
            return None
        return Figure(
            acceptance_rate(retained=self.laureates, received=self.applications),
            Provenance.RECORDS, record_count=self.applications,
        )

    @property
    def rate_missing(self) -> str:
        """Why there is no computed rate, in French ("" when there is one)."""
        if not self.applications:
            return "aucun dossier enregistré"
        if self.imported:
            return "liste publiée, lauréats seulement"
        if self.open_calls:
            return plural_fr(self.open_calls, "appel encore ouvert", "appels encore ouverts")
        if self.pending:
            return "décisions en attente"
        return ""

    @property
    def granted(self) -> Figure | None:
        """The sum of the known granted amounts, with the number of laureates it covers."""
        if not self.amount_known:
            return None
        return Figure(self.amount, Provenance.RECORDS, record_count=self.amount_known)


def _tally_aggregates(prefix: str = "") -> dict:
    """The aggregates of a `Tally`, over dossiers reached through `prefix` ("" or "application__")."""
    retenu = Q(**{f"{prefix}decision": Decision.RETENU})
    return {
        "applications": Count(f"{prefix}pk"),
        "laureates": Count(f"{prefix}pk", filter=retenu),
        "imported": Count(f"{prefix}pk", filter=Q(**{f"{prefix}provenance": Application.Provenance.IMPORT})),
        "pending": Count(f"{prefix}pk", filter=Q(**{f"{prefix}decision": Decision.PENDING})),
        "amount": Sum(f"{prefix}granted_amount", filter=retenu),
        "amount_known": Count(f"{prefix}pk", filter=retenu & Q(**{f"{prefix}granted_amount__isnull": False})),
        "open_calls": Count(f"{prefix}call", distinct=True,
                            filter=Q(**{f"{prefix}call__closes_at__gte": timezone.now()})),
    }


def _tally(row: dict) -> Tally:
    return Tally(
        applications=row["applications"], laureates=row["laureates"], imported=row["imported"],
        pending=row["pending"], amount=row["amount"] or Decimal(0), amount_known=row["amount_known"],
        open_calls=row["open_calls"],
    )


@dataclass(frozen=True)
class Scope:
    """Which dossiers: those of one campaign (or of all), of one région (or of all)."""

    campaign: Campaign | None = None
    region: Region | None = None

    def applications(self) -> QuerySet[Application]:
        criteria = Q()
        if self.campaign:
            criteria &= Q(call__campaign=self.campaign)
        if self.region:
            criteria &= Q(region=self.region)
        return Application.objects.received().filter(criteria).order_by()


def tally(scope: Scope) -> Tally:
    """All the dossiers in scope: one query."""
    return _tally(scope.applications().aggregate(**_tally_aggregates()))


# ---------------------------------------------------------------- by axis


@dataclass(frozen=True)
class Row:
    """One group of a table: `key` is what a link needs (slug, code, ISO code), "" for none."""

    key: str
    label: str
    tally: Tally


@dataclass(frozen=True)
class AxisTable:
    axis: str  # machine name, also the id of its section
    title: str
    heading: str  # the first column's heading
    rows: list[Row]
    note: str = ""
    counts_add_up: bool = True  # False where a dossier counts under several rows

    @property
    def total(self) -> Tally:
        return sum((row.tally for row in self.rows), Tally())


def _in_french_order(rows) -> list[Row]:
    """By label, as a French reader expects ("Île-de-France" among the I, not after "Provence")."""
    return sorted(rows, key=lambda row: collation_key(row.label))


def tally_by_call(scope: Scope) -> list[Row]:
    groups = scope.applications().values("call__slug", "call__name").annotate(**_tally_aggregates())
    return _in_french_order(Row(g["call__slug"], g["call__name"], _tally(g)) for g in groups)


def tally_by_kind(scope: Scope) -> list[Row]:
    groups = {
        g["call__kind"]: g for g in scope.applications().values("call__kind").annotate(**_tally_aggregates())
    }
    return [Row(kind, label, _tally(groups[kind])) for kind, label in Call.Kind.choices if kind in groups]


THEME_NOTE = french_spaces(
    "Les dossiers n'ont pas encore de thème : celui d'un appel thématique est l'appel lui-même "
    "(Sport, Patrimoine…) ; les autres dossiers sont rangés sous la nature de leur appel."
)


def tally_by_theme(scope: Scope) -> list[Row]:
    """Thematic calls one by one (their name is their theme), the other calls by kind."""
    theme = Case(When(call__kind=Call.Kind.THEMATIQUE, then=F("call__name")), default=Value(""),
                 output_field=CharField())
    groups = scope.applications().annotate(theme=theme).values("call__kind", "theme").annotate(
        **_tally_aggregates())
    kinds = dict(Call.Kind.choices)
    rows = [
        Row(g["theme"] or g["call__kind"], g["theme"] or f"Autres appels{NBSP}: {kinds[g['call__kind']]}",
            _tally(g))
        for g in groups
    ]
    return sorted(rows, key=lambda row: (row.label.startswith("Autres"), collation_key(row.label)))


# Where a dossier's place is not known, why: its French authority is still « à confirmer » (the
# published name fits several bodies), or it is a région, which has no département.
REGION_TO_CONFIRM = f"Région {TO_CONFIRM}"
DEPARTEMENT_TO_CONFIRM = f"Département {TO_CONFIRM}"
WITHOUT_DEPARTEMENT = "Région (sans département)"


def tally_by_region(scope: Scope) -> list[Row]:
    """A resolved authority always has its région: the dossiers without one are to confirm."""
    groups = scope.applications().values("region__code", "region__name", "region__slug").annotate(
        **_tally_aggregates())
    return _in_french_order(
        Row(g["region__slug"] or "", g["region__name"] or REGION_TO_CONFIRM, _tally(g)) for g in groups
    )


def tally_by_departement(scope: Scope) -> list[Row]:
    """By département; the dossiers without one apart, those to confirm and the régions' own."""
    unplaced = Case(
        When(departement__isnull=False, then=Value("")),
        When(lead_authority__isnull=True, then=Value(DEPARTEMENT_TO_CONFIRM)),
        default=Value(WITHOUT_DEPARTEMENT), output_field=CharField(),
    )
    groups = scope.applications().values("departement__code", "departement__name", unplaced=unplaced)
    groups = groups.annotate(**_tally_aggregates()).order_by("departement__code", "unplaced")
    return [
        Row(g["departement__code"] or "",
            f"{g['departement__name']} ({g['departement__code']})" if g["departement__code"]
            else g["unplaced"],
            _tally(g))
        for g in groups
    ]


def tally_by_country(scope: Scope) -> list[Row]:
    """By partner country, then the dossiers without any: four queries."""
    by_code = _by_partner_country(scope.applications(), "")
    countries = Country.objects.in_bulk([code for code in by_code if code])
    rows = _in_french_order(Row(code, countries[code].name_fr, t) for code, t in by_code.items() if code)
    return rows + ([Row("", "Pays non renseigné", by_code[""])] if "" in by_code else [])


def tally_by_country_class(scope: Scope) -> list[Row]:
    """By the partner country's class: least developed (PMA), other ODA-eligible, not eligible."""
    by_class = _by_partner_country(scope.applications(), "__oda_class")
    rows = [
        Row(value, label, by_class[value]) for value, label in Country.OdaClass.choices if value in by_class
    ]
    return rows + ([Row("", "Pays non renseigné", by_class[""])] if "" in by_class else [])


def _by_partner_country(applications: QuerySet[Application], attribute: str, *,
                        also: tuple[str, ...] = ()) -> dict:
    """{country key (or (key, *also)): Tally}; the key is the country's ISO code, or its
    `attribute` ("__oda_class"), "" for dossiers without a known country. Three queries.

    A dossier counts once per key: under its partners' countries (the first partnership of each
    key only), and under its call's country unless a partner already put it there.
    """
    partner_key = "foreign_authority__country" + attribute
    call_key = "call__partner_country" + attribute
    first_of_key = ~Exists(Partnership.objects.filter(
        application=OuterRef("application"), pk__lt=OuterRef("pk"), **{partner_key: OuterRef(partner_key)}
    ))
    partner_in = Partnership.objects.filter(application=OuterRef("pk"))
    queries = [
        Partnership.objects.filter(application__in=applications, **{f"{partner_key}__isnull": False})
        .filter(first_of_key).order_by()
        .values(key=F(partner_key), **{name: F(f"application__{name}") for name in also})
        .annotate(**_tally_aggregates("application__")),
        applications.filter(**{f"{call_key}__isnull": False})
        .exclude(Exists(partner_in.filter(**{partner_key: OuterRef(call_key)})))
        .values(*also, key=F(call_key))
        .annotate(**_tally_aggregates()),
        applications.filter(call__partner_country__isnull=True)
        .exclude(Exists(partner_in.filter(foreign_authority__country__isnull=False)))
        .values(*also, key=Value("", output_field=CharField()))
        .annotate(**_tally_aggregates()),
    ]
    merged: dict = {}
    for query in queries:
        for group in query:
            if not group["applications"]:
                continue  # the dossiers without a country, when there are none
            key = (group["key"] or "", *(group[name] for name in also)) if also else group["key"] or ""
            merged[key] = merged.get(key, Tally()) + _tally(group)
    return merged


AXES = (
    ("appel", "Par appel", "Appel", tally_by_call, ""),
    ("nature", "Par nature d'appel", "Nature de l'appel", tally_by_kind, ""),
    ("theme", "Par thème", "Thème", tally_by_theme, THEME_NOTE),
    ("region", "Par région", "Région", tally_by_region, ""),
    ("departement", "Par département", "Département", tally_by_departement, ""),
    ("pays", "Par pays partenaire", "Pays partenaire", tally_by_country,
     french_spaces("Un dossier compte sous chacun des pays de ses partenaires (et sous le pays de son "
                   "appel pour un fonds conjoint) : les lignes ne s'additionnent pas.")),
    ("categorie", "Par catégorie de pays", "Catégorie du pays partenaire", tally_by_country_class,
     "Catégorie du pays selon la liste CAD de l'OCDE des bénéficiaires de l'APD et la liste des "
     "PMA de l'ONU. Un dossier avec des partenaires de plusieurs catégories compte sous chacune."),
)


@cached_selector(lambda scope: pk_of(scope.campaign))
def statistics_tables(scope: Scope) -> list[AxisTable]:
    """Every axis's table: twelve queries."""
    return [
        AxisTable(axis=axis, title=title, heading=heading, rows=by(scope), note=note,
                  counts_add_up=axis not in ("pays", "categorie"))
        for axis, title, heading, by, note in AXES
    ]


# ---------------------------------------------------------------- year over year


@dataclass(frozen=True)
class Rate:
    """An acceptance rate and what it rests on: a source's figure, published counts, or our records."""

    value: Decimal
    provenance: Provenance
    sources: tuple = ()
    retained: int | None = None
    received: int | None = None


@dataclass(frozen=True)
class CampaignYear:
    campaign: Campaign
    published: PublishedFigures
    tally: Tally
    calls: int  # calls recorded

    @property
    def sources(self) -> list:
        """Every source of the campaign's published figures, once each."""
        p = self.published
        figures = [p.calls, p.received, p.retained, p.rate, *p.other_rates]
        return list(dict.fromkeys(s for f in figures if f for s in f.sources))

    @property
    def published_rates(self) -> list[Rate]:
        """The rates sources published as such, whether or not their counts were published too."""
        rate = self.published.rate
        as_published = [rate] if rate and rate.provenance == Provenance.PUBLISHED else []
        return [Rate(f.value, f.provenance, f.sources) for f in [*as_published, *self.published.other_rates]]

    @property
    def computed_rates(self) -> list[Rate]:
        """From the published counts (76 / 113), and from our records where they hold every application."""
        rates = []
        p = self.published
        if p.rate and p.rate.provenance == Provenance.DERIVED:
            rates.append(Rate(p.rate.value, Provenance.DERIVED, p.rate.sources,
                              retained=p.retained.value, received=p.received.value))
        if self.tally.rate and self._records_cover_received:
            rates.append(Rate(self.tally.rate.value, Provenance.RECORDS,
                              retained=self.tally.laureates, received=self.tally.applications))
        return rates

    @property
    def _records_cover_received(self) -> bool:
        received = self.published.received
        return received is None or self.tally.applications >= received.value

    @property
    def disagreements(self) -> list[tuple[Rate, Rate]]:
        """Pairs of rates for this campaign that do not read the same once written (66,30 % and 67,3 %)."""
        rates = [*self.published_rates, *self.computed_rates]
        return [
            (a, b) for i, a in enumerate(rates) for b in rates[i + 1:]
            if not same_percent(a.value, b.value)
        ]


@cached_selector()
def campaign_years() -> list[CampaignYear]:
    """Every campaign, oldest first, with its published figures and what our records say: four queries."""
    campaigns = list(Campaign.objects.order_by("year"))
    published = list(PublishedFigure.objects.order_by("published_on", "source_label", "pk"))
    tallies = {
        g["call__campaign"]: _tally(g)
        for g in Application.objects.received().order_by().values("call__campaign").annotate(
            **_tally_aggregates())
    }
    calls = {row["campaign"]: row for row in Call.objects.order_by().values("campaign").annotate(
        n=Count("pk"), open=Count("pk", filter=Q(closes_at__gte=timezone.now())))}
    return [
        CampaignYear(
            campaign=c,
            published=published_figures(published, c),
            # Every call of the campaign counts, even one that has no dossier yet.
            tally=replace(tallies.get(c.pk, Tally()), open_calls=calls.get(c.pk, {}).get("open", 0)),
            calls=calls.get(c.pk, {}).get("n", 0),
        )
        for c in campaigns
    ]


@cached_selector()
def campaign_list() -> list[Campaign]:
    return list(Campaign.objects.order_by("-year"))


# ---------------------------------------------------------------- maps


@dataclass(frozen=True)
class RegionFigures:
    region: Region
    laureates: int
    partnerships: int  # the laureates' partnerships with foreign authorities


@cached_selector(pk_of)
def region_figures(campaign: Campaign) -> list[RegionFigures]:
    """The 18 régions, and any overseas collectivity (three-digit code) with laureates, with their
    laureates and partnerships in a campaign: three queries."""
    laureates = Application.objects.filter(call__campaign=campaign, decision=Decision.RETENU)
    counts = laureates_by_region(campaign)
    partnerships = dict(
        Partnership.objects.filter(application__in=laureates).order_by()
        .values_list("application__region").annotate(n=Count("pk"))
    )
    return [
        RegionFigures(r, counts.get(r.code, 0), partnerships.get(r.code, 0))
        for r in region_list()
        if len(r.code) == 2 or counts.get(r.code)
    ]


@dataclass(frozen=True)
class CountryLaureates:
    country: Country
    laureates: int


@cached_selector(lambda campaign, region=None: pk_of(campaign))
def laureates_by_country(campaign: Campaign, region: Region | None = None) -> list[CountryLaureates]:
    """Laureates by partner country, most first; of one région's authorities if given. Four queries."""
    laureates = Scope(campaign, region).applications().filter(decision=Decision.RETENU)
    counts = {code: t.laureates for code, t in _by_partner_country(laureates, "").items() if code}
    countries = Country.objects.in_bulk(list(counts))
    return sorted((CountryLaureates(countries[code], n) for code, n in counts.items()), key=_most_first)


@dataclass(frozen=True)
class RegionPartners:
    region: Region
    countries: list[CountryLaureates]

    @property
    def laureates(self) -> int:
        return sum(c.laureates for c in self.countries)


@cached_selector(pk_of)
def partner_countries_by_region(campaign: Campaign) -> list[RegionPartners]:
    """Each French région's laureates by partner country (the links from a région to the world).

    Five queries.
    """
    laureates = Application.objects.filter(call__campaign=campaign, decision=Decision.RETENU)
    pairs = _by_partner_country(laureates, "", also=("region",))
    countries = Country.objects.in_bulk({code for code, _ in pairs if code})
    regions = Region.objects.in_bulk({region for _, region in pairs if region})
    by_region: dict[str, list[CountryLaureates]] = {}
    for (code, region), t in pairs.items():
        if code and region:
            by_region.setdefault(region, []).append(CountryLaureates(countries[code], t.laureates))
    return sorted(
        (RegionPartners(regions[code], sorted(found, key=_most_first)) for code, found in by_region.items()),
        key=lambda r: collation_key(r.region.name),
    )


def _most_first(found: CountryLaureates) -> tuple:
    return -found.laureates, collation_key(found.country.name_fr)


def country_names() -> dict[str, str]:
    """Every country's French name by ISO code, for the titles of the world map: one query."""
    return dict(Country.objects.values_list("iso2", "name_fr"))


# ---------------------------------------------------------------- the networks


@dataclass(frozen=True)
class NetworkRegion:
    network: Network
    region: Region | None  # None if the geography is not loaded
    laureates: int | None = None  # of the région, in the campaign asked for


@cached_selector(lambda campaign=None: pk_of(campaign))
def network_list(campaign: Campaign | None = None) -> list[NetworkRegion]:
    """The twelve networks with their régions, and their régions' laureates in `campaign`: two queries."""
    regions = Region.objects.in_bulk([n.region_code for n in networks()])
    counts = laureates_by_region(campaign) if campaign else {}
    return [
        NetworkRegion(n, regions.get(n.region_code), counts.get(n.region_code, 0) if campaign else None)
        for n in networks()
    ]


def network_get(*, slug: str) -> NetworkRegion:
    """Raises Region.DoesNotExist for an unknown network, or one whose région is not loaded."""
    network = next((n for n in networks() if n.slug == slug), None)
    if network is None:
        raise Region.DoesNotExist(f"Aucun réseau « {slug} ».")
    return NetworkRegion(network, Region.objects.get(code=network.region_code))


@cached_selector(pk_of)
def laureates_by_region(campaign: Campaign) -> dict[str, int]:
    """{région code: laureates} of a campaign: one query."""
    return dict(
        Application.objects.filter(call__campaign=campaign, decision=Decision.RETENU).order_by()
        .values_list("region").annotate(n=Count("pk"))
    )


def region_list() -> list[Region]:
    """Every région and overseas collectivity, in French alphabetical order: one query."""
    return sorted(Region.objects.all(), key=lambda r: collation_key(r.name))
