"""Who may see a grant, file its reports, record its payments and review its reports; each answer
says why, in French. A grant is as private as its dossier: views turn a refusal to see it into a
404 (`applications.permissions.can_view_application`)."""
from coopdec.accounts.decisions import Decision, allow, deny
from coopdec.accounts.selectors import is_member, is_ministry
from coopdec.applications.permissions import NOT_YOURS, can_view_application, conflict_of_interest

MINISTRY_ONLY = "Seul un agent du ministère peut faire cela."


def can_view_grant(user, application) -> Decision:
    """The members of the lead authority and the ministry, as for the dossier itself."""
    return can_view_application(user, application)


def can_file_report(user, report) -> Decision:
    """A confirmed member of the dossier's lead authority; the ministry reviews, it does not file."""
    application = report.application
    if application.lead_authority_id is None or not is_member(user, application.lead_authority):
        return deny(NOT_YOURS)
    return allow()


def can_review_report(user, report) -> Decision:
    """The ministry, without a conflict of interest on the report's dossier."""
    return conflict_of_interest(user, report.application) if is_ministry(user) else deny(MINISTRY_ONLY)


def can_record_payment(user, tranche) -> Decision:
    """The ministry, without a conflict of interest on the tranche's dossier."""
    return conflict_of_interest(user, tranche.application) if is_ministry(user) else deny(MINISTRY_ONLY)
