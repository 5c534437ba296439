"""Reads of the geography."""
from coopdec.territories.models import (
    Authority, AuthorityAlias, AuthorityConfirmation, Country, Departement, Region,
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
        "confirmations": AuthorityConfirmation.objects.values_list(
            "name_key", "authority_id", "publisher", "region_id", "partner_country_id", "partner",
            "partner_key",
        ).order_by("confirmed_at", "id"),
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
