"""Who may read a message; each answer says why, in French.

Views turn a refusal into a 404: a message, like the dossier it belongs to, is
private, and a stranger must not learn that it exists.
"""
from coopdec.accounts.decisions import Decision, allow, deny
from coopdec.accounts.selectors import is_ministry


def can_view_message(user, message) -> Decision:
    """Its recipient; the ministry reads a dossier's messages on the dossier's page."""
    if not user.is_authenticated:
        return deny("Connectez-vous pour lire vos messages.")
    if message.recipient_id == user.pk or is_ministry(user):
        return allow()
    return deny("Ce message ne vous est pas adressé.")
