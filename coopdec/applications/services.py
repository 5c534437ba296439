"""Writes on applications (dossiers)."""
import uuid
from zoneinfo import ZoneInfo

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import get_valid_filename

from coopdec.accounts.selectors import is_member
from coopdec.calls.rules import Status
from coopdec.calls.selectors import RulesMissing
from coopdec.dataversion.changes import data_changed
from coopdec.french.text import datetime_fr
from coopdec.notifications import events
from coopdec.territories.partner_services import foreign_authority_get_or_create
from coopdec.territories.services import authority_confirm
from coopdec.territories.text import normalise

from . import workflow
from .messages import co_applicant_invite, notify_dossier, transition_values
from .models import (
    Application, AuthorityYearStatus, BudgetLine, CoApplicant, Document, Partnership, Transition,
)
from .permissions import FIELD_SECTIONS, SECTIONS, can_edit_application, can_edit_section, can_move_application
from .selectors import (
    application_applicant_members, application_corrections_asker, application_evaluation, application_import_row,
    application_resolution_context, authorities_members,
)


@transaction.atomic
def application_lead_confirm(*, application, authority, user):
    """A person says which authority a published name meant: record it, and remember it with the
    context of the row it was published on (`territories.services.authority_confirm`).

    The next import of the same name in a matching context resolves by itself; a name no other
    authority has resolves by itself everywhere. Returns the `Confirmed` record.
    """
    clash = Application.objects.filter(
        call=application.call, lead_authority=authority, title_key=application.title_key
    ).exclude(pk=application.pk)
    if clash.exists():
        raise ValidationError(
            f"« {application.title} » est déjà enregistré pour {authority} dans cet appel : "
            "c'est un doublon, supprimez l'un des deux dossiers."
        )
    application.lead_authority = authority
    application.region_id = authority.region_id
    application.departement_id = authority.departement_id
    application.save(update_fields=["lead_authority", "region", "departement", "updated_at"])
    row = application_import_row(application)
    confirmed = authority_confirm(
        authority=authority, name=application.lead_name, user=user,
        context=application_resolution_context(application, row),
        seen_in=f"{row.batch.file_name}, ligne {row.row_number} — « {application.title} »" if row
        else f"« {application.title} »",
    )
    application.import_rows.filter(reviewed_at__isnull=True).update(
        reviewed_by=user, reviewed_at=timezone.now()
    )
    application_search_refresh(application=application)
    data_changed(campaign_id=application.call.campaign_id)
    return confirmed


def application_search_refresh(*, application):
    """Write the text the search reads: every name a person may type to find this laureate.

    Called by every service that changes a laureate's names (import, confirmation).
    """
    document = _search_document(application, application.partnerships.select_related("foreign_authority__country"))
    if document != application.search_document:
        Application.objects.filter(pk=application.pk).update(search_document=document)
        application.search_document = document
    return application


def _search_document(application, partnerships) -> str:
    places = [place.name if place is not None else None
              for place in (application.lead_authority, application.departement, application.region)]
    partners = [(p.name, p.foreign_authority.name,
                 p.foreign_authority.country.name_fr if p.foreign_authority.country_id else "") for p in partnerships]
    return search_document(title=application.title, lead_name=application.lead_name,
                           call_name=application.call.name, places=places, partners=partners)


def search_document(*, title, lead_name, call_name, places, partners) -> str:
    """Every name a person may type to find a laureate, once each: its title, published name,
    call, authority, département and région, and each partner as published, as recorded and its
    country. `places` may hold None; `partners` are (published name, name, country name)."""
    parts = [title, lead_name, call_name, *places]
    for published, name, country in partners:
        parts += [published, name, country]
    return " · ".join(dict.fromkeys(p for p in parts if p))


def applications_search_refresh(*, applications) -> None:
    """`application_search_refresh` for many laureates (an import) in a fixed number of queries."""
    pks = [application.pk for application in applications]
    changed = []
    for chunk in range(0, len(pks), 2000):
        for application in Application.objects.filter(pk__in=pks[chunk:chunk + 2000]).select_related(
            "call", "lead_authority", "departement", "region"
        ).prefetch_related(Prefetch(
            "partnerships", queryset=Partnership.objects.select_related("foreign_authority__country")
        )):
            document = _search_document(application, application.partnerships.all())
            if document != application.search_document:
                application.search_document = document
                changed.append(application)
    Application.objects.bulk_update(changed, ["search_document"], batch_size=1000)


# ---------------------------------------------------------------------------------------------
# Filed dossiers: draft, content, documents, and every change of state through `transition`.

PARIS = ZoneInfo("Europe/Paris")

ACCEPTED_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "image/png": "png",
    "image/jpeg": "jpg",
}
ACCEPTED_NAMES = "PDF, ODT, DOCX, XLSX, ODS, PNG ou JPEG"


class TransitionRefused(Exception):
    """A change of state the workflow does not allow now; `reason` says why, in French."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class SubmissionRefused(TransitionRefused):
    """A submission refused: deadline passed, blocking checks failed, or already submitted."""


def paris(moment) -> str:
    """« 31 mars 2026 à 23:59:59 (heure de Paris) »: how every deadline is written to a person."""
    return datetime_fr(moment, seconds=True) + " (heure de Paris)"


def _call_open(application, at, reason, to=None, decision=None):
    """The call takes the dossier at `at` (Call.is_open_at: to the last instant of 23:59:59 Paris
    time on the closing day); otherwise say when it opens or closed."""
    call = application.call
    if call.is_open_at(at):
        return None
    if call.opens_at is None or call.closes_at is None:
        return f"L'appel « {call.name} » n'a pas de dates d'ouverture et de clôture enregistrées."
    if at < call.opens_at:
        return f"L'appel « {call.name} » ouvre le {paris(call.opens_at)}."
    return (f"L'appel « {call.name} » est clos depuis le {paris(call.closes_at)} : "
            f"le dossier ne peut plus être déposé.")


def _checks_passed(application, at, reason, to=None, decision=None):
    """The blocking checks of the call's rules: every failed check is named with its reason."""
    try:
        evaluation = application_evaluation(application)
    except RulesMissing as missing:
        return str(missing)
    failed = [check.message for check in evaluation.checks if check.status == Status.FAILED]
    if failed:
        return "Le dossier ne peut pas encore être déposé : " + " ; ".join(failed)
    return None


def _reason_given(application, at, reason, to=None, decision=None):
    return None if reason.strip() else "Un motif est nécessaire pour ce changement d'état."


def _committee_decided(application, at, reason, to, decision=None):
    """Only a committee decides: `decision` is the committee's record that the caller
    (`instruction.services.decision_record`) has just written; it must be this dossier's, saved,
    and name the state it moves to. The rule stays with the workflow, the record with the
    committee's app, which the dossier's app does not import."""
    if decision is not None and decision.pk and decision.application_id == application.pk and decision.outcome == to:
        return None
    return ("Seul un comité de sélection décide d'un dossier : enregistrez la décision dans la séance "
            "du comité de l'appel (/instruction/comites/).")


CONDITIONS = {
    workflow.CALL_OPEN: _call_open,
    workflow.CHECKS_PASSED: _checks_passed,
    workflow.REASON_GIVEN: _reason_given,
    workflow.COMMITTEE_DECIDED: _committee_decided,
}


def transition(*, application, to, by, reason="", at=None, decision=None, sections=()):
    """The only way a dossier changes state: the workflow's move, its actor, its conditions, one
    Transition row, and what follows sent once the transaction commits. A committee's move passes
    its `decision` record (`workflow.COMMITTEE_DECIDED`).

    The caller holds the dossier's row locked (`_locked`), so two requests never both move it.
    """
    at = at or timezone.now()
    move = workflow.move(application.state, to)
    if move is None:
        raise TransitionRefused(
            f"Un dossier « {application.state_label} » ne peut pas passer à « {workflow.label(to)} »."
        )
    allowed = can_move_application(by, application, move)
    if not allowed.allowed:
        raise TransitionRefused(allowed.reason)
    for condition in move.conditions:
        refusal = CONDITIONS[condition](application, at, reason, to, decision)
        if refusal:
            raise TransitionRefused(refusal)
    record = Transition.objects.create(
        application=application, from_state=application.state, to_state=to, by=by, at=at, reason=reason,
        sections=list(sections),
    )
    application.state = to
    application.decision = workflow.STATES[to].decision or application.decision
    application.save(update_fields=["state", "decision", "updated_at"])
    # Received dossiers are counted on the campaign's page, laureates listed: renewed at commit.
    data_changed(campaign_id=application.call.campaign_id)
    for follow in move.follows:
        _follow_notify(record, follow)
    return record


# What each move's `follows` sends, through the one messenger (`messages.notify_dossier`).
FOLLOW_EVENTS = {
    workflow.ACKNOWLEDGEMENT: events.DOSSIER_RECU,  # to the person who submitted, with the acknowledgement PDF
    workflow.CORRECTIONS_REQUESTED: events.COMPLEMENTS_DEMANDES,  # to the lead authority's members
    workflow.CORRECTIONS_ANSWERED: events.COMPLEMENTS_APPORTES,  # to the officer who asked
}


def _follow_notify(record, follow):
    """The messages of a transition, written in its transaction (rolled back with it); their
    e-mails leave once it commits."""
    application = record.application
    if follow == workflow.ACKNOWLEDGEMENT:
        recipients = [record.by] if record.by else []
    elif follow == workflow.CORRECTIONS_REQUESTED:
        recipients = application_applicant_members(application)
    else:
        asker = application_corrections_asker(application)
        recipients = [asker] if asker else []
    notify_dossier(event=FOLLOW_EVENTS[follow], application=application, recipients=recipients,
                   values={"transition": transition_values(record), "message": record.reason})


def _locked(application):
    """The dossier's row, locked until the transaction ends (PostgreSQL), read afresh."""
    return Application.objects.select_for_update().select_related("call").get(pk=application.pk)


@transaction.atomic
def application_submit(*, application, user, at=None, statement=""):
    """Submit a draft. A second click or a second tab finds the dossier already submitted and is
    refused with the date of the first submission, so a dossier is submitted once. `statement`:
    the sworn statement the applicant ticked, kept as the submission's reason (its record)."""
    locked = _locked(application)
    if locked.state != workflow.BROUILLON:
        submitted = locked.transitions.filter(to_state=workflow.DEPOSE).first()
        if submitted is not None:
            raise SubmissionRefused(f"Ce dossier a déjà été déposé le {paris(submitted.at)}.")
    try:
        transition(application=locked, to=workflow.DEPOSE, by=user, at=at,
                   reason=f"Déclaration sur l'honneur : {statement}" if statement else "")
    except TransitionRefused as refused:
        raise SubmissionRefused(refused.reason) from refused
    return locked


@transaction.atomic
def application_move(*, application, user, to, reason=""):
    """Any move of the workflow but the submission (which has its own checks and answer)."""
    locked = _locked(application)
    transition(application=locked, to=to, by=user, reason=reason)
    return locked


def application_withdraw(*, application, user, reason=""):
    return application_move(application=application, user=user, to=workflow.RETIRE, reason=reason)


@transaction.atomic
def application_ask_corrections(*, application, user, message, sections=()):
    """The ministry asks for corrections: the applicant sees the message and may edit again —
    only the parts named in `sections` (codes of `permissions.SECTIONS`; none named: the whole
    dossier). The message the applicant receives starts with what to correct."""
    unknown = [code for code in sections if code not in SECTIONS]
    if unknown:
        raise ValidationError({"sections": f"Partie du dossier inconnue : {', '.join(unknown)}."})
    sections = [code for code in SECTIONS if code in sections]
    reason = message.strip()
    if sections:
        reason = f"À corriger : {', '.join(SECTIONS[code] for code in sections)}.\n{reason}"
    locked = _locked(application)
    transition(application=locked, to=workflow.A_COMPLETER, by=user, reason=reason, sections=sections)
    return locked


def application_answer_corrections(*, application, user, message=""):
    return application_move(application=application, user=user, to=workflow.DEPOSE, reason=message)


@transaction.atomic
def application_create_draft(*, user, call, authority, title):
    """A new draft for `call`, led by one of the user's authorities."""
    if not is_member(user, authority):
        raise PermissionDenied("Vous n'êtes pas membre confirmé de cette collectivité.")
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": "Donnez un intitulé au projet."})
    if Application.objects.filter(call=call, lead_authority=authority, title_key=normalise(title)).exists():
        raise ValidationError(
            {"title": f"{authority.name} a déjà un dossier intitulé « {title} » dans cet appel."}
        )
    application = Application.objects.create(
        call=call, title=title, title_key=normalise(title), lead_authority=authority,
        lead_name=authority.name, lead_name_key=normalise(authority.name), region_id=authority.region_id,
        departement_id=authority.departement_id, provenance=Application.Provenance.PLATFORM,
        state=workflow.BROUILLON, decision=Application.Decision.PENDING, created_by=user,
    )
    Transition.objects.create(application=application, to_state=workflow.BROUILLON, by=user,
                              at=timezone.now(), reason="Création du brouillon")
    return application


def _editable(application, user, *sections):
    """Refused unless `user` may edit the dossier, and each of `sections` of it when the ministry
    reopened only some parts (`can_edit_section`)."""
    allowed = can_edit_application(user, application)
    for section in sections:
        if allowed.allowed:
            allowed = can_edit_section(user, application, section)
    if not allowed.allowed:
        raise PermissionDenied(allowed.reason)


CONTENT_FIELDS = frozenset({
    "title", "summary", "description", "themes", "sdgs", "gender_marker", "starts_on", "duration_months",
})


@transaction.atomic
def application_update(*, application, user, **fields):
    """Save one step's fields of a draft (or of a dossier « à compléter »)."""
    locked = _locked(application)
    _editable(locked, user, *sorted({FIELD_SECTIONS[name] for name in fields if name in FIELD_SECTIONS}))
    unknown = set(fields) - CONTENT_FIELDS
    if unknown:
        raise ValueError(f"Champs inconnus : {', '.join(sorted(unknown))}")
    if "title" in fields:
        fields["title"] = " ".join(fields["title"].split())
        fields["title_key"] = normalise(fields["title"])
        clash = Application.objects.filter(
            call_id=locked.call_id, lead_authority_id=locked.lead_authority_id, title_key=fields["title_key"]
        ).exclude(pk=locked.pk)
        if clash.exists():
            raise ValidationError({"title": "Un autre dossier de votre collectivité porte déjà cet intitulé."})
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*fields, "updated_at"])
    return locked


@transaction.atomic
def application_partners_set(*, application, user, co_applicants, partners):
    """Replace the co-applicant authorities and the foreign partners (name, ISO country code)."""
    locked = _locked(application)
    _editable(locked, user, "partenaires")
    answers = {c.authority_id: (c.state, c.answered_by_id, c.answered_at) for c in locked.co_applicants.all()}
    locked.co_applicants.all().delete()
    named = [authority for authority in dict.fromkeys(co_applicants) if authority.pk != locked.lead_authority_id]
    CoApplicant.objects.bulk_create(  # a new one is invited; one kept keeps its answer
        CoApplicant(application=locked, authority=authority, name=authority.name, order=order,
                    **dict(zip(("state", "answered_by_id", "answered_at"),
                               answers.get(authority.pk, (CoApplicant.State.INVITED, None, None)))))
        for order, authority in enumerate(named)
    )
    invited = [authority for authority in named if authority.pk not in answers]
    members = authorities_members(a.pk for a in invited)
    for authority in invited:  # the newly named are told, by message and e-mail, once it commits
        if members.get(authority.pk):
            co_applicant_invite(application=locked, authority=authority, recipients=members[authority.pk])
    locked.partnerships.all().delete()
    chosen = {}
    for name, country in partners:
        foreign = foreign_authority_get_or_create(name=name, country=country)
        chosen.setdefault(foreign.pk, (foreign, " ".join(name.split())))
    Partnership.objects.bulk_create(
        Partnership(application=locked, foreign_authority=foreign, name=name, order=order)
        for order, (foreign, name) in enumerate(chosen.values())
    )
    return application_search_refresh(application=locked)


@transaction.atomic
def co_applicant_answer(*, co_applicant, user, accept: bool, at=None):
    """A member of the invited authority confirms (it is then shown publicly as co-porteuse) or
    declines; only while invited, and only by a confirmed member of that authority."""
    locked = CoApplicant.objects.select_for_update(of=("self",)).select_related("authority", "application__call").get(
        pk=co_applicant.pk)
    if locked.authority_id is None or not is_member(user, locked.authority):
        raise PermissionDenied("Seul un membre confirmé de la collectivité invitée répond à l'invitation.")
    if locked.state != CoApplicant.State.INVITED:
        raise PermissionDenied(f"Cette invitation a déjà reçu une réponse : {locked.get_state_display()}.")
    locked.state = CoApplicant.State.CONFIRMED if accept else CoApplicant.State.DECLINED
    locked.answered_by, locked.answered_at = user, at or timezone.now()
    locked.save(update_fields=["state", "answered_by", "answered_at"])
    data_changed(campaign_id=locked.application.call.campaign_id)  # public pages list it from now on
    return locked


@transaction.atomic
def application_budget_set(*, application, user, expenses, resources, country_parts=None):
    """Replace the budget: `expenses` as (year, category, amount), `resources` as {category: amount},
    `country_parts` as {ISO code: part of the cost} when there are several partner countries."""
    locked = _locked(application)
    _editable(locked, user, "budget")
    locked.budget_lines.all().delete()
    lines = BudgetLine.build(locked, expenses=expenses, resources=resources, country_parts=country_parts)
    BudgetLine.objects.bulk_create(lines)
    return locked


def upload_checked(upload) -> tuple[str, str]:
    """The type and extension of an uploaded file read from its bytes, never its name; refused
    with a French reason when too heavy or not of an accepted type. Every private upload
    (dossiers' documents, grants' reports) goes through it."""
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError({"upload": (
            f"« {upload.name} » pèse {filesizeformat(upload.size)} : la limite est de {filesizeformat(limit)}."
        )})
    head = upload.read(8192)
    upload.seek(0)
    detected = filetype.guess(head)
    extension = ACCEPTED_TYPES.get(detected.mime) if detected else None
    if extension is None:
        found = f"un fichier {detected.extension.upper()}" if detected else "un fichier de type inconnu"
        raise ValidationError({"upload": (
            f"« {upload.name} » est {found}, quel que soit son nom : seuls les fichiers "
            f"{ACCEPTED_NAMES} sont acceptés."
        )})
    return detected.mime, extension


DOCUMENT_NAME_MAX = 200  # as Document.name and ReportDocument.name


def document_name(sent: str, extension: str) -> str:
    """The name a document is kept and downloaded under: the sender's, made safe
    (`get_valid_filename`), within DOCUMENT_NAME_MAX characters, and always ending with the
    extension of what its bytes are (a name cut short keeps it); « piece.<ext> » when nothing of
    the name is left (« €€€.pdf », « ... »)."""
    try:
        safe = get_valid_filename(sent)
    except SuspiciousFileOperation:  # nothing left of it: « €€€ »
        safe = ""
    stem = safe.rpartition(".")[0] if "." in safe else safe
    stem = stem.strip("._-") or "piece"
    return f"{stem[:DOCUMENT_NAME_MAX - len(extension) - 1]}.{extension}"


@transaction.atomic
def document_add(*, application, user, kind, upload):
    """Keep an uploaded file in private storage, accepted by what its bytes are, never its name."""
    locked = _locked(application)
    _editable(locked, user, "pieces")
    mime, extension = upload_checked(upload)
    document = Document(
        application=locked, kind=kind, name=document_name(upload.name, extension),
        content_type=mime, size=upload.size, uploaded_by=user, at=timezone.now(),
    )
    document.file.save(f"{kind}-{uuid.uuid4().hex}.{extension}", upload, save=False)
    document.save()
    return document


@transaction.atomic
def document_remove(*, document, user):
    _editable(_locked(document.application), user, "pieces")
    document.file.delete(save=False)
    document.delete()


@transaction.atomic
def authority_status_commit(*, preview):
    """Write a checked preview, all rows or none: a preview with errors writes nothing."""
    if preview.errors:
        raise ValidationError(preview.errors)
    declared_here = set(AuthorityYearStatus.objects.filter(
        authority__in=[row.authority for row in preview.rows], year=preview.year, apd_source="coopdec",
    ).values_list("authority_id", flat=True))
    for row in preview.rows:
        defaults = {"reports_due": row.reports_due, "reports_filed": row.reports_filed,
                    "reports_accepted": row.reports_accepted}
        if row.authority.pk not in declared_here:  # a declaration submitted in CoopDec stands
            defaults |= {"apd_declared": row.apd_declared, "apd_declared_on": row.apd_declared_on,
                         "apd_source": "import"}
        AuthorityYearStatus.objects.update_or_create(authority=row.authority, year=preview.year,
                                                     defaults=defaults)
    data_changed()  # the authorities' public pages say whether they declared their APD, and where
    return len(preview.rows)


def authority_apd_declared(*, authority, year, on):
    """The authority submitted its declaration of development aid for `year` in CoopDec (apd's
    `declaration_submit` calls this): the status the calls' eligibility check reads says so, and
    no later import of the year replaces it. The report counts are left as they are."""
    status, _created = AuthorityYearStatus.objects.get_or_create(authority=authority, year=year)
    status.apd_declared, status.apd_declared_on, status.apd_source = True, on, "coopdec"
    status.save(update_fields=["apd_declared", "apd_declared_on", "apd_source"])
    return status
