"""The ministry's list of dossiers: by campaign, call and state with counts, filters, CSV and XLSX
exports of exactly what is listed; for the ministry only; query counts that do not grow."""
import csv
import io
from datetime import date, datetime

import openpyxl
import pytest
from django.urls import reverse

from coopdec.applications import workflow
from coopdec.applications.services import application_submit
from coopdec.calls.models import PARIS
from tests import factories
from tests.applications.people import complete, draft, member, ministry_officer, open_call
from tests.queries import assert_counts_do_not_grow

pytestmark = pytest.mark.django_db
URL = reverse("applications:instruction")


@pytest.fixture
def two_calls():
    """One submitted dossier in a first call, one draft in a second."""
    first, second = (open_call(opens=date(2026, 1, 5), closes=date(2026, 12, 31)) for _ in range(2))
    submitted, person = draft(call_obj=first, title="Eau potable à Huye")
    complete(submitted, person)
    application_submit(application=submitted, user=person, at=datetime(2026, 6, 1, 9, 30, tzinfo=PARIS))
    waiting, _ = draft(call_obj=second, title="Jumelage scolaire", authority=factories.authority(name="Albi"))
    return first, second, submitted, waiting


def test_only_the_ministry_sees_the_list(client, two_calls):
    assert client.get(URL).status_code == 302
    client.force_login(member(factories.authority(name="Gaillac")))
    assert client.get(URL).status_code == 403


def test_the_list_counts_states_filters_and_exports_what_it_shows(client, two_calls):
    first, second, submitted, waiting = two_calls
    client.force_login(ministry_officer())
    page = client.get(URL).content.decode()
    assert "Déposé&nbsp;: 1" in page and "Brouillon" not in page
    assert "Eau potable à Huye" in page and "Jumelage scolaire" not in page
    filtered = client.get(URL, {"etat": workflow.DEPOSE}).content.decode()
    assert "Eau potable à Huye" in filtered and "Jumelage scolaire" not in filtered
    assert client.get(URL, {"appel": second.pk}).context["form"].errors  # only a draft there: not offered

    response = client.get(URL, {"etat": workflow.DEPOSE, "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Numéro", "Campagne", "Appel"]
    assert rows[1:] == [[str(submitted.pk), "2026", first.name, "Eau potable à Huye", submitted.lead_name,
                         f"commune:{submitted.lead_authority.code}", "Déposé", "2026-06-01 09:30:00",
                         "100000.00", "70000.00"]]
    book = openpyxl.load_workbook(io.BytesIO(client.get(URL, {"format": "xlsx"}).content))
    titles = sorted(row[3] for row in book.active.iter_rows(min_row=2, values_only=True))
    assert titles == ["Eau potable à Huye"]


def test_a_draft_is_the_applicants_alone(client, two_calls):
    """Out of every ministry list, count, export, filter, search and page: the list and its
    downloads, the export with chosen columns, the admin's list and search, the dossier's pages;
    a draft withdrawn before it was ever submitted too. Its applicant still sees it."""
    from coopdec.exports.columns import chosen
    from coopdec.exports.selectors import dossier_count, dossier_values
    from coopdec.applications.selectors import InstructionFilters, instruction_options
    from coopdec.applications.services import application_move

    first, second, submitted, waiting = two_calls
    withdrawn, author = draft(call_obj=second, title="Retiré avant dépôt", authority=factories.authority(name="Lavaur"))
    application_move(application=withdrawn, user=author, to=workflow.RETIRE)
    officer = ministry_officer()
    officer.is_superuser = True
    officer.save()
    client.force_login(officer)
    page = client.get(URL).content.decode()
    assert "Brouillon" not in page and "Retiré&nbsp;:" not in page and "Jumelage" not in page
    assert client.get(URL, {"etat": workflow.BROUILLON}).context["form"].errors
    assert [c.pk for c in instruction_options().calls] == [first.pk]
    csv_text = b"".join(client.get(URL, {"format": "csv"}).streaming_content).decode("utf-8-sig")
    assert "Jumelage" not in csv_text and "Eau potable" in csv_text
    assert dossier_count(InstructionFilters()) == 1
    assert [v["title"] for v in dossier_values(InstructionFilters(), chosen(["intitule"]))] == ["Eau potable à Huye"]
    admin_list = client.get(reverse("admin:applications_application_changelist")).content.decode()
    assert "Eau potable à Huye" in admin_list and "Jumelage" not in admin_list
    found = client.get(reverse("admin:applications_application_changelist"), {"q": "Jumelage"}).context["cl"]
    assert (found.result_count, found.full_result_count) == (0, 1)
    for pk in (waiting.pk, withdrawn.pk):
        assert client.get(reverse("applications:dossier", args=[pk])).status_code == 404
        assert client.get(reverse("instruction:dossier", args=[pk])).status_code == 404
    assert client.get(reverse("applications:dossier", args=[submitted.pk])).status_code == 200
    client.force_login(author)
    assert client.get(reverse("applications:dossier", args=[withdrawn.pk])).status_code == 200


def test_query_counts_of_the_list_and_the_space_do_not_grow(client, django_assert_max_num_queries):
    call = open_call()
    castres = factories.authority(name="Castres-test")
    person = member(castres)
    officer = ministry_officer()
    draft(call_obj=call, authority=castres, person=person, title="Premier")

    def more():
        for n in range(4):
            application = complete(*draft(call_obj=call, authority=castres, person=person, title=f"Autre {n}"))
            application_submit(application=application, user=person)

    client.force_login(officer)
    assert_counts_do_not_grow(client, [URL], add_rows=more, assert_num_queries=django_assert_max_num_queries)
    client.force_login(person)
    space = reverse("applications:space")

    def one_more():
        draft(call_obj=call, authority=castres, person=person, title="Encore un")

    before = assert_counts_do_not_grow(client, [space], add_rows=one_more,
                                       assert_num_queries=django_assert_max_num_queries)
    assert before[space] < 40
