"""The read API, version 1: campaigns, calls, laureates, French authorities, countries, statistics.

Thin: parse the parameters, call a selector, fill a schema. Lists that can be long (laureates,
authorities) come in pages with `count`, `next` and `previous`; the short ones come whole.
"""
import json
from typing import Literal
from urllib.parse import urlencode

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import EmptyPage, Paginator
from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError

from coopdec.publication import readmodel
from coopdec.publication import selectors as publication

from . import schemas, selectors
from .schemas import AuthorityKind, CallKind, Error, Invalid, OdaClass
from .views import OfflineSwagger

DESCRIPTION = """
Les appels à projets de la coopération décentralisée et leurs lauréats, tels que CoopDec les
publie, et la géographie officielle des collectivités françaises. Lecture seule, sans
authentification ; toute origine peut lire (CORS). [Retour au site CoopDec](/) ·
[les données ouvertes](/donnees/).

- **Identifiants.** Un lauréat : la clé de son dossier (`"42"`) et son adresse
  `/api/v1/laureates/42` ; et sa clé de projet `key` (`"2025-3f9a1c0b2d4e"`), la même que
  dans les fichiers de `/donnees/` (colonne `cle`, IATI, 360Giving), pour les relier. Une
  collectivité : `nature:code` (`commune:81065`, `epci:243100633`), code INSEE ou SIREN. Un
  appel : son `slug` dans sa campagne. Un pays : son code ISO 3166-1.
- **Chiffres.** Un taux est une fraction décimale écrite en texte, exacte (`"0.576"`). Chaque
  chiffre dit d'où il vient : `published` (publié par une source, citée), `derived` (calculé à
  partir de chiffres publiés) ou `records` (calculé à partir de nos dossiers).
  Les lauréats d'AMI sont comptés à part de ceux des appels à projets.
- **Pages.** `page` (à partir de 1) et `page_size` (50 par défaut, 200 au plus).
- **Actions de l'Atlas.** `/api/v1/actions` : toutes les actions extérieures publiques des
  collectivités françaises (projets, jumelages, accords ; lauréats compris ; jamais une action
  retirée), filtrées par pays d'un partenaire (`country`), région ou département d'une
  collectivité française (`region`, `departement`), collectivité (`authority=commune:81065`),
  nature (`kind`), état (`status`) et origine (`origin`), par pages comme les lauréats ; une action
  aux partenaires de plusieurs pays répond au filtre de chacun. Les mêmes en fichiers :
  [/donnees/actions.csv](/donnees/actions.csv).

**Rapprochement (OpenRefine).** `/api/reconcile` met en œuvre la *Reconciliation Service API*
v0.2 : ajoutez-le comme service standard dans OpenRefine pour rapprocher une colonne de noms de
collectivités de leurs codes officiels. Types : `commune`, `epci`, `ept`, `departement`,
`region` ; propriétés facultatives `departement` et `region` (code INSEE ou nom) pour
départager les homonymes. Un nom ambigu revient avec ses candidats, aucun marqué `match` :
jamais de fausse correspondance.
"""

api = NinjaAPI(
    title="API CoopDec",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=OfflineSwagger(),
)
api.add_router("", "coopdec.api.cofinancing.router")
api.add_router("", "coopdec.api.actions.router")


@api.exception_handler(HttpError)
def http_error(request, exc):
    """django-ninja answers a body that is not JSON at all with a bare 400 in English: it is a
    malformed body like any other, so it gets a 422 naming the body, in French."""
    if isinstance(exc.__cause__, (json.JSONDecodeError, UnicodeDecodeError)):  # from ninja's Parser
        return api.create_response(request, {"detail": [{
            "loc": ["body"], "type": "json_invalid",
            "msg": "Le corps de la requête n'est pas un document JSON valide.",
        }]}, status=422)
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)

# Every operation may answer 400 (a control character in the address, coopdec.hardening; an
# unknown code) and, when it takes parameters, 422 (a parameter that is not of its type).
BAD = {400: Error}
INVALID = {400: Error, 422: Invalid}

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class Paging(Schema):
    page: int = Field(1, ge=1, description="Numéro de page, à partir de 1.")
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Résultats par page.")


class LaureateQuery(Paging):
    campaign: int = Field(description="Année de la campagne, par exemple `2025`.")
    region: str | None = Field(None, description="Code INSEE de la région, par exemple `76`.")
    departement: str | None = Field(None, description="Code INSEE du département, par exemple `81`.")
    call: str | None = Field(None, description="Slug de l'appel, par exemple `generaliste-2025`.")
    kind: CallKind | None = Field(None, description="Nature de l'appel.")
    country: str | None = Field(None, description="Code ISO du pays d'un partenaire, par exemple `RW`.")


class StatisticsQuery(Schema):
    campaign: int = Field(description="Année de la campagne, par exemple `2025`.")
    by: Literal["region", "departement", "call", "kind", "country"] = Field(
        "region", description="L'axe : région, département, appel, nature de l'appel ou pays partenaire."
    )
    region: str | None = Field(None, description="Code INSEE de la région.")
    departement: str | None = Field(None, description="Code INSEE du département.")
    call: str | None = Field(None, description="Slug de l'appel.")
    kind: CallKind | None = Field(None, description="Nature de l'appel.")
    country: str | None = Field(None, description="Code ISO du pays d'un partenaire.")


class AuthorityQuery(Paging):
    q: str = Field("", description="Un nom (`Castres`), un code INSEE ou SIREN (`81065`), ou un "
                                   "identifiant `nature:code` (`commune:81065`).")
    kind: AuthorityKind | None = Field(None, description="Nature de la collectivité.")


# ---------------------------------------------------------------- campaigns and calls


@api.get("/campaigns", response={200: list[schemas.CampaignOut], **BAD}, url_name="campaigns", tags=["campagnes"],
         summary="Les campagnes")
def campaigns(request):
    return [schemas.campaign_out(request, campaign) for campaign in selectors.campaign_list()]


@api.get("/campaigns/{year}", response={200: schemas.CampaignDetail, 404: Error, **INVALID}, url_name="campaign",
         tags=["campagnes"], summary="Une campagne et ses chiffres, publiés et calculés")
def campaign(request, year: int):
    campaign = _campaign(year)
    return schemas.campaign_detail_out(
        request, publication.campaign_figures(campaign),
        publication.laureate_count(publication.LaureateFilters(campaign=campaign)),
    )


@api.get("/campaigns/{year}/calls", response={200: list[schemas.CallOut], 404: Error, **INVALID}, url_name="calls",
         tags=["campagnes"], summary="Les appels d'une campagne")
def calls(request, year: int):
    return [schemas.call_out(request, call) for call in selectors.call_list(campaign=_campaign(year))]


# ---------------------------------------------------------------- laureates


@api.get("/laureates", response={200: schemas.LaureatePage, 404: Error, **INVALID}, url_name="laureates",
         tags=["lauréats"], summary="Les lauréats, avec les filtres des pages publiques")
def laureates(request, query: Query[LaureateQuery]):
    filters = _filters(query)
    count = readmodel.laureate_count(filters)
    head = {"campaign": query.campaign, "laureates": {"calls_for_projects": count.calls_for_projects,
                                                      "ami": count.ami, "total": count.total}}
    objects = readmodel.api_objects(filters, offset=(query.page - 1) * query.page_size, limit=query.page_size)
    if objects is not None:
        # The read model's objects, made and validated once per version: put together, not remade.
        _, links = _page(request, [], query, count=count.total)
        text = json.dumps({**links, **head}, ensure_ascii=False)[:-1] + ', "results": [' + ",".join(objects) + "]}"
        return HttpResponse(readmodel.with_origin(text, schemas.origin(request)),
                            content_type="application/json; charset=utf-8")
    page, links = _page(request, publication.laureate_list(filters), query, count=count.total)
    # Plain data, validated once by django-ninja against LaureatePage as it answers.
    return {**links, **head, "results": [schemas.laureate_out(request, application) for application in page]}


@api.get("/laureates/{laureate_id}", response={200: schemas.LaureateOut, 404: Error, **INVALID}, url_name="laureate",
         tags=["lauréats"], summary="Un lauréat")
def laureate(request, laureate_id: int):
    try:
        return schemas.laureate_out(request, selectors.laureate_get(pk=laureate_id))
    except ObjectDoesNotExist as error:
        raise HttpError(404, f"Aucun lauréat n° {laureate_id}.") from error


# ---------------------------------------------------------------- authorities and countries


@api.get("/authorities", response={200: schemas.AuthorityPage, 404: Error, **INVALID}, url_name="authorities",
         tags=["collectivités"], summary="Chercher une collectivité française par nom ou par code")
def authorities(request, query: Query[AuthorityQuery]):
    """Un code ou un identifiant trouve exactement ses collectivités ; un nom, d'abord les
    candidates de sa résolution (avec leur score), puis les noms qui le contiennent (100 au plus)."""
    kind = query.kind or ""
    if query.q.strip():
        search = selectors.authority_search(text=query.q, kind=kind)
        page, links = _page(request, search.ids, query)
        found, scores, resolution = selectors.authorities_in_order(list(page)), search.scores, search.resolution
    else:
        page, links = _page(request, selectors.authority_list(kind=kind), query)
        found, scores, resolution = list(page), {}, None
    return schemas.AuthorityPage(
        **links, resolution=schemas.resolution_out(resolution),
        results=[schemas.authority_hit(request, a, scores.get(a.pk)) for a in found],
    )


@api.get("/authorities/{kind}/{code}", response={200: schemas.AuthorityOut, 404: Error, **INVALID},
         url_name="authority", tags=["collectivités"], summary="Une collectivité française")
def authority(request, kind: AuthorityKind, code: str):
    try:
        return schemas.authority_out(request, selectors.authority_get(kind=kind, code=code))
    except ObjectDoesNotExist as error:
        raise HttpError(404, f"Aucune collectivité « {kind}:{code} ».") from error


@api.get("/countries", response={200: list[schemas.CountryOut], **INVALID}, url_name="countries", tags=["pays"],
         summary="Les pays et leur catégorie d'aide publique au développement")
def countries(request, oda_class: OdaClass | None = None):
    return [schemas.country_out(country) for country in selectors.country_list(oda_class=oda_class or "")]


# ---------------------------------------------------------------- statistics


@api.get("/statistics", response={200: schemas.StatisticsOut, 404: Error, **INVALID}, url_name="statistics",
         tags=["statistiques"], summary="Les lauréats comptés par région, département, appel, nature ou pays")
def statistics(request, query: Query[StatisticsQuery]):
    filters = _filters(query)
    count = publication.laureate_count(filters)
    counted = (f"Lauréats (dossiers retenus) enregistrés dans CoopDec pour la campagne {query.campaign}, "
               f"par {_AXIS_NAMES[query.by]}")
    if query.by == "country":
        counted += " ; un lauréat aux partenaires de plusieurs pays compte dans chacun"
    return schemas.StatisticsOut(
        campaign=query.campaign, by=query.by, provenance="records", counted=counted + ".",
        total=schemas.laureate_count_out(count),
        rows=[schemas.statistics_row(row) for row in selectors.laureates_by_axis(filters, axis=query.by)],
    )


_AXIS_NAMES = {"region": "région", "departement": "département", "call": "appel",
               "kind": "nature de l'appel", "country": "pays partenaire"}


# ---------------------------------------------------------------- helpers


def _campaign(year: int):
    try:
        return publication.campaign_get(year=year)
    except ObjectDoesNotExist as error:
        raise HttpError(404, f"Aucune campagne {year}.") from error


def _filters(query) -> publication.LaureateFilters:
    """The publication's filters from codes; an unknown code is a 400 that names it."""
    campaign = _campaign(query.campaign)
    criteria = {"kind": query.kind or ""}
    if query.region:
        criteria["region"] = _or_400(selectors.region_get, f"Aucune région de code « {query.region} ».",
                                     code=query.region)
    if query.departement:
        criteria["departement"] = _or_400(
            selectors.departement_get, f"Aucun département de code « {query.departement} ».",
            code=query.departement,
        )
    if query.call:
        criteria["call"] = _or_400(
            publication.call_get, f"Aucun appel « {query.call} » dans la campagne {campaign.year}.",
            campaign=campaign, slug=query.call,
        )
    if query.country:
        criteria["country"] = _or_400(selectors.country_get, f"Aucun pays de code « {query.country} ».",
                                      iso2=query.country)
    return publication.LaureateFilters(campaign=campaign).narrowed(**criteria)


def _or_400(get, message: str, **kwargs):
    try:
        return get(**kwargs)
    except ObjectDoesNotExist as error:
        raise HttpError(400, message) from error


def _page(request: HttpRequest, items, query: Paging, *, count: int | None = None):
    """One page of a queryset or a list, and the links around it; past the last page is a 404.
    A `count` already known is not asked of the database again."""
    paginator = (Paginator(items, query.page_size) if count is None
                 else publication.CountedPaginator(items, query.page_size, count=count))
    try:
        page = paginator.page(query.page)
    except EmptyPage as error:
        raise HttpError(404, f"Pas de page {query.page} : il y en a {paginator.num_pages}.") from error

    def link(number):
        params = request.GET.copy()
        params["page"] = number
        return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(params.items()))}")

    return page, {
        "count": paginator.count,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
    }
