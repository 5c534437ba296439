"""Who may see and change a dossier; each answer says why, in French.

A dossier's existence is private until it is published: views turn a refusal to see it into a
404, never a 403, so another applicant cannot even learn that it exists.
"""
from coopdec.accounts.decisions import Decision, allow, deny
from coopdec.accounts.selectors import is_member, is_ministry

from . import workflow

NOT_YOURS = "Ce dossier n'est pas celui d'une collectivité dont vous êtes membre confirmé."


def _member(user, application) -> bool:
    return application.lead_authority_id is not None and is_member(user, application.lead_authority)


def _assigned(user, application) -> bool:
    """An instructor the ministry gave the dossier to (instruction.Assignment)."""
    return application.assignments.filter(instructor=user).exists()


def can_view_application(user, application) -> Decision:
    """The members of the lead authority, the ministry and the instructors the dossier was given
    to; nobody else, whatever the state."""
    if not user.is_authenticated:
        return deny("Connectez-vous pour voir ce dossier.")
    if is_ministry(user) or _member(user, application) or _assigned(user, application):
        return allow()
    return deny(NOT_YOURS)


def can_edit_application(user, application) -> Decision:
    """The members of the lead authority, while the dossier is a draft or « à compléter »."""
    if not _member(user, application):
        return deny(NOT_YOURS)
    if application.state not in workflow.EDITABLE:
        return deny(f"Un dossier « {application.state_label} » ne se modifie plus.")
    return allow()


def can_submit_application(user, application) -> Decision:
    """Whether the submit button is offered; the deadline and the checks are the service's."""
    move = workflow.move(application.state, workflow.DEPOSE)
    if move is None or application.state != workflow.BROUILLON:
        return deny(f"Un dossier « {application.state_label} » ne se dépose pas.")
    return can_move_application(user, application, move)


def can_move_application(user, application, move) -> Decision:
    """The actor the workflow names for `move`: a member of the lead authority, or the ministry."""
    if move.who == workflow.Actor.MEMBER and not _member(user, application):
        return deny(NOT_YOURS)
    if move.who == workflow.Actor.MINISTRY and not is_ministry(user):
        return deny("Seul un agent du ministère peut faire ce changement d'état.")
    return allow()


def can_view_document(user, document) -> Decision:
    return can_view_application(user, document.application)
