"""Figures of the observatory in templates: {{ tally.granted|subvention }}."""
from django import template

from coopdec.observatory.wording import granted_label

register = template.Library()


@register.filter
def subvention(figure):
    """The known granted amounts and how many laureates they cover: "12 000 € (3 lauréats)"."""
    return granted_label(figure)
