"""Who may do what with accounts, memberships and roles; each answer says why, in French."""
from coopdec.accounts.decisions import Decision, allow, deny
from coopdec.accounts.models import Membership
from coopdec.accounts.selectors import is_member, is_ministry

SIGN_IN_REQUIRED = "Connectez-vous pour continuer."


def can_view_staff_pages(user) -> Decision:
    if not user.is_authenticated:
        return deny(SIGN_IN_REQUIRED)
    if not is_ministry(user):
        return deny("Cette page est réservée aux agents du ministère.")
    return allow()


def can_request_membership(user, authority) -> Decision:
    """Anyone signed in, once: again only after a refusal."""
    if not user.is_authenticated:
        return deny(SIGN_IN_REQUIRED)
    state = Membership.objects.filter(user=user, authority=authority).values_list("state", flat=True).first()
    if state == Membership.State.REQUESTED:
        return deny(f"Votre demande pour {authority.name} est déjà en attente.")
    if state == Membership.State.CONFIRMED:
        return deny(f"Vous êtes déjà membre de {authority.name}.")
    return allow()


def can_decide_membership(user, membership) -> Decision:
    """The ministry, or a confirmed member of the same authority; never the requester."""
    if not user.is_authenticated:
        return deny(SIGN_IN_REQUIRED)
    if membership.user_id == user.pk:
        return deny("Vous ne pouvez pas décider de votre propre demande.")
    if membership.state != Membership.State.REQUESTED:
        return deny(f"Cette demande est déjà {membership.get_state_display()}.")
    if is_ministry(user) or is_member(user, membership.authority):
        return allow()
    return deny(f"Seuls le ministère et les membres confirmés de {membership.authority.name} "
                "peuvent décider de cette demande.")


def can_grant_role(user) -> Decision:
    if not is_ministry(user):
        return deny("Seul le ministère attribue les rôles.")
    return allow()


def can_act_for_authority(user, authority) -> Decision:
    """The building block of the dossier's rules: a confirmed member acts for its authority."""
    if not user.is_authenticated:
        return deny(SIGN_IN_REQUIRED)
    if not is_member(user, authority):
        return deny(f"Vous n'êtes pas membre confirmé de {authority.name}.")
    return allow()
