"""/atlas/: the world map of the French authorities' partner countries, and every public action
with words and facets; /atlas/actions/<id>/: one action.

Thin: the filters from the address, the Atlas's public selectors (`atlas.selectors_public`), the
aggregates kept per data version (`publication.cache.cached`), render. A withdrawn action is a 404.
"""
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from coopdec.atlas import selectors_public as public
from coopdec.hardening import BadParameter
from coopdec.publication.cache import cached
from coopdec.publication.selectors import CountedPaginator

from . import maps, selectors

PAGE_SIZE = 20
MAX_PAGES = 500  # a limited offset: beyond 10,000 actions, narrow with a facet or words
# The address's parameters and the filters they set.
PARAMETERS = {"q": "query", "pays": "country", "region": "region", "nature": "kind", "etat": "status",
              "theme": "theme", "odd": "sdg", "origine": "origin"}
FACET_TITLES = {"country": "Pays partenaire", "region": "Région française", "kind": "Nature",
                "status": "État", "theme": "Thème", "sdg": "Objectif de développement durable",
                "origin": "Origine"}
TITLE = "L'Atlas de l'action extérieure des collectivités"


def filters_from(params) -> public.ActionFilters:
    values = {name: params.get(parameter, "").strip()[:200] for parameter, name in PARAMETERS.items()}
    values["country"] = values["country"].upper()
    return public.ActionFilters(**values)


def atlas_map() -> tuple[maps.ChoroplethMap, list[public.CountryAuthorities]]:
    countries = cached("atlas_authorities_by_country", public.authorities_by_country)
    world = maps.world_map(
        {c.iso2: c.authorities for c in countries}, names=cached("country_names", selectors.country_names), id="carte-atlas",
        unit="collectivité", feminine=True,
        title="Pays partenaires des collectivités françaises, par nombre de collectivités",
    )
    return world, countries


def atlas(request):
    filters = filters_from(request.GET)
    try:
        facets = cached("atlas_facets", lambda: public.action_facets(filters), key=filters.key)
        results = public.with_relations(public.action_search(filters))
    except public.BadFilter as error:
        raise BadParameter(str(error)) from error
    count = public.result_count(facets, filters)
    paginator = CountedPaginator(results, PAGE_SIZE, count=count)
    number = request.GET.get("page", "1")
    try:
        if int(number) > MAX_PAGES:
            raise BadParameter(f"Au-delà de la page {MAX_PAGES}, précisez la recherche (un mot, un filtre).")
        page = paginator.page(number)
    except (ValueError, PageNotAnInteger) as error:
        raise BadParameter(f"« page » doit être un numéro de page (reçu « {number[:20]} »).") from error
    except EmptyPage as error:
        raise Http404(f"Pas de page {number} : il y en a {paginator.num_pages}.") from error
    world, countries = atlas_map()
    parameter_of = {name: parameter for parameter, name in PARAMETERS.items()}
    return render(request, "observatory/atlas.html", {
        "title": TITLE,
        "filters": filters,
        "world": world,
        "countries": countries,
        "page": page,
        "count": count,
        "facets": [(parameter_of[name], FACET_TITLES[name], values) for name, values in facets.items()],
        "selected": [(parameter, request.GET.get(parameter, "")) for parameter in PARAMETERS if parameter != "q"],
        "base_query": request.GET.copy(),
        "narrowed": any(filters.key),
        "breadcrumb_data": {"links": [], "current": "Atlas"},
    })


def action_detail(request, pk):
    try:
        action = public.action_get(pk=pk)
    except ObjectDoesNotExist as error:
        raise Http404(f"Aucune action n° {pk} enregistrée dans CoopDec.") from error
    return render(request, "observatory/atlas_action.html", {
        "title": action.title,
        "action": action,
        "breadcrumb_data": {"links": [{"url": reverse("atlas-public:index"), "title": "Atlas"}], "current": action.title},
    })
