"""The columns an officer may choose for an export of dossiers: a declared list, one entry each.

A column names the values it reads (`fields`, for one `values()` query; `annotations` computed by
the database when the column is chosen, and only then) and how a row shows them. Another app adds
its columns (an instructor's scores, a committee's decision) with `register`, from its
`AppConfig.ready`: one entry, and the export form, the templates and both formats offer it.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Aggregate, OuterRef, Subquery, Sum, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from coopdec.applications import workflow
from coopdec.applications.models import Application, BudgetLine, CoApplicant, Partnership, Transition
from coopdec.calls.models import ScoringCriterion
from coopdec.french.text import collation_key
from coopdec.instruction.models import Opinion, Score
from coopdec.instruction.rules import Criterion, DossierScore, dossier_score

CENT = Decimal("0.01")

# The groups the form shows, in order.
IDENTITY, PARTNERS, AMOUNTS, STATES, DATES, INSTRUCTION = (
    "Dossier", "Co-porteurs et partenaires", "Montants", "États", "Dates", "Instruction et décisions")
GROUPS = (IDENTITY, PARTNERS, AMOUNTS, STATES, DATES, INSTRUCTION)


@dataclass(frozen=True)
class DossierColumn:
    key: str
    label: str
    group: str
    fields: tuple[str, ...]
    value: Callable[[dict], object]
    annotations: dict[str, Callable[[], object]] = field(default_factory=dict)
    money: bool = False  # a Decimal in euros: a number with cents in the XLSX


def _money(value):
    """Euros with their cents, as every database answers them (SQLite drops trailing zeros)."""
    return None if value is None else Decimal(value).quantize(CENT)


def _instant(value):
    """Paris time, as the ministry reads it: « 2026-06-01 09:30:00 »."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _day(value):
    return value.isoformat() if value else ""


def _budget_sum(**line):
    lines = BudgetLine.objects.filter(application=OuterRef("pk"), **line).order_by().values("application")
    return Subquery(lines.annotate(total=Sum("amount")).values("total"))


def _submitted_at():
    return Subquery(Transition.objects.filter(
        application=OuterRef("pk"), from_state=workflow.BROUILLON, to_state=workflow.DEPOSE,
    ).order_by("-at").values("at")[:1])


DECISIONS = dict(Application.Decision.choices)

# ---------------------------------------------------------------- lists of a dossier's rows

ROW, PART = "\x1f", "\x1e"  # between the rows of a list, between the parts of a row


class Joined(Aggregate):
    """A text expression of every row joined by ROW, in no order (each column sorts its values):
    GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, char(31))"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG",
                           template="%(function)s(%(expressions)s, chr(31))", **extra_context)


def _parts(*names):
    pieces = []
    for name in names:
        if pieces:
            pieces.append(Value(PART, output_field=TextField()))
        pieces.append(Coalesce(Cast(name, TextField()), Value("", output_field=TextField()), output_field=TextField()))
    return Concat(*pieces, output_field=TextField()) if len(pieces) > 1 else pieces[0]


def _joined(model, *names, link="application", outer="pk"):
    rows = model.objects.filter(**{link: OuterRef(outer)}).order_by().values(link)
    return Subquery(rows.annotate(joined=Joined(_parts(*names))).values("joined"))


def _rows(text) -> list[list[str]]:
    return [row.split(PART) for row in text.split(ROW)] if text else []


def _sorted(values) -> str:
    return ", ".join(sorted(dict.fromkeys(values), key=collation_key))


def _partners(values) -> str:
    return _sorted(f"{name} ({country})" if country else name for name, country in _rows(values["partners_joined"]))


def _countries(values) -> str:
    return _sorted(country for _name, country in _rows(values["partners_joined"]) if country)


def _dossier_score(values) -> DossierScore:
    """The dossier's marks as its page and the ranking compute them (instruction.rules)."""
    grid = [Criterion(int(key), "", Decimal(weight), int(scale))
            for key, weight, scale in _rows(values["grid_joined"])]
    sheets: dict[str, dict[int, int]] = {}
    for instructor, criterion, value in _rows(values["scores_joined"]):
        sheets.setdefault(instructor, {})[int(criterion)] = int(value)
    return dossier_score(grid, list(sheets.values()))


OPINIONS = dict(Opinion.Recommendation.choices)


def _opinions(values) -> str:
    return " ; ".join(sorted(f"{issuer} : {OPINIONS.get(recommendation, recommendation)}"
                             for issuer, recommendation in _rows(values["opinions_joined"])))


_PARTNERS = {"partners_joined": lambda: _joined(Partnership, "name", "foreign_authority__country__name_fr")}
_SCORES = {"scores_joined": lambda: _joined(Score, "instructor_id", "criterion_id", "value"),
           "grid_joined": lambda: _joined(ScoringCriterion, "pk", "weight", "scale_max", link="call", outer="call")}


COLUMNS: list[DossierColumn] = [
    DossierColumn("numero", "Numéro", IDENTITY, ("pk",), lambda v: v["pk"]),
    DossierColumn("campagne", "Campagne", IDENTITY, ("call__campaign__year",), lambda v: v["call__campaign__year"]),
    DossierColumn("appel", "Appel", IDENTITY, ("call__name",), lambda v: v["call__name"]),
    DossierColumn("intitule", "Intitulé", IDENTITY, ("title",), lambda v: v["title"]),
    DossierColumn("collectivite", "Collectivité cheffe de file", IDENTITY, ("lead_name",),
                  lambda v: v["lead_name"]),
    DossierColumn("code", "Code officiel", IDENTITY, ("lead_authority__kind", "lead_authority__code"),
                  lambda v: (f"{v['lead_authority__kind']}:{v['lead_authority__code']}"
                             if v["lead_authority__code"] else "")),
    DossierColumn("departement", "Département", IDENTITY, ("departement__name",),
                  lambda v: v["departement__name"] or ""),
    DossierColumn("region", "Région", IDENTITY, ("region__name",), lambda v: v["region__name"] or ""),
    DossierColumn("etat", "État", STATES, ("state",), lambda v: workflow.label(v["state"])),
    DossierColumn("decision", "Décision", STATES, ("decision",),
                  lambda v: str(DECISIONS.get(v["decision"], v["decision"]))),
    DossierColumn("depose_le", "Déposé le (heure de Paris)", DATES, ("submitted_at",),
                  lambda v: _instant(v["submitted_at"]), annotations={"submitted_at": _submitted_at}),
    DossierColumn("cree_le", "Créé le (heure de Paris)", DATES, ("created_at",),
                  lambda v: _instant(v["created_at"])),
    DossierColumn("modifie_le", "Modifié le (heure de Paris)", DATES, ("updated_at",),
                  lambda v: _instant(v["updated_at"])),
    DossierColumn("debut", "Début du projet", DATES, ("starts_on",), lambda v: _day(v["starts_on"])),
    DossierColumn("fin", "Fin du projet", DATES, ("ends_on",), lambda v: _day(v["ends_on"])),
    DossierColumn("cout_total", "Coût total (€)", AMOUNTS, ("total_cost",), lambda v: _money(v["total_cost"]),
                  annotations={"total_cost": lambda: _budget_sum(kind=BudgetLine.Kind.EXPENSE)}, money=True),
    DossierColumn("subvention_demandee", "Subvention demandée (€)", AMOUNTS, ("requested",),
                  lambda v: _money(v["requested"]),
                  annotations={"requested": lambda: _budget_sum(kind=BudgetLine.Kind.RESOURCE,
                                                                category=BudgetLine.Resource.REQUESTED)},
                  money=True),
    DossierColumn("subvention_accordee", "Subvention accordée (€)", AMOUNTS, ("granted_amount",),
                  lambda v: _money(v["granted_amount"]), money=True),
    DossierColumn("co_porteurs", "Co-porteurs", PARTNERS, ("co_applicants_joined",),
                  lambda v: _sorted(name for (name,) in _rows(v["co_applicants_joined"])),
                  annotations={"co_applicants_joined": lambda: _joined(CoApplicant, "name")}),
    DossierColumn("partenaires", "Partenaires étrangers (pays)", PARTNERS, ("partners_joined",), _partners,
                  annotations=_PARTNERS),
    DossierColumn("pays", "Pays partenaires", PARTNERS, ("partners_joined",), _countries, annotations=_PARTNERS),
    DossierColumn("note_moyenne", "Note moyenne sur 20", INSTRUCTION, ("scores_joined", "grid_joined"),
                  lambda v: _dossier_score(v).average, annotations=_SCORES),
    DossierColumn("fiches", "Fiches de notation complètes", INSTRUCTION, ("scores_joined", "grid_joined"),
                  lambda v: _dossier_score(v).complete, annotations=_SCORES),
    DossierColumn("avis", "Avis des ambassades et des préfectures", INSTRUCTION, ("opinions_joined",), _opinions,
                  annotations={"opinions_joined": lambda: _joined(Opinion, "issuer", "recommendation")}),
]

# The columns of the list's quick downloads, chosen when nothing else is.
DEFAULT_KEYS = ("numero", "campagne", "appel", "intitule", "collectivite", "code", "etat", "depose_le",
                "cout_total", "subvention_demandee")


def register(column: DossierColumn) -> None:
    """Add a column (another app's, e.g. the instruction's scores); its key must be new."""
    if any(existing.key == column.key for existing in COLUMNS):
        raise ValueError(f"colonne d'export déjà déclarée : {column.key}")
    if column.group not in GROUPS:
        raise ValueError(f"groupe de colonnes inconnu : {column.group}")
    COLUMNS.append(column)


def by_key() -> dict[str, DossierColumn]:
    return {column.key: column for column in COLUMNS}


def chosen(keys) -> list[DossierColumn]:
    """The columns of `keys`, in the catalogue's order; unknown keys (a column since removed,
    kept in an old template) are left out."""
    wanted = set(keys)
    return [column for column in COLUMNS if column.key in wanted]
