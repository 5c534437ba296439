from django import template

register = template.Library()


@register.simple_tag
def facet_url(query_dict, facet, value):
    """The current search with one parameter set to `value` (cleared when empty), back to page 1
    unless the parameter is the page itself."""
    params = query_dict.copy()
    params.pop("page", None)
    if value:
        params[facet] = value
    else:
        params.pop(facet, None)
    return "?" + params.urlencode()
