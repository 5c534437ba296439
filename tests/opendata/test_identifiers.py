"""Identifiers: stable for a laureate, official for an authority when there is one."""
import csv
import io
import re

from lxml import etree

from coopdec.opendata import identifiers
from coopdec.publication.keys import project_key
from coopdec.territories.models import Authority
from tests.downloads import download


def test_a_project_key_is_the_year_and_a_digest_of_what_a_published_list_says():
    key = project_key(year=2025, call_slug="generaliste-2025", lead_name_key="castres",
                                  title_key="eau potable")
    assert re.fullmatch(r"2025-[0-9a-f]{12}", key)
    assert key == project_key(year=2025, call_slug="generaliste-2025", lead_name_key="castres",
                                          title_key="eau potable")
    assert key != project_key(year=2025, call_slug="generaliste-2025", lead_name_key="castres",
                                          title_key="eau potable 2")
    assert identifiers.iati_identifier(key) == f"FR-6-coopdec-{key}"
    assert identifiers.grant_identifier(key) == f"360G-coopdec-{key}"


def test_confirming_an_authority_keeps_the_identifier(client, opendata):
    def barjac_identifiers():
        root = etree.fromstring(download(client, "/donnees/iati-2025.xml")[1])
        activity = next(a.findtext("iati-identifier") for a in root.findall("iati-activity")
                        if a.findtext("title/narrative") == opendata.barjac.title)
        rows = csv.DictReader(io.StringIO(download(client, "/donnees/laureats-2025.csv")[1].decode()))
        key = next(row["cle"] for row in rows if row["intitule"] == opendata.barjac.title)
        return activity, key

    before = barjac_identifiers()
    assert before[0] == identifiers.iati_identifier(before[1])  # the laureates file's key joins IATI
    barjac = Authority.objects.filter(kind="commune", name="Barjac").first()
    opendata.barjac.lead_authority = barjac
    opendata.barjac.save()
    assert barjac_identifiers() == before


def test_organisation_identifiers():
    assert identifiers.organisation_identifier("218100659") == "FR-RCS-218100659"
    assert identifiers.organisation_identifier("") == ""
    assert identifiers.recipient_identifier(siren="", kind="region", code="76", published_name="occitanie") == (
        "360G-coopdec-region-76")
    assert identifiers.recipient_identifier(siren="", kind="", code="", published_name="saint jean d aulps") == (
        "360G-coopdec-a-confirmer-saint-jean-d-aulps")


def test_the_dictionary_says_why_a_commune_s_siren_is_under_fr_rcs(client, opendata):
    """Communes are not in the companies' register: the dictionary gives org-id.guide's reasons."""
    from coopdec.opendata import iati

    meaning = next(str(f.meaning) for f in iati.FIELDS if f.name == "iati-activity/participating-org/@ref")
    for said in ("registre du commerce", "SIRENE", "FR-INSEE, qui décrivait SIRENE, est dépréciée",
                 "pas d'identifiant, l'organisation n'est désignée que par son nom"):
        assert said in meaning, said
    page = client.get("/donnees/").content.decode()
    assert "FR-INSEE, qui décrivait SIRENE, est dépréciée" in page.replace("&#x27;", "'")
