"""Who may read a message and a decision letter; each answer says why, in French.

Views turn a refusal into a 404: a message or a letter, like the dossier it belongs to, is
private, and a stranger must not learn that it exists.
"""
from coopdec.accounts.decisions import Decision, allow, deny
from coopdec.accounts.models import Membership
from coopdec.accounts.selectors import is_ministry


def can_view_message(user, message) -> Decision:
    """Its recipient; the ministry reads a dossier's messages on the dossier's page."""
    if not user.is_authenticated:
        return deny("Connectez-vous pour lire vos messages.")
    if message.recipient_id == user.pk or is_ministry(user):
        return allow()
    return deny("Ce message ne vous est pas adressé.")


def _authority_member(user, application) -> bool:
    """A confirmed member of the lead authority or of a co-applicant authority."""
    authorities = {application.lead_authority_id,
                   *(c.authority_id for c in application.co_applicants.all())} - {None}
    return bool(authorities) and Membership.objects.filter(
        user=user, authority_id__in=authorities, state=Membership.State.CONFIRMED).exists()


def can_view_decision_letter(user, application, decision) -> Decision:
    """The members of the dossier's authorities (lead and co-applicants) and the ministry, once
    the decision is recorded and its committee session closed (until then it may still change)."""
    if not user.is_authenticated:
        return deny("Connectez-vous pour lire la lettre de décision.")
    if not (is_ministry(user) or _authority_member(user, application)):
        return deny("Ce dossier n'est pas celui d'une collectivité dont vous êtes membre confirmé.")
    if decision is None:
        return deny("Aucune décision n'est encore rendue sur ce dossier.")
    if decision.session.state != decision.session.State.CLOSED:
        return deny("La séance du comité n'est pas close : la décision peut encore changer.")
    return allow()
