"""Reads of calls: a call's rules as the pure money rules take them, the calls one can simulate."""
from coopdec.french.text import collation_key
from coopdec.territories.models import Country
from coopdec.territories.selectors import country_classes

from . import rules
from .models import Call, Marker, RateGrid, RequiredDocument

CLASS_RATES = {Country.OdaClass.LDC: "ldc_rate", Country.OdaClass.ODA: "oda_rate",
               Country.OdaClass.NONE: "none_rate"}


class RulesMissing(LookupError):
    """The call's campaign has no rate grid: its maximum grant cannot be computed."""


def call_simulable_list():
    """The calls for projects whose campaign has a rate grid, newest campaign first."""
    return (Call.objects.filter(campaign__rate_grid__isnull=False).exclude(kind=Call.Kind.AMI)
            .select_related("campaign").order_by("-campaign__year", "name"))


def call_get(*, year: int, slug: str) -> Call | None:
    return Call.objects.select_related("campaign").filter(campaign__year=year, slug=slug).first()


def rate_grid_of(call: Call) -> RateGrid | None:
    return RateGrid.objects.filter(campaign_id=call.campaign_id).select_related("campaign").first()


def _override(call: Call, grid: RateGrid, field: str):
    value = getattr(call, field)
    return getattr(grid, field) if value is None else value


def _eligible_and_excluded(call: Call) -> tuple[frozenset[str] | None, frozenset[str]]:
    """Countries the call admits (None: any) and those it leaves to another call.

    Listed countries win; else a joint fund admits its partner country, and a generalist call
    leaves out the countries of the same campaign's joint funds.
    """
    listed = frozenset(call.eligible_countries.values_list("iso2", flat=True))
    if listed:
        return listed, frozenset()
    if call.kind == Call.Kind.FONDS_CONJOINT and call.partner_country_id:
        return frozenset({call.partner_country_id}), frozenset()
    if call.kind == Call.Kind.GENERALISTE:
        funds = Call.objects.filter(campaign_id=call.campaign_id, kind=Call.Kind.FONDS_CONJOINT,
                                    partner_country__isnull=False)
        return None, frozenset(funds.values_list("partner_country_id", flat=True))
    return None, frozenset()


def call_ruleset(call: Call) -> rules.RuleSet:
    """The call's rules for the money rules: its campaign's rate grid with the call's overrides,
    every country's class in the campaign's year, the countries it admits. Raises RulesMissing."""
    grid = rate_grid_of(call)
    if grid is None:
        raise RulesMissing(f"Aucune grille de taux n'est enregistrée dans CoopDec pour la campagne "
                           f"{call.campaign.year} : le plafond de l'appel « {call.name} » ne peut être calculé.")
    eligible, excluded = _eligible_and_excluded(call)
    documents, markers = dict(RequiredDocument.choices), dict(Marker.choices)
    return rules.RuleSet(
        year=grid.campaign.year,
        rates={str(country_class): _override(call, grid, field) for country_class, field in CLASS_RATES.items()},
        country_classes={iso2: str(c) for iso2, c in country_classes(grid.campaign.year).items()},
        country_names=dict(Country.objects.values_list("iso2", "name_fr")),
        flat_rate=_override(call, grid, "flat_rate"),
        min_french_share=_override(call, grid, "min_french_share"),
        min_partner_share=call.min_partner_share,
        partner_share_country=call.partner_share_country_id,
        in_kind_cap=call.in_kind_cap,
        grant_ceiling=call.grant_ceiling,
        min_total_cost=call.min_total_cost,
        duration_min=call.duration_min,
        duration_max=call.duration_max,
        eligible_countries=eligible,
        excluded_countries=excluded,
        required_documents={code: str(documents[code]) for code in call.required_documents},
        required_markers={code: str(markers[code]) for code in call.required_markers},
    )


# A partner is a foreign authority: France is never a partner country.
FRANCE = "FR"


def country_choices() -> list[tuple[str, str]]:
    """(ISO code, French name) of every foreign country, in French order (Bénin before Burundi,
    Égypte among the E, whatever the database's collation): the simulator's lists."""
    countries = Country.objects.exclude(iso2=FRANCE).values_list("iso2", "name_fr")
    return sorted(countries, key=lambda country: collation_key(country[1]))
