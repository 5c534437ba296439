"""Amounts of grants as pages write them, cents shown only when there are some."""
from django import template

from coopdec.grants.rules import euros_cents

register = template.Library()


@register.filter
def montant(amount):
    """« 22 400 € », « 4 000,50 € »; empty for no amount."""
    return "" if amount is None else euros_cents(amount)
