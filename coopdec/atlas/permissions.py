"""Who may change an action of the Atlas, its notes and an authority's persons in charge; every
answer says why, in French (`accounts.decisions.Decision`)."""
from coopdec.accounts.decisions import Decision, allow, deny
from coopdec.accounts.selectors import embassy_countries, is_member, is_ministry, member_authorities, network_regions

from .models import Action, ActionPartner

SIGN_IN = "Connectez-vous pour continuer."


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_embassy_of(user, action) -> bool:
    """An embassy agent of a country where the action has a partner."""
    return ActionPartner.objects.filter(action=action, country__in=embassy_countries(user)).exists()


def can_edit_action(user, action) -> Decision:
    """The ministry; a confirmed member of one of the action's French authorities; an embassy
    agent of one of its partners' countries. A laureate's action follows its dossier."""
    if not _signed_in(user):
        return deny(SIGN_IN)
    if action.origin == Action.Origin.LAUREATE:
        return deny("Une action lauréate suit son dossier : elle se modifie dans le dossier, pas dans l'Atlas.")
    if is_ministry(user):
        return allow()
    if member_authorities(user).filter(atlas_links__action=action).exists():
        return allow()
    if is_embassy_of(user, action):
        return allow()
    return deny("Vous ne pouvez modifier que les actions d'une collectivité dont vous êtes membre confirmé, "
                "ou, pour une ambassade, celles qui ont un partenaire dans votre pays.")


def can_act_for(user, authority) -> Decision:
    """A confirmed member of the authority (or the ministry) records its actions and contacts."""
    if not _signed_in(user):
        return deny(SIGN_IN)
    if is_ministry(user) or is_member(user, authority):
        return allow()
    return deny(f"Vous n'êtes pas membre confirmé de {authority.name}.")


def can_comment_action(user, action) -> Decision:
    if not _signed_in(user):
        return deny(SIGN_IN)
    if is_ministry(user) or is_embassy_of(user, action):
        return allow()
    return deny("Seuls le ministère et les ambassades des pays partenaires de l'action la commentent.")


def can_run_atlas(user) -> Decision:
    if not _signed_in(user):
        return deny(SIGN_IN)
    if not is_ministry(user):
        return deny("Seul le ministère ouvre les campagnes de mise à jour et tranche les noms de l'Atlas.")
    return allow()


def can_see_persons_in_charge(user) -> Decision:
    """The ministry, embassies and networks (each within its scope); never the public."""
    if not _signed_in(user):
        return deny(SIGN_IN)
    if is_ministry(user) or embassy_countries(user).exists() or network_regions(user).exists():
        return allow()
    return deny("Les personnes chargées de l'action internationale ne sont visibles que du ministère, "
                "des ambassades et des réseaux régionaux.")
