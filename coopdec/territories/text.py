"""Text normalisation shared by every matcher: one key per way of writing a name."""
import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("œ", "oe").replace(
        "Œ", "OE"
    ).replace("æ", "ae").replace("Æ", "AE")


def normalise(text: str) -> str:
    """Lower case, no accents, every run of punctuation or space as one space.

    "Saint-Étienne", "SAINT ETIENNE" and "saint-etienne " all give "saint etienne".
    """
    text = strip_accents((text or "").translate(_APOSTROPHES)).lower()
    return _NON_WORD.sub(" ", text).strip()
