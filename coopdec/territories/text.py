"""Text normalisation shared by every matcher: one key per way of writing a name."""
from coopdec.french.text import normalise, strip_accents

__all__ = ["name_key", "name_slug", "normalise", "strip_accents"]

# Abbreviations that published lists use for words of official names ("St-Étienne").
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def name_key(text: str) -> str:
    """`normalise`, then spell out abbreviations, so "St-Étienne" and "Saint-Étienne" meet."""
    return " ".join(_ABBREVIATIONS.get(word, word) for word in normalise(text).split())


def name_slug(text: str) -> str:
    """A URL slug whose words are exactly the normalised words: "provence-alpes-cote-d-azur".

    Django's `slugify` would glue "d'Azur" into "dazur"; public URLs follow the words instead.
    """
    return normalise(text).replace(" ", "-")
