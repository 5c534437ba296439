"""`manage.py check_ldc_history --oda FILE`: check data/reference/ldc-history.csv against the DAC list."""
import csv
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coopdec.territories.reference import LDC_HISTORY_FILE

LDC_HISTORY_COLUMNS = ["country", "from", "to", "source"]
LIST_DATE = date(2024, 12, 31)  # the DAC list file's `ldc` column: on the UN list at that date


def _date(row: dict, column: str, line: int) -> date | None:
    try:
        return date.fromisoformat(row[column]) if row[column] else None
    except ValueError:
        raise CommandError(f"{LDC_HISTORY_FILE}, ligne {line}, colonne « {column} » : "
                           f"date AAAA-MM-JJ attendue, « {row[column]} » lu") from None


def history_problems(history: list[dict], oda: dict[str, dict]) -> list[str]:
    """What in the history contradicts the DAC list file (whose `ldc` column says who was an LDC
    at the end of 2024): each problem names its line and column."""
    problems, on_list = [], set()
    for line, row in enumerate(history, start=2):
        start, end = _date(row, "from", line), _date(row, "to", line)
        where = f"{LDC_HISTORY_FILE}, ligne {line}"
        if row["country"] not in oda:
            problems.append(f"{where}, colonne « country » : « {row['country']} » absent de la liste CAD")
            continue
        if start and end and end <= start:
            problems.append(f"{where}, colonne « to » : la fin précède le début")
        if not row["source"].strip():
            problems.append(f"{where}, colonne « source » : source manquante")
        if (start is None or start <= LIST_DATE) and (end is None or end > LIST_DATE):
            on_list.add(row["country"])
    listed = {iso2 for iso2, row in oda.items() if row["ldc"] == "yes"}
    problems += [f"{LDC_HISTORY_FILE} : {iso2} est PMA au 31/12/2024 selon la liste CAD, "
                 f"mais pas selon l'historique" for iso2 in sorted(listed - on_list)]
    problems += [f"{LDC_HISTORY_FILE} : {iso2} est PMA au 31/12/2024 selon l'historique, "
                 f"mais pas selon la liste CAD" for iso2 in sorted(on_list - listed)]
    return problems


def _read(path: Path) -> list[dict]:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except OSError as error:
        raise CommandError(f"{path} : {error.strerror}") from None


class Command(BaseCommand):
    help = ("Vérifie data/reference/ldc-history.csv (périodes datées sur la liste des PMA) contre la "
            "liste CAD des bénéficiaires de l'APD (colonne ldc : PMA au 31/12/2024).")

    def add_arguments(self, parser):
        parser.add_argument("--oda", type=Path, required=True, help="liste CAD (iso2, ldc, …), CSV")
        parser.add_argument("--history", type=Path, default=settings.REFERENCE_DIR / LDC_HISTORY_FILE)

    def handle(self, *args, oda, history, **options):
        history_rows = _read(history)
        if history_rows and list(history_rows[0]) != LDC_HISTORY_COLUMNS:
            raise CommandError(f"{history} : colonnes attendues {', '.join(LDC_HISTORY_COLUMNS)}")
        problems = history_problems(history_rows, {row["iso2"]: row for row in _read(oda)})
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(f"{history.name} : {len(history_rows)} période(s), d'accord avec {oda.name}")
