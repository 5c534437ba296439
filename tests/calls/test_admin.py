"""The back office shows a campaign's published figures with their sources, and its calls."""
from coopdec.calls.models import Call, Campaign


def test_campaign_page_shows_figures_with_sources_and_calls(demo, admin_client):
    campaign = Campaign.objects.get(year=2024)
    page = admin_client.get(f"/admin/calls/campaign/{campaign.pk}/change/").content.decode()
    assert "Occitanie Coopération, lauréats 2025" in page and "DCTCIV" in page
    assert "0,6630" in page or "0.6630" in page
    assert "Franco-libanais 2024" in page


def test_call_pages(demo, admin_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        page = admin_client.get("/admin/calls/call/?campaign__id__exact="
                                f"{Campaign.objects.get(year=2025).pk}").content.decode()
    assert "AMI Villes créatives de la Francophonie" in page and "Franco-sénégalais 2025" in page
    ocean = Call.objects.get(campaign__year=2025, slug="ocean-2025")
    page = admin_client.get(f"/admin/calls/call/{ocean.pk}/change/").content.decode()
    assert "Aménagement durable du littoral" in page and "tbc" in page
