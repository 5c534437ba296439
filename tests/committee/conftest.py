"""Committee tests: background tasks run at once, e-mails stay in memory, documents in a temporary
directory; the PostgreSQL-only concurrency tests are deselected on SQLite (as in
tests/applications/conftest.py)."""
import pytest


@pytest.fixture(autouse=True)
def _committee_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "postgres: needs PostgreSQL's row locks and real concurrent connections; deselected "
                   "(and reported as such) when the suite runs on SQLite")


def pytest_collection_modifyitems(config, items):
    """SQLite has one writer at a time and no row locks: a concurrency test there would prove
    nothing, so it is deselected, visibly (« N deselected »), instead of run or skipped."""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    kept = [item for item in items if item.get_closest_marker("postgres") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept
