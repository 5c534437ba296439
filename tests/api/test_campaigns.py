"""Campaigns, their figures with provenance, and their calls."""
from decimal import Decimal

import pytest

pytestmark = pytest.mark.django_db


def test_campaigns_list_every_year_with_its_records(client, data):
    response = client.get("/api/v1/campaigns")
    assert response.status_code == 200
    assert response.json() == [
        {"year": 2025, "calls": 3, "laureates": 4, "url": "http://testserver/api/v1/campaigns/2025",
         "page_url": "http://testserver/campagnes/2025/"},
        {"year": 2024, "calls": 1, "laureates": 1, "url": "http://testserver/api/v1/campaigns/2024",
         "page_url": "http://testserver/campagnes/2024/"},
    ]


def test_a_campaign_says_which_figures_are_published_and_which_computed(client, data):
    campaign = client.get("/api/v1/campaigns/2025").json()
    figures = {figure["name"]: figure for figure in campaign["figures"]}
    assert figures["applications_received"] == {
        "name": "applications_received", "unit": "count", "value": 158, "provenance": "published",
        "sources": [{"label": "MEAE", "url": "https://example.org/meae", "published_on": "2025-07-01"}],
        "record_count": None,
    }
    rate = figures["acceptance_rate"]
    assert (rate["provenance"], rate["unit"]) == ("derived", "rate")
    assert isinstance(rate["value"], str)  # a decimal in text, exact: never a float
    assert Decimal(rate["value"]).quantize(Decimal("0.0001")) == Decimal("0.5759")
    assert figures["recorded_laureates"] == {
        "name": "recorded_laureates", "unit": "count", "value": 4, "provenance": "records",
        "sources": [], "record_count": 5,
    }
    # 5 recorded dossiers of 158 received: our records say nothing of the rate.
    assert "recorded_acceptance_rate" not in figures
    assert campaign["laureates"] == {"calls_for_projects": 3, "ami": 1, "total": 4}
    # 91 published laureates of appels à projets, of which we record 3 (the AMI's is apart).
    assert campaign["laureates_missing"] == 88
    assert campaign["previous_year"] == 2024
    assert campaign["laureates_url"] == "http://testserver/api/v1/laureates?campaign=2025"


def test_a_campaign_lists_its_calls_the_ami_last(client, data):
    calls = client.get("/api/v1/campaigns/2025/calls").json()
    assert [(c["slug"], c["kind"], c["laureates"]) for c in calls] == [
        ("franco-palestinien-2025", "fonds_conjoint", 1),
        ("generaliste-2025", "generaliste", 2),
        ("villes-creatives-2025", "ami", 1),
    ]
    assert calls[0]["partner_country"] == "PS"
    assert (calls[1]["opens_on"], calls[1]["closes_on"]) == ("2025-01-08", "2025-03-31")
    assert calls[1]["page_url"] == "http://testserver/campagnes/2025/appels/generaliste-2025/"


@pytest.mark.parametrize("path", ["/api/v1/campaigns/1999", "/api/v1/campaigns/1999/calls"])
def test_an_unknown_campaign_is_a_404_that_says_so(client, data, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Aucune campagne 1999."}

