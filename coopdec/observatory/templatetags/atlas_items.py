"""Filters of the Atlas's templates: a partner's name and country, read without a query."""
from django import template

from coopdec.atlas import selectors_public

register = template.Library()


@register.filter
def partner_country(partner):
    """Its own country, else its foreign authority's; None when neither is known."""
    return selectors_public.partner_country(partner)


@register.filter
def partner_name(partner):
    """The foreign authority's name when it is resolved, else the name as written."""
    return partner.foreign_authority.name if partner.foreign_authority_id else partner.name
