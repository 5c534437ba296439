"""The APD pages: an authority's declaration (/espace/apd/<year>/), the ministry's view and its
CRS export (/instruction/apd/), the public aggregates (/donnees/apd-<year>.csv)."""
import csv
import html
import io
import re
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from coopdec.apd.models import Declaration, DeclarationWindow
from coopdec.apd.services import declaration_submit
from tests import factories
from tests.apd.people import IN_WINDOW, castres, declaration_with_line, member, ministry_officer
from tests.downloads import download
from tests.queries import assert_counts_do_not_grow

pytestmark = pytest.mark.django_db
PAGE = reverse("apd:declaration", args=[2025])


@pytest.fixture
def open_window(db):
    now = timezone.now()
    return DeclarationWindow.objects.create(year=2025, opens_at=now - timedelta(days=1),
                                            closes_at=now + timedelta(days=30))


def _text(client, path):
    return html.unescape(client.get(path).content.decode())


def _words(page):
    """The page's text without its tags, every run of spaces (no-break ones too) one space."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def _line(**changes):
    data = {"country": "SN", "region_code": "", "channel_code": "11002", "purpose_code": "15112",
            "spending": "projets", "amount": "12 000,50", "gender": "1", "environment": "0",
            "climate_mitigation": "0", "climate_adaptation": "2", "biodiversity": "0", "desertification": "0",
            "application": "", "action_url": "", "description": "Jumelage avec Dakar"}
    return data | changes


def test_a_member_declares_line_by_line_in_french_amounts_then_submits(client, open_window):
    person = member(castres())
    client.force_login(person)
    page = _text(client, PAGE)
    assert "Aucune déclaration d'APD 2025 de Castres (Tarn) n'est enregistrée dans CoopDec" in page
    assert re.search(r'<label for="id_purpose_code" class="fr-label">\s*Code-objet CAD \(secteur\)', page)
    assert client.post(reverse("apd:line-add", args=[2025]), _line()).status_code == 302
    line = Declaration.objects.get().lines.get()
    assert (line.amount, line.country_id, line.climate_adaptation) == (D("12000.50"), "SN", 2)
    page = _text(client, PAGE)
    assert "12\u00a0000,50\u00a0€" in page and "Déposer la déclaration" in page
    client.post(reverse("apd:submit", args=[2025]), {"collectivite": castres().pk})
    page = _text(client, PAGE)
    assert "Déposée le" in page and "Ajouter une ligne" not in page and "Demander une correction" in page


def test_a_bad_line_is_answered_in_french_per_field_and_nothing_is_written(client, open_window):
    client.force_login(member(castres()))
    response = client.post(reverse("apd:line-add", args=[2025]),
                           _line(amount="douze mille", country="", purpose_code="99999"))
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "« douze mille » n'est pas un montant" in page
    assert "Sélectionnez un choix valide" in page  # 99999 is not in the list offered
    assert not Declaration.objects.exists()
    response = client.post(reverse("apd:line-add", args=[2025]), _line(country=""))
    assert "Choisissez le pays partenaire, ou une région du monde" in html.unescape(response.content.decode())
    assert not Declaration.objects.exists()  # the refused first line leaves no empty draft


def test_outside_the_window_the_page_says_so_and_offers_no_form(client):
    client.force_login(member(castres()))
    page = _text(client, PAGE)  # today is after 31 May 2026
    assert "du 15 avril 2026 au 31 mai 2026 inclus (heure de Paris)" in page
    assert "Ajouter une ligne" not in page
    client.post(reverse("apd:line-add", args=[2025]), _line(collectivite=castres().pk))
    assert not Declaration.objects.exists()


def test_another_authoritys_line_is_404_and_the_public_signs_in(client, open_window):
    declaration, _person = declaration_with_line(at=timezone.now())
    assert client.get(PAGE).status_code == 302
    client.force_login(member(factories.authority(name="Albi")))
    line = declaration.lines.get()
    assert client.post(reverse("apd:line-delete", args=[2025, line.pk])).status_code == 404
    assert declaration.lines.exists()


def test_the_correction_request_reaches_the_ministry_which_reopens(client, open_window):
    declaration, person = declaration_with_line(at=timezone.now())
    declaration_submit(declaration=declaration, user=person)
    client.force_login(person)
    client.post(reverse("apd:correction", args=[2025]), {"collectivite": castres().pk, "reason": "Montant faux"})
    officer = ministry_officer()
    client.force_login(officer)
    page = _text(client, reverse("apd:ministry") + "?annee=2025")
    assert "«\u00a0Montant faux\u00a0»" in page and "déposée dans CoopDec" in page
    client.post(reverse("apd:reopen", args=[declaration.pk]), {"reason": "Accordé"})
    assert Declaration.objects.get().reopened


def test_the_ministry_page_is_staff_only(client):
    assert client.get(reverse("apd:ministry")).status_code == 302
    client.force_login(member(castres()))
    assert client.get(reverse("apd:ministry")).status_code == 403
    assert client.get(reverse("apd:crs-csv", args=[2025])).status_code == 403


def _declared(name, code, country="SN", amount=D("1000")):
    authority = factories.authority(name=name) if name != "Castres" else castres()
    declaration, person = declaration_with_line(authority, country=country, amount=amount)
    declaration_submit(declaration=declaration, user=person, at=IN_WINDOW)
    return declaration


def test_the_crs_export_has_one_row_per_line_with_the_crs_fields(client):
    _declared("Castres", "81065", amount=D("12000.50"))
    client.force_login(ministry_officer())
    rows = list(csv.DictReader(io.StringIO(download(client, reverse("apd:crs-csv", args=[2025]))[1].decode())))
    assert [(r["reporting_year"], r["authority_code"], r["recipient_iso2"], r["channel_code"], r["purpose_code"],
             r["marker_gender"], r["marker_climate_adaptation"], r["amount_eur"], r["currency"]) for r in rows] == [
        ("2025", "commune:81065", "SN", "11002", "15112", "1", "2", "12000.50", "EUR")]


def test_the_public_file_adds_up_by_region_and_country_and_shows_no_line(client):
    _declared("Castres", "81065", amount=D("1000"))
    castres_declaration = Declaration.objects.get()
    from coopdec.apd.services import declaration_reopen, line_add
    from tests.apd.people import values
    declaration_reopen(declaration=castres_declaration, user=ministry_officer(), reason="ajout")
    line_add(declaration=castres_declaration, user=member(castres()), values=values(amount=D("500")))
    declaration_submit(declaration=castres_declaration, user=member(castres()))
    _declared("Albi", "81004", amount=D("250"))
    _declared("Gaillac", "81099", country="BF", amount=D("100"))
    draft, _ = declaration_with_line(factories.authority(name="Mazamet"))  # not submitted
    text = download(client, reverse("apd-public:csv", args=[2025]))[1].decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["region_code"], r["recipient_code"], r["authorities"], r["amount_eur"]) for r in rows] == [
        ("76", "BF", "1", "100.00"), ("76", "SN", "2", "1750.00")]
    assert "Jumelage" not in text and rows[0]["provenance"].startswith("Déclarations d'aide publique")
    assert client.post(reverse("apd-public:csv", args=[2025])).status_code == 405


def test_the_ministry_page_and_exports_do_not_grow_in_queries(client, django_assert_max_num_queries):
    _declared("Castres", "81065")
    client.force_login(ministry_officer())
    paths = [reverse("apd:ministry") + "?annee=2025", reverse("apd:crs-csv", args=[2025]),
             reverse("apd-public:csv", args=[2025])]
    counts = assert_counts_do_not_grow(
        client, paths, assert_num_queries=django_assert_max_num_queries,
        add_rows=lambda: [_declared(f"Commune {n}", f"8120{n}", country="BF") for n in range(3)])
    assert counts[paths[0]] <= 20, counts


def test_the_authority_page_and_the_open_data_page_show_the_submitted_totals_only(client):
    authority_page = reverse("directory:authority", args=["commune", "81065"])
    assert "Aucune déclaration d'APD de cette collectivité n'est enregistrée dans CoopDec" in _text(
        client, authority_page)
    assert "Aucune déclaration d'APD déposée n'est enregistrée dans CoopDec" in _text(client, "/donnees/")
    declaration_with_line(country="BF")  # a draft: nothing public
    assert "Aucune déclaration d'APD de cette collectivité" in _text(client, authority_page)
    Declaration.objects.all().delete()
    _declared("Castres", "81065", amount=D("12000.50"))
    page = _text(client, authority_page)
    assert ("Déclaration d'APD 2025 : déclarée (source : déposée dans CoopDec le 4 mai 2026), 12 000,50 € au total "
            "Sénégal : 12 000,50 €") in _words(page)
    assert "Jumelage avec Dakar" not in page
    page = _text(client, "/donnees/")
    assert 'href="/donnees/apd-2025.csv"' in page and 'id="dictionnaire-apd-crs"' in page
