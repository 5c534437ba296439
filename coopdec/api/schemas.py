"""The shapes the API answers with, and the functions that fill them from our records.

Field names are English snake_case; codes are the official ones (INSEE, SIREN, ISO 3166-1).
Every figure carries its provenance, in the words of `publication.selectors.Provenance`:
`published` (as a source published it), `derived` (computed from published figures) or
`records` (computed from the dossiers recorded in CoopDec).
"""
from datetime import date
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Schema

from coopdec.applications.models import Application
from coopdec.calls.models import Call, Campaign
from coopdec.publication.readmodel import (
    ORIGIN, LeadAuthority, PublicLaureate, api_rendering, public_laureate,
)
from coopdec.publication.selectors import CampaignFigures, Figure, LaureateCount
from coopdec.territories.models import Authority, Country
from coopdec.territories.resolve import Resolution, Status

from .selectors import AxisCount

AuthorityKind = Literal["commune", "epci", "ept", "departement", "region", "other"]
CallKind = Literal["generaliste", "thematique", "fonds_conjoint", "cles_en_main", "ami"]
OdaClass = Literal["ldc", "oda", "none"]


def authority_id(kind: str, code: str) -> str:
    """ "commune:81065": an authority's identifier in the API and in the reconciliation service."""
    return f"{kind}:{code}"


def absolute(request: HttpRequest, name: str, **kwargs) -> str:
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))


# ---------------------------------------------------------------- shared pieces


# A text parameter or field never holds a control character (coopdec.hardening refuses them in
# addresses; PostgreSQL refuses a NUL in any text it is sent).
NO_CONTROL_CHARACTERS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"


class Error(Schema):
    detail: str = Field(description="Ce qui ne va pas, en français.")


class FieldError(Schema):
    type: str
    loc: list[str | int] = Field(description="Où : [\"query\", paramètre], [\"path\", paramètre] ou "
                                             "[\"body\", \"payload\", champ, …].")
    msg: str


class Invalid(Schema):
    """A 422: the parameters or the body do not have the expected form (a number, a known value)."""

    detail: list[FieldError] = Field(description="Chaque paramètre ou champ refusé, avec la raison.")


class Place(Schema):
    code: str = Field(description="Code INSEE.", examples=["81"])
    name: str = Field(examples=["Tarn"])


class Page(Schema):
    count: int = Field(description="Nombre total de résultats, toutes pages comprises.")
    next: str | None = Field(description="Adresse de la page suivante, s'il y en a une.")
    previous: str | None = Field(description="Adresse de la page précédente, s'il y en a une.")


class Source(Schema):
    label: str = Field(examples=["Occitanie Coopération"])
    url: str = ""
    published_on: date | None = None


class FigureOut(Schema):
    name: str = Field(description=(
        "Ce que compte le chiffre : `applications_received`, `applications_retained`, `calls`, "
        "`acceptance_rate` (chiffres publiés ou dérivés) ; `recorded_applications`, "
        "`recorded_laureates`, `recorded_calls`, `recorded_acceptance_rate` (nos dossiers)."
    ))
    unit: Literal["count", "rate"] = Field(description="`rate` : une fraction entre 0 et 1.")
    value: int | Decimal = Field(description=(
        "Un entier pour un compte ; pour un taux, une fraction décimale écrite en texte, exacte "
        "(`\"0.576\"`), jamais un nombre à virgule flottante."
    ), examples=[91, "0.576"])
    provenance: Literal["published", "derived", "records"] = Field(description=(
        "`published` : tel qu'une source l'a publié ; `derived` : calculé à partir de chiffres "
        "publiés ; `records` : calculé à partir des dossiers enregistrés dans CoopDec."
    ))
    sources: list[Source] = Field(description="Les sources d'un chiffre publié ou dérivé.")
    record_count: int | None = Field(
        None, description="Pour un chiffre calculé : le nombre de dossiers sur lesquels il repose."
    )


def figure_out(name: str, figure: Figure) -> FigureOut:
    rate = isinstance(figure.value, Decimal)
    return FigureOut(
        name=name, unit="rate" if rate else "count",
        value=figure.value,
        provenance=str(figure.provenance),
        sources=[Source(label=s.label, url=s.url, published_on=s.published_on) for s in figure.sources],
        record_count=figure.record_count,
    )


class LaureateCountOut(Schema):
    calls_for_projects: int = Field(description="Lauréats des appels à projets (hors AMI).")
    ami: int = Field(description="Lauréats des appels à manifestation d'intérêt.")
    total: int


def laureate_count_out(count: LaureateCount) -> LaureateCountOut:
    return LaureateCountOut(calls_for_projects=count.calls_for_projects, ami=count.ami, total=count.total)


# ---------------------------------------------------------------- campaigns and calls


class CampaignOut(Schema):
    year: int = Field(examples=[2025])
    calls: int = Field(description="Appels enregistrés pour la campagne (calculé).")
    laureates: int = Field(description="Lauréats enregistrés, AMI compris (calculé).")
    url: str
    page_url: str = Field(description="La page publique de la campagne.")


def campaign_out(request: HttpRequest, campaign: Campaign) -> CampaignOut:
    return CampaignOut(
        year=campaign.year, calls=campaign.call_count, laureates=campaign.laureate_count,
        url=absolute(request, "api-v1:campaign", year=campaign.year),
        page_url=absolute(request, "publication:campaign", year=campaign.year),
    )


class CampaignDetail(Schema):
    year: int
    laureates: LaureateCountOut = Field(description="Lauréats enregistrés (calculé).")
    laureates_missing: int = Field(
        description=(
            "Lauréats des appels à projets publiés par une source (« dossiers retenus ») qui ne sont "
            "pas encore dans nos dossiers : le décompte publié est comparé à nos lauréats des appels "
            "à projets, AMI à part."
        )
    )
    figures: list[FigureOut]
    previous_year: int | None
    page_url: str
    calls_url: str
    laureates_url: str
    statistics_url: str


def campaign_detail_out(request: HttpRequest, figures: CampaignFigures,
                        count: LaureateCount) -> CampaignDetail:
    year = figures.campaign.year
    published, records = figures.published, figures.records
    named = [
        ("applications_received", published.received),
        ("applications_retained", published.retained),
        ("calls", published.calls),
        ("acceptance_rate", published.rate),
        *(("acceptance_rate", rate) for rate in published.other_rates),
        ("recorded_applications", records.applications),
        ("recorded_laureates", records.laureates),
        ("recorded_calls", records.calls),
        ("recorded_acceptance_rate", figures.records_rate),
    ]
    laureates_url = absolute(request, "api-v1:laureates")
    statistics_url = absolute(request, "api-v1:statistics")
    return CampaignDetail(
        year=year, laureates=laureate_count_out(count), laureates_missing=figures.laureates_missing,
        figures=[figure_out(name, figure) for name, figure in named if figure is not None],
        previous_year=figures.previous_campaign.year if figures.previous_campaign else None,
        page_url=absolute(request, "publication:campaign", year=year),
        calls_url=absolute(request, "api-v1:calls", year=year),
        laureates_url=f"{laureates_url}?campaign={year}",
        statistics_url=f"{statistics_url}?campaign={year}&by=region",
    )


class CallRef(Schema):
    slug: str = Field(description="Identifiant de l'appel dans sa campagne.", examples=["generaliste-2025"])
    name: str
    kind: CallKind = Field(description="Nature de l'appel ; `ami` n'est pas un appel à projets.")


class CallOut(CallRef):
    kind_label: str
    campaign: int
    partner_country: str | None = Field(description="Code ISO du pays d'un fonds conjoint.")
    periodicity: str
    opens_on: date | None
    closes_on: date | None
    laureates: int = Field(description="Lauréats enregistrés de l'appel (calculé).")
    page_url: str
    laureates_url: str


def call_out(request: HttpRequest, call: Call) -> CallOut:
    year = call.campaign.year
    return CallOut(
        slug=call.slug, name=call.name, kind=call.kind, kind_label=str(call.get_kind_display()),
        campaign=year, partner_country=call.partner_country_id, periodicity=call.periodicity,
        opens_on=call.opens_on, closes_on=call.closes_on, laureates=call.laureate_count,
        page_url=absolute(request, "publication:call", year=year, call_slug=call.slug),
        laureates_url=f"{absolute(request, 'api-v1:laureates')}?campaign={year}&call={call.slug}",
    )


# ---------------------------------------------------------------- authorities and countries


class AuthorityOut(Schema):
    id: str = Field(description="`nature:code`, stable.", examples=["commune:81065"])
    kind: AuthorityKind
    kind_label: str
    code: str = Field(description="Code INSEE (commune, département, région) ou SIREN (EPCI, EPT).")
    siren: str
    name: str = Field(description="Nom officiel.")
    departement: Place | None
    region: Place | None
    population: int | None
    url: str


def _place(obj) -> Place | None:
    return _coded(obj.code, obj.name) if obj is not None else None


def _coded(code: str, name: str) -> Place | None:
    return Place(code=code, name=name) if code else None


def authority_out(request: HttpRequest, authority: Authority) -> AuthorityOut:
    return AuthorityOut(
        id=authority_id(authority.kind, authority.code), kind=authority.kind,
        kind_label=str(authority.get_kind_display()), code=authority.code, siren=authority.siren,
        name=authority.name, departement=_place(authority.departement), region=_place(authority.region),
        population=authority.population,
        url=absolute(request, "api-v1:authority", kind=authority.kind, code=authority.code),
    )


class AuthorityHit(AuthorityOut):
    score: float | None = Field(
        description="Pour une recherche par nom : le score de la résolution (1 = nom officiel), "
                    "vide pour un nom qui contient seulement le texte cherché."
    )


def authority_hit(request: HttpRequest, authority: Authority, score: float | None) -> AuthorityHit:
    return AuthorityHit(**dict(authority_out(request, authority)), score=score)


class ResolutionOut(Schema):
    status: Literal["resolved", "ambiguous", "unknown"] = Field(description=(
        "`resolved` : une seule collectivité ; `ambiguous` : plusieurs, à départager ; "
        "`unknown` : aucune. Un nom ambigu n'est jamais résolu en silence."
    ))
    match: str | None = Field(description="L'identifiant de la collectivité résolue.")
    reason: str


def resolution_out(resolution: Resolution | None) -> ResolutionOut | None:
    if resolution is None:
        return None
    match = resolution.match if resolution.status == Status.RESOLVED else None
    return ResolutionOut(status=str(resolution.status), reason=resolution.reason,
                         match=authority_id(match.kind, match.code) if match else None)


class AuthorityPage(Page):
    resolution: ResolutionOut | None = Field(
        description="Pour une recherche par nom : ce qu'en dit la résolution des noms de CoopDec."
    )
    results: list[AuthorityHit]


class CountryOut(Schema):
    iso2: str = Field(examples=["RW"])
    name_fr: str
    name_en: str
    oda_class: OdaClass = Field(description=(
        "`ldc` : pays les moins avancés (PMA) ; `oda` : autre pays éligible à l'aide publique "
        "au développement ; `none` : non éligible."
    ))
    oda_class_label: str
    classification: str = Field(description="La liste datée dont vient la catégorie.")
    classification_source: str


def country_out(country: Country) -> CountryOut:
    return CountryOut(
        iso2=country.iso2, name_fr=country.name_fr, name_en=country.name_en, oda_class=country.oda_class,
        oda_class_label=str(country.get_oda_class_display()), classification=country.classification,
        classification_source=country.classification_source,
    )


# ---------------------------------------------------------------- laureates


class LeadOut(Schema):
    published_name: str = Field(description="Le nom tel que la liste publiée l'écrit.")
    status: Literal["resolved", "to_confirm"] = Field(description=(
        "`resolved` : rattachée à une collectivité officielle ; `to_confirm` : nom ambigu ou "
        "inconnu, qu'une personne doit encore confirmer."
    ))
    authority: AuthorityOut | None
    reason: str | None = Field(
        description="Pour une collectivité à confirmer : pourquoi, selon la résolution."
    )
    candidates: list[str] = Field(
        description="Pour une collectivité à confirmer : les identifiants des candidates proposées."
    )


class CountryRef(Schema):
    iso2: str
    name_fr: str


class PartnerOut(Schema):
    name: str
    country: CountryRef | None


class SourceOut(Schema):
    label: str = Field(description="La publication, telle qu'on la cite ; « dossier déposé sur CoopDec » "
                                   "pour un dossier déposé ici.",
                       examples=["Occitanie Coopération, lauréats 2025 (page du 8 septembre 2025)"])
    url: str = Field(description="Son adresse, vide quand elle n'est pas connue.",
                     examples=["https://www.oc-cooperation.org/"])


class LaureateOut(Schema):
    id: str = Field(description="La clé du dossier dans CoopDec, celle de l'adresse du lauréat dans l'API.",
                    examples=["42"])
    key: str = Field(description=(
        "Clé stable du projet, la même que dans les fichiers de données ouvertes (colonne `cle` des "
        "lauréats, `FR-6-coopdec-<clé>` en IATI, `360G-coopdec-<clé>` en 360Giving) : elle les relie. "
        "Année de la campagne et empreinte de l'appel, du nom publié de la collectivité et de l'intitulé."
    ), examples=["2025-3f9a1c0b2d4e"])
    url: str = Field(description="Adresse stable du lauréat dans l'API.")
    campaign: int
    call: CallRef
    title: str
    lead: LeadOut = Field(description="La collectivité française cheffe de file.")
    departement: Place | None = Field(description="Celui de la collectivité ; à défaut, celui de la liste.")
    region: Place | None
    partners: list[PartnerOut] = Field(description="Les collectivités étrangères partenaires.")
    granted_amount: Decimal | None = Field(description="Subvention accordée en euros, si publiée.")
    provenance: Literal["platform", "import"] = Field(
        description="`platform` : déposé sur CoopDec ; `import` : importé d'une liste publiée."
    )
    sources: list[SourceOut] = Field(description=(
        "D'où vient le lauréat : chaque publication dont la liste l'a donné, ou le dépôt sur CoopDec."
    ))


def laureate_out(request: HttpRequest, application: Application) -> dict:
    """From a laureate fetched by `laureate_list`: no further query. Plain data, which django-ninja
    validates once against `LaureateOut` as it answers (building the schema objects here would
    validate every nested object a second time: a third of the time of a page of 50)."""
    return laureate_data(origin(request), public_laureate(application))


def origin(request: HttpRequest) -> str:
    """ "https://coopdec.example.gouv.fr": what an absolute address starts with."""
    return request.build_absolute_uri("/")[:-1]


def laureate_data(site: str, laureate: PublicLaureate) -> dict:
    """A laureate as the API shows it, addresses starting with `site`."""
    row, lead, pending = laureate.row, laureate.lead, laureate.pending
    return {
        "id": str(laureate.pk), "key": row.key,
        "url": site + reverse("api-v1:laureate", kwargs={"laureate_id": laureate.pk}),
        "campaign": row.campaign_year, "call": {"slug": row.call_slug, "name": row.call_name, "kind": row.call_kind},
        "title": row.title,
        "lead": {
            "published_name": row.lead_published_name,
            "status": "to_confirm" if row.lead_to_confirm else "resolved",
            "authority": _authority_data(site, lead) if lead else None, "reason": pending.get("reason"),
            "candidates": [authority_id(c["kind"], c["code"]) for c in pending.get("candidates", ())],
        },
        "departement": _coded_data(row.departement_code, row.departement_name),
        "region": _coded_data(row.region_code, row.region_name),
        "partners": [
            {"name": p.name,
             "country": {"iso2": p.country_iso2, "name_fr": p.country} if p.country_iso2 else None}
            for p in row.partners
        ],
        "granted_amount": row.granted_amount, "provenance": row.provenance,
        "sources": [{"label": source.label, "url": source.url} for source in row.sources],
    }


@api_rendering
def laureate_json(laureate: PublicLaureate) -> str:
    """The laureate's object as the API answers it (validated against `LaureateOut`), kept by the
    read model with `ORIGIN` for the host: a page of the API is then these texts put together."""
    return LaureateOut.model_validate(laureate_data(ORIGIN, laureate)).model_dump_json()


def _coded_data(code: str, name: str) -> dict | None:
    return {"code": code, "name": name} if code else None


_KIND_LABELS = dict(Authority.Kind.choices)


def _authority_data(site: str, authority: LeadAuthority) -> dict:
    """`authority_out` as plain data, for a laureate's lead."""
    departement, region = authority.departement, authority.region
    return {
        "id": authority_id(authority.kind, authority.code), "kind": authority.kind,
        # Not get_kind_display(): it hashes every choice's lazy label, a translation each, per row.
        "kind_label": str(_KIND_LABELS.get(authority.kind, authority.kind)), "code": authority.code,
        "siren": authority.siren, "name": authority.name,
        "departement": _coded_data(*departement) if departement else None,
        "region": _coded_data(*region) if region else None,
        "population": authority.population,
        "url": site + reverse("api-v1:authority", kwargs={"kind": authority.kind, "code": authority.code}),
    }


class LaureatePage(Page):
    campaign: int
    laureates: LaureateCountOut = Field(description="Les lauréats de la sélection, AMI à part.")
    results: list[LaureateOut]


# ---------------------------------------------------------------- statistics


class StatisticsRow(Schema):
    key: str | None = Field(description="Code de la région, du département, du pays, slug de l'appel "
                                        "ou nature ; vide pour les lauréats sans cette information.")
    label: str
    laureates: int
    calls_for_projects: int
    ami: int


def statistics_row(row: AxisCount) -> StatisticsRow:
    return StatisticsRow(key=row.key, label=row.label, laureates=row.laureates,
                         calls_for_projects=row.calls_for_projects, ami=row.ami)


class StatisticsOut(Schema):
    campaign: int
    by: str
    provenance: Literal["records"] = Field(description="Toujours calculé à partir de nos dossiers.")
    counted: str = Field(description="Ce que comptent les chiffres, en une phrase.")
    total: LaureateCountOut
    rows: list[StatisticsRow]
