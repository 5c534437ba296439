"""POST /api/v1/cofinancing: the public simulator's computation as JSON.

The call's rules come from calls.selectors.call_ruleset and the answer from calls.rules.evaluate,
exactly as the simulator page shows them. Money and rates are decimal strings.
"""
from decimal import Decimal
from typing import Literal

from ninja import Field, Router, Schema
from ninja.errors import HttpError, ValidationError

from coopdec.calls import rules
from coopdec.calls.selectors import RulesMissing, call_get, call_ruleset

from .schemas import NO_CONTROL_CHARACTERS, Error, Invalid

router = Router(tags=["cofinancement"])

CENT = Decimal("0.01")


class CountryCost(Schema):
    country: str = Field(pattern=r"^[A-Z]{2}$", description="Code ISO 3166-1 alpha-2 (XK Kosovo, PS Palestine).",
                         examples=["BJ"])
    cost: Decimal = Field(ge=0, max_digits=14, decimal_places=2, description="Sa part du coût total, en euros.",
                          examples=["40000"])


class CofinancingIn(Schema):
    campaign: int = Field(ge=1, le=9999, description="Année de la campagne.", examples=[2025])
    call: str = Field(max_length=100, pattern=NO_CONTROL_CHARACTERS, description="Slug de l'appel dans sa campagne.",
                      examples=["generaliste-2025"])
    countries: list[CountryCost] = Field(min_length=1, max_length=50,
                                         description="Les pays partenaires et leur part du coût.")
    total_cost: Decimal = Field(gt=0, max_digits=14, decimal_places=2, description="Coût total du projet.")
    french_cash: Decimal = Field(Decimal(0), ge=0, max_digits=14, decimal_places=2,
                                 description="Apport en numéraire des collectivités françaises.")
    french_in_kind: Decimal = Field(Decimal(0), ge=0, max_digits=14, decimal_places=2,
                                    description="Valorisation (apport en nature) des collectivités françaises.")
    partner_contributions: Decimal = Field(Decimal(0), ge=0, max_digits=14, decimal_places=2,
                                           description="Apports des partenaires étrangers.")
    other_funding: Decimal = Field(Decimal(0), ge=0, max_digits=14, decimal_places=2,
                                   description="Autres cofinancements.")
    requested_grant: Decimal = Field(Decimal(0), ge=0, max_digits=14, decimal_places=2,
                                     description="Subvention demandée au ministère.")
    duration_months: int | None = Field(None, ge=1, le=120, description="Durée du projet, en mois.")


class CheckOut(Schema):
    code: str = Field(description="budget_balanced, requested_grant, total_cost, french_share, "
                                  "partner_share, in_kind, duration ou countries.")
    status: Literal["passed", "failed", "warning"]
    message: str = Field(description="La raison, en français.")


class RulesOut(Schema):
    campaign: int
    rates: dict[str, str] = Field(description="Taux maximal de chaque pays indiqué, selon sa catégorie l'année "
                                              "de la campagne.")
    classes: dict[str, str] = Field(description="Catégorie de chaque pays : ldc, oda ou none.")
    flat_rate: str | None = Field(description="Taux forfaitaire d'un projet multi-pays.")
    min_french_share: str | None
    min_partner_share: str | None
    partner_share_country: str | None
    in_kind_cap: str = Field(description="Part au plus de la contribution française que la valorisation peut être.")
    grant_ceiling: str | None = Field(description="Subvention maximale par projet.")
    min_total_cost: str | None
    duration_min: int | None
    duration_max: int | None


class CofinancingOut(Schema):
    method: Literal["single", "per_country", "flat"]
    rate_ceiling: str = Field(examples=["60000.00"])
    per_country_ceiling: str | None = Field(description="Plafond pays par pays (projet multi-pays).")
    flat_ceiling: str | None = Field(description="Plafond au taux forfaitaire (projet multi-pays).")
    reason: str = Field(description="Pourquoi ce plafond, en français.")
    max_grant: str = Field(examples=["60000.00"])
    checks: list[CheckOut]
    rules: RulesOut


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(CENT))


def _unknown_countries(ruleset: rules.RuleSet, countries: list[CountryCost]) -> None:
    """A code that is no country is the request's fault: 422 naming the entry."""
    errors = [{"type": "value_error", "loc": ["body", "payload", "countries", index, "country"],
               "msg": f"Pays inconnu « {entry.country} » (code ISO 3166-1 alpha-2 attendu)."}
              for index, entry in enumerate(countries) if entry.country not in ruleset.country_classes]
    if errors:
        raise ValidationError(errors)


@router.post("/cofinancing", response={200: CofinancingOut, 400: Error, 404: Error, 422: Invalid},
             url_name="cofinancing",
             summary="Le cofinancement maximal d'un projet et les vérifications de l'appel")
def cofinancing(request, payload: CofinancingIn):
    """Le plafond par les taux (un pays : son taux sur le coût total ; plusieurs : le plus favorable
    du plafond pays par pays et du forfait), la subvention maximale (le plus bas de ce plafond,
    du plafond de l'appel et de ce que les autres ressources laissent du coût), montants arrondis
    à l'euro inférieur, et les vérifications du budget avec leur raison."""
    call = call_get(year=payload.campaign, slug=payload.call)
    if call is None:
        raise HttpError(404, f"Aucun appel « {payload.call} » dans la campagne {payload.campaign}.")
    try:
        ruleset = call_ruleset(call)
    except RulesMissing as missing:
        raise HttpError(404, str(missing)) from None
    _unknown_countries(ruleset, payload.countries)
    evaluation = rules.evaluate(ruleset, rules.Budget(
        countries=tuple((entry.country, entry.cost) for entry in payload.countries),
        total_cost=payload.total_cost, french_cash=payload.french_cash, french_in_kind=payload.french_in_kind,
        partner_contributions=payload.partner_contributions, other_funding=payload.other_funding,
        requested_grant=payload.requested_grant, duration_months=payload.duration_months,
    ))
    used = evaluation.rules_used
    return CofinancingOut(
        method=evaluation.method, rate_ceiling=_money(evaluation.rate_ceiling),
        per_country_ceiling=_money(evaluation.ceiling.per_country), flat_ceiling=_money(evaluation.ceiling.flat),
        reason=evaluation.ceiling.reason, max_grant=_money(evaluation.max_grant),
        checks=[CheckOut(code=c.code, status=c.status, message=c.message) for c in evaluation.checks],
        rules=RulesOut(
            campaign=used.year, rates={iso2: _money(rate) for iso2, rate in used.rates.items()},
            classes=used.classes, flat_rate=_money(used.flat_rate), min_french_share=_money(used.min_french_share),
            min_partner_share=_money(used.min_partner_share), partner_share_country=used.partner_share_country,
            in_kind_cap=_money(used.in_kind_cap), grant_ceiling=_money(used.grant_ceiling),
            min_total_cost=_money(used.min_total_cost), duration_min=used.duration_min,
            duration_max=used.duration_max,
        ),
    )
