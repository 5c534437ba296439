"""What changes a declaration of development aid: its draft lines, its submission, a member's
request for a correction and the ministry's reopening. Every door (form, admin, demo) goes
through here: the window, the member's right and the codelists hold whoever writes.
"""
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coopdec.accounts.selectors import is_member, is_ministry
from coopdec.applications.services import authority_apd_declared
from coopdec.dataversion.changes import data_changed
from coopdec.french.text import date_fr, datetime_fr, to_paris
from coopdec.notifications import events
from coopdec.notifications.services import notify
from coopdec.territories.models import Country

from . import codelists, selectors
from .models import (
    MARKERS, Declaration, DeclarationEvent, DeclarationLine, DeclarationReminder, DeclarationWindow, Marker,
)

NOT_YOURS = "Cette déclaration n'est pas celle d'une collectivité dont vous êtes membre confirmé."


class DeclarationRefused(Exception):
    """A declaration, or a change to it, refused, with the reason in French."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def window_text(window: DeclarationWindow) -> str:
    """« du 15 avril 2026 au 31 mai 2026 inclus (heure de Paris) »."""
    return (f"du {date_fr(window.opens_at)} au {date_fr(window.closes_at - timedelta(seconds=1))} inclus "
            "(heure de Paris)")


def _window_checked(declaration, at):
    """Refused outside the year's window, unless the ministry reopened the declaration."""
    if declaration.reopened:
        return
    window = DeclarationWindow.for_year(declaration.year)
    if not window.is_open(at):
        when = "n'est pas encore ouverte" if at < window.opens_at else "est close"
        raise DeclarationRefused(
            f"La déclaration d'APD {declaration.year} {when} : elle se fait {window_text(window)}. "
            "Hors de cette période, demandez au ministère de rouvrir votre déclaration.")


def _member_checked(declaration, user):
    if not is_member(user, declaration.authority):
        raise PermissionDenied(NOT_YOURS)


def _locked(declaration) -> Declaration:
    return Declaration.objects.select_for_update().select_related("authority").get(pk=declaration.pk)


def _editable_checked(declaration, user, at):
    _member_checked(declaration, user)
    if not declaration.editable:
        raise DeclarationRefused(
            f"La déclaration d'APD {declaration.year} a été déposée le {datetime_fr(declaration.submitted_at)} : "
            "elle ne se modifie plus. Pour la corriger, demandez-le au ministère.")
    _window_checked(declaration, at)


@transaction.atomic
def declaration_open(*, authority, year, user, at=None) -> Declaration:
    """The authority's declaration for `year`, created as a draft on first use (inside the window)."""
    at = at or timezone.now()
    if not is_member(user, authority):
        raise PermissionDenied(NOT_YOURS)
    found = Declaration.objects.filter(authority=authority, year=year).first()
    if found is not None:
        return found
    declaration = Declaration(authority=authority, year=year, created_at=at)
    _window_checked(declaration, at)
    declaration.save()
    DeclarationEvent.objects.create(declaration=declaration, kind=DeclarationEvent.Kind.CREATED, by=user, at=at)
    return declaration


def line_checked(declaration, values: dict) -> dict:
    """The line's values checked against the codelists, or ValidationError naming each field.
    `values`: country (Country, ISO code or None), region_code, channel_code, purpose_code,
    spending, amount (Decimal), each marker (0, 1 or 2), application (or None), action_url,
    description."""
    errors = {}
    clean = {key: values.get(key) for key in (
        "country", "region_code", "channel_code", "purpose_code", "spending", "amount", "application",
        "action_url", "description")}
    clean["region_code"] = (clean["region_code"] or "").strip()
    country = clean["country"]
    if isinstance(country, str) and country:
        country = Country.objects.filter(pk=country.upper()).first()
        if country is None:
            errors["country"] = f"« {values['country']} » n'est pas un code de pays connu de CoopDec."
    clean["country"] = country or None
    if clean["country"] and clean["region_code"]:
        errors["region_code"] = "Choisissez un pays ou une région (multi-pays), pas les deux."
    elif not clean["country"] and not clean["region_code"] and "country" not in errors:
        errors["country"] = "Choisissez le pays partenaire, ou une région du monde si la dépense est multi-pays."
    elif clean["region_code"] and clean["region_code"] not in dict(codelists.region_choices()):
        errors["region_code"] = f"« {clean['region_code']} » n'est pas un code de région du CAD."
    if (clean["purpose_code"] or "") not in dict(codelists.purpose_choices()):
        errors["purpose_code"] = (f"« {clean['purpose_code'] or ''} » n'est pas un code-objet CAD en vigueur "
                                  "(5 chiffres, liste de l'OCDE).")
    if (clean["channel_code"] or "") not in dict(codelists.channel_choices()):
        errors["channel_code"] = f"« {clean['channel_code'] or ''} » n'est pas un canal proposé (codes CRS)."
    if clean["spending"] not in DeclarationLine.Spending.values:
        errors["spending"] = "Choisissez la nature de la dépense dans la liste du guide du ministère."
    amount = clean["amount"]
    if not isinstance(amount, Decimal) or amount <= 0 or amount != round(amount, 2) or amount >= 10 ** 12:
        errors["amount"] = "Le montant est un nombre d'euros positif, au centime près."
    for field, label, _crs in MARKERS:
        value = values.get(field, 0)
        if value in ("", None):
            value = 0
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = -1
        if value not in Marker.values:
            errors[field] = f"Le marqueur « {label} » vaut 0, 1 ou 2."
        clean[field] = value
    application = clean["application"]
    if application is not None and application.lead_authority_id != declaration.authority_id:
        errors["application"] = "Ce dossier n'est pas porté par la collectivité qui déclare."
    clean["action_url"] = (clean["action_url"] or "").strip()
    clean["description"] = " ".join((clean["description"] or "").split())[:300]
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def line_add(*, declaration, user, values, at=None) -> DeclarationLine:
    locked = _locked(declaration)
    _editable_checked(locked, user, at or timezone.now())
    return DeclarationLine.objects.create(declaration=locked, **line_checked(locked, values))


@transaction.atomic
def line_update(*, line, user, values, at=None) -> DeclarationLine:
    locked = _locked(line.declaration)
    _editable_checked(locked, user, at or timezone.now())
    for key, value in line_checked(locked, values).items():
        setattr(line, key, value)
    line.save()
    return line


@transaction.atomic
def line_remove(*, line, user, at=None):
    locked = _locked(line.declaration)
    _editable_checked(locked, user, at or timezone.now())
    line.delete()


def _snapshot(declaration) -> list[dict]:
    return [{"pays": line.country_id or "", "region": line.region_code, "canal": line.channel_code,
             "code_objet": line.purpose_code, "nature": line.spending, "montant": str(line.amount),
             **{field: getattr(line, field) for field, _label, _crs in MARKERS},
             "dossier": line.application_id, "action": line.action_url, "description": line.description}
            for line in declaration.lines.all()]


@transaction.atomic
def declaration_submit(*, declaration, user, at=None) -> Declaration:
    """Submit a draft inside the year's window (or after the ministry reopened it). A second click
    is refused with the date of the first submission. The calls' eligibility then reads « APD
    déclarée » for the year from this declaration (`applications.services.authority_apd_declared`)."""
    at = at or timezone.now()
    locked = _locked(declaration)
    _member_checked(locked, user)
    if not locked.editable:
        raise DeclarationRefused(
            f"La déclaration d'APD {locked.year} a déjà été déposée le {datetime_fr(locked.submitted_at)}.")
    _window_checked(locked, at)
    lines = _snapshot(locked)
    if not lines:
        raise DeclarationRefused("Ajoutez au moins une ligne avant de déposer la déclaration.")
    locked.state, locked.submitted_at, locked.submitted_by, locked.reopened = (
        Declaration.State.SUBMITTED, at, user, False)
    locked.save(update_fields=["state", "submitted_at", "submitted_by", "reopened"])
    DeclarationEvent.objects.create(declaration=locked, kind=DeclarationEvent.Kind.SUBMITTED, by=user, at=at,
                                    lines=lines)
    authority_apd_declared(authority=locked.authority, year=locked.year, on=to_paris(at).date())
    data_changed()  # the public totals (/donnees/, the authority's page) follow
    return locked


@transaction.atomic
def correction_ask(*, declaration, user, reason, at=None) -> DeclarationEvent:
    """A member asks the ministry to reopen a submitted declaration, saying why."""
    locked = _locked(declaration)
    _member_checked(locked, user)
    if locked.editable:
        raise DeclarationRefused("Cette déclaration est un brouillon : modifiez-la directement.")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Dites au ministère ce qu'il faut corriger."})
    return DeclarationEvent.objects.create(declaration=locked, kind=DeclarationEvent.Kind.CORRECTION_ASKED,
                                           by=user, at=at or timezone.now(), reason=reason)


@transaction.atomic
def declaration_reopen(*, declaration, user, reason, at=None) -> Declaration:
    """The ministry reopens a submitted declaration: a draft again, editable and submittable even
    outside the window until submitted again; the lines as first submitted stay in the history.
    « APD déclarée » stays true for the year: the authority did declare."""
    if not is_ministry(user):
        raise PermissionDenied("Seul le ministère rouvre une déclaration d'APD déposée.")
    locked = _locked(declaration)
    if locked.editable:
        raise DeclarationRefused("Cette déclaration n'est pas déposée : rien à rouvrir.")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Donnez le motif de la réouverture."})
    locked.state, locked.reopened = Declaration.State.DRAFT, True
    locked.save(update_fields=["state", "reopened"])
    DeclarationEvent.objects.create(declaration=locked, kind=DeclarationEvent.Kind.REOPENED, by=user,
                                    at=at or timezone.now(), reason=reason)
    data_changed()
    return locked


def reminders_send(*, at=None) -> list[DeclarationReminder]:
    """What the scheduler calls (`manage.py apd_remind`, daily): for each window open at `at`
    whose reminder step has come (`DeclarationWindow.reminder_due`, 14 and 3 days before the
    closing by default), tell the confirmed members of each authority that has not submitted its
    declaration (`selectors.authorities_to_remind`: a draft is not a declaration) through the
    notifications, once per authority, year and step whatever the number of runs: a
    `DeclarationReminder` row records each. Nothing before the window opens or after it closes.
    Each authority in its own transaction: a failure leaves the others' reminders recorded."""
    at = at or timezone.now()
    sent = []
    for window in selectors.windows_open(at):
        days = window.reminder_due(at)
        if days is None:
            continue
        closes_on = to_paris(window.closes_at - timedelta(microseconds=1)).date()
        url = settings.SITE_URL + reverse("apd:declaration", args=[window.year])
        for entry in selectors.authorities_to_remind(window.year, days):
            with transaction.atomic():
                reminder, created = DeclarationReminder.objects.get_or_create(
                    authority=entry.authority, year=window.year, days=days,
                    defaults={"sent_at": at, "recipients": len(entry.users)})
                if not created:  # another run got there first
                    continue
                notify(event=events.APD_RAPPEL, recipients=entry.users, values={"apd": {
                    "year": window.year, "authority": str(entry.authority), "closes_on": closes_on, "days": days,
                    "draft": entry.draft,
                    "url": f"{url}?collectivite={entry.authority.pk}"}})
            sent.append(reminder)
    return sent
