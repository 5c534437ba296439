"""French in templates: {{ 158|nombre }}, {{ rate|pourcentage }}, {{ n|pluriel }}, {{ title|typographie }}."""
from django import template

from coopdec.publication.wording import date_remark, french_spaces, number_fr, percent_fr, plural_fr

register = template.Library()


@register.filter
def nombre(value):
    return "" if value is None else number_fr(value)


@register.filter
def pourcentage(fraction, places=1):
    """A Decimal fraction as a French percentage: 0.5759 → "57,6 %"."""
    return "" if fraction is None else percent_fr(fraction, int(places))


@register.filter
def pluriel(count, suffix="s"):
    """French plural mark: none for 0 and 1 ("0 dossier", "1 dossier", "2 dossiers")."""
    return plural_fr(count, "", suffix)


@register.filter(is_safe=True)
def typographie(text):
    """A text from a source (a title, a remark) with French spaces: {{ row.title|typographie }}."""
    return french_spaces(str(text))


@register.filter
def remarque_de_date(note):
    """A call's remark on a date, in French: {{ call.closes_note|remarque_de_date }}."""
    return date_remark(note)
