"""Loose call names of published lists matched to the campaign's calls, never silently wrong."""
import pytest

from coopdec.calls.matching import MatchStatus, match_call
from coopdec.calls.models import Call, Campaign
from coopdec.territories.text import strip_accents
from tests import factories


def campaign(year):
    return Campaign.objects.get(year=year)


@pytest.mark.parametrize("text,name", [
    ("Généraliste 2025", "Généraliste 2025"),
    ("Franco-palestinien 2025", "Franco-palestinien 2025"),
    ("Franco-sénégalais 2025", "Franco-sénégalais 2025"),
    ("Appel à manifestation d'Intérêt villes créatives", "AMI Villes créatives de la Francophonie"),
    ("GENERALISTE 2025", "Généraliste 2025"),
    ("généraliste", "Généraliste 2025"),
    ("Franco-Palestinien 2025", "Franco-palestinien 2025"),
    ("Franco-palestinien 2025-2027", "Franco-palestinien 2025"),
    ("Fonds de soutien conjoint à la coopération décentralisée franco-palestinienne", "Franco-palestinien 2025"),
    ("Dispositif conjoint franco-sénégalais", "Franco-sénégalais 2025"),
    ("Appel à projets Sport 2025", "Sport 2025"),
    ("AMI villes créatives", "AMI Villes créatives de la Francophonie"),
])
def test_loose_names_of_the_seed_page_find_their_call(demo, text, name):
    match = match_call(text, campaign=campaign(2025))
    assert (match.status, match.call.name, match.reason) == (MatchStatus.RESOLVED, name, "")


def test_a_call_the_campaign_lacks_is_unknown_with_a_reason(demo):
    match = match_call("Jeunesse 2025", campaign=campaign(2025))
    assert (match.status, match.call, match.candidates) == ("unknown", None, ())
    assert match.reason == "aucun appel de la campagne 2025 ne correspond à « Jeunesse 2025 »."


@pytest.mark.parametrize("text", ["Franco-palestinien 2024", "Généraliste 2024", "Jeunesse et sport 2025",
                                  "Sport et jeunesse", "2025", ""])
def test_another_year_or_more_words_is_not_a_match(demo, text):
    assert match_call(text, campaign=campaign(2025)).status == MatchStatus.UNKNOWN


def test_a_name_matching_two_calls_is_ambiguous_with_its_candidates(demo):
    match = match_call("Franco-marocain 2022", campaign=campaign(2022))
    assert match.status == MatchStatus.AMBIGUOUS and match.call is None
    assert [c.name for c in match.candidates] == ["Franco-marocain 2022–2024, 1re tranche",
                                                  "Franco-marocain 2022–2024, 1re tranche bis"]
    assert "plusieurs appels de la campagne 2022" in match.reason
    assert match_call("Franco", campaign=campaign(2025)).status == MatchStatus.AMBIGUOUS


def test_the_call_named_exactly_wins_over_one_containing_the_name(db):
    year = factories.campaign(2030)
    sport = factories.call("Sport 2030", kind=Call.Kind.THEMATIQUE, campaign_obj=year)
    factories.call("Sport et jeunesse 2030", kind=Call.Kind.THEMATIQUE, campaign_obj=year)
    assert match_call("sport", campaign=year).call == sport
    assert match_call("Jeunesse 2030", campaign=year).call.name == "Sport et jeunesse 2030"


def test_every_call_is_found_by_its_own_name_however_written(demo):
    for year in (2022, 2023, 2024, 2025):
        for call in Call.objects.filter(campaign__year=year):
            for written in (call.name, strip_accents(call.name).upper()):
                assert match_call(written, campaign=call.campaign).call == call, written


def test_prefetched_calls_are_matched_without_queries(demo, django_assert_num_queries):
    prefetched = Campaign.objects.prefetch_related("calls").get(year=2025)
    with django_assert_num_queries(0):
        assert match_call("Franco-sénégalais 2025", campaign=prefetched).status == "resolved"
