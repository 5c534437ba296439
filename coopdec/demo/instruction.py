"""The instruction side of the demo (`load_demo --accounts`): the 2026 call's scoring grid and
envelope, read from data/demo/, and an instructor for that call, password « demo »."""
import csv

from django.db import transaction

from coopdec.accounts.models import Role
from coopdec.accounts.services import role_grant
from coopdec.calls.models import Call
from coopdec.calls.services import call_load_envelopes, call_load_scoring_grids

from .accounts import YEAR, _user
from .published import DEMO_DIR

INSTRUCTOR = "instructeur@demo.coopdec.fr"
FILES = (("scoring-grids.csv", call_load_scoring_grids), ("envelopes.csv", call_load_envelopes))


def _rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def demo_instruction_load(*, directory=DEMO_DIR) -> list[str]:
    """Grid, envelope and instructor of the 2026 generalist call (made by `demo_accounts_load`);
    one line per thing done. Loading again changes nothing."""
    lines = [f"{name} : {load(rows=_rows(directory / name))}" for name, load in FILES]
    call = Call.objects.get(campaign__year=YEAR, kind=Call.Kind.GENERALISTE)
    instructor = _user(INSTRUCTOR)
    role_grant(user=instructor, kind=Role.Kind.INSTRUCTOR, call=call, by=None)
    lines.append(f"{INSTRUCTOR} : instructeur de l'appel « {call.name} »")
    return lines
