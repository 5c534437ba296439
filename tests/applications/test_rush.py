"""The closing-day rush on PostgreSQL: in the last minute, 500 applicants submit through the site
over 40 connections at once, each clicking twice, and the deadline passes while they do. Each
dossier is recorded once, none after the deadline, no server error, one acknowledgement queued
per submitted dossier."""
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from coopdec.accounts.models import Membership
from coopdec.applications import workflow
from coopdec.applications.models import (
    Application, AuthorityYearStatus, BudgetLine, Document, Partnership, Transition,
)
from coopdec.territories.models import Authority
from coopdec.territories.text import normalise
from tests import factories
from tests.applications.people import open_call

APPLICANTS = 500
WORKERS = 40  # concurrent connections, under PostgreSQL's default max_connections (100)
RUSH = timedelta(seconds=60)  # applicant i clicks (twice) at i/500 of the last minute
DEADLINE_IN = timedelta(seconds=45)  # so the last quarter come too late, whatever the machine's speed


def _ready_dossiers(call, count):
    """`count` complete drafts, each led by another commune and held by its own member
    (bulk writes: the rush, not the set-up, is under test)."""
    communes = list(Authority.objects.filter(kind=Authority.Kind.COMMUNE).order_by("code")[:count])
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"ruee{i}", email=f"ruee{i}@exemple.fr") for i in range(count))
    Membership.objects.bulk_create(
        Membership(user=u, authority=a, state=Membership.State.CONFIRMED) for u, a in zip(users, communes))
    AuthorityYearStatus.objects.bulk_create(
        AuthorityYearStatus(authority=a, year=call.campaign.year - 1, apd_declared=True) for a in communes)
    dossiers = Application.objects.bulk_create(
        Application(call=call, title="Eau potable", title_key=normalise("Eau potable"), lead_authority=a,
                    lead_name=a.name, lead_name_key=normalise(a.name), region_id=a.region_id,
                    departement_id=a.departement_id, provenance=Application.Provenance.PLATFORM,
                    state=workflow.BROUILLON, decision=Application.Decision.PENDING, created_by=u,
                    duration_months=24, gender_marker=1)
        for u, a in zip(users, communes))
    partner = factories.foreign_authority("District de Huye", factories.country("RW"))
    Partnership.objects.bulk_create(
        Partnership(application=d, foreign_authority=partner, name=partner.name) for d in dossiers)
    BudgetLine.objects.bulk_create(line for d in dossiers for line in BudgetLine.build(
        d, expenses=[(2026, "personnel", D("100000"))],
        resources={"french_cash": D("20000"), "partner_contributions": D("10000"), "requested_grant": D("70000")}))
    Document.objects.bulk_create(
        Document(application=d, kind=Document.Kind.CONVENTION, file=f"dossiers/{d.pk}/convention.pdf",
                 name="convention.pdf", content_type="application/pdf", size=100, uploaded_by=u, at=timezone.now())
        for d, u in zip(dossiers, users))
    return list(zip(dossiers, users))


def _click(client, dossier, at):
    """One click on « Déposer » at the instant `at`: (dossier id, when the request started, when it
    ended, status)."""
    try:
        time.sleep(max(0.0, (at - timezone.now()).total_seconds()))
        started = timezone.now()
        response = client.post(reverse("applications:submit", args=[dossier.pk]), {"declaration": "on"})
        return dossier.pk, started, timezone.now(), response.status_code
    finally:
        connections.close_all()  # this thread's own connection


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_500_applicants_submit_at_once_as_the_deadline_passes(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, as in production
    call = open_call()
    pairs = _ready_dossiers(call, APPLICANTS)
    tabs = []
    for dossier, user in pairs:
        first = Client(raise_request_exception=False)
        first.force_login(user)
        second = Client(raise_request_exception=False)  # the same person's second tab
        second.cookies = first.cookies
        tabs.append((first, second, dossier))
    start = timezone.now()
    deadline = start + DEADLINE_IN
    type(call).objects.filter(pk=call.pk).update(closes_at=deadline)
    connections.close_all()
    clicks = [(tab, dossier, start + RUSH * i / APPLICANTS)
              for i, (first, second, dossier) in enumerate(tabs) for tab in (first, second)]
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="ruee") as pool:
        results = list(pool.map(lambda click: _click(*click), clicks))

    assert {status for *_, status in results} == {302}  # every click answered, no server error
    submissions = Transition.objects.filter(to_state=workflow.DEPOSE)
    per_dossier = {}
    for submission in submissions:
        per_dossier[submission.application_id] = per_dossier.get(submission.application_id, 0) + 1
    assert set(per_dossier.values()) == {1}  # recorded once, whatever the clicks
    assert all(s.at < deadline + timedelta(seconds=1) for s in submissions)  # none after the deadline
    submitted = set(per_dossier)
    late = {pk for pk, started, ended, _ in results if pk not in submitted}
    assert not any(ended < deadline for pk, started, ended, _ in results if pk in late)  # refused only when late
    assert submitted and late, "the deadline must pass during the rush"
    assert len(submitted) + len(late) == APPLICANTS
    assert set(Application.objects.filter(state=workflow.DEPOSE).values_list("pk", flat=True)) == submitted
    acknowledgements = DBTaskResult.objects.filter(task_path="coopdec.notifications.tasks.message_email")
    assert acknowledgements.count() == len(submitted)
