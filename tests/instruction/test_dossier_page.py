"""The officer with everything in one place: the staff menu of the header, the ministry's dossier
page (/instruction/dossiers/<id>/) with the budget, the checks, the scores, the opinions, the
messages, the history and the documents, linked from every list of the ministry; its queries."""
import html
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from coopdec.applications import workflow
from coopdec.applications.models import Document
from coopdec.notifications import events
from coopdec.instruction.services import (
    assignment_create, decision_record, opinion_record, score_record, session_close, session_open,
)
from tests import factories
from tests.applications.files import PDF
from tests.instruction.people import criteria_ids, grid_call, instructor, member, ministry_officer, submitted
from tests.queries import assert_counts_do_not_grow
from tests.committee.people import session as committee_session

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode()).replace("\u00a0", " ")


@pytest.fixture
def world():
    """A dossier of Castres scored by its instructor, with an embassy's opinion, decided
    « retenu » by a closed session (so its applicant was told: a message)."""
    call = grid_call(envelope=D("1000000"))
    application, applicant = submitted(call)
    officer = ministry_officer(email="agent@ministere.fr")
    assigned = instructor(call=call, email="ines@exemple.fr")
    assignment_create(application=application, instructor=assigned, by=officer)
    score_record(application=application, user=assigned, values=dict(zip(criteria_ids(call), (5, 4, 8))))
    opinion_record(application=application, user=officer, issuer_kind="ambassade",
                   issuer="Ambassade de France au Rwanda", recommendation="favorable", comment="Partenaire solide.")
    session = committee_session(call, officer)
    decision_record(application=application, decision="retenu", amount=D("70000"), user=officer)
    session_close(session=session, user=officer)
    return {"call": call, "application": application, "applicant": applicant, "officer": officer,
            "assigned": assigned, "session": session}


def test_the_staff_menu_is_in_the_header_of_every_page_for_the_ministry_and_the_instructors(client, world):
    pages = [reverse("publication:home"), reverse("applications:space"), reverse("instruction:home")]
    client.force_login(world["officer"])
    for url in pages:
        page = client.get(url).content.decode()
        assert 'aria-controls="menu-ministere"' in page, url
        for name in ("instruction:home", "applications:instruction", "instruction:assignments", "committees:list",
                     "grants:overview", "exports:index"):
            assert f'href="{reverse(name)}"' in page, (url, name)
    client.force_login(world["assigned"])
    page = client.get(reverse("publication:home")).content.decode()
    assert "menu-ministere" not in page and "Mes dossiers à instruire" in page
    assert f'href="{reverse("instruction:assignments")}"' not in page
    client.force_login(world["applicant"])
    page = client.get(reverse("publication:home")).content.decode()
    assert "menu-ministere" not in page and "Mes dossiers à instruire" not in page
    client.logout()
    assert "menu-ministere" not in client.get(reverse("publication:home")).content.decode()


def test_the_ministrys_dossier_page_shows_budget_checks_scores_opinions_messages_history_and_documents(client, world):
    application = world["application"]
    client.force_login(world["officer"])
    page = _text(client.get(reverse("instruction:dossier", args=[application.pk])))
    # the budget: costs by year, resources, totals
    assert "Dépenses par année" in page and "60 000 €" in page and "40 000 €" in page and "100 000 €" in page
    assert "Subvention demandée au ministère" in page and "70 000 €" in page
    # the call's checks
    assert "Subvention maximale : <strong>70 000 €</strong>" in page and "La part française (20 000 €) atteint 10 %" in page
    # the documents, with a link that serves them
    document = application.documents.get()
    assert reverse("applications:document", args=[application.pk, document.pk]) in page
    # the scores and the opinion
    assert "ines@exemple.fr" in page and "Moyenne pondérée" in page
    assert "Ambassade de France au Rwanda" in page and "Partenaire solide." in page
    # the messages of the dossier (the decision told at the session's closing) and the history
    message = application.messages.first()
    assert message is not None and message.subject.replace("\u00a0", " ") in page and message.recipient.email in page
    assert "Historique" in page and "Retenu" in page.split("Historique")[-1]


def test_every_list_of_the_ministry_links_to_the_dossier_page(client, world):
    application, call, session = world["application"], world["call"], world["session"]
    from coopdec.instruction.services import session_publish

    session_publish(session=session, user=world["officer"])
    client.force_login(world["officer"])
    target = f'href="{reverse("instruction:dossier", args=[application.pk])}"'
    for url in (reverse("applications:instruction"), reverse("instruction:ranking", args=[call.pk]),
                reverse("committees:session", args=[session.pk]), reverse("grants:overview")):
        assert target in client.get(url).content.decode(), url
    second, _ = submitted(grid_call(envelope=D("1000000")), authority=factories.authority(name="Albi"),
                          title="Déchets à Dschang")  # the first call is closed: a second call, open
    assert f'href="{reverse("instruction:dossier", args=[second.pk])}"' in client.get(
        reverse("instruction:assignments")).content.decode()
    client.force_login(world["assigned"])
    assert target in client.get(reverse("instruction:home")).content.decode()


def test_the_dossier_pages_queries_do_not_grow_with_its_scores_opinions_documents_and_messages(
        client, world, django_assert_num_queries):
    application, officer, call = world["application"], world["officer"], world["call"]

    def add_rows():
        for n in range(3):
            person = instructor(call=call, email=f"instructeur{n}@exemple.fr")
            assignment_create(application=application, instructor=person, by=officer)
            score_record(application=application, user=person, values=dict(zip(criteria_ids(call), (n, n, n))))
            opinion_record(application=application, user=officer, issuer_kind="prefecture",
                           issuer=f"Préfecture {n}", recommendation="reserve")
            Document.objects.create(application=application, kind=Document.Kind.AUTRE, name=f"annexe-{n}.pdf",
                                    file=ContentFile(PDF, name=f"annexe-{n}.pdf"), content_type="application/pdf",
                                    size=len(PDF), at=timezone.now())
            factories_message(application, member(factories.authority(name=f"Commune {n}")))

    from coopdec.applications.models import Application

    Application.objects.filter(pk=application.pk).update(state=workflow.EN_INSTRUCTION)  # scores are open again
    client.force_login(officer)
    assert_counts_do_not_grow(client, [reverse("instruction:dossier", args=[application.pk])],
                              add_rows=add_rows, assert_num_queries=django_assert_num_queries)


def factories_message(application, recipient):
    from coopdec.notifications.models import Message

    Message.objects.create(recipient=recipient, application=application, event=events.DOSSIER_RECU,
                           subject=f"Message à {recipient.email}", body="Texte")
