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
