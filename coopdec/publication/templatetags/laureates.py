"""The « à confirmer » flag in templates: whether rows carry it, and what it means.

    {% load laureates %}
    {% if rows|any_to_confirm %}<p>à confirmer : {% to_confirm_meaning %}.</p>{% endif %}
"""
from django import template

from coopdec.publication.wording import TO_CONFIRM_MEANING

register = template.Library()


@register.filter
def any_to_confirm(rows) -> bool:
    """Whether a laureate of `rows` (LaureateRow) has a lead authority still to confirm."""
    return any(row.lead_to_confirm for row in rows)


@register.simple_tag
def to_confirm_meaning() -> str:
    return TO_CONFIRM_MEANING
