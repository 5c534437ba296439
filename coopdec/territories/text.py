"""Text normalisation shared by every matcher: one key per way of writing a name."""
import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


class _WithoutAccents(dict):
    """Character code → the character without its accents, worked out once per character met.

    Decomposing character by character gives what decomposing the whole text gives once the
    combining marks are dropped, and the cache makes it several times faster on names.
    """

    def __missing__(self, code):
        decomposed = unicodedata.normalize("NFKD", chr(code))
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
        plain = plain.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
        self[code] = plain
        return plain


_WITHOUT_ACCENTS = _WithoutAccents()


def strip_accents(text: str) -> str:
    return text if text.isascii() else text.translate(_WITHOUT_ACCENTS)


def normalise(text: str) -> str:
    """Lower case, no accents, every run of punctuation or space as one space.

    "Saint-Étienne", "SAINT ETIENNE" and "saint-etienne " all give "saint etienne".
    """
    text = strip_accents((text or "").translate(_APOSTROPHES)).lower()
    return _NON_WORD.sub(" ", text).strip()


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
