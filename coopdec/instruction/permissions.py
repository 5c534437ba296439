"""Who may instruct, score, give opinions on and see the instruction of a dossier, hold committees
and decide; each answer says why, in French.

The instruction of a dossier is as private as the dossier: views turn a refusal to see it into a
404, so an instructor learns nothing of the dossiers not given to them.
"""
from coopdec.accounts.decisions import Decision, allow, deny
from coopdec.accounts.models import Membership, Role
from coopdec.accounts.selectors import instructor_scope, is_ministry
from coopdec.applications import workflow
from coopdec.applications.permissions import (
    can_move_application, conflict_of_interest, conflict_of_interest_among,
)

SIGN_IN = "Connectez-vous pour continuer."
MINISTRY_ONLY = "Seul un agent du ministère peut le faire."
NOT_ASSIGNED = "Ce dossier ne vous a pas été attribué pour instruction."
COMMITTEE_ONLY = "Seul un agent du ministère tient les comités de sélection et décide des dossiers."

# A dossier is under review from its submission to the committee's decision: it may be given to
# instructors, scored and given opinions in these states only.
UNDER_REVIEW = frozenset({workflow.DEPOSE, workflow.A_COMPLETER, workflow.EN_INSTRUCTION})


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def instructor_covers(user, application) -> Decision:
    """An instructor's role covers the dossier's call or one of its partner countries."""
    scope = instructor_scope(user)
    if scope.calls.filter(pk=application.call_id).exists():
        return allow()
    countries = {p.foreign_authority.country_id for p in application.partnerships.all()} - {None}
    if countries and scope.countries.filter(pk__in=countries).exists():
        return allow()
    return deny(f"{user.email} n'est instructeur ni pour l'appel « {application.call.name} » "
                "ni pour un pays partenaire de ce dossier.")


def _assigned(user, application) -> bool:
    return application.assignments.filter(instructor=user).exists()


def can_assign_application(user, application, instructor) -> Decision:
    """The ministry, without a conflict of interest, gives a dossier under review to an instructor
    whose role covers it, once, and never to a member of one of its authorities."""
    if not is_ministry(user):
        return deny("Seul un agent du ministère attribue les dossiers.")
    conflict = conflict_of_interest(user, application)
    if not conflict:
        return conflict
    if application.state not in UNDER_REVIEW:
        return deny(f"Un dossier « {application.state_label} » ne s'attribue pas pour instruction.")
    if _assigned(instructor, application):
        return deny(f"« {application.title} » est déjà attribué à {instructor.email}.")
    covered = instructor_covers(instructor, application)
    if not covered:
        return covered
    return conflict_of_interest(instructor, application)


def can_view_instruction(user, application) -> Decision:
    """The ministry, or an instructor the dossier was given to."""
    if not _signed_in(user):
        return deny(SIGN_IN)
    if is_ministry(user):
        return allow()
    if _assigned(user, application):
        return allow()
    return deny(NOT_ASSIGNED)


def can_score_application(user, application) -> Decision:
    """An instructor the dossier was given to, with no conflict of interest, until the committee
    decides; the grid is the call's."""
    if not _signed_in(user):
        return deny(SIGN_IN)
    if not _assigned(user, application):
        return deny(NOT_ASSIGNED)
    if application.state not in UNDER_REVIEW:
        return deny(f"Un dossier « {application.state_label} » ne se note plus.")
    conflict = conflict_of_interest(user, application)
    if not conflict:
        return conflict
    if not application.call.criteria.exists():
        return deny(f"L'appel « {application.call.name} » n'a pas encore de grille de notation.")
    return allow()


def can_view_opinions(user, application) -> Decision:
    """The opinions of embassies and prefectures are for the ministry only."""
    if not is_ministry(user):
        return deny("Les avis des ambassades et des préfectures sont réservés au ministère.")
    return allow()


def can_record_opinion(user, application) -> Decision:
    """The ministry, without a conflict of interest, while the dossier is under review."""
    if not is_ministry(user):
        return deny(MINISTRY_ONLY)
    if application.state not in UNDER_REVIEW:
        return deny(f"Un dossier « {application.state_label} » ne reçoit plus d'avis.")
    return conflict_of_interest(user, application)


def can_view_annotations(user, application) -> Decision:
    """The private annotations of a dossier: the ministry and the instructors it was given to,
    never anyone in a conflict of interest on it (they are written about their authority)."""
    seen = can_view_instruction(user, application)
    if not seen:
        return seen
    return conflict_of_interest(user, application)


def can_annotate(user, application) -> Decision:
    """Whoever reads the annotations writes them, whatever the dossier's state."""
    return can_view_annotations(user, application)


def can_view_all_scores(user, application) -> Decision:
    """Every instructor's marks: the ministry; an instructor sees their own sheet only, so that
    each one scores without reading the others."""
    if not is_ministry(user):
        return deny("Les notes des autres instructeurs sont réservées au ministère.")
    return allow()


def can_ask_corrections(user, application) -> Decision:
    """The ministry, while the workflow lets the dossier go back to the applicant, with the
    workflow's own check of who makes the move (a conflict of interest refuses it)."""
    if not is_ministry(user):
        return deny("Seul un agent du ministère demande des compléments.")
    move = workflow.move(application.state, workflow.A_COMPLETER)
    if move is None:
        return deny(f"Un dossier « {application.state_label} » ne peut pas être renvoyé pour compléments.")
    return can_move_application(user, application, move)


def can_view_instructor_space(user) -> Decision:
    """/instruction/: the ministry and anyone holding an instructor role."""
    if not _signed_in(user):
        return deny(SIGN_IN)
    if is_ministry(user) or instructor_scope(user):
        return allow()
    return deny("Cette page est réservée aux instructeurs et aux agents du ministère.")


def can_view_ranking(user, call) -> Decision:
    if not is_ministry(user):
        return deny("Le classement d'un appel est réservé au ministère.")
    return allow()


# ---------------------------------------------------------------- committees


def can_hold_committees(user) -> Decision:
    """Open, close, reopen and publish a committee's sessions: the ministry."""
    if not user.is_authenticated:
        return deny("Connectez-vous pour continuer.")
    if not is_ministry(user):
        return deny(COMMITTEE_ONLY)
    return allow()


def can_decide_application(user, application) -> Decision:
    """A ministry officer without a conflict of interest on the dossier."""
    held = can_hold_committees(user)
    if not held:
        return held
    return conflict_of_interest(user, application)


def can_act_on_session(user, session) -> Decision:
    """Close, reopen or publish a session: a ministry officer without a conflict of interest on
    any dossier it decided (closing sends their letters and writes their grants, reopening lets
    their decisions change, publishing puts them on the public pages)."""
    held = can_hold_committees(user)
    if not held:
        return held
    return conflict_of_interest_among(
        user, (decision.application for decision in session.decisions.select_related("application")))


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


# ---------------------------------------------------------------- opinions asked in CoopDec

OPINION_GIVERS_ONLY = ("Les avis sont rendus par les agents des ambassades et des préfectures, "
                       "dans le périmètre de leur rôle.")


def can_request_opinions(user, application) -> Decision:
    """The ministry, without a conflict of interest, while the dossier is under review."""
    return can_record_opinion(user, application)


def covers_request(user, request) -> bool:
    """`user` holds the role of the embassy or prefecture the request goes to."""
    if not _signed_in(user):
        return False
    if request.issuer_kind == "ambassade":
        return Role.objects.filter(user=user, kind=Role.Kind.EMBASSY, country_id=request.country_id).exists()
    return Role.objects.filter(user=user, kind=Role.Kind.PREFECTURE, region_id=request.region_id).exists()


def can_view_request(user, request) -> Decision:
    """The request and the dossier's read-only summary: the embassy's or prefecture's agents it
    goes to, and the ministry. Anyone else is answered 404 (an agent for Senegal learns nothing
    of a Mali dossier)."""
    if not _signed_in(user):
        return deny(SIGN_IN)
    if is_ministry(user) or covers_request(user, request):
        return allow()
    return deny("Cette demande d'avis ne relève pas de votre ambassade ou de votre préfecture.")


def can_answer_request(user, request) -> Decision:
    """An agent of the embassy or prefecture asked, once, while the dossier is under review."""
    if not _signed_in(user):
        return deny(SIGN_IN)
    if not covers_request(user, request):
        return deny(f"Cette demande s'adresse à {request.issuer_name} : votre rôle ne la couvre pas.")
    if request.opinion_id is not None:
        return deny(f"L'avis de {request.issuer_name} sur ce dossier est déjà rendu.")
    application = request.application
    if application.state not in UNDER_REVIEW:
        return deny(f"Le dossier « {application.title} » est {application.state_label} : "
                    "il ne reçoit plus d'avis.")
    return conflict_of_interest(user, application)


def can_view_opinion_requests(user) -> Decision:
    """/instruction/avis/: the ministry and the agents of an embassy or a prefecture."""
    if not _signed_in(user):
        return deny(SIGN_IN)
    if is_ministry(user) or Role.objects.filter(
            user=user, kind__in=(Role.Kind.EMBASSY, Role.Kind.PREFECTURE)).exists():
        return allow()
    return deny("Cette page est réservée aux agents des ambassades, des préfectures et du ministère.")


def can_set_opinion_visibility(user, application) -> Decision:
    """Whether the applicant reads an opinion: the ministry, without a conflict of interest."""
    if not is_ministry(user):
        return deny("Seul un agent du ministère décide si le demandeur lit un avis.")
    return conflict_of_interest(user, application)
