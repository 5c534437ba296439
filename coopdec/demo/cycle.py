"""`manage.py demo_cycle`: one campaign played from the demo's drafts to the first payment, through
the services only, as people would play it on the site — so the demo shows what the site does, and
a change that breaks a step of the cycle breaks the command and its test.

On a database prepared by `load_demo --accounts`: the two demo drafts of the 2026 generalist call
are completed and submitted by their applicants, given to instructeur@demo.coopdec.fr, given an
opinion and scored; the call's closing is brought forward to yesterday (a committee sits on a
closed call); the committee retains Castres's dossier within the envelope and not the Sicoval's,
for a reason said from the figures (`refusal_reason`), closes and publishes its session; the
first tranche is paid.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal as D

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from coopdec.applications import workflow
from coopdec.applications.models import Application
from coopdec.applications.services import (
    application_budget_set, application_partners_set, application_submit, application_update,
)
from coopdec.calls.models import Call
from coopdec.french.text import date_fr, euros, number_fr
from coopdec.grants.services import grant_plan, payment_record
from coopdec.instruction import selectors
from coopdec.instruction.models import Decision, Opinion
from coopdec.instruction.services import (
    assignment_create, decision_record, opinion_record, score_record, session_close, session_open, session_publish,
)
from coopdec.territories.models import Authority

from .accounts import APPLICANTS, MINISTRY, YEAR
from .instruction import INSTRUCTOR
from .opinions import demo_opinions_play


class CycleRefused(Exception):
    """The database is not ready for the cycle (or has played it already); says why in French."""


@dataclass(frozen=True)
class Script:
    """What one demo applicant files, what the embassy says, how the instructor scores (one value
    per criterion of the grid, in its order) and what the committee decides."""

    email: str
    partner: tuple[str, str]
    summary: str
    themes: list
    expenses: list  # (year, category, amount)
    resources: dict
    opinion: tuple[str, str, str]  # issuer, recommendation, comment
    marks: tuple[int, ...]
    outcome: str
    amount: D | None = None
    reason: str = ""


SCRIPTS = (
    Script(
        email=APPLICANTS[0].email, partner=("District de Huye", "RW"),
        summary="Accès à l'eau potable et assainissement de quatre secteurs du district de Huye.",
        themes=["eau", "assainissement"],
        expenses=[(2026, "personnel", D("30000")), (2026, "equipement", D("30000")), (2027, "missions", D("40000"))],
        resources={"french_cash": D("20000"), "partner_contributions": D("10000"), "requested_grant": D("70000")},
        opinion=("Ambassade de France au Rwanda", "favorable", "Partenariat ancien et actif ; besoin avéré."),
        marks=(5, 4, 4, 8), outcome=Decision.Outcome.RETENU, amount=D("60000"),
    ),
    Script(
        email=APPLICANTS[1].email, partner=("Commune de Dschang", "CM"),
        summary="Collecte et valorisation des déchets ménagers de la commune de Dschang.",
        themes=["déchets", "environnement"],
        expenses=[(2026, "prestations", D("50000")), (2027, "fonctionnement", D("30000"))],
        resources={"french_cash": D("30000"), "partner_contributions": D("10000"), "requested_grant": D("40000")},
        opinion=("Ambassade de France au Cameroun", "reserve", "Projet utile, maîtrise d'ouvrage locale à renforcer."),
        marks=(3, 3, 2, 5), outcome=Decision.Outcome.NON_RETENU,
    ),
)


def refusal_reason(*, rank: int | None, ranked: int, average, opinion: Opinion | None, requested, left) -> str:
    """Why the committee does not retain a dossier, said from the figures the session shows: its
    place in the ranking and its weighted average, the opinion recorded on it, and the envelope
    only when what is left of it cannot pay the grant asked for."""
    parts = []
    if rank is not None:
        parts.append(f"dossier classé {rank}e sur {ranked}, avec une moyenne pondérée de "
                     f"{number_fr(average, 2)} / 20")
    if opinion is not None:
        parts.append(f"avis {opinion.get_recommendation_display()} ({opinion.issuer}) : {opinion.comment}")
    if requested is not None and left < requested:
        parts.append(f"il reste {euros(left)} dans l'enveloppe de l'appel pour {euros(requested)} demandés")
    reason = " ; ".join(parts) or "le comité ne retient pas ce dossier"
    return reason[0].upper() + reason[1:] + ("" if reason.endswith(".") else ".")


def _people(emails):
    found = {u.email: u for u in get_user_model().objects.filter(email__in=emails)}
    missing = [email for email in emails if email not in found]
    if missing:
        raise CycleRefused(f"Comptes de démonstration absents ({', '.join(missing)}) : "
                           "lancez d'abord « manage.py load_demo --accounts ».")
    return found


def _dossiers(call, people) -> dict[str, Application]:
    found = {}
    for applicant in APPLICANTS:
        authority = Authority.objects.get(kind=applicant.kind, code=applicant.code)
        application = Application.objects.filter(call=call, lead_authority=authority, title=applicant.title).first()
        if application is None:
            raise CycleRefused(f"Le brouillon de {authority.name} est absent : lancez « manage.py load_demo --accounts ».")
        if application.state != workflow.BROUILLON:
            raise CycleRefused(f"Le dossier « {application.title} » est déjà « {application.state_label} » : "
                               "le cycle a déjà été joué sur cette base (recréez-la pour le rejouer).")
        found[applicant.email] = application
    return found


@transaction.atomic
def demo_cycle_play(*, say=print, today: date | None = None) -> Application:
    """Play the cycle, telling each step through `say`; returns the laureate. All or nothing."""
    today = today or timezone.localdate()
    call = Call.objects.filter(campaign__year=YEAR, kind=Call.Kind.GENERALISTE).first()
    if call is None:
        raise CycleRefused(f"Aucun appel généraliste {YEAR} : lancez « manage.py load_demo --accounts ».")
    people = _people([MINISTRY, INSTRUCTOR, *(s.email for s in SCRIPTS)])
    officer, instructor = people[MINISTRY], people[INSTRUCTOR]
    dossiers = _dossiers(call, people)
    criteria = list(call.criteria.all())

    # The demo plays in one go what takes weeks: the dossiers are submitted two days ago, and the
    # call's closing is brought forward to yesterday, for the committee sits on a closed call.
    submitted_at = timezone.now() - timedelta(days=2)
    say(f"1. Dépôt — appel « {call.name} », ouvert jusqu'au {date_fr(call.closes_on)}")
    for script in SCRIPTS:
        application, person = dossiers[script.email], people[script.email]
        application_partners_set(application=application, user=person, co_applicants=[], partners=[script.partner])
        application_update(application=application, user=person, summary=script.summary, themes=script.themes,
                           duration_months=24, gender_marker=1, starts_on=date(YEAR, 1, 1))
        application_budget_set(application=application, user=person, expenses=script.expenses,
                               resources=script.resources)
        application_submit(application=application, user=person, at=submitted_at)
        say(f"   {person.email} complète et dépose « {application.title} » le {date_fr(submitted_at)} "
            f"(subvention demandée : {euros(script.resources['requested_grant'])})")

    say(f"2. Instruction — attribution à {instructor.email}, avis, notes")
    for script in SCRIPTS:
        application = dossiers[script.email]
        assignment_create(application=application, instructor=instructor, by=officer)
        issuer, recommendation, comment = script.opinion
        if script is SCRIPTS[0]:  # asked and given in CoopDec (demo/opinions.py)
            demo_opinions_play(application=application, officer=officer, say=say)
        else:  # received outside CoopDec, typed by the ministry
            opinion_record(application=application, issuer_kind="ambassade", issuer=issuer,
                           recommendation=recommendation, comment=comment, user=officer)
        score_record(application=application, user=instructor,
                     values={c.pk: mark for c, mark in zip(criteria, script.marks, strict=True)})
        say(f"   « {application.title} » : attribué, avis {dict(Opinion.Recommendation.choices)[recommendation]} "
            f"({issuer}), noté")
    for row in selectors.call_ranking(call):
        say(f"   rang {row.rank} : « {row.application.title} », moyenne pondérée "
            f"{number_fr(row.score.average, 2)} / 20")

    closing = today - timedelta(days=1)
    say(f"3. Clôture — la démonstration avance la clôture de l'appel au {date_fr(closing)} "
        f"(elle était fixée au {date_fr(call.closes_on)}) : un comité ne siège que sur un appel clos")
    call.closes_on = closing
    call.save(update_fields=["closes_at"])

    say(f"4. Comité — enveloppe de l'appel : {euros(call.envelope)}")
    session = session_open(call=call, held_on=today, user=officer)
    ranking = {row.application.pk: row for row in selectors.call_ranking(call)}
    for script in sorted(SCRIPTS, key=lambda s: s.outcome != Decision.Outcome.RETENU):  # the retained first
        application = dossiers[script.email]
        reason = script.reason
        if script.outcome != Decision.Outcome.RETENU:
            row = ranking[application.pk]
            reason = refusal_reason(
                rank=row.rank, ranked=len(ranking), average=row.score.average,
                opinion=application.opinions.order_by("-pk").first(),
                requested=script.resources["requested_grant"], left=selectors.call_envelope(call).left)
        decision_record(application=application, decision=script.outcome, amount=script.amount,
                        reason=reason, user=officer)
        outcome = dict(Decision.Outcome.choices)[script.outcome]
        say(f"   « {application.title} » : {outcome}" + (f", {euros(script.amount)}" if script.amount else "")
            + (f" — motif : {reason}" if reason else ""))
    envelope = selectors.call_envelope(call)
    say(f"   engagé : {euros(envelope.committed)} ; reste dans l'enveloppe : {euros(envelope.left)}")
    session_close(session=session, user=officer)
    session_publish(session=session, user=officer)
    say(f"   séance du {date_fr(today)} close et publiée : les lauréats sont sur les pages publiques")

    laureate = dossiers[SCRIPTS[0].email]
    plan = grant_plan(application=laureate)
    first = plan.tranches[0]
    payment_record(tranche=first, paid_on=today, amount=first.amount, user=officer)
    say(f"5. Subvention — échéancier de {len(plan.tranches)} versements ; "
        f"1re tranche versée le {date_fr(today)} : {euros(first.amount)}")
    say(f"À ouvrir : /campagnes/{YEAR}/ (le lauréat et les chiffres calculés), puis, connecté comme "
        f"{SCRIPTS[0].email} (mot de passe demo), /espace/dossiers/{laureate.pk}/lettre-de-decision.pdf")
    return laureate
