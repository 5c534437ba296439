"""Migration 0003 turns the published days of the calls already recorded into Paris times."""
from datetime import date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from coopdec.calls.models import PARIS

BEFORE, AFTER = ("calls", "0002_call_notes_and_figure_note"), ("calls", "0003_call_rules_and_paris_times")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def migrate_to_latest():
    """Every app back to its last migration: a later migration of calls (0006 and after) undone
    by going back to 0003 would otherwise be missing for the tests that run next on this database."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_days_become_paris_times_and_back():
    try:
        old = migrate(BEFORE)
        campaign = old.get_model("calls", "Campaign").objects.create(year=2025)
        old.get_model("calls", "Call").objects.create(
            campaign=campaign, name="Franco-sénégalais 2025", slug="fs", kind="fonds_conjoint",
            opens_on=date(2025, 3, 10), closes_on=date(2025, 3, 30))
        old.get_model("calls", "Call").objects.create(campaign=campaign, name="Sans dates", slug="x", kind="ami")
        new = migrate(AFTER)
        calls = {c.slug: c for c in new.get_model("calls", "Call").objects.all()}
        assert calls["fs"].opens_at == datetime(2025, 3, 10, 0, 0, tzinfo=PARIS)
        assert calls["fs"].closes_at == datetime(2025, 3, 30, 23, 59, 59, tzinfo=PARIS)  # summer time that day
        assert (calls["x"].opens_at, calls["x"].closes_at) == (None, None)
        back = migrate(BEFORE)
        assert back.get_model("calls", "Call").objects.get(slug="fs").closes_on == date(2025, 3, 30)
    finally:
        migrate_to_latest()
