"""`generate_synthetic`: the synthetic data set of the benchmarks, at a small size."""
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from coopdec.applications.models import Application, Partnership
from coopdec.applications.services import application_search_refresh
from coopdec.calls.models import Call, Campaign, PublishedFigure
from coopdec.ingest.models import ImportRow
from coopdec.demo.synthetic import SOURCE_LABEL
from coopdec.territories.models import Authority

SIZE = 300
pytestmark = pytest.mark.django_db


def _snapshot():
    """Every synthetic application as a reader sees it: no keys, no timestamps."""
    partners = {}
    for application_id, name, country in Partnership.objects.order_by(
            "application_id", "order").values_list("application_id", "name",
                                                   "foreign_authority__country_id"):
        partners.setdefault(application_id, []).append((name, country))
    return [
        (*row[1:], tuple(partners.get(row[0], ())))
        for row in Application.objects.order_by("pk").values_list(
            "pk", "call__campaign__year", "call__slug", "call__kind", "title", "lead_name",
            "lead_authority__kind", "lead_authority__code", "region_id", "departement_id",
            "decision", "granted_amount", "starts_on", "ends_on", "search_document")
    ]


def _generate(seed=1, size=SIZE):
    call_command("generate_synthetic", applications=size, seed=seed, verbosity=0)


def _generate_and_undo(seed):
    with transaction.atomic():
        _generate(seed=seed)
        rows = _snapshot()
        transaction.set_rollback(True)
    return rows


def test_the_same_seed_gives_the_same_rows_and_another_seed_others():
    first = _generate_and_undo(seed=1)
    assert _generate_and_undo(seed=1) == first
    assert _generate_and_undo(seed=2) != first


def test_counts_campaigns_calls_and_decisions():
    _generate()
    assert Application.objects.count() == SIZE
    assert list(Campaign.objects.order_by("year").values_list("year", flat=True)) == list(range(2005, 2026))
    assert not Campaign.objects.filter(calls__isnull=True).exists()
    assert Call.objects.filter(kind=Call.Kind.GENERALISTE).count() == 21
    assert set(Application.objects.values_list("provenance", flat=True)) == {"import"}
    laureates = Application.objects.filter(decision=Application.Decision.RETENU).count()
    refused = Application.objects.filter(decision=Application.Decision.NON_RETENU).count()
    assert SIZE / 2 < laureates < SIZE and refused > 0
    figures = dict(PublishedFigure.objects.filter(campaign__year=2025, source_label=SOURCE_LABEL)
                   .values_list("name", "value"))
    assert figures["applications_received"] == Application.objects.filter(call__campaign__year=2025).count()
    assert figures["applications_retained"] == Application.objects.filter(
        call__campaign__year=2025, decision=Application.Decision.RETENU).count()
    # Later campaigns have more applications than the first ones.
    assert (Application.objects.filter(call__campaign__year=2025).count()
            > Application.objects.filter(call__campaign__year=2005).count())


def test_every_application_has_a_real_lead_and_partners_in_real_countries():
    _generate()
    assert not Application.objects.filter(lead_authority__isnull=True).exists()
    assert not Application.objects.filter(partnerships__isnull=True).exists()
    assert not Partnership.objects.filter(foreign_authority__country__isnull=True).exists()
    per_application = Partnership.objects.values("application").distinct().count()
    assert per_application == SIZE
    for application in Application.objects.select_related("lead_authority")[:50]:
        assert application.region_id == application.lead_authority.region_id
        assert application.departement_id == application.lead_authority.departement_id
    # A joint fund's laureates work with its country.
    for application in Application.objects.filter(call__kind=Call.Kind.FONDS_CONJOINT)[:20]:
        countries = set(application.partnerships.values_list("foreign_authority__country", flat=True))
        assert application.call.partner_country_id in countries


def test_search_documents_are_what_the_search_refresh_writes():
    _generate()
    for application in Application.objects.order_by("pk")[:40]:
        written = application.search_document
        application.search_document = ""
        assert application_search_refresh(application=application).search_document == written


def test_titles_vary_and_a_common_word_finds_many():
    _generate()
    titles = set(Application.objects.values_list("title", flat=True))
    assert len(titles) > SIZE * 0.9
    assert Application.objects.filter(title__icontains="eau").count() > SIZE // 50


def test_synthetic_rows_are_marked_and_a_second_run_is_refused():
    _generate()
    assert ImportRow.objects.filter(batch__source_label=SOURCE_LABEL).count() == SIZE
    assert not Call.objects.exclude(slug__startswith="synth-").exists()
    assert not Call.objects.exclude(name__endswith="(données synthétiques)").exists()
    with pytest.raises(CommandError, match=f"déjà {SIZE} dossiers de données synthétiques"):
        _generate(seed=2)
    assert Application.objects.count() == SIZE


def test_a_database_without_the_geography_is_told_to_load_it():
    Authority.objects.all().delete()
    with pytest.raises(CommandError, match="load_territories"):
        _generate()
    assert not Campaign.objects.exists()
