"""French in templates, from `coopdec.french.text`, the one formatter of pages, PDFs and e-mails:

    {% load french %}
    {{ 158|nombre }} {{ amount|euros }} {{ rate|pourcentage }} {{ n|pluriel }}
    {{ n|compte:"dossier" }} {{ n|compte:"message non lu,messages non lus" }}
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


def _count(value):
    """A count, or the length of a list given instead (`{{ rows|compte:"ligne" }}`)."""
    return len(value) if hasattr(value, "__len__") and not isinstance(value, str) else int(value)


def _forms(forms):
    """ "dossier" → ("dossier", "dossiers"); "a,ont" → ("a", "ont"), as Django's `pluralize`."""
    singular, comma, plural_form = forms.partition(",")
    return (singular, plural_form) if comma else ("", singular)


@register.filter
def pluriel(count, forms="s"):
    """French plural mark: none for 0 and 1 (« 0 dossier », « 1 dossier », « 2 dossiers »);
    {{ n|pluriel:"ent" }} for a verb, {{ n|pluriel:"a,ont" }} for two forms. Django's own
    `pluralize` follows English (« 0 dossiers »): templates use this one."""
    if count is None or count == "":
        return ""
    return text.plural_fr(_count(count), *_forms(forms))


@register.filter
def compte(count, forms):
    """A count and its noun, the French way: {{ n|compte:"dossier" }} → « 0 dossier »,
    « 1 dossier », « 12 345 dossiers » (the number grouped, a no-break space before the noun);
    {{ n|compte:"message non lu,messages non lus" }} for a plural that is not the noun plus « s »;
    a list counts its items. Empty for a missing count."""
    if count is None or count == "":
        return ""
    singular, comma, plural_form = forms.partition(",")
    return text.counted_fr(_count(count), singular, plural_form if comma else singular + "s", space=text.NBSP)


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
