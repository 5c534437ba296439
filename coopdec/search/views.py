from django.shortcuts import render

from coopdec.publication.selectors import CountedPaginator

from .selectors import FACETS, result_count, search_facets, search_results

FACET_TITLES = {"campaign": "Campagne", "call": "Appel", "region": "Région", "country": "Pays partenaire"}


def search(request):
    """/recherche/?q=…: laureates by words, narrowed by facets that keep their counts."""
    query = request.GET.get("q", "").strip()[:200]
    selected = {facet: request.GET.get(facet, "").strip() for facet in FACETS}
    context = {"title": "Rechercher un lauréat", "query": query, "selected": selected}
    if query:
        results = search_results(query=query, selected=selected)
        facets = search_facets(query=query, selected=selected)
        page = CountedPaginator(results, 25, count=result_count(facets, selected)).get_page(
            request.GET.get("page"))
        context.update(
            page=page,
            facets=[(name, FACET_TITLES[name], values) for name, values in facets.items()],
            base_query=request.GET.copy(),
        )
    return render(request, "search/search.html", context)
