"""Pure readings of published cells: amounts written the French way, places by name or code."""
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from coopdec.french.text import euros
from coopdec.territories.text import normalise

# Application.granted_amount: 12 digits, 2 after the point.
MAX_AMOUNT = Decimal("9999999999.99")


class AmountError(ValueError):
    """An amount that cannot be read; the message says why, in French."""


_CURRENCY = re.compile(r"(?:€|eur(?:os?)?)\.?", re.IGNORECASE)
_THOUSANDS_DOTS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")  # « 34.000 »
_POINT_DECIMALS = re.compile(r"^\d+\.\d{1,2}$")  # « 34000.5 », as a spreadsheet's number gives it
_NO_VALUE = {"", "-", "–", "—", "nc", "n c", "non communique"}


def parse_amount(text) -> Decimal | None:
    """An amount in euros as French lists write it: « 34 000 », « 34 000,00 € », « 34.000 »,
    with spaces, no-break or narrow no-break spaces between thousands. None when the cell says
    nothing (empty, « – », « NC »); AmountError when it says something else than an amount."""
    if isinstance(text, (int, Decimal)):
        return _checked(Decimal(text))
    raw = " ".join(str(text or "").split())
    if normalise(raw) in _NO_VALUE:
        return None
    compact = "".join(_CURRENCY.sub("", raw).split()).replace("'", "")
    if "," in compact:
        if compact.count(",") > 1 or not re.fullmatch(r"[\d.]+,\d{1,2}", compact):
            raise AmountError(f"montant illisible « {raw} » (attendu par exemple « 34 000 » ou « 34 000,00 € »)")
        compact = compact.replace(".", "").replace(",", ".")
    elif _THOUSANDS_DOTS.match(compact):
        compact = compact.replace(".", "")
    elif not (compact.isdigit() or _POINT_DECIMALS.match(compact)):
        raise AmountError(f"montant illisible « {raw} » (attendu par exemple « 34 000 » ou « 34 000,00 € »)")
    try:
        return _checked(Decimal(compact))
    except InvalidOperation:
        raise AmountError(f"montant illisible « {raw} »") from None


def _checked(amount: Decimal) -> Decimal:
    if amount < 0:
        raise AmountError(f"montant négatif ({amount})")
    if amount > MAX_AMOUNT:
        raise AmountError(f"montant hors limites ({amount} ; {MAX_AMOUNT} € au plus)")
    return amount.quantize(Decimal("0.01"))


def conflict_lines(conflicts: dict) -> list[str]:
    """ImportRow.conflicts in French, one line per disagreement with the record."""
    lines = []
    if "granted_amount" in conflicts:
        amounts = conflicts["granted_amount"]
        lines.append(f"montant {_earlier(amounts)} {euros(Decimal(amounts['recorded']))}, "
                     f"{_this(amounts)} {euros(Decimal(amounts['published']))} (non remplacé)")
    lines += [f"pays de {c['name']} {_earlier(c)} {c['recorded']}, {_this(c)} {c['published']} (non remplacé)"
              for c in conflicts.get("partners", ())]
    return lines


def _earlier(conflict):
    return f"lu ligne {conflict['row']}" if "row" in conflict else "enregistré"


def _this(conflict):
    return "cette ligne" if "row" in conflict else "cette liste"


_ARTICLE = re.compile(r"^(?:la|le|les|l) ")
_PARENTHESES = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class Places:
    """Régions and départements by every way a list writes them: code, name, name without its
    article (« Réunion »), and « Tarn (81) » or « 81 - Tarn »."""

    regions: dict  # key → INSEE code
    departements: dict  # key → INSEE code

    @classmethod
    def from_rows(cls, regions, departements):
        """regions and departements: (code, name) pairs."""
        return cls(_keys(regions), _keys(departements))

    def region(self, text) -> str | None:
        return _find(self.regions, text)

    def departement(self, text) -> str | None:
        return _find(self.departements, text)

    def is_french(self, text) -> bool:
        return self.region(text) is not None or self.departement(text) is not None


def _keys(pairs):
    keys = {}
    for code, name in pairs:
        key = normalise(name)
        for each in (normalise(code), code.lstrip("0").lower(), key, _ARTICLE.sub("", key)):
            keys.setdefault(each, code)
    return keys


def _find(keys, text):
    text = " ".join(str(text or "").split())
    readings = [text, _PARENTHESES.sub(" ", text), *_PARENTHESES.findall(text), *re.split(r"\s[-–—]\s", text)]
    for reading in readings:
        key = normalise(reading)
        if key in keys:
            return keys[key]
    return None
