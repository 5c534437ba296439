"""360Giving: the JSON package validates against the official schema; the CSV has its titles;
laureates without a known amount or award date are left out, and the files say how many."""
import csv
import io
import json
from decimal import Decimal

from coopdec.applications.models import Application
from coopdec.opendata import giving360, identifiers
from coopdec.opendata.selectors import GrantCounts
from coopdec.publication.keys import project_key
from tests.downloads import download

from .validation import giving360_errors

REQUIRED = ("id", "title", "description", "currency", "amountAwarded", "awardDate",
            "recipientOrganization", "fundingOrganization")
REQUIRED_TITLES = ("Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date",
                   "Recipient Org:Identifier", "Recipient Org:Name", "Funding Org:Identifier",
                   "Funding Org:Name")


def test_the_json_package_is_valid_360giving(client, opendata):
    response, content = download(client, "/donnees/360giving-2025.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="360giving-2025.json"'
    assert response.streaming
    package = json.loads(content)
    assert giving360_errors(package) == []
    assert len(package["grants"]) == 2  # Castres and the agglomeration: their amounts are known
    for grant in package["grants"]:
        assert all(grant.get(key) for key in REQUIRED)
        assert grant["recipientOrganization"][0]["id"] and grant["recipientOrganization"][0]["name"]
        assert grant["fundingOrganization"][0] == {
            "id": "FR-6", "name": "Ministère de l'Europe et des Affaires étrangères",
            "department": identifiers.MINISTRY_DEPARTMENT}


def test_the_schema_rejects_what_it_should(client, opendata):
    _response, content = download(client, "/donnees/360giving-2025.json")
    package = json.loads(content)
    del package["grants"][0]["amountAwarded"]
    package["grants"][1]["awardDate"] = "8 septembre 2025"
    failing = {error.split(": ")[0] for error in giving360_errors(package)}
    assert failing == {"grants/0", "grants/1/awardDate"}  # a required key missing fails the grant


def test_a_grant_says_what_we_know(client, opendata):
    _response, content = download(client, "/donnees/360giving-2025.json")
    grants = {g["title"]: g for g in json.loads(content)["grants"]}
    castres = grants["Eau potable et assainissement à Huye"]
    key = project_key(year=2025, call_slug="generaliste-2025", lead_name_key="castres",
                                  title_key=opendata.castres.title_key)
    assert castres["id"] == f"360G-coopdec-{key}"
    assert (castres["currency"], castres["amountAwarded"], castres["awardDate"]) == ("EUR", 15000, "2025-09-08")
    assert castres["recipientOrganization"] == [{
        "id": "FR-RCS-218100659", "name": "Castres", "addressLocality": "Castres",
        "addressRegion": "Occitanie", "addressCountry": "France"}]
    assert castres["plannedDates"] == [{"startDate": "2025-01-01", "endDate": "2025-12-31"}]
    assert castres["beneficiaryLocation"] == [{"name": "District de Huye (Rwanda)", "countryCode": "RW"}]
    assert castres["grantProgramme"] == [{
        "code": "2025-generaliste-2025", "title": "Généraliste 2025",
        "url": "http://testserver/campagnes/2025/appels/generaliste-2025/"}]
    assert castres["dataSource"] == "http://testserver/campagnes/2025/"
    assert castres["fromOpenCall"] == "Yes" and castres["dateModified"]
    agglo = grants["Culture & patrimoine <partagés>"]
    assert agglo["amountAwarded"] == 20000.5
    # Kosovo's XK is not in ISO 3166-1 nor in 360Giving's codelist: the name keeps the country.
    assert agglo["beneficiaryLocation"] == [{"name": "Prizren (Kosovo)"}, {"name": "Québec (Canada)",
                                                                           "countryCode": "CA"}]


def test_the_files_say_how_many_laureates_they_leave_out(client, opendata):
    for path in ("/donnees/360giving-2025.json", "/donnees/360giving-2025.csv"):
        response, content = download(client, path)
        assert (response["X-CoopDec-Grants"], response["X-CoopDec-Excluded-Without-Amount"],
                response["X-CoopDec-Excluded-Without-Award-Date"]) == ("2", "2", "0")
    package = json.loads(download(client, "/donnees/360giving-tous.json")[1])
    assert package["description"] == (
        "2 subventions de lauréats au montant connu\u00a0; 2 lauréats sans montant connu et 1 lauréat dont la "
        "campagne n'a pas de date de publication des résultats connue n'y figurent pas (360Giving exige "
        "un montant et une date de décision).")
    assert giving360_errors(package) == []
    assert {g["awardDate"] for g in package["grants"]} == {"2025-09-08"}


def test_no_grant_no_file(client, opendata):
    """2024's results have no known publication date: no award date, so no 360Giving file."""
    assert client.get("/donnees/360giving-2024.json").status_code == 404
    assert client.get("/donnees/360giving-2024.csv").status_code == 404
    assert client.get("/donnees/360giving-1999.csv").status_code == 404


def test_the_csv_has_the_360giving_titles_and_one_row_per_grant(client, opendata):
    response, content = download(client, "/donnees/360giving-2025.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    reader = csv.reader(io.StringIO(content.decode("utf-8")))
    header, *rows = list(reader)
    assert header[:6] == list(REQUIRED_TITLES[:6]) and set(REQUIRED_TITLES) <= set(header)
    beneficiaries = [title for title in header if title.startswith("Beneficiary Location")]
    assert beneficiaries == ["Beneficiary Location:0:Name", "Beneficiary Location:0:Country Code",
                             "Beneficiary Location:1:Name", "Beneficiary Location:1:Country Code"]
    records = {row["Title"]: row for row in (dict(zip(header, row, strict=True)) for row in rows)}
    assert len(records) == 2
    castres = records["Eau potable et assainissement à Huye"]
    assert (castres["Amount Awarded"], castres["Recipient Org:Identifier"], castres["Funding Org:Identifier"]) == (
        "15000", "FR-RCS-218100659", "FR-6")
    assert (castres["Beneficiary Location:0:Country Code"], castres["Beneficiary Location:1:Name"]) == ("RW", "")
    assert records["Culture & patrimoine <partagés>"]["Amount Awarded"] == "20000.5"


def test_every_grant_value_sits_at_a_documented_path(client, opendata):
    """The JSON grants and the CSV come from the same columns: no JSON key is undocumented."""
    package = json.loads(download(client, "/donnees/360giving-tous.json")[1])
    documented = {column.path for column in giving360.COLUMNS}
    for grant in package["grants"]:
        for path in _paths(grant):
            assert _numbered(path) in documented, path
    assert {key for key in package if key != "grants"} | {"grants"} <= {
        field.name.split("/")[0] for field in giving360.PACKAGE_FIELDS}


def test_counts_sentence():
    assert giving360.counts_sentence(GrantCounts(1, 1, 0, 0)) == "1 subvention d'un lauréat au montant connu."
    assert giving360.counts_sentence(GrantCounts(3, 2, 1, 0)) == (
        "2 subventions de lauréats au montant connu\u00a0; 1 lauréat sans montant connu n'y figure pas "
        "(360Giving exige un montant et une date de décision).")


def _paths(value, prefix=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, f"{prefix}{key}/")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, f"{prefix}{index}/")
    else:
        yield prefix.rstrip("/")


def _numbered(path):
    """beneficiaryLocation/1/name → beneficiaryLocation/N/name (other lists have one item: 0)."""
    parts = path.split("/")
    return "/".join("N" if part.isdigit() and parts[0] == "beneficiaryLocation" else part for part in parts)


def test_a_title_that_starts_a_formula_stays_text_in_the_csv(client, opendata):
    Application.objects.filter(pk=opendata.castres.pk).update(title="=1+1 Eau potable")
    _response, content = download(client, "/donnees/360giving-2025.csv")
    titles = {row["Title"] for row in csv.DictReader(io.StringIO(content.decode("utf-8")))}
    assert "'=1+1 Eau potable" in titles
    grants = json.loads(download(client, "/donnees/360giving-2025.json")[1])["grants"]
    assert "=1+1 Eau potable" in {grant["title"] for grant in grants}  # JSON is not a spreadsheet


def test_the_files_appear_with_the_first_known_amount(client, opendata):
    """As soon as one laureate of a campaign whose results' date is known has an amount (an import
    of amounts gives them), its 360Giving files are offered, and not before."""
    Application.objects.update(granted_amount=None)
    assert 'href="/donnees/360giving-2025.json"' not in client.get("/donnees/").content.decode()
    assert client.get("/donnees/360giving-2025.json").status_code == 404
    Application.objects.filter(pk=opendata.occitanie.pk).update(granted_amount=Decimal("34000"))
    html = client.get("/donnees/").content.decode()
    for path in ("360giving-2025.json", "360giving-2025.csv", "360giving-tous.json", "360giving-tous.csv"):
        assert f'href="/donnees/{path}"' in html, path
    package = json.loads(download(client, "/donnees/360giving-2025.json")[1])
    assert [grant["amountAwarded"] for grant in package["grants"]] == [34000]
    assert giving360_errors(package) == []
