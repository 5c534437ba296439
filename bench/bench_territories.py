"""Benchmark of the geography: `load_territories` time and name-resolution throughput.

Run `.venv/bin/python bench/bench_territories.py`: it migrates a throwaway SQLite database,
loads the committed reference files twice (fresh, then the idempotent re-run), builds the name
index and resolves a realistic mix of published names on one core, then the same names each with
a list's context once 2,000 confirmations of shared names are recorded. Prints one line per figure.
"""
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NAMES = 50_000
FOREIGN = ["Ouagadougou", "Bohicon", "Huye", "Bethléem", "Montreux (Suisse)", "Iasi (Roumanie)",
           "Bargny (Sénégal)", "Tombouctou", "Fribourg", "Namur", "Québec", "Saint-Louis du Sénégal"]


def timed(label, action):
    """Wall-clock and CPU time: on a shared machine the CPU time is the steadier figure."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    print(f"{label}: {time.perf_counter() - wall:.2f} s ({time.process_time() - cpu:.2f} s CPU)")
    return result


def published_forms(rng, rows):
    """How lists write names: official, shouted, unaccented, prefixed, abbreviated, misspelled."""
    from coopdec.territories.text import strip_accents

    departements = {r["code"]: r["name"] for r in rows if r["kind"] == "departement"}
    for row in rng.choices(rows, k=NAMES):
        name, kind, roll = row["name"], row["kind"], rng.random()
        if roll < 0.08:
            name = rng.choice(FOREIGN)
        elif kind == "commune" and roll < 0.3:
            name = f"Ville de {name} ({departements[row['departement']]})"
        elif kind == "commune" and roll < 0.45:
            name = "Mairie de " + name.replace("Saint-", "St-")
        elif kind == "departement":
            name = f"Conseil départemental de {name}"
        elif kind == "region":
            name = f"Région {name}"
        elif roll < 0.6:
            name = strip_accents(name).upper()
        elif roll < 0.65 and len(name) > 10:
            cut = rng.randrange(1, len(name) - 1)
            name = name[:cut] + name[cut + 1:]
        # Half the lists say which region they come from, as a regional network's page does.
        yield name, row["region"] if rng.random() < 0.5 else None


def main():
    database = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopdec.settings")
    os.environ.setdefault("DEBUG", "1")  # a throwaway database of this run, never served
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from coopdec.territories import reference
    from coopdec.territories.resolve import authority_index, clear_authority_index

    call_command("migrate", verbosity=0)
    timed("load_territories (empty database)", lambda: call_command("load_territories", verbosity=0))
    timed("load_territories (again, nothing to change)", lambda: call_command("load_territories", verbosity=0))
    clear_authority_index()
    index = timed("name index built from the database", authority_index)

    rng = random.Random(2025)
    rows = reference.read_csv(settings.REFERENCE_DIR / reference.TERRITORIES_FILE)
    names = list(published_forms(rng, rows))
    counts = {}
    wall, cpu = time.perf_counter(), time.process_time()
    for name, region in names:
        status = index.resolve(name, region=region).status
        counts[status] = counts.get(status, 0) + 1
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"resolve: {len(names)} names in {wall:.2f} s = {len(names) / wall:,.0f} names/s "
          f"({len(names) / cpu:,.0f} names/s of CPU; "
          f"{', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})")
    resolve_in_context(rng, names)
    database.unlink()


def resolve_in_context(rng, names):
    """The same names, each with a list's context, after people confirmed 2,000 shared names."""
    from collections import Counter

    from coopdec.territories.models import Authority, AuthorityConfirmation
    from coopdec.territories.resolve import (
        ResolutionContext, authority_index, clear_authority_index, confirmation_key,
    )

    shared = [name for name, count in Counter(Authority.objects.values_list("name", flat=True)).items() if count > 1]
    ids = dict(Authority.objects.values_list("name", "id"))
    publishers = ["Occitanie Coopération", "Cités Unies France", "MEAE", "RESACOOP", "Lianes Coopération"]
    AuthorityConfirmation.objects.bulk_create([
        AuthorityConfirmation(name=name, name_key=confirmation_key(name), authority_id=ids[name],
                              publisher=rng.choice(publishers), region_id="76", partner=f"Partenaire {i}",
                              partner_key=f"partenaire {i}")
        for i, name in enumerate(rng.choices(shared, k=2000))
    ])
    clear_authority_index()  # bulk_create sends no signal
    index = timed("name index built again, with 2,000 confirmations", authority_index)
    contexts = [ResolutionContext(publisher=rng.choice(publishers), region="76", partner=f"Partenaire {i}")
                for i in range(len(names))]
    wall, cpu = time.perf_counter(), time.process_time()
    for (name, region), context in zip(names, contexts):
        index.resolve(name, region=region, context=context)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"resolve with a context: {len(names)} names in {wall:.2f} s = {len(names) / wall:,.0f} names/s "
          f"({len(names) / cpu:,.0f} names/s of CPU)")


if __name__ == "__main__":
    main()
