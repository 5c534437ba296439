"""Test set-up shared by the whole suite: every test database holds the real geography."""
import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache
from django.core.management import call_command
from django.db.models.signals import post_delete, post_save

from coopdec.dataversion.changes import versions_forget
from coopdec.territories.models import (
    Authority, AuthorityAlias, AuthorityConfirmation, Country, Departement, Region,
)
from coopdec.territories.resolve import forget_authority_index

_session = {"db_blocker": None, "index_changed": False}


def _note_change(**_signal):
    _session["index_changed"] = True


for _model in (Authority, AuthorityAlias, AuthorityConfirmation, Country, Departement, Region):
    post_save.connect(_note_change, sender=_model, weak=False)
    post_delete.connect(_note_change, sender=_model, weak=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Régions, départements, communes, EPCI, EPT, former names and countries, once a session."""
    _session["db_blocker"] = django_db_blocker
    with django_db_blocker.unblock():
        call_command("load_territories", verbosity=0)


@pytest.fixture(autouse=True)
def _name_index_follows_rollbacks():
    """A test that changes an authority or an alias drops the name index, and the rollback that
    undoes the change does not say so: drop the index again after such a test."""
    _session["index_changed"] = False
    yield
    if _session["index_changed"]:
        forget_authority_index()


def _database_use(item):
    """None, "db" or "transactional", as pytest-django decides it for a test."""
    marker = item.get_closest_marker("django_db")
    names = set(getattr(item, "fixturenames", ()))
    if (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))) or (
        names & {"transactional_db", "live_server"}
    ):
        return "transactional"
    return "db" if marker or "db" in names else None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test empties every table as the very last step of its teardown: load the
    geography again when the next test uses the database (pytest-django runs those last)."""
    result = yield
    if _database_use(item) == "transactional":
        forget_authority_index()
        blocker = _session["db_blocker"]
        if blocker is not None and nextitem is not None and _database_use(nextitem):
            with blocker.unblock():
                if not Region.objects.exists():
                    call_command("load_territories", verbosity=0)
    return result


@pytest.fixture(autouse=True)
def _cache_follows_rollbacks():
    """Each test's rollback takes the published data's versions back (`publication.cache`): what
    an earlier test cached under the same version must not answer for this one."""
    cache.clear()
    versions_forget()
    yield
    cache.clear()
    versions_forget()


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser, with the TOTP authenticator every staff account must set up
    (coopdec.accounts.middleware) before it reaches a staff page."""
    TOTP.activate(admin_user, generate_totp_secret())
    return admin_user


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "postgres: needs PostgreSQL (row locks, real concurrent connections, several servers, "
                   "pg_dump); deselected (and reported as such) when the suite runs on SQLite")


def pytest_collection_modifyitems(config, items):
    """SQLite has one writer at a time and no row locks, and its test database lives in one
    process's memory: a concurrency, several-servers or pg_dump test there would prove nothing, so
    it is deselected, visibly (« N deselected »), instead of run or skipped."""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    kept = [item for item in items if item.get_closest_marker("postgres") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept
