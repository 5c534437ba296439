"""Amounts and rates written the French way, as the money rules write them in their messages."""
from django import template

from coopdec.calls import rules

register = template.Library()


@register.filter
def euros(amount):
    """« 60 000 € » (rounded down to the euro)."""
    return "" if amount is None else rules.euros(amount)


@register.filter
def percent(rate):
    """« 12,5 % »."""
    return "" if rate is None else rules.percent(rate)
