"""Writes on the geography: loading the committed reference files, remembering confirmed aliases."""
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopdec.territories import reference
from coopdec.territories.models import (
    Authority, AuthorityAlias, Country, CountryClassification, Departement, Region,
)
from coopdec.territories.resolve import clear_authority_index
from coopdec.territories.text import name_key, name_slug


@dataclass(frozen=True)
class Upserted:
    created: int
    updated: int


@transaction.atomic
def territories_load(*, directory: Path | None = None) -> dict[str, Upserted]:
    """Load régions, départements, authorities, their former names and countries from the files.

    Idempotent: rows are matched on their codes, created when missing and updated when a name, a
    link or a population changed. Nothing is deleted: an authority missing from a newer file may
    still be named by a dossier, and aliases people confirmed are theirs to keep.
    """
    directory = Path(directory or settings.REFERENCE_DIR)
    rows = reference.read_csv(directory / reference.TERRITORIES_FILE)
    regions = [r for r in rows if r["kind"] == Authority.Kind.REGION]
    departements = [r for r in rows if r["kind"] == Authority.Kind.DEPARTEMENT]
    report = {
        "régions": _upsert(Region, lambda o: o.code, {
            r["code"]: {"code": r["code"], "name": r["name"], "slug": name_slug(r["name"])} for r in regions
        }),
        "départements": _upsert(Departement, lambda o: o.code, {
            r["code"]: {"code": r["code"], "name": r["name"], "region_id": r["region"]} for r in departements
        }),
        "collectivités": _upsert(Authority, lambda o: (o.kind, o.code), {
            (r["kind"], r["code"]): {
                "kind": r["kind"], "code": r["code"], "siren": r["siren"], "name": r["name"],
                "epci_type": r["epci_type"], "departement_id": r["departement"] or None,
                "region_id": r["region"] or None,
                "population": int(r["population"]) if r["population"] else None,
            } for r in rows
        }),
        "alias": _aliases_load(directory),
        "pays": _upsert(Country, lambda o: o.iso2, {
            r["iso2"]: r for r in reference.read_csv(directory / reference.COUNTRIES_FILE)
        }),
        "classements datés des pays": _classifications_load(directory),
    }
    clear_authority_index()
    return report


def _upsert(model, key_of, rows: dict) -> Upserted:
    """Create the missing rows and update those whose values differ, in a few bulk queries."""
    existing = {key_of(obj): obj for obj in model.objects.all()}
    missing, changed, fields = [], [], set()
    for key, values in rows.items():
        obj = existing.get(key)
        if obj is None:
            missing.append(model(**values))
            continue
        diff = {field for field, value in values.items() if getattr(obj, field) != value}
        for field in diff:
            setattr(obj, field, values[field])
        if diff:
            changed.append(obj)
            fields |= diff
    model.objects.bulk_create(missing, batch_size=2000)
    if changed:
        model.objects.bulk_update(changed, sorted(fields), batch_size=500)
    return Upserted(len(missing), len(changed))


def _aliases_load(directory: Path) -> Upserted:
    """Former names of communes (from the package) and hand-known ones (authority-aliases.csv)."""
    ids = {(kind, code): pk for pk, kind, code in Authority.objects.values_list("id", "kind", "code")}
    wanted = {}
    for row in reference.read_csv(directory / reference.FORMER_NAMES_FILE):
        authority_id = ids[(Authority.Kind.COMMUNE, row["commune"])]
        wanted[(name_key(row["former_name"]), authority_id)] = (row["former_name"], AuthorityAlias.Source.FORMER_NAME)
    path = directory / reference.ALIASES_FILE
    for line, row in enumerate(reference.read_csv(path), start=2):
        authority_id = ids.get((row["kind"], row["code"]))
        if authority_id is None or row["source"] not in AuthorityAlias.Source.values:
            raise ValueError(f"{path}, ligne {line} : collectivité {row['kind']} {row['code']} "
                             f"ou source « {row['source']} » inconnue.")
        wanted[(name_key(row["alias"]), authority_id)] = (row["alias"], row["source"])
    existing = set(AuthorityAlias.objects.values_list("text", "authority_id"))
    new = [
        AuthorityAlias(text=text, authority_id=authority_id, original=original, source=source)
        for (text, authority_id), (original, source) in wanted.items()
        if (text, authority_id) not in existing
    ]
    AuthorityAlias.objects.bulk_create(new, batch_size=2000)
    return Upserted(len(new), 0)


def _classifications_load(directory: Path) -> Upserted:
    """The dated LDC periods of ldc-history.csv, exactly: a period gone from the file goes."""
    def day(text):
        return date.fromisoformat(text) if text else None

    wanted = {(row["country"], day(row["from"]), day(row["to"])): row["source"]
              for row in reference.read_csv(directory / reference.LDC_HISTORY_FILE)}
    existing = {(c.country_id, c.valid_from, c.valid_to): c for c in CountryClassification.objects.all()}
    CountryClassification.objects.filter(pk__in=[c.pk for k, c in existing.items() if k not in wanted]).delete()
    changed = [c for k, c in existing.items() if k in wanted and c.source != wanted[k]]
    for c in changed:
        c.source = wanted[(c.country_id, c.valid_from, c.valid_to)]
    CountryClassification.objects.bulk_update(changed, ["source"])
    created = [CountryClassification(country_id=country, oda_class=Country.OdaClass.LDC, valid_from=start,
                                     valid_to=end, source=source)
               for (country, start, end), source in wanted.items() if (country, start, end) not in existing]
    CountryClassification.objects.bulk_create(created)
    return Upserted(len(created), len(changed))


@transaction.atomic
def alias_confirm(*, authority: Authority, text: str, user) -> AuthorityAlias:
    """Remember that a person said `text` names `authority`: the same text then resolves alone.

    This holds for a homonym too ("Barjac" confirmed as the Gard's): the person's choice wins
    over the other Barjac within the hints given, and the resolution's reason says so.
    """
    key = name_key(text)
    if not key:
        raise ValidationError(_("Un alias ne peut pas être vide."))
    if len(key) > AuthorityAlias._meta.get_field("text").max_length:
        raise ValidationError(_("Un alias ne peut pas dépasser 200 caractères."))
    alias, created = AuthorityAlias.objects.get_or_create(
        text=key, authority=authority,
        defaults={"original": text.strip()[:200], "source": AuthorityAlias.Source.CONFIRMED,
                  "created_by": user},
    )
    if not created and alias.source != AuthorityAlias.Source.CONFIRMED:
        alias.source = AuthorityAlias.Source.CONFIRMED
        alias.created_by = alias.created_by or user
        alias.save(update_fields=["source", "created_by"])
    return alias
