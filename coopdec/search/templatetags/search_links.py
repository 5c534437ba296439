from urllib.parse import urlencode

from django import template

register = template.Library()


@register.simple_tag
def facet_url(query_dict, facet, value):
    """The current search with one parameter set to `value` (cleared when empty), back to page 1
    unless the parameter is the page itself. Written from the pairs, not a copy of the QueryDict
    (a deep copy per link: a page of facets has 150 links)."""
    params, seen = [], False
    for key, values in query_dict.lists():
        if key == "page" and facet != "page":
            continue
        if key == facet:
            seen = True
            if value:
                params.append((key, str(value)))
            continue
        params.extend((key, item) for item in values)
    if value and not seen:
        params.append((facet, str(value)))
    return "?" + urlencode(params)
