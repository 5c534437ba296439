"""French text, written one way everywhere: numbers, amounts, rates, dates, spacing, plurals and
the order of names. The ground floor: pages, PDFs, e-mails, exports and the money rules' messages
all call these, and nothing here knows a record.

Pure functions on plain values (int, Decimal, date, str), without Django's locale machinery, so
that a download of 55,000 rows pays for no lookup per cell and a test needs no settings.

Typography: digits are grouped by a no-break space (U+00A0, « 60 000 », as Django's French
format does and every font draws), the unit follows after one too (« 60 000 € », « 57,6 % »), and the spaces before « : ; ! ? » and
inside « » do not break. French plural: 0 and 1 take the singular (« 0 projet », « 1 projet »).
"""
import re
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

NBSP = "\u00a0"
PARIS = ZoneInfo("Europe/Paris")

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")

# ---------------------------------------------------------------- numbers, amounts, rates


def number_fr(value: int | Decimal | float, places: int | None = None, *, trim: bool = False) -> str:
    """12345 → « 12 345 », Decimal("57.6") → « 57,6 », (Decimal("57.6"), 2) → « 57,60 ».

    `places` rounds half up to that many decimals; without it a Decimal keeps its own (an int or
    a whole Decimal shows none), or drops its trailing zeros with `trim` (1.50 → « 1,5 »)."""
    value = Decimal(value) if not isinstance(value, Decimal) else value
    if trim and places is None:
        value = value.normalize()
        value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign, text = ("-", f"{-value:f}") if value < 0 else ("", f"{value:f}")
    whole, _, decimals = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", NBSP)
    return sign + grouped + (f",{decimals}" if decimals else "")


def euros(amount: int | Decimal | None) -> str:
    """« 60 000 € », « 60 000,50 € »: the cents only when there are some (a tranche's remainder,
    an amount typed with them); empty for no amount."""
    if amount is None:
        return ""
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    places = 0 if amount == amount.to_integral_value() else 2
    return f"{number_fr(amount, places)}{NBSP}€"


def percent_fr(fraction: Decimal, places: int | None = 1) -> str:
    """A Decimal fraction as a French percentage: 0.5759 → « 57,6 % » (rounded half up);
    `places=None` keeps the digits the rate has: 0.125 → « 12,5 % », 0.1 → « 10 % »."""
    return f"{number_fr(Decimal(fraction) * 100, places, trim=True)}{NBSP}%"


def same_percent(a: Decimal, b: Decimal, places: int = 1) -> bool:
    """Whether two rates read the same once written with `places` decimals."""
    return percent_fr(a, places) == percent_fr(b, places)


def parse_amount(text: str) -> Decimal:
    """An amount as a French person types it: « 20 000 », « 60 000,50 », « 60000.50 », « 20 000 € »
    → Decimal. Raises ValueError, in French, for anything else (« sNaN », « 1e30 »)."""
    cleaned = re.sub(r"[\s\u00a0\u202f€]", "", str(text))
    if re.fullmatch(r"-?\d+(?:[.,]\d+)?", cleaned) is None:
        raise ValueError(f"« {text} » n'est pas un montant (exemple : 20 000 ou 60 000,50).")
    return Decimal(cleaned.replace(",", "."))


def plural_fr(count: int, singular: str, plural_form: str) -> str:
    return singular if abs(count) < 2 else plural_form


def counted_fr(count: int, singular: str, plural_form: str, *, space: str = " ") -> str:
    """« 0 dossier », « 1 dossier », « 12 345 dossiers »; `space=NBSP` so that a line never ends
    on the number (pages)."""
    return f"{number_fr(count)}{space}{plural_fr(count, singular, plural_form)}"


# ---------------------------------------------------------------- dates


def date_fr(day: date | datetime | None) -> str:
    """« 1er avril 2027 », « 15 mai 2026 »; a datetime is read in Paris time; empty for None."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = to_paris(day).date()
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"


def datetime_fr(moment: datetime | None, *, seconds: bool = False) -> str:
    """« 1er avril 2027 à 14:05 » in Paris time (« 14:05:09 » with `seconds`, for a deposit's
    proof of time); empty for None."""
    if moment is None:
        return ""
    local = to_paris(moment)
    clock = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return f"{date_fr(local.date())} à {clock}"


def month_fr(day: date) -> str:
    """« avril 2027 »."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def to_paris(moment: datetime) -> datetime:
    """An aware datetime in Paris time; a naive one is taken as Paris time already."""
    return moment.astimezone(PARIS) if moment.tzinfo else moment.replace(tzinfo=PARIS)


# ---------------------------------------------------------------- spacing, names and their order

_SPACE_BEFORE_MARK = re.compile(r"[ \t\n\u00a0]+(?=[:;!?»])")
_SPACE_AFTER_GUILLEMET = re.compile(r"(?<=«)[ \t\n\u00a0]+")


def french_spaces(text: str) -> str:
    """The spaces before « : ; ! ? » and inside « » made non-breaking, as French typography wants
    (« Bargny Inovate : renforcer… » as a published list wrote it). A space that is missing is not
    added: « 57,6% » or an address's « https: » stay as they are."""
    return _SPACE_AFTER_GUILLEMET.sub(NBSP, _SPACE_BEFORE_MARK.sub(NBSP, text))


def of_fr(name: str) -> str:
    """« de » before a name, elided before a vowel: « de Castres », « d'Albi », « d'Évry »;
    « du Havre » and « des Mureaux » for a name that opens on its article."""
    for article, contracted in (("Le ", "du "), ("Les ", "des ")):
        if name.startswith(article):
            return contracted + name[len(article):]
    return f"d'{name}" if strip_accents(name[:1]).lower() in "aeiouy" and name else f"de {name}"


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
    """Lower case, no accents, every run of punctuation or space as one space: « Saint-Étienne »,
    « SAINT ETIENNE » and « saint-etienne  » all give « saint etienne »."""
    text = strip_accents((text or "").translate(_APOSTROPHES)).lower()
    return _NON_WORD.sub(" ", text).strip()


def collation_key(text: str) -> tuple[str, str]:
    """Sorts names as a French reader expects, whatever the database's or the system's locale:
    accents, case and punctuation ignored first (« Bénin » before « Burundi », « Égypte » among
    the E), the written form only to part names that read the same."""
    return normalise(text), text
