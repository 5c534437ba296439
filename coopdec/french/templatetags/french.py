"""French in templates, from `coopdec.french.text`, the one formatter of pages, PDFs and e-mails:

    {% load french %}
    {{ 158|nombre }} {{ amount|euros }} {{ rate|pourcentage }} {{ n|pluriel }}
    {{ day|date_fr }} {{ moment|datetime_fr }} {{ title|typographie }}
"""
from django import template

from coopdec.french import text

register = template.Library()


@register.filter
def nombre(value, places=None):
    """12345 → « 12 345 »; {{ x|nombre:2 }} with two decimals; {{ weight|nombre:"-" }} without
    the trailing zeros (1.50 → « 1,5 », 2.00 → « 2 »)."""
    if value is None or value == "":
        return ""
    if places == "-":
        return text.number_fr(value, trim=True)
    return text.number_fr(value, None if places is None else int(places))


@register.filter
def euros(amount):
    """« 60 000 € », « 60 000,50 € »; empty for no amount."""
    return "" if amount is None or amount == "" else text.euros(amount)


@register.filter
def pourcentage(fraction, places=1):
    """A Decimal fraction as a French percentage: 0.5759 → « 57,6 % »; {{ rate|pourcentage:"" }}
    keeps the rate's own digits (0.125 → « 12,5 % »)."""
    if fraction is None or fraction == "":
        return ""
    return text.percent_fr(fraction, None if places in (None, "") else int(places))


@register.filter
def pluriel(count, suffix="s"):
    """French plural mark: none for 0 and 1 (« 0 dossier », « 1 dossier », « 2 dossiers »)."""
    return text.plural_fr(count, "", suffix)


@register.filter
def date_fr(day):
    """« 1er avril 2027 » (a datetime in Paris time); empty for a missing value, as Django's own
    `date` filter (a template's unknown variable arrives as "")."""
    return text.date_fr(day) if isinstance(day, text.date) else ""


@register.filter
def datetime_fr(moment, seconds=False):
    """« 1er avril 2027 à 14:05 »; {{ at|datetime_fr:True }} with the seconds; empty for a missing
    value."""
    return text.datetime_fr(moment, seconds=bool(seconds)) if isinstance(moment, text.datetime) else ""


@register.filter(is_safe=True)
def typographie(value):
    """A text from a source (a title, a remark) with French spaces: {{ row.title|typographie }}."""
    return text.french_spaces(str(value))
