"""/partenariats/monde/: the partnership exchange's listings on the world map.

The exchange (`coopdec.exchange`, the work floor) keeps its listings and their list; the map is
drawn here, by the observatory's map of the world, which the exchange cannot import. A country is
coloured by the listings in progress that seek partners there or come from its authorities, and
links to the exchange's list filtered on it; the table beside it gives the same figures.
"""
from django.shortcuts import render

from coopdec.exchange import selectors as exchange
from coopdec.publication.cache import cached

from . import maps, selectors

TITLE = "Les annonces de la bourse des partenariats par pays"


def exchange_map(request):
    rows = exchange.by_country()
    world = maps.world_map(
        {country.pk: sought + own for country, sought, own in rows},
        names=cached("country_names", selectors.country_names), id="carte-partenariats",
        unit="annonce", feminine=True, title=TITLE,
    )
    return render(request, "observatory/exchange_map.html", {
        "title": TITLE, "world": world, "rows": rows,
        "breadcrumb_data": {"links": [{"url": "/partenariats/", "title": "Bourse des partenariats"}],
                            "current": "Carte"},
    })
