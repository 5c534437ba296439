"""Who may hold committees and decide dossiers; each answer says why, in French.

(Committee part.) `conflict_of_interest` is the one rule of issue 8 §1 that the committee applies
too: the helper writing the instruction side exposes it under this name; at the merge its version
is kept and `can_decide_application` keeps calling it.
"""
from coopdec.accounts.decisions import Decision, allow, deny
from coopdec.accounts.selectors import is_member, is_ministry

MINISTRY_ONLY = "Seul un agent du ministère tient les comités de sélection et décide des dossiers."


def conflict_of_interest(user, application) -> Decision:
    """Allowed when the user has no conflict: no one instructs, scores or decides a dossier of an
    authority they are a confirmed member of, whether it leads the dossier or co-applies."""
    authorities = [application.lead_authority] if application.lead_authority_id else []
    authorities += [c.authority for c in application.co_applicants.select_related("authority")
                    if c.authority_id is not None]
    for authority in authorities:
        if is_member(user, authority):
            role = "cheffe de file" if authority.pk == application.lead_authority_id else "co-porteuse"
            return deny(f"Conflit d'intérêts : vous êtes membre de {authority.name}, collectivité {role} "
                        f"du dossier « {application.title} ».")
    return allow()


def can_hold_committees(user) -> Decision:
    """Open, close, reopen and publish a committee's sessions: the ministry."""
    if not user.is_authenticated:
        return deny("Connectez-vous pour continuer.")
    if not is_ministry(user):
        return deny(MINISTRY_ONLY)
    return allow()


def can_decide_application(user, application) -> Decision:
    """A ministry officer without a conflict of interest on the dossier."""
    held = can_hold_committees(user)
    if not held:
        return held
    return conflict_of_interest(user, application)
