"""`manage.py demo_cycle` after `load_demo --accounts`: the 2026 campaign played through the
services shows its laureate and its computed figures on the public pages, and the laureate's
members download the decision letter; a second run is refused, and so is a run without DEBUG."""
import html
import io
import re
from io import StringIO

import pdfplumber
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from coopdec.applications import workflow
from coopdec.applications.models import Application

pytestmark = pytest.mark.django_db


@pytest.fixture
def played(settings):
    settings.DEBUG = True
    call_command("load_demo", "--accounts", verbosity=0)
    out = StringIO()
    call_command("demo_cycle", stdout=out)
    return out.getvalue()


def _text(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(response.content.decode()))


def _user(email):
    return get_user_model().objects.get(email=email)


def test_every_step_is_printed_and_the_dossiers_end_decided_and_paid(played):
    for step in ("1. Dépôt", "2. Instruction", "3. Clôture", "4. Comité", "5. Subvention"):
        assert step in played
    assert "castres@demo.coopdec.fr complète et dépose « Eau potable et assainissement avec le district de Huye »" in played
    assert "rang 1 : « Eau potable et assainissement avec le district de Huye », moyenne pondérée 17,50 / 20" in played
    assert "« Eau potable et assainissement avec le district de Huye » : retenu, 60\u00a0000\u00a0€" in played
    assert "engagé : 60\u00a0000\u00a0€ ; reste dans l'enveloppe : 40\u00a0000\u00a0€" in played
    assert "1re tranche versée le" in played
    laureate = Application.objects.get(title="Eau potable et assainissement avec le district de Huye")
    other = Application.objects.get(title="Gestion des déchets avec la commune de Dschang")
    assert (laureate.state, laureate.decision) == (workflow.RETENU, Application.Decision.RETENU)
    assert (other.state, other.decision) == (workflow.NON_RETENU, Application.Decision.NON_RETENU)
    assert laureate.tranches.order_by("order").first().paid_on is not None
    assert f"/espace/dossiers/{laureate.pk}/lettre-de-decision.pdf" in played


def test_the_public_pages_show_the_laureate_and_figures_computed_from_records(client, played):
    campaign = _text(client.get("/campagnes/2026/"))
    assert "Eau potable et assainissement avec le district de Huye" in campaign
    assert "Gestion des déchets avec la commune de Dschang" not in campaign
    assert "CoopDec enregistre 2 dossiers pour la campagne 2026 (1 appel), dont 1 lauréat." in campaign
    assert "Taux d'acceptation calculé à partir de nos dossiers\u00a0: 50,0\u00a0%" in campaign
    region = _text(client.get("/campagnes/2026/regions/occitanie/"))
    assert "Eau potable et assainissement avec le district de Huye" in region and "Castres" in region


def test_the_laureates_members_download_the_letter_and_nobody_else(client, played):
    laureate = Application.objects.get(title="Eau potable et assainissement avec le district de Huye")
    url = reverse("letters:decision-letter", args=[laureate.pk])
    client.force_login(_user("castres@demo.coopdec.fr"))
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    assert "Eau potable et assainissement avec le district de Huye" in text
    assert "60 000 €" in text.replace("\u00a0", " ").replace("\u202f", " ")
    for other in ("sicoval@demo.coopdec.fr", "instructeur@demo.coopdec.fr"):
        client.force_login(_user(other))
        assert client.get(url).status_code == 404, other


def test_a_second_run_is_refused_and_changes_nothing(played):
    with pytest.raises(CommandError, match="déjà « Retenu » : le cycle a déjà été joué sur cette base"):
        call_command("demo_cycle", stdout=StringIO())
    assert Application.objects.get(title__startswith="Eau potable").tranches.filter(paid_on__isnull=False).count() == 1


def test_refused_without_the_demo_and_without_debug(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="lancez d'abord « manage.py load_demo --accounts »|load_demo --accounts"):
        call_command("demo_cycle", stdout=StringIO())
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refusé quand DEBUG est désactivé"):
        call_command("demo_cycle", stdout=StringIO())


def test_every_reason_the_demo_writes_is_true_of_the_session(played):
    """The Sicoval asked 40 000 € and 40 000 € were left: the envelope is no reason. Each reason
    the cycle writes names only what the session's figures show: the dossier's rank and average,
    its opinion, and the envelope only when what is left cannot pay what it asked."""
    from coopdec.applications.models import BudgetLine
    from coopdec.french.text import euros, number_fr
    from coopdec.instruction.models import Decision
    from coopdec.instruction.selectors import call_envelope, call_ranking

    decisions = list(Decision.objects.select_related("application__call", "session"))
    assert decisions and all(d.session.held_on > d.application.call.closes_on for d in decisions)
    call = decisions[0].application.call
    envelope = call_envelope(call)
    ranking = {row.application.pk: row for row in call_ranking(call)}
    written = [d for d in decisions if d.reason]
    assert written, "the refused dossier has a reason"
    for decision in written:
        application = decision.application
        requested = BudgetLine.objects.get(application=application, kind=BudgetLine.Kind.RESOURCE,
                                           category=BudgetLine.Resource.REQUESTED).amount
        # What was left when it was decided: the envelope less what the others retained.
        left = envelope.amount - sum(d.amount or 0 for d in decisions if d.pk != decision.pk)
        assert ("enveloppe" in decision.reason) == (left < requested), (decision.reason, left, requested)
        row = ranking[application.pk]
        assert f"classé {row.rank}e sur {len(ranking)}" in decision.reason
        assert f"{number_fr(row.score.average, 2)} / 20" in decision.reason
        assert euros(requested) not in decision.reason or left < requested
