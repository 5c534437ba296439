"""French plural on every page: 0 and 1 take the singular (« 0 dossier », « 1 dossier »,
« 2 dossiers »). Django's `pluralize` and `ngettext` without a catalogue follow English
(« 0 dossiers »), so the site counts with the `french` filters `compte` and `pluriel` only."""
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from coopdec.exports.models import ExportJob
from tests.accounts.people import ministry_officer

NBSP = "\u00a0"
CODE = Path(__file__).resolve().parents[2] / "coopdec"


def render(source, **values):
    return Template("{% load french %}" + source).render(Context(values))


@pytest.mark.parametrize(("count", "shown"), [
    (0, f"0{NBSP}dossier"), (1, f"1{NBSP}dossier"), (2, f"2{NBSP}dossiers"),
    (12345, f"12{NBSP}345{NBSP}dossiers"), (-1, f"-1{NBSP}dossier"),
])
def test_compte_writes_the_number_and_its_noun(count, shown):
    assert render('{{ n|compte:"dossier" }}', n=count) == shown


def test_compte_takes_two_forms_counts_a_list_and_says_nothing_of_a_missing_count():
    assert render('{{ n|compte:"message non lu,messages non lus" }}', n=0) == f"0{NBSP}message non lu"
    assert render('{{ n|compte:"message non lu,messages non lus" }}', n=3) == f"3{NBSP}messages non lus"
    assert render('{{ rows|compte:"ligne" }}', rows=["a"]) == f"1{NBSP}ligne"
    assert render('{{ rows|compte:"ligne" }}', rows=[]) == f"0{NBSP}ligne"
    assert render('{{ missing|compte:"ligne" }}') == ""


def test_pluriel_marks_nouns_and_verbs_the_french_way():
    assert render('dossier{{ n|pluriel }}', n=0) == "dossier"
    assert render('dossier{{ n|pluriel }}', n=2) == "dossiers"
    assert render('attend{{ n|pluriel:"ent" }}', n=1) == "attend"
    assert render('{{ n|pluriel:"a,ont" }}', n=0) == "a" and render('{{ n|pluriel:"a,ont" }}', n=5) == "ont"
    assert render('Demande{{ rows|pluriel }}', rows=[1, 2]) == "Demandes"


def test_no_page_nor_message_counts_with_the_english_rule():
    english = re.compile(r"\|\s*pluralize\b|\bngettext\b")
    offenders = [str(path.relative_to(CODE)) for path in CODE.rglob("*")
                 if path.suffix in {".html", ".txt", ".py"} and english.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


@pytest.mark.django_db
def test_the_export_progress_says_0_ligne_and_groups_its_numbers(client, settings):
    settings.COOPDEC_REQUIRE_STAFF_2FA = False
    officer = ministry_officer()
    client.force_login(officer)
    now = timezone.now()
    job = ExportJob.objects.create(owner=officer, format="xlsx", columns=["numero"], state=ExportJob.State.RUNNING,
                                   rows_total=4000, rows_done=0, started_at=now, heartbeat_at=now)
    page = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert f"En cours&nbsp;: 0{NBSP}ligne sur 4{NBSP}000 (0&nbsp;%)." in page
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.DONE, rows_done=1)
    assert f"Le fichier est prêt&nbsp;: 1{NBSP}ligne." in client.get(reverse("exports:job", args=[job.pk])).content.decode()
