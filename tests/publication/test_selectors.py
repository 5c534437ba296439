from decimal import Decimal

from coopdec.calls.models import Call
from coopdec.publication.selectors import (
    LaureateFilters, Provenance, campaign_figures, laureate_count, laureate_filter_options, laureate_list,
)


def titles(filters):
    return {application.title for application in laureate_list(filters)}


def test_a_region_lists_its_laureates_only(occitanie):
    filters = LaureateFilters(campaign=occitanie.campaign, region=occitanie.region)
    assert titles(filters) == {application.title for application in occitanie.applications.values()}
    assert laureate_count(filters).calls_for_projects == 5
    assert laureate_count(filters).ami == 1


def test_the_ami_comes_last_as_on_the_published_list(occitanie):
    listed = list(laureate_list(LaureateFilters(campaign=occitanie.campaign, region=occitanie.region)))
    assert listed[-1] == occitanie.applications["podcast"]


def test_filters_by_departement_call_kind_and_country(occitanie):
    scope = LaureateFilters(campaign=occitanie.campaign, region=occitanie.region)
    apps = occitanie.applications
    tarn = apps["castres"].departement
    assert titles(scope.narrowed(departement=tarn)) == {apps["castres"].title}
    senegal = scope.narrowed(call=occitanie.calls["senegalais"])
    assert titles(senegal) == {apps["bargny"].title, apps["gandon"].title}
    assert titles(scope.narrowed(kind=Call.Kind.AMI)) == {apps["podcast"].title}
    assert titles(scope.narrowed(country=occitanie.countries["BE"])) == {apps["podcast"].title}


def test_a_joint_fund_country_counts_without_a_partner_of_that_country(occitanie):
    apps = occitanie.applications
    apps["barjac"].partnerships.all().delete()
    scope = LaureateFilters(campaign=occitanie.campaign, country=occitanie.countries["PS"])
    assert titles(scope) == {apps["barjac"].title, apps["bethleem"].title}


def test_filter_options_are_those_the_laureates_have(occitanie):
    options = laureate_filter_options(LaureateFilters(campaign=occitanie.campaign, region=occitanie.region))
    assert {d.code for d in options.departements} == {"81", "34", "31"}
    assert {c.slug for c in options.calls} == {c.slug for c in occitanie.calls.values()}
    assert [kind for kind, _ in options.kinds] == [
        Call.Kind.GENERALISTE, Call.Kind.FONDS_CONJOINT, Call.Kind.AMI
    ]
    assert {c.iso2 for c in options.countries} == set(occitanie.countries)
    assert options.regions == []  # the region is fixed by the page


def test_published_figures_keep_their_source_and_the_rate_is_derived(occitanie):
    figures = campaign_figures(occitanie.campaign)
    published = figures.published
    assert (published.received.value, published.retained.value, published.calls.value) == (158, 91, 11)
    assert published.received.provenance == Provenance.PUBLISHED
    assert published.received.source.label == "Occitanie Coopération"
    assert published.rate.provenance == Provenance.DERIVED
    assert published.rate.value == Decimal(91) / Decimal(158)
    assert published.other_rates == ()  # the published 57,6 % reads like 91/158


def test_last_years_rate_is_computed_and_the_other_published_rate_kept(occitanie):
    figures = campaign_figures(occitanie.campaign)
    assert figures.previous_campaign == occitanie.previous
    assert figures.previous.rate.value == Decimal(76) / Decimal(113)
    [other] = figures.previous.other_rates
    assert other.value == Decimal("0.6630")
    assert other.source.label == "Occitanie Coopération"


def test_record_figures_say_the_records_are_partial(occitanie):
    figures = campaign_figures(occitanie.campaign)
    assert figures.records.laureates.value == 7  # six in Occitanie, one in Bretagne
    assert figures.records.laureates.provenance == Provenance.RECORDS
    assert figures.records.applications.value == 8  # and one refused
    assert figures.records.laureates_of_calls_for_projects.value == 6  # the AMI's apart
    assert figures.laureates_missing == 85  # 91 published laureates of appels à projets
    assert figures.records_rate is None
