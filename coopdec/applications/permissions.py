"""Who may see and change a dossier, and who has a conflict of interest on it; each answer says
why, in French.

A dossier's existence is private until it is published: views turn a refusal to see it into a
404, never a 403, so another applicant cannot even learn that it exists.
"""
from datetime import timedelta

from django.utils import timezone

from coopdec.accounts.decisions import Decision, allow, deny
from coopdec.accounts.models import Membership
from coopdec.accounts.selectors import is_member, is_ministry

from . import workflow
from .models import CoApplicant

NOT_YOURS = "Ce dossier n'est pas celui d'une collectivité dont vous êtes membre confirmé."


def _member(user, application) -> bool:
    return application.lead_authority_id is not None and is_member(user, application.lead_authority)


def _assigned(user, application) -> bool:
    """An instructor the ministry gave the dossier to (instruction.Assignment)."""
    return application.assignments.filter(instructor=user).exists()


def _submitted(application) -> bool:
    """Submitted at least once (`ApplicationQuerySet.submitted`): a draft is its applicant's alone."""
    if application.state == workflow.BROUILLON:
        return False
    return application.state != workflow.RETIRE or application.transitions.filter(
        from_state=workflow.BROUILLON, to_state=workflow.DEPOSE).exists()


def can_view_application(user, application) -> Decision:
    """The members of the lead authority, whatever the state; the ministry and the instructors the
    dossier was given to once it has been submitted (a draft is the applicant's work alone);
    nobody else."""
    if not user.is_authenticated:
        return deny("Connectez-vous pour voir ce dossier.")
    if _member(user, application):
        return allow()
    if (is_ministry(user) or _assigned(user, application)) and _submitted(application):
        return allow()
    return deny(NOT_YOURS)


def can_edit_application(user, application) -> Decision:
    """The members of the lead authority, while the dossier is a draft or « à compléter »."""
    if not _member(user, application):
        return deny(NOT_YOURS)
    if application.state not in workflow.EDITABLE:
        return deny(f"Un dossier « {application.state_label} » ne se modifie plus.")
    if application.state == workflow.BROUILLON and draft_closed(application):
        return deny(f"L'appel « {application.call.name} » est clos : ce brouillon ne peut plus être "
                    f"modifié ni déposé, il reste consultable.")
    return allow()


# The parts of a dossier a request for corrections may reopen (the steps of the applicant's form)
# and the step each content field belongs to.
SECTIONS = {"identite": "Identité", "partenaires": "Partenaires", "projet": "Projet", "budget": "Budget",
            "pieces": "Pièces jointes"}
FIELD_SECTIONS = {"title": "identite", "summary": "identite", "description": "projet", "themes": "projet",
                  "sdgs": "projet", "gender_marker": "projet", "starts_on": "projet", "duration_months": "projet"}


def reopened_sections(application) -> tuple[str, ...]:
    """The parts the ministry's last request for corrections reopened; () when it named none
    (the whole dossier)."""
    asked = [t for t in application.transitions.all() if t.to_state == workflow.A_COMPLETER]
    return tuple(asked[-1].sections) if asked else ()


def can_edit_section(user, application, section) -> Decision:
    """`can_edit_application`, and for a dossier « à compléter » only the parts the ministry reopened."""
    allowed = can_edit_application(user, application)
    if not allowed or application.state != workflow.A_COMPLETER:
        return allowed
    reopened = reopened_sections(application)
    if reopened and section not in reopened:
        named = ", ".join(SECTIONS[code] for code in reopened)
        return deny(f"Le ministère a demandé de corriger seulement : {named}. "
                    f"La partie « {SECTIONS[section]} » ne se modifie pas.")
    return allow()
def draft_closed(application, at=None) -> bool:
    """Whether the call's deadline has passed (past 23:59:59 Paris time on its closing day): a draft
    is then read-only, and « clos » in the applicant's space. A call without recorded dates closes
    nothing; a dossier « à compléter » is answered after the deadline, as the ministry asked."""
    closes = application.call.closes_at
    return closes is not None and (at or timezone.now()) >= closes + timedelta(seconds=1)


def can_submit_application(user, application) -> Decision:
    """Whether the submit button is offered; the deadline and the checks are the service's."""
    move = workflow.move(application.state, workflow.DEPOSE)
    if move is None or application.state != workflow.BROUILLON:
        return deny(f"Un dossier « {application.state_label} » ne se dépose pas.")
    if draft_closed(application):
        return deny(f"L'appel « {application.call.name} » est clos : le dossier ne peut plus être déposé.")
    return can_move_application(user, application, move)


def can_move_application(user, application, move) -> Decision:
    """The actor the workflow names for `move`: a member of the lead authority, or the ministry
    without a conflict of interest on the dossier."""
    if move.who == workflow.Actor.MEMBER and not _member(user, application):
        return deny(NOT_YOURS)
    if move.who == workflow.Actor.MINISTRY:
        if not is_ministry(user):
            return deny("Seul un agent du ministère peut faire ce changement d'état.")
        return conflict_of_interest(user, application)
    return allow()


def conflict_of_interest(user, application) -> Decision:
    """Refused (with the reason) when `user` belongs to a French authority of the dossier, the lead
    or a co-applicant, whether the membership is confirmed or only requested: nobody acts for the
    ministry on their own authority's dossier, its grant or its reports (assignment, scores,
    opinions, corrections, decisions, sessions, payments, reviews). Allowed otherwise.

    The one rule every ministry action asks: instruction's and grants' permissions, and
    `can_move_application` for the workflow's ministry moves.
    """
    return _conflict(user, [application], lambda _application: "de ce dossier")


def conflict_of_interest_among(user, applications) -> Decision:
    """`conflict_of_interest` on several dossiers at once (a committee's session), naming the one
    in conflict; one query for a user who belongs to no authority, whatever their number."""
    return _conflict(user, list(applications), lambda application: f"du dossier « {application.title} »")


def _conflict(user, applications, which) -> Decision:
    if not (user and user.is_authenticated and user.is_active):
        return deny("Connectez-vous pour continuer.")
    memberships = {m.authority_id: m for m in Membership.objects.filter(user=user).exclude(
        state=Membership.State.REFUSED).select_related("authority")}
    if not memberships:
        return allow()
    by_pk = {application.pk: application for application in applications}
    co_applicants = CoApplicant.objects.filter(application_id__in=by_pk, authority_id__in=memberships)
    parts = [(application.lead_authority_id, "cheffe de file", application) for application in applications]
    parts += [(authority_id, "co-porteuse", by_pk[application_id])
              for application_id, authority_id in co_applicants.values_list("application_id", "authority_id")]
    for authority_id, part, application in parts:
        membership = memberships.get(authority_id)
        if membership is not None:
            asked = "" if membership.state == Membership.State.CONFIRMED else " (demande de rattachement en cours)"
            return deny(f"Conflit d'intérêts : {user.email} est membre de {membership.authority.name}{asked}, "
                        f"collectivité {part} {which(application)}.")
    return allow()


def can_view_document(user, document) -> Decision:
    return can_view_application(user, document.application)
