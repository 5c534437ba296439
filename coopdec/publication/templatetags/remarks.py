"""A call's remark on a date, in French: {% load remarks %}{{ call.closes_note|remarque_de_date }}."""
from django import template

from coopdec.publication.wording import date_remark

register = template.Library()


@register.filter
def remarque_de_date(note):
    """« tbc » → « date à confirmer », « extended from 2023-01-31 » → « prolongée, d'abord fixée au
    31 janvier 2023 »."""
    return date_remark(note)
