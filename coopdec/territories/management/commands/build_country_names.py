"""Regenerate data/reference/country-names-fr.csv: the French names and adjectives of countries.

Names come from pycountry's French ISO 3166-1 catalogue; adjectives from the npm package
i18n-nationality (`npm pack i18n-nationality@1.4.0`, then pass its `langs/fr.json`). A text that
would name two countries is left out rather than guessed. PROVENANCE-country-names.md says more.
"""
import csv
import gettext
import json
import re
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

import pycountry
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coopdec.territories.country_names import EXTRA_FILE, NAMES_FILE, Kind, read_entries
from coopdec.territories.text import normalise

_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
# i18n-nationality lists a few places instead of adjectives ("Îles Cook", "L'île Christmas").
_PLACE = re.compile(r"^(?:l'|l’)?(?:île|îles|territoire)\b", re.IGNORECASE)
_ALTERNATIVES = re.compile(r"\s+(?:ou|et)\s+")


def _unambiguous(candidates):
    """Keep the (iso2, text) whose text names one country.

    A candidate is (iso2, text, derived): a derived text ("Palestine" cut from "Palestine, État
    de", "Congolais" without its "(République du Congo)") gives way to a text written in full.
    """
    by_key = defaultdict(list)
    for iso2, text, derived in candidates:
        by_key[normalise(text)].append((iso2, text, derived))
    kept = []
    for found in by_key.values():
        full = {iso2 for iso2, _, derived in found if not derived}
        codes = full or {iso2 for iso2, _, _ in found}
        if len(codes) == 1:
            kept.append(next((iso2, text) for iso2, text, derived in found if iso2 in codes))
    return kept


def _pycountry_names():
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    candidates = []
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            english = getattr(country, attribute, None)
            if not english:
                continue
            name = french.gettext(english)
            candidates.append((country.alpha_2, name, False))
            short = _QUALIFIER.sub("", name.split(",")[0])
            if short != name:
                candidates.append((country.alpha_2, short, True))
    return _unambiguous(candidates)


def _adjectives(path, place_keys):
    candidates = []
    for iso2, text in json.loads(Path(path).read_text(encoding="utf-8"))["nationalities"].items():
        bare = _QUALIFIER.sub("", text)
        if "," in bare or _PLACE.match(bare):
            continue
        for adjective in _ALTERNATIVES.split(bare):
            if normalise(adjective) not in place_keys:
                candidates.append((iso2, adjective, bare != text))
    return _unambiguous(candidates)


class Command(BaseCommand):
    help = "Régénère data/reference/country-names-fr.csv (noms et adjectifs de pays en français)."

    def add_arguments(self, parser):
        parser.add_argument("nationalities", help="langs/fr.json du paquet npm i18n-nationality")

    def handle(self, *args, **options):
        path = Path(options["nationalities"])
        if not path.is_file():
            raise CommandError(f"{path} : fichier introuvable (npm pack i18n-nationality@1.4.0)")
        package = json.loads((path.parent.parent / "package.json").read_text(encoding="utf-8"))
        excluded = {(e.iso2, normalise(e.text))
                    for e in read_entries(settings.REFERENCE_DIR / EXTRA_FILE) if e.kind == Kind.NOT}
        names = _pycountry_names()
        place_keys = {normalise(text) for _, text in names}
        rows = sorted(
            [(iso2, Kind.NAME, text, f"pycountry {version('pycountry')}") for iso2, text in names]
            + [(iso2, Kind.ADJECTIVE, text, f"{package['name']} {package['version']}")
               for iso2, text in _adjectives(path, place_keys)]
        )
        rows = [row for row in rows if (row[0], normalise(row[2])) not in excluded]
        with open(settings.REFERENCE_DIR / NAMES_FILE, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["iso2", "kind", "text", "source"])
            writer.writerows(rows)
        self.stdout.write(f"{NAMES_FILE} : {len(rows)} lignes écrites.")
