"""Writes of instruction: assignments (one by one or in batch), opinions, scores.

Every refusal names its reason in French (`InstructionRefused.reason`), from the same permission
functions the pages ask, so what a page offers and what the service accepts never disagree.
"""
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from coopdec.accounts.selectors import is_ministry
from coopdec.applications import workflow
from coopdec.applications.models import Application
from coopdec.applications.services import transition

from . import rules
from .models import Assignment, Opinion, Score
from .permissions import can_assign_application, can_record_opinion, can_score_application
from .selectors import assignable_dossiers, grid


class InstructionRefused(Exception):
    """An instruction step refused; `reason` says why, in French."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class AssignmentRefused(InstructionRefused):
    """An assignment refused: not the ministry, a dossier not under review, an instructor whose
    role does not cover it, already given to them, or a conflict of interest."""


def _refuse_unless(decision, refusal=InstructionRefused):
    if not decision:
        raise refusal(decision.reason)


def _locked(application) -> Application:
    """The dossier's row locked until the transaction ends (PostgreSQL), read afresh with what
    the permission checks read."""
    return (Application.objects.select_for_update(of=("self",)).select_related("call", "lead_authority")
            .get(pk=application.pk))


@transaction.atomic
def assignment_create(*, application, instructor, by) -> Assignment:
    """Give a dossier to an instructor. The first assignment of a dossier « déposé » puts it in
    instruction (the workflow's move, recorded with the instructor's name)."""
    locked = _locked(application)
    _refuse_unless(can_assign_application(by, locked, instructor), AssignmentRefused)
    assignment = Assignment.objects.create(application=locked, instructor=instructor, by=by)
    if locked.state == workflow.DEPOSE:
        transition(application=locked, to=workflow.EN_INSTRUCTION, by=by,
                   reason=f"Attribué pour instruction à {instructor.email}")
    return assignment


@dataclass
class BatchResult:
    """What a batch did: the assignments made, and each dossier refused with its reason."""

    assigned: list[Assignment] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)


@transaction.atomic
def assignments_create(*, instructor, by, call=None, country=None) -> BatchResult:
    """Give an instructor every dossier under review of a call, or with a partner in a country.
    Each dossier is assigned whole or refused with its reason (a conflict of interest, a dossier
    already theirs); the refusals do not stop the others."""
    if not is_ministry(by):
        raise AssignmentRefused("Seul un agent du ministère attribue les dossiers.")
    if (call is None) == (country is None):
        raise AssignmentRefused("Choisissez soit un appel, soit un pays partenaire.")
    result = BatchResult()
    for application in assignable_dossiers(call=call, country=country):
        try:
            result.assigned.append(assignment_create(application=application, instructor=instructor, by=by))
        except AssignmentRefused as refused:
            result.refused.append((application, refused.reason))
    return result


ISSUERS, RECOMMENDATIONS = dict(Opinion.Issuer.choices), dict(Opinion.Recommendation.choices)


@transaction.atomic
def opinion_record(*, application, issuer_kind, issuer, recommendation, comment="", user) -> Opinion:
    """Record the opinion of an embassy or a prefecture, as the ministry received it."""
    locked = _locked(application)
    _refuse_unless(can_record_opinion(user, locked))
    errors = {}
    if issuer_kind not in ISSUERS:
        errors["issuer_kind"] = "Choisissez l'émetteur de l'avis : ambassade ou préfecture."
    if not issuer.strip():
        errors["issuer"] = "Nommez le service qui a donné l'avis (par exemple « Ambassade de France au Sénégal »)."
    if recommendation not in RECOMMENDATIONS:
        errors["recommendation"] = "Choisissez l'avis : favorable, réservé ou défavorable."
    if errors:
        raise ValidationError(errors)
    return Opinion.objects.create(application=locked, issuer_kind=issuer_kind, issuer=" ".join(issuer.split()),
                                  recommendation=recommendation, comment=comment.strip(), author=user)


@transaction.atomic
def score_record(*, application, user, values) -> dict[int, int]:
    """Write `user`'s sheet on a dossier: `values` maps a criterion of the call's grid (its id) to
    a value on its scale, or to None to clear it. Every value is checked before any is written.
    Returns the sheet as it now stands."""
    locked = _locked(application)
    _refuse_unless(can_score_application(user, locked))
    criteria = {c.key: c for c in grid(locked.call.criteria.all())}
    errors = {}
    for key, value in values.items():
        criterion = criteria.get(int(key))
        if criterion is None:
            raise InstructionRefused(f"Le critère n° {key} n'est pas dans la grille de l'appel « {locked.call.name} ».")
        if value is not None:
            try:
                rules.value_check(criterion, value)
            except rules.ValueRefused as refused:
                errors[f"critere_{criterion.key}"] = str(refused)
    if errors:
        raise ValidationError(errors)
    for key, value in values.items():
        if value is None:
            Score.objects.filter(application=locked, instructor=user, criterion_id=key).delete()
        else:
            Score.objects.update_or_create(application=locked, instructor=user, criterion_id=key,
                                           defaults={"value": value})
    return dict(Score.objects.filter(application=locked, instructor=user).values_list("criterion_id", "value"))
