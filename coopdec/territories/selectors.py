"""Reads of the geography."""
from datetime import date

from django.db.models import Q

from coopdec.territories.models import (
    Authority, AuthorityAlias, Country, CountryClassification, Departement, Region,
)


def authority_index_rows() -> dict:
    """Plain rows for `resolve.AuthorityIndex`: a handful of queries, no model instances."""
    return {
        "authorities": Authority.objects.values_list(
            "id", "kind", "code", "name", "departement_id", "region_id", "population"
        ).order_by("id"),
        "aliases": AuthorityAlias.objects.values_list("text", "authority_id", "source").order_by("id"),
        "departements": Departement.objects.values_list("code", "name", "region_id"),
        "regions": Region.objects.values_list("code", "name"),
        "countries": Country.objects.values_list("iso2", "name_fr", "name_en"),
    }


def country_classes(year: int) -> dict[str, str]:
    """Every country's co-financing class for a campaign year, in two queries.

    LDC when a dated period of the UN list covers 1 January of the year (campaigns open early in
    the year); otherwise the country's class on the DAC list, an LDC of that list that had left
    the UN list counting as another ODA-eligible country.
    """
    day = date(year, 1, 1)
    ldc = set(CountryClassification.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gt=day),
        oda_class=Country.OdaClass.LDC,
    ).values_list("country_id", flat=True))
    return {
        iso2: Country.OdaClass.LDC if iso2 in ldc
        else Country.OdaClass.ODA if oda_class in (Country.OdaClass.LDC, Country.OdaClass.ODA)
        else Country.OdaClass.NONE
        for iso2, oda_class in Country.objects.order_by().values_list("iso2", "oda_class")
    }
