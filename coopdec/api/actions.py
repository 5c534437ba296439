"""GET /api/v1/actions and /api/v1/actions/{id}: the Atlas's public actions (never a withdrawn one).

Filters as the /atlas/ page's facets (`atlas.selectors_public`), pages as the laureates'
(`page`, `page_size`, `count`, `next`, `previous`); three queries a page for the actions and
their relations, whatever their number.
"""
from datetime import date
from decimal import Decimal
from typing import Literal
from urllib.parse import urlencode

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import EmptyPage, Paginator
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from coopdec.atlas import selectors_public as atlas
from coopdec.atlas.models import Action
from coopdec.territories.models import Authority

from .schemas import Error, Invalid, Page, origin

router = Router(tags=["actions de l'Atlas"])

PAGE_SIZE, MAX_PAGE_SIZE = 50, 200
ActionKind = Literal["projet", "jumelage", "accord", "autre"]
ActionStatus = Literal["prevue", "en_cours", "terminee", "suspendue"]
ActionOrigin = Literal["collectivite", "import", "ambassade", "laureat"]


class ActionQuery(Schema):
    page: int = Field(1, ge=1, description="Numéro de page, à partir de 1.")
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Résultats par page.")
    country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$",
                                description="Code ISO du pays d'un partenaire, par exemple `RW`.")
    region: str | None = Field(None, pattern=r"^[0-9]{2}$",
                               description="Code INSEE de la région d'une collectivité française, par exemple `76`.")
    departement: str | None = Field(None, pattern=r"^[0-9][0-9AB][0-9]?$",
                                    description="Code INSEE du département d'une collectivité française, par "
                                                "exemple `81`.")
    authority: str | None = Field(None, pattern=r"^[a-z]{2,12}:[0-9A-Za-z]{1,12}$",
                                  description="Une collectivité française, `nature:code` (`commune:81065`).")
    kind: ActionKind | None = Field(None, description="Nature de l'action.")
    status: ActionStatus | None = Field(None, description="État de l'action (une action retirée n'est jamais "
                                                          "publiée).")
    origin: ActionOrigin | None = Field(None, description="D'où vient l'action.")


class ActionAuthorityOut(Schema):
    id: str | None = Field(description="`nature:code` de la collectivité, absent tant qu'elle est à confirmer.",
                           examples=["commune:81065"])
    name: str = Field(description="Nom officiel, ou nom tel qu'écrit tant qu'elle est à confirmer.")
    lead: bool = Field(description="Cheffe de file.")
    region: str | None = Field(description="Code INSEE de sa région.")
    url: str | None = Field(description="Sa page dans CoopDec.")


class ActionPartnerOut(Schema):
    name: str = Field(description="Nom du partenaire étranger, vide quand seul son pays est connu.")
    country: str | None = Field(description="Code ISO de son pays.", examples=["RW"])


class ActionOut(Schema):
    id: int = Field(description="Numéro de l'action.")
    url: str = Field(description="Sa page publique.")
    kind: ActionKind
    status: ActionStatus
    title: str
    description: str
    themes: list[str]
    sdgs: list[int] = Field(description="Objectifs de développement durable (1 à 17).")
    starts_on: date | None
    ends_on: date | None
    amount: Decimal | None = Field(description="Montant total en euros, absent quand il n'est pas connu.")
    origin: ActionOrigin
    source: str = Field(description="Le fichier, la page ou la personne d'où vient l'action.")
    source_url: str
    laureate: str | None = Field(description="Pour un lauréat, l'adresse de son dossier dans l'API.")
    authorities: list[ActionAuthorityOut]
    partners: list[ActionPartnerOut]


class ActionPage(Page):
    results: list[ActionOut]


def action_out(site: str, action: Action) -> dict:
    return {
        "id": action.pk,
        "url": site + reverse("atlas-public:action", kwargs={"pk": action.pk}),
        "kind": action.kind, "status": action.status, "title": action.title, "description": action.description,
        "themes": [str(t) for t in action.themes or []], "sdgs": [int(s) for s in action.sdgs or []],
        "starts_on": action.starts_on, "ends_on": action.ends_on, "amount": action.amount,
        "origin": action.origin, "source": action.source, "source_url": action.source_url,
        "laureate": site + reverse("api-v1:laureate", kwargs={"laureate_id": action.application_id})
        if action.application_id else None,
        "authorities": [{
            "id": f"{link.authority.kind}:{link.authority.code}" if link.authority_id else None,
            "name": link.authority.name if link.authority_id else link.name,
            "lead": link.is_lead,
            "region": link.authority.region_id if link.authority_id else None,
            "url": site + reverse("directory:authority", kwargs={"kind": link.authority.kind,
                                                                "code": link.authority.code})
            if link.authority_id else None,
        } for link in action.authorities.all()],
        "partners": [{
            "name": (partner.foreign_authority.name if partner.foreign_authority_id else partner.name) or "",
            "country": (country.iso2 if (country := atlas.partner_country(partner)) else None),
        } for partner in action.partners.all()],
    }


@router.get("/actions", response={200: ActionPage, 400: Error, 404: Error, 422: Invalid}, url_name="actions",
            summary="Les actions de l'Atlas, avec les filtres de la page /atlas/")
def actions(request, query: Query[ActionQuery]):
    """Les actions extérieures publiques des collectivités françaises (lauréats compris), dans
    l'ordre de leur intitulé. Une action aux partenaires de plusieurs pays répond au filtre de
    chacun."""
    authority = None
    if query.authority:
        kind, code = query.authority.split(":", 1)
        try:
            authority = Authority.objects.only("pk").get(kind=kind, code=code.upper())
        except ObjectDoesNotExist as error:
            raise HttpError(400, f"Aucune collectivité « {query.authority} ».") from error
    filters = atlas.ActionFilters(
        country=(query.country or "").upper(), region=query.region or "", departement=query.departement or "",
        kind=query.kind or "", status=query.status or "", origin=query.origin or "",
        authority=authority.pk if authority else None,
    )
    paginator = Paginator(atlas.with_relations(atlas.action_search(filters)), query.page_size)
    try:
        page = paginator.page(query.page)
    except EmptyPage as error:
        raise HttpError(404, f"Pas de page {query.page} : il y en a {paginator.num_pages}.") from error

    def link(number):
        params = request.GET.copy()
        params["page"] = number
        return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(params.items()))}")

    site = origin(request)
    return {
        "count": paginator.count,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [action_out(site, action) for action in page],
    }


@router.get("/actions/{action_id}", response={200: ActionOut, 400: Error, 404: Error, 422: Invalid}, url_name="action",
            summary="Une action de l'Atlas")
def action(request, action_id: int):
    if not 0 < action_id < 2**31:
        raise HttpError(404, f"Aucune action n° {action_id}.")
    try:
        return action_out(origin(request), atlas.action_get(pk=action_id))
    except ObjectDoesNotExist as error:
        raise HttpError(404, f"Aucune action n° {action_id}.") from error
