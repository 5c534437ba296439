"""The DSFR table component's frame, written once for every table of the site:

    {% load tables %}
    {% table_frame "fr-table--no-scroll" id="tableau-pays" %}<table>…</table>{% endtable_frame %}
"""
from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_block_tag
def table_frame(content, modifiers="", id="", scrolls=False):
    """The divs DSFR wants around a <table> (they scroll it and draw its borders); `modifiers`: the
    frame's other classes (fr-table--no-scroll, fr-table--sm…), `id`: the frame's id; `scrolls`:
    a table that may be wider than a narrow column or a phone scrolls sideways in its frame, which
    the keyboard reaches (tabindex), as RGAA and axe-core's « scrollable-region-focusable » want."""
    return format_html(
        '<div class="{}"{}><div class="fr-table__wrapper"><div class="fr-table__container"{}>'
        '<div class="fr-table__content">{}</div></div></div></div>',
        f"fr-table {modifiers}".rstrip(), format_html(' id="{}"', id) if id else "",
        mark_safe(' tabindex="0"') if scrolls else "", content,
    )
