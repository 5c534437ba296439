"""Nothing the workflow, a committee, a payment or another service owns is typed in the back office.

Every model of CoopDec registered in the admin is walked with one row of its own, made by the
services as the site makes them: its change page offers exactly the fields listed below, its add
page exists only where listed (and then offers exactly those), and the rows a service writes are
never deleted there. A field added later to a model shows on its change page and fails here until
someone decides whether a person may type it (then list it) or a service owns it (then make it
read-only in that app's admin.py).
"""
from datetime import date, timedelta
from pprint import pformat

import pytest
from django.contrib import admin
from django.urls import reverse

from coopdec.apd.models import DeclarationWindow
from coopdec.apd.services import declaration_submit, reminders_send
from coopdec.applications.models import Application
from coopdec.applications.services import application_lead_confirm
from coopdec.calls.models import Call
from coopdec.accounts.selectors import member_authorities
from coopdec.exchange.services import contact_send
from coopdec.exports.models import ExportJob, ExportTemplate
from coopdec.instruction.services import assignment_create, opinion_record, opinion_request, score_record
from coopdec.territories.models import Authority, AuthorityAlias, Country
from tests import factories
from tests.admin_forms import typed_fields
from tests.accounts.people import ministry_officer
from tests.apd.people import IN_WINDOW, declaration_with_line, member
from tests.applications.conftest import imported
from tests.atlas.people import atlas_rows
from tests.grants.conftest import retained
from tests.exchange.people import AT as EXCHANGE_AT
from tests.exchange.people import french_offer
from tests.instruction.people import criteria_ids, grid_call, instructor, submitted

pytestmark = pytest.mark.django_db

# Django's and allauth's own tables (users, groups, e-mail addresses, authenticators, ProConnect's
# accounts and tokens, the task queue, the design system's settings): none of their fields is
# CoopDec's workflow's, committee's or payment's. Only a superuser reaches them, but for the
# users, which the ministry reads (`view_user`, given with the « Ministère » group) and never edits.
SUPERUSER_ONLY = {"auth.group", "dsfr.dsfrconfig", "account.emailaddress", "mfa.authenticator",
                  "socialaccount.socialaccount", "socialaccount.socialapp", "socialaccount.socialtoken",
                  "django_tasks_database.dbtaskresult"}
READ_BY_THE_MINISTRY = {"auth.user"}
OUTSIDE = SUPERUSER_ONLY | READ_BY_THE_MINISTRY

_TERRITORY = {"kind", "code", "siren", "name", "epci_type", "departement", "region", "population"}
_CALL = {"campaign", "name", "slug", "kind", "partner_country", "periodicity", "cycle", "opens_at_0", "opens_at_1",
         "opens_note", "closes_at_0", "closes_at_1", "closes_note", "duration_min", "duration_max", "ldc_rate",
         "oda_rate", "none_rate", "flat_rate", "min_french_share", "min_partner_share", "partner_share_country",
         "in_kind_cap", "grant_ceiling", "min_total_cost", "eligible_countries", "required_documents",
         "required_markers", "envelope", "intermediate_report_months", "final_report_months", "source_url",
         "criteria-order", "criteria-label", "criteria-weight", "criteria-scale_max"}
_CAMPAIGN = {"year", "signatory_name", "signatory_function", "rate_grid-ldc_rate", "rate_grid-oda_rate", "rate_grid-none_rate", "rate_grid-flat_rate",
             "rate_grid-min_french_share", "rate_grid-source_label", "rate_grid-source_url", "rate_grid-DELETE",
             "figures-name", "figures-value", "figures-source_label", "figures-source_url", "figures-published_on",
             "figures-note"}
_IMPORTED = {"call", "title", "region", "departement", "summary", "description", "themes", "sdgs", "duration_months",
             "gender_marker", "starts_on", "ends_on", "granted_amount",
             "co_applicants-authority", "co_applicants-name", "co_applicants-order",
             "partnerships-foreign_authority", "partnerships-name", "partnerships-order", "partnerships-DELETE"}
_STATUS = {"authority", "year", "apd_declared", "apd_declared_on", "reports_due", "reports_filed", "reports_accepted"}
_EXPORT_TEMPLATE = {"owner", "name", "columns", "format"}
_WINDOW = {"year", "opens_at_0", "opens_at_1", "closes_at_0", "closes_at_1", "reminder_days"}

# The fields a person may type on a row's change page, model by model (an imported laureate and a
# dossier filed on CoopDec apart); every other field is read-only there.
CHANGE = {
    "accounts.membership": set(),  # decided by membership_decide (the « confirmer » action)
    "accounts.role": set(),  # granted by role_grant, taken back by deleting it
    "territories.region": set(), "territories.departement": set(), "territories.country": set(),
    "territories.authority": {"aliases-original", "aliases-source"},  # an official body: its aliases only
    "territories.authorityalias": {"original", "authority", "source"},
    "territories.authorityconfirmation": set(),
    "territories.foreignauthority": {"name", "country"},
    "calls.campaign": _CAMPAIGN, "calls.call": _CALL,
    "applications.application:import": _IMPORTED,
    "applications.application:platform": set(),
    "applications.authorityyearstatus": _STATUS,
    "ingest.importbatch": set(), "ingest.importrow": set(),
    "instruction.assignment": set(), "instruction.opinion": set(), "instruction.score": set(),
    "instruction.opinionrequest": set(),
    "instruction.committeesession": set(), "instruction.decision": set(),
    "grants.tranche": set(), "grants.report": set(),
    "notifications.notificationtemplate": {"subject", "body"},
    "notifications.message": set(),
    "exports.exportjob": set(), "exports.exporttemplate": _EXPORT_TEMPLATE,
    "apd.declarationwindow": _WINDOW, "apd.declaration": set(), "apd.declarationreminder": set(),
    "exchange.listing": set(), "exchange.contact": set(),  # published and forwarded by exchange.services
    "atlas.action": {"kind", "title", "description", "status", "themes", "sdgs", "starts_on", "ends_on", "amount",
                     "source", "source_url", "source_line"},
    "atlas.actionnote": set(), "atlas.updatecampaign": {"opens_on", "closes_on"}, "atlas.authorityupdate": set(),
    "atlas.personincharge": {"kind", "name", "function", "email", "phone"},
}

# The models a row may be added to in the back office, with the fields its add page offers (a role
# and a membership request are added through their services).
ADD = {
    "accounts.membership": {"user", "authority"},
    "accounts.role": {"user", "kind", "call", "country", "region"},
    "territories.authority": _TERRITORY | {"aliases-original", "aliases-source"},
    "territories.authorityalias": {"original", "authority", "source"},
    "territories.foreignauthority": {"name", "country"},
    "calls.campaign": _CAMPAIGN - {"rate_grid-DELETE"},
    "calls.call": _CALL,
    "applications.authorityyearstatus": _STATUS,
    "exports.exporttemplate": _EXPORT_TEMPLATE,
    "apd.declarationwindow": _WINDOW,
}

# Rows a service writes and whose deletion would erase what it recorded (or what follows it).
KEPT = {"applications.application:platform", "instruction.assignment", "instruction.opinion", "instruction.score",
        "instruction.opinionrequest",
        "instruction.committeesession", "instruction.decision", "grants.tranche", "grants.report",
        "notifications.notificationtemplate", "apd.declaration", "apd.declarationreminder", "exchange.listing",
        "exchange.contact", "atlas.action", "atlas.updatecampaign", "atlas.authorityupdate"}


@pytest.fixture
def rows(admin_user, settings, tmp_path):
    """One row of every model the back office shows, each made through its service."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    application, _, officer = retained()
    call = grid_call()
    filed, _ = submitted(call, name="Albi", title="Déchets à Dschang")
    person = instructor(call=call)
    assignment_create(application=filed, instructor=person, by=officer)
    score_record(application=filed, user=person, values={criteria_ids(call)[0]: 3})
    opinion_record(application=filed, issuer_kind="ambassade", issuer="Ambassade de France au Rwanda",
                   recommendation="favorable", user=officer)
    opinion_request(application=filed, issuer_kinds=["prefecture"], by=officer, due_on=date.today() + timedelta(days=30))
    partner_call = factories.call("Franco-palestinien 2025", Call.Kind.FONDS_CONJOINT, factories.campaign(2025),
                                  partner_country=Country.objects.get(iso2="PS"))
    laureate = imported("Barjac", title="Gire en jeu", call=partner_call, partner="Kharas")
    application_lead_confirm(application=laureate, authority=Authority.objects.get(kind="commune", code="30029"),
                             user=admin_user)
    AuthorityAlias.objects.create(authority=laureate.lead_authority, text="barjac gard", original="Barjac (Gard)",
                                  source="import")
    ExportTemplate.objects.create(owner=officer, name="Suivi", columns=["title"])
    ExportJob.objects.create(owner=officer, format="xlsx", columns=["title"])
    declaration, member_ = declaration_with_line()
    declaration_submit(declaration=declaration, user=member_, at=IN_WINDOW)
    DeclarationWindow.objects.create(year=2026, opens_at=IN_WINDOW, closes_at=IN_WINDOW + timedelta(days=30))
    listing, _ = french_offer()
    contact_send(listing=listing, user=member_, as_whom=f"fr:{member_authorities(member_).first().pk}",
                 text="Bonjour", at=EXCHANGE_AT)
    member(factories.authority(name="Mazamet"))  # has not declared: reminded
    assert reminders_send(at=IN_WINDOW + timedelta(days=14))
    atlas_rows(officer)
    return {"applications.application:platform": application, "applications.application:import": laureate}


def _registered():
    return {model._meta.label_lower: model for model in admin.site._registry}


def _pages(rows):
    """(key, model, row) for every model of CoopDec in the admin, both kinds of dossiers apart."""
    for label, model in sorted(_registered().items()):
        if label in OUTSIDE:
            continue
        if model is Application:
            yield from ((key, model, rows[key]) for key in sorted(rows))
        else:
            row = model.objects.order_by("pk").first()
            assert row is not None, f"{label}: the fixture makes no row to walk its change page"
            yield label, model, row


def _assert_same(offered, listed):
    """Per page, the fields offered but not listed (a service's field left editable, or a new one
    to decide on) and those listed but no longer offered (the list to correct), all named."""
    differences = {key: {"offered, not listed": sorted(offered.get(key, set()) - listed.get(key, set())),
                         "listed, not offered": sorted(listed.get(key, set()) - offered.get(key, set()))}
                   for key in sorted(offered.keys() | listed.keys()) if offered.get(key) != listed.get(key)}
    assert not differences, "\n" + pformat(differences, width=120)


def _url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_every_model_of_the_back_office_is_walked_here():
    assert set(_registered()) - OUTSIDE == {key.split(":")[0] for key in CHANGE}


def test_each_change_page_offers_only_what_a_person_may_type(admin_client, rows):
    offered = {}
    for key, model, row in _pages(rows):
        response = admin_client.get(_url(model, "change", row.pk))
        assert response.status_code == 200, key
        offered[key] = typed_fields(response.content.decode())
    _assert_same(offered, CHANGE)


def test_a_row_is_added_only_where_listed_and_with_the_listed_fields(admin_client, rows):
    offered = {}
    for key, model, _row in _pages(rows):
        response = admin_client.get(_url(model, "add"))
        if response.status_code == 403:
            continue
        assert response.status_code == 200, key
        offered[key] = typed_fields(response.content.decode())
    _assert_same(offered, ADD)


def test_what_a_service_recorded_is_not_deleted_in_the_back_office(admin_client, rows):
    for key, model, row in _pages(rows):
        if key in KEPT:
            assert admin_client.post(_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403, key
            assert model.objects.filter(pk=row.pk).exists(), key


def test_no_list_of_the_back_office_edits_a_field_in_place():
    assert {label: model_admin.list_editable for label, model_admin in
            ((m._meta.label_lower, a) for m, a in admin.site._registry.items()) if model_admin.list_editable} == {}


def test_the_ministry_reads_the_users_and_reaches_no_other_outside_table(client):
    """/admin/ lists the users for a ministry officer (issue 15), read-only: the list and each
    account open, nothing is typed, added or deleted; the other tables above are a superuser's."""
    officer = ministry_officer(email="agent@diplomatie.gouv.fr")
    client.force_login(officer)
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:auth_user_changelist") in index
    user_model = _registered()["auth.user"]
    for label in READ_BY_THE_MINISTRY:
        model = _registered()[label]
        listing = client.get(_url(model, "changelist"))
        assert listing.status_code == 200 and "agent@diplomatie.gouv.fr" in listing.content.decode()
        change = client.get(_url(model, "change", officer.pk))
        assert change.status_code == 200 and typed_fields(change.content.decode()) == set(), label
        assert client.get(_url(model, "add")).status_code == 403, label
        assert client.post(_url(model, "delete", officer.pk), {"post": "yes"}).status_code == 403, label
    assert user_model.objects.filter(pk=officer.pk).exists()
    for label in SUPERUSER_ONLY:
        model = _registered()[label]
        assert client.get(_url(model, "changelist")).status_code == 403, label
        assert _url(model, "changelist") not in index, label
