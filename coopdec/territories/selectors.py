"""Reads of the geography."""
from datetime import date

from django.db.models import Q

from coopdec.territories.models import (
    Authority, AuthorityAlias, AuthorityConfirmation, Country, CountryClassification, Departement,
    NameIndexVersion, Region,
)


def name_index_version() -> str | None:
    """The geography's current version (`NameIndexVersion`): one primary-key read."""
    return NameIndexVersion.objects.filter(pk=1).values_list("token", flat=True).first()


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
        "confirmations": AuthorityConfirmation.objects.values_list(
            "name_key", "authority_id", "publisher", "region_id", "partner_country_id", "partner",
            "partner_key",
        ).order_by("confirmed_at", "id"),
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


def authority_list_by_codes(pairs) -> list[Authority]:
    """The authorities named by (kind, code) pairs, in that order, with their département."""
    pairs = [tuple(pair) for pair in pairs]
    found = {
        (a.kind, a.code): a
        for a in Authority.objects.filter(code__in={code for _kind, code in pairs}).select_related("departement")
    }
    return [found[pair] for pair in pairs if pair in found]


def confirmation_list(*, name_key: str):
    """What people confirmed for a published name (its `resolve.confirmation_key`), in every
    context, the latest first."""
    return AuthorityConfirmation.objects.filter(name_key=name_key).select_related(
        "authority__departement", "region", "partner_country", "confirmed_by")
