"""Reference files: how they are built from their sources and read back. Files only, no database.

The official geography comes from the npm package `@etalab/decoupage-administratif` (INSEE COG,
DGCL list of EPCI, INSEE legal populations); countries from `pycountry` and the OECD DAC list of
ODA recipients. Both are turned into small files committed under `data/reference/`, so that loading
the geography needs neither npm nor the network, and a change of source shows up as a diff.
"""
import csv
import gettext
import gzip
import io
import json
from pathlib import Path

import pycountry

from coopdec.territories.models import Authority, Country
from coopdec.territories.text import name_key

TERRITORIES_FILE = "territories.csv.gz"
FORMER_NAMES_FILE = "former-names.csv.gz"
ALIASES_FILE = "authority-aliases.csv"
COUNTRIES_FILE = "countries.csv"
LDC_HISTORY_FILE = "ldc-history.csv"

TERRITORY_COLUMNS = ("kind", "code", "siren", "name", "epci_type", "departement", "region", "population")
FORMER_NAME_COLUMNS = ("commune", "former_code", "former_name")
COUNTRY_COLUMNS = ("iso2", "name_fr", "name_en", "oda_class", "classification", "classification_source")

Kind = Authority.Kind
_KIND_ORDER = [Kind.REGION, Kind.DEPARTEMENT, Kind.COMMUNE, Kind.EPCI, Kind.EPT]
_CURRENT_COMMUNE = "commune-actuelle"
_FORMER_COMMUNES = ("commune-deleguee", "commune-associee")


def _load_json(data_dir: Path, name: str):
    with open(data_dir / f"{name}.json", encoding="utf-8") as f:
        return json.load(f)


def package_version(data_dir: Path) -> str:
    """The version of the npm package whose `data/` folder is `data_dir`, as its package.json says."""
    with open(Path(data_dir).parent / "package.json", encoding="utf-8") as f:
        return json.load(f)["version"]


def territory_rows(data_dir: Path) -> list[dict]:
    """One row per région, département, current commune, EPCI and EPT, sorted by kind then code.

    The package gives no seat for an EPCI or EPT: its département and région are those of its most
    populous member, which is where the seat is in practice and is what a region filter needs.
    Départements and régions get the sum of their communes' populations.
    """
    data_dir = Path(data_dir)
    communes = [c for c in _load_json(data_dir, "communes") if c["type"] == _CURRENT_COMMUNE]
    by_code = {c["code"]: c for c in communes}
    totals: dict[tuple[str, str], int] = {}
    for c in communes:
        for key in (("departement", c["departement"]), ("region", c["region"])):
            totals[key] = totals.get(key, 0) + c.get("population", 0)

    rows = [
        _territory(Kind.REGION, r["code"], r["nom"], region=r["code"],
                   population=totals.get(("region", r["code"])))
        for r in _load_json(data_dir, "regions")
    ]
    rows += [
        _territory(Kind.DEPARTEMENT, d["code"], d["nom"], departement=d["code"], region=d["region"],
                   population=totals.get(("departement", d["code"])))
        for d in _load_json(data_dir, "departements")
    ]
    rows += [
        _territory(Kind.COMMUNE, c["code"], c["nom"], siren=c.get("siren", ""),
                   departement=c["departement"], region=c["region"], population=c.get("population"))
        for c in communes
    ]
    for kind, name in ((Kind.EPCI, "epci"), (Kind.EPT, "ept")):
        for group in _load_json(data_dir, name):
            seat = by_code[max(group["membres"], key=lambda m: (m["populationMunicipale"], m["code"]))["code"]]
            rows.append(_territory(
                kind, group["code"], group["nom"], siren=group["code"],
                epci_type=group["type"] if kind == Kind.EPCI else "",
                departement=seat["departement"], region=seat["region"],
                population=group["populationMunicipale"],
            ))
    rows.sort(key=lambda r: (_KIND_ORDER.index(r["kind"]), r["code"]))
    return rows


def _territory(kind, code, name, *, siren="", epci_type="", departement="", region="", population=None):
    return {"kind": str(kind), "code": code, "siren": siren, "name": name, "epci_type": epci_type,
            "departement": departement, "region": region,
            "population": "" if population is None else str(population)}


def former_name_rows(data_dir: Path) -> list[dict]:
    """Names of communes déléguées and associées that differ from their current commune's name.

    A commune that merged into a "commune nouvelle" keeps being named in older lists and in the
    Atlas; its former name is an alias of the current commune (its `chefLieu`).
    """
    communes = _load_json(Path(data_dir), "communes")
    current = {c["code"]: c["nom"] for c in communes if c["type"] == _CURRENT_COMMUNE}
    rows = {
        (c["chefLieu"], c["code"], c["nom"])
        for c in communes
        if c["type"] in _FORMER_COMMUNES and name_key(c["nom"]) != name_key(current[c["chefLieu"]])
    }
    return [dict(zip(FORMER_NAME_COLUMNS, row)) for row in sorted(rows)]


def country_rows(oda_csv: Path, *, list_name: str, list_source: str) -> list[dict]:
    """Every ISO 3166-1 country, plus Kosovo as XK, with its co-financing class.

    The class comes from the DAC list file: `ldc=yes` is a least developed country, any other row
    is ODA-eligible, and a country missing from the list is not ODA-eligible. Names are the common
    ones where ISO has them ("Bolivie" rather than "Bolivie, État plurinational de").
    """
    with open(oda_csv, encoding="utf-8", newline="") as f:
        listed = {row["iso2"]: row for row in csv.DictReader(f)}
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    names = {c.alpha_2: getattr(c, "common_name", c.name) for c in pycountry.countries}
    names["XK"] = "Kosovo"
    missing = sorted(set(listed) - set(names))
    if missing:
        raise ValueError(f"{oda_csv}: codes absents de l'ISO 3166-1 : {', '.join(missing)}")
    rows = []
    for iso2, name_en in sorted(names.items()):
        row = listed.get(iso2)
        if row is None:
            oda_class, source = Country.OdaClass.NONE, list_source
        else:
            oda_class = Country.OdaClass.LDC if row["ldc"] == "yes" else Country.OdaClass.ODA
            source = row["source_url"]
        rows.append({"iso2": iso2, "name_fr": french.gettext(name_en), "name_en": name_en,
                     "oda_class": str(oda_class), "classification": list_name,
                     "classification_source": source})
    return rows


def write_csv(path: Path, columns, rows) -> None:
    """Write rows as CSV, gzip'd when the name ends in .gz, byte for byte the same on every run."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    path = Path(path)
    if path.suffix == ".gz":
        data = gzip.compress(data, compresslevel=9, mtime=0)
    path.write_bytes(data)


def read_csv(path: Path) -> list[dict]:
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
