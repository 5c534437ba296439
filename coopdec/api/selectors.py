"""Reads the API needs beyond the public pages': lists with their counts, the authority search,
laureates counted per axis. Laureate filters and campaign figures are `publication.selectors`',
so the API and the pages always select the same laureates.
"""
import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, F, Q, QuerySet, Value, When

from coopdec.applications.models import Application, Partnership
from coopdec.calls.models import Call, Campaign
from coopdec.publication.cache import cached, cached_selector
from coopdec.publication.selectors import LaureateFilters, laureate_list
from coopdec.territories.models import Authority, Country, Departement, Region
from coopdec.territories.resolve import Resolution, resolve_authority

RETENU = Application.Decision.RETENU
AMI = Q(call__kind=Call.Kind.AMI)
# A search by name returns at most this many authorities: the candidates of the resolution,
# then the most populous names that contain the text.
SEARCH_LIMIT = 100
_CODE = re.compile(r"\d{1,9}|2[AB]\d{0,3}")
_IDENTIFIER = re.compile(r"(?P<kind>[a-z]+):(?P<code>[0-9A-Za-z]+)")


# ---------------------------------------------------------------- campaigns, calls, places


@cached_selector()
def campaign_list() -> list[Campaign]:
    """Every campaign with `call_count` and `laureate_count`: one query, once per change."""
    return list(Campaign.objects.annotate(
        call_count=Count("calls", distinct=True),
        laureate_count=Count(
            "calls__applications", filter=Q(calls__applications__decision=RETENU), distinct=True
        ),
    ).order_by("-year"))


@cached_selector(lambda *, campaign: campaign.pk)
def call_list(*, campaign: Campaign) -> list[Call]:
    """A campaign's calls with `laureate_count`, appels à projets by name and the AMI last: one
    query, once per change of the campaign."""
    return list(
        Call.objects.filter(campaign=campaign).select_related("campaign")
        .annotate(laureate_count=Count("applications", filter=Q(applications__decision=RETENU)))
        .order_by(Case(When(kind=Call.Kind.AMI, then=Value(1)), default=Value(0)), "name")
    )


def region_get(*, code: str) -> Region:
    """Kept per version of the data, as the other lookups of a laureates' filter: an address nobody
    asked before costs the queries of its laureates only."""
    return cached("api_region_get", lambda: Region.objects.get(code=_code(code)), key=_code(code))


def departement_get(*, code: str) -> Departement:
    return cached("api_departement_get", lambda: Departement.objects.get(code=_code(code)), key=_code(code))


def country_get(*, iso2: str) -> Country:
    return cached("api_country_get", lambda: Country.objects.get(iso2=iso2.upper()), key=iso2.upper())


def country_list(*, oda_class: str = "") -> QuerySet[Country]:
    countries = Country.objects.order_by("name_fr")
    return countries.filter(oda_class=oda_class) if oda_class else countries


def _code(code: str) -> str:
    """An INSEE code as we store it: "9" is "09", "2a" is "2A"."""
    code = code.strip().upper()
    return code.zfill(2) if code.isdigit() else code


# ---------------------------------------------------------------- laureates


def laureate_get(*, pk: int) -> Application:
    """A laureate with everything its row shows (`laureate_list`'s fetch); raises DoesNotExist."""
    campaign = Campaign.objects.get(calls__applications__pk=pk, calls__applications__decision=RETENU)
    return laureate_list(LaureateFilters(campaign=campaign)).get(pk=pk)


@dataclass(frozen=True)
class AxisCount:
    key: str | None
    label: str
    calls_for_projects: int
    ami: int

    @property
    def laureates(self) -> int:
        return self.calls_for_projects + self.ami


AXES = ("region", "departement", "call", "kind", "country")


@cached_selector(lambda filters, *, axis: filters.campaign_id)
def laureates_by_axis(filters: LaureateFilters, *, axis: str) -> list[AxisCount]:
    """The laureates of a selection counted per region, département, call, nature or partner
    country, the largest first: at most three queries.

    A laureate counts for a country when one of its partners is there or when its call is that
    country's joint fund, as the country filter selects it: one with partners in two countries
    counts in each, so the rows of that axis may add up to more than the total.
    """
    laureates = laureate_list(filters).prefetch_related(None).order_by()
    if axis == "country":
        rows = _laureates_by_country(laureates)
    elif axis == "kind":
        labels = dict(Call.Kind.choices)
        rows = [
            AxisCount(row["key"], str(labels[row["key"]]), row["cfp"], row["ami"])
            for row in _counted(laureates, key=F("call__kind"), label=F("call__kind"))
        ]
    else:
        key, label = {
            "region": ("region__code", "region__name"),
            "departement": ("departement__code", "departement__name"),
            "call": ("call__slug", "call__name"),
        }[axis]
        rows = [
            AxisCount(row["key"], row["label"] or "Non renseigné", row["cfp"], row["ami"])
            for row in _counted(laureates, key=F(key), label=F(label))
        ]
    return sorted(rows, key=lambda row: (-row.laureates, row.key is None, row.label))


def _counted(laureates: QuerySet, **group) -> QuerySet:
    return laureates.values(**group).annotate(cfp=Count("pk", filter=~AMI), ami=Count("pk", filter=AMI))


def _laureates_by_country(laureates: QuerySet) -> list[AxisCount]:
    is_ami = {}
    by_country = defaultdict(set)
    for pk, kind, fund_country in laureates.values_list("pk", "call__kind", "call__partner_country"):
        is_ami[pk] = kind == Call.Kind.AMI
        if fund_country:
            by_country[fund_country].add(pk)
    partners = Partnership.objects.filter(
        application__in=laureates.values("pk"), foreign_authority__country__isnull=False
    ).values_list("application_id", "foreign_authority__country")
    for pk, country in partners:
        by_country[country].add(pk)
    names = dict(Country.objects.filter(iso2__in=by_country).values_list("iso2", "name_fr"))
    return [
        AxisCount(iso2, names[iso2], sum(not is_ami[pk] for pk in pks), sum(is_ami[pk] for pk in pks))
        for iso2, pks in by_country.items()
    ]


# ---------------------------------------------------------------- authorities


def authority_get(*, kind: str, code: str) -> Authority:
    return Authority.objects.select_related("departement", "region").get(kind=kind, code=code)


def authority_list(*, kind: str = "") -> QuerySet[Authority]:
    authorities = Authority.objects.select_related("departement", "region").order_by("kind", "name", "code")
    return authorities.filter(kind=kind) if kind else authorities


def authority_lookup(*, text: str, kind: str = "") -> tuple[str, list[int]] | None:
    """For an identifier (`commune:81065`) or a code (INSEE or SIREN): ("identifier" or "code",
    the ids of exactly those authorities), one query; None for anything else (a name)."""
    text = text.strip()
    scope = Authority.objects.filter(kind=kind) if kind else Authority.objects.all()
    identifier = _IDENTIFIER.fullmatch(text)
    if identifier:
        found, how = scope.filter(kind=identifier["kind"], code=identifier["code"].upper()), "identifier"
    elif _CODE.fullmatch(text.upper()):
        found, how = scope.filter(Q(code=_code(text)) | Q(siren=text)), "code"
    else:
        return None
    return how, list(found.order_by("kind", "code").values_list("pk", flat=True))


@dataclass(frozen=True)
class AuthoritySearch:
    ids: list[int]  # best first, at most SEARCH_LIMIT
    scores: dict[int, float]  # the resolution's score of each of its candidates
    resolution: Resolution | None  # for a name: what `resolve_authority` says of it


def authority_search(*, text: str, kind: str = "") -> AuthoritySearch:
    """An identifier or a code finds exactly those authorities; a name finds the candidates of its
    resolution first, then the names that contain it, the most populous first. At most two
    queries once the name index is built.
    """
    text = " ".join(text.split())
    lookup = authority_lookup(text=text, kind=kind)
    if lookup is not None:
        return AuthoritySearch(lookup[1], {}, None)
    resolution = resolve_authority(text)
    candidates = [c for c in resolution.candidates if not kind or c.kind == kind]
    ids = [c.authority_id for c in candidates]
    scope = Authority.objects.filter(kind=kind) if kind else Authority.objects.all()
    others = (
        scope.filter(name__icontains=text).exclude(pk__in=ids)
        .order_by(F("population").desc(nulls_last=True), "name", "pk")
        .values_list("pk", flat=True)[:SEARCH_LIMIT]
    )
    return AuthoritySearch(
        (ids + list(others))[:SEARCH_LIMIT], {c.authority_id: c.score for c in candidates}, resolution
    )


def authority_prefix_list(*, prefix: str, cursor: int = 0, limit: int = 10) -> list[Authority]:
    """Authorities whose name starts with the prefix, the most populous first: one query."""
    return list(
        Authority.objects.select_related("departement", "region")
        .filter(name__istartswith=prefix.strip())
        .order_by(F("population").desc(nulls_last=True), "name", "pk")[cursor:cursor + limit]
    )


def place_names() -> tuple[dict[str, str], dict[str, str]]:
    """{code: name} of the départements, then of the régions: two queries."""
    return (dict(Departement.objects.values_list("code", "name")),
            dict(Region.objects.values_list("code", "name")))


def authorities_in_order(ids: list[int]) -> list[Authority]:
    """The authorities of those ids, in that order: one query."""
    found = Authority.objects.select_related("departement", "region").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
