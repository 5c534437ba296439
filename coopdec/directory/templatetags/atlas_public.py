"""`{% atlas_actions authority=… %}` / `{% atlas_actions country=… %}`: the Atlas's public actions
of a French authority or of a partner country (its partnerships: an action with a partner there)
other than the calls' laureates, which the page lists already, beside those laureates on the directory's pages. Self-contained, so that a page
gains it with one line: the tag reads through `atlas.selectors_public` (three queries for the
list and one for the count, whatever the number of actions) and renders `directory/_atlas.html`.
The page itself is kept per data version (`publication.cache.CACHED_VIEWS`).
"""
from django import template

from coopdec.atlas import selectors_public as atlas
from coopdec.atlas.models import Action

register = template.Library()

SHOWN = 50  # the rest in /atlas/, narrowed to the authority's région or the country


@register.inclusion_tag("directory/_atlas.html")
def atlas_actions(*, authority=None, country=None):
    if (authority is None) == (country is None):
        raise template.TemplateSyntaxError("atlas_actions : une collectivité ou un pays, l'un des deux.")
    actions = atlas.authority_actions(authority) if authority is not None else atlas.country_actions(country)
    # The laureates are listed above on the same page: the Atlas adds the other actions.
    actions = actions.exclude(origin=Action.Origin.LAUREATE)
    count = actions.count()
    return {
        "authority": authority,
        "country": country,
        "count": count,
        "actions": list(actions[:SHOWN]) if count else [],
        "shown": SHOWN,
    }
