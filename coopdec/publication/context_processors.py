from django.utils.functional import SimpleLazyObject

from . import selectors
from .cache import cached


# The menu's other sections, after « Accueil » and the latest campaign.
SECTIONS = [
    ("observatory:statistics", "Statistiques"),
    ("observatory:map", "Carte"),
    ("atlas-public:index", "Atlas"),
    ("observatory:networks", "Réseaux régionaux"),
    ("directory:countries", "Pays"),
    ("calls:simulator", "Simulateur"),
    ("search:search", "Rechercher"),
    ("opendata:index", "Données"),
    ("api-v1:openapi-view", "API"),
]


def navigation(request):
    """The site-wide menu; the latest campaign is read only when a page's menu shows it."""
    return {"nav_campaign": SimpleLazyObject(lambda: cached("campaign_latest", selectors.campaign_latest)),
            "nav_sections": SECTIONS}
