"""The OECD DAC codelists a declaration of development aid (APD) is written in, read from the files
`manage.py build_dac_codelists` generates from the IATI codelists (see
`data/reference/PROVENANCE-dac-codelists.md`): purpose codes (CRS, 5 digits), channel codes, and the
DAC recipient regions (« multi-pays » and regions of the world). Read once, lazily.
"""
import csv
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

PURPOSES_FILE = "dac-purposes.csv"
CHANNELS_FILE = "crs-channels.csv"
REGIONS_FILE = "dac-regions.csv"
COLUMNS = ("code", "name_fr", "name_en", "category", "status")
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The channel categories a declaration offers: the CRS's families (xx000) and the public
# sector's own codes (donor, recipient and third-country governments, central or local).
GOVERNMENT_FAMILIES = {"11000", "12000", "13000"}


@dataclass(frozen=True)
class Code:
    code: str
    name_fr: str
    name_en: str
    category: str
    status: str

    @property
    def label(self):
        return f"{self.code} — {self.name_fr or self.name_en}"


def codelist_rows(path: Path) -> list[dict]:
    """One row per `codelist-item` of an IATI codelist XML file, in the file's order; the French
    name is the `narrative xml:lang="fr"` unchanged (empty when the codelist has none)."""
    root = ET.parse(path).getroot()
    if root.tag != "codelist":
        raise ValueError(f"{path} : ce n'est pas une liste de codes IATI (élément racine « {root.tag} »).")
    rows = []
    for item in root.iterfind("codelist-items/codelist-item"):
        names = item.findall("name/narrative")
        rows.append({
            "code": (item.findtext("code") or "").strip(),
            "name_fr": next(((n.text or "").strip() for n in names if n.get(LANG) == "fr"), ""),
            "name_en": next(((n.text or "").strip() for n in names if n.get(LANG) is None), ""),
            "category": (item.findtext("category") or "").strip(),
            "status": item.get("status", "active"),
        })
    return rows


def _read(name) -> dict[str, Code]:
    with open(Path(settings.REFERENCE_DIR) / name, newline="", encoding="utf-8") as handle:
        return {row["code"]: Code(**{key: row[key] for key in COLUMNS}) for row in csv.DictReader(handle)}


@cache
def purposes() -> dict[str, Code]:
    return _read(PURPOSES_FILE)


@cache
def channels() -> dict[str, Code]:
    return _read(CHANNELS_FILE)


@cache
def regions() -> dict[str, Code]:
    return _read(REGIONS_FILE)


def purpose_choices():
    return [(c.code, c.label) for c in purposes().values() if c.status == "active"]


def channel_choices():
    return [(c.code, c.label) for c in channels().values() if c.status == "active" and (
        (c.code.endswith("000") and c.category) or c.category in GOVERNMENT_FAMILIES or c.code == "90000")]


def region_choices():
    return [(c.code, c.name_fr or c.name_en) for c in regions().values() if c.status == "active"]


def name(codes: dict[str, Code], code: str) -> str:
    found = codes.get(code)
    return (found.name_fr or found.name_en) if found else code
