"""Who may use the ministry's exports, and whose a job is."""
from coopdec.accounts.decisions import Decision, allow, deny
from coopdec.accounts.permissions import can_view_staff_pages


def can_export_dossiers(user) -> Decision:
    """The ministry's staff only, as the list of dossiers they export."""
    return can_view_staff_pages(user)


def can_view_export_job(user, job) -> Decision:
    """A job and its file are its owner's only (the view answers 404 to anyone else)."""
    if not user.is_authenticated or job.owner_id != user.pk:
        return deny("Cet export n'est pas le vôtre.")
    return allow()
