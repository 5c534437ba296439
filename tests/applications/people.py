"""The dossiers' people and drafts, made through the services as the site makes them."""
import itertools
from datetime import timedelta
from decimal import Decimal as D

from django.utils import timezone

from coopdec.applications.models import AuthorityYearStatus, Document
from coopdec.applications.services import (
    application_budget_set, application_create_draft, application_partners_set, application_update, document_add,
)
from coopdec.calls.models import RateGrid
from tests import factories
from tests.applications.files import PDF, upload
from tests.accounts.people import PASSWORD, member, ministry_officer, user  # noqa: F401

_seq = itertools.count(1)


def draft(authority=None, call_obj=None, title="Eau potable à Huye", person=None):
    """A draft dossier and the confirmed member of its lead authority who created it."""
    authority = authority or factories.authority()
    person = person or member(authority)
    application = application_create_draft(
        user=person, call=call_obj or factories.call(), authority=authority, title=title
    )
    return application, person


def open_call(year=2026, opens=None, closes=None, **rules):
    """A generalist call of `year` with the 2025 rate grid, open from `opens` to `closes` (days)."""
    today = timezone.localdate()
    campaign = factories.campaign(year)
    RateGrid.objects.get_or_create(campaign=campaign, defaults={
        "ldc_rate": D("0.70"), "oda_rate": D("0.50"), "none_rate": D("0.30"), "flat_rate": D("0.60"),
        "min_french_share": D("0.10"), "source_label": "grille de test (celle de 2025)"})
    return factories.call(
        name=f"Généraliste {year} {next(_seq)}", campaign_obj=campaign,
        opens_on=opens or today - timedelta(days=30), closes_on=closes or today + timedelta(days=60),
        duration_min=12, duration_max=36, required_documents=["cooperation_agreement"],
        required_markers=["gender"], **rules)


def complete(application, person):
    """Fill a draft so that every blocking check passes: Rwanda (LDC, 70 %), 100 000 € balanced,
    70 000 € requested, 24 months, gender marker, the convention, the APD declared."""
    application_partners_set(application=application, user=person, co_applicants=[],
                             partners=[("District de Huye", "RW")])
    application_update(application=application, user=person, duration_months=24, gender_marker=1,
                       summary="Accès à l'eau potable")
    application_budget_set(
        application=application, user=person,
        expenses=[(2026, "personnel", D("60000")), (2027, "missions", D("40000"))],
        resources={"french_cash": D("20000"), "partner_contributions": D("10000"),
                   "requested_grant": D("70000")})
    document_add(application=application, user=person, kind=Document.Kind.CONVENTION,
                 upload=upload("convention.pdf", PDF))
    AuthorityYearStatus.objects.update_or_create(
        authority=application.lead_authority, year=application.call.campaign.year - 1,
        defaults={"apd_declared": True})
    application.refresh_from_db()
    return application
