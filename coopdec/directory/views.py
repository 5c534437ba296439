"""The directory's pages: a French authority, a partner country, the partner countries.

Thin: find the record (an unknown kind, code or country is a 404), read through the selectors,
render.
"""
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from coopdec.territories.models import Authority

from . import apd_selectors, selectors

COUNTRIES = "Pays partenaires"


def authority_detail(request, kind, code):
    if kind not in Authority.Kind.values:
        raise Http404(f"Nature de collectivité inconnue : {kind}")
    authority = _found(selectors.authority_get, kind=kind, code=code.upper())
    return render(request, "directory/authority.html", {
        "record": selectors.authority_record(authority),
        "population_source": selectors.population_source(),
        "apd_years": apd_selectors.authority_apd(authority),
        "title": authority.name,
        "breadcrumb_data": {"links": [], "current": authority.name},
    })


def country_detail(request, iso):
    country = _found(selectors.country_get, iso=iso)
    return render(request, "directory/country.html", {
        "record": selectors.country_record(country, page=request.GET.get("page")),
        "title": country.name_fr,
        "breadcrumb_data": {
            "links": [{"url": reverse("directory:countries"), "title": COUNTRIES}],
            "current": country.name_fr,
        },
    })


def country_index(request):
    return render(request, "directory/countries.html", {
        "summaries": selectors.country_summaries(),
        "title": COUNTRIES,
        "breadcrumb_data": {"links": [], "current": COUNTRIES},
    })


def _found(get, **lookup):
    try:
        return get(**lookup)
    except ObjectDoesNotExist as error:
        raise Http404("Rien n'est enregistré dans CoopDec à cette adresse (campagne, région, appel, réseau "
                      "ou collectivité inconnus).") from error
