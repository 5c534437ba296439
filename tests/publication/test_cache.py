"""Published data's version, the cached copies of the public pages, their ETag and 304, and the
aggregates cached per campaign (`coopdec.publication.cache`)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coopdec.applications import workflow
from coopdec.applications.models import Application
from coopdec.applications.services import transition
from coopdec.dataversion.changes import changed_in_this_transaction, data_changed, versions
from coopdec.dataversion.models import DataVersion
from coopdec.publication import selectors
from tests import factories as f
from tests.accounts.people import ministry_officer

pytestmark = pytest.mark.django_db

PAGE = "/campagnes/2025/"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` — what the block writes is committed, as far as the versions go."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def laureate(committed):
    with committed():
        made = f.application("Puits partagés à Podor", f.call("Généraliste 2025"), f.authority("Castres"))
    return made


def _queries(client, path, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    return response, len(captured)


def test_a_change_moves_the_versions_when_it_commits(committed):
    with committed():
        campaign = f.campaign(2025)
    before = versions()
    with committed():
        data_changed(campaign_id=campaign.pk)
        assert changed_in_this_transaction()
        assert versions() == before  # not before the commit
    after = versions()
    assert not changed_in_this_transaction()
    assert after.everything != before.everything and after.of(campaign.pk) != before.of(campaign.pk)
    with committed():
        data_changed()  # everything
    assert versions().of(campaign.pk) != after.of(campaign.pk)


def test_a_page_is_rendered_once_per_version(client, laureate, committed):
    first, rendering = _queries(client, PAGE)
    again, served = _queries(client, PAGE)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and "Puits partagés à Podor" in again.content.decode()
    assert served <= 1 < rendering  # at most the versions, when a second has passed (VERSIONS_TTL)
    with committed():
        f.application("Bibliothèque de Bethléem", laureate.call, f.authority("Albi"))
    assert "Bibliothèque de Bethléem" in client.get(PAGE).content.decode()


def test_an_unchanged_page_answers_304_to_its_validators(client, laureate, committed):
    first = client.get(PAGE)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"') and "must-revalidate" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    not_modified, queries = _queries(client, PAGE, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b"" and queries <= 1
    assert client.get(PAGE, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    with committed():
        laureate.title = "Puits et assainissement à Podor"
        laureate.save()
    changed = client.get(PAGE, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "assainissement" in changed.content.decode()


def test_the_api_has_validators_too(client, laureate):
    path = "/api/v1/laureates?campaign=2025"
    first = client.get(path)
    assert first.status_code == 200 and first.json()["count"] == 1
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_signed_in_visitor_gets_the_page_rendered_for_them(client, laureate, admin_user):
    client.force_login(admin_user)
    response = client.get(PAGE)
    assert response.status_code == 200 and not response.has_header("ETag")
    _, queries = _queries(client, PAGE)
    assert queries > 1


def test_a_transaction_that_changed_data_neither_reads_nor_fills_the_cache(client, laureate):
    client.get(PAGE)
    f.application("Jardins partagés", laureate.call, f.authority("Mazamet"))  # not committed
    assert changed_in_this_transaction()
    response = client.get(PAGE)
    assert "Jardins partagés" in response.content.decode() and not response.has_header("ETag")


def test_aggregates_are_kept_per_campaign(laureate, committed):
    with committed():
        other = f.call("Généraliste 2024", campaign_obj=f.campaign(2024))
        f.application("Coopération 2024", other, f.authority("Gaillac"))
    this_year, last_year = laureate.call.campaign, other.campaign
    for campaign in (this_year, last_year):
        selectors.region_list(campaign=campaign)
    with CaptureQueriesContext(connection) as kept:
        assert [r.laureate_count for r in selectors.region_list(campaign=this_year)] == [1]
    assert len(kept) <= 1  # at most the versions
    with committed():
        f.application("Coopération 2024 bis", other, f.authority("Lavaur"))
    with CaptureQueriesContext(connection) as still_kept:
        selectors.region_list(campaign=this_year)
    with CaptureQueriesContext(connection) as renewed:
        assert [r.laureate_count for r in selectors.region_list(campaign=last_year)] == [2]
    # The versions read again after the change; only the campaign of the change recomputed.
    def counted(captured):
        return any("territories_region" in query["sql"] for query in captured.captured_queries)

    assert not counted(still_kept) and counted(renewed)


def test_a_transition_renews_the_pages(laureate, committed):
    application = Application.objects.get(pk=laureate.pk)
    application.state, application.decision = workflow.EN_INSTRUCTION, Application.Decision.PENDING
    with committed():
        application.save()
    campaign_id = application.call.campaign_id
    before = versions().of(campaign_id)
    Application.objects.filter(pk=application.pk).update(state=workflow.EN_INSTRUCTION)  # no signal
    with committed():
        transition(application=application, to=workflow.A_COMPLETER, by=ministry_officer(),
                   reason="Le budget 2026 manque")
    assert versions().of(campaign_id) != before
    assert DataVersion.objects.get(scope=f"campaign:{campaign_id}").version > 1


def test_a_draft_changes_nothing_public(laureate, committed):
    before = versions()
    with committed():
        f.application("Brouillon", laureate.call, f.authority("Réalmont"),
                      decision=Application.Decision.PENDING, state=workflow.BROUILLON)
    assert versions() == before


class _NonceFromHeader:
    """Stands just after django-csp, with the nonce the test chooses as `request.csp_nonce`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = request.headers["X-Nonce"]
        return self.get_response(request)


def test_a_kept_copy_gets_each_response_its_own_nonce(client, laureate, settings):
    after_csp = settings.MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1
    settings.MIDDLEWARE = [*settings.MIDDLEWARE[:after_csp], f"{__name__}._NonceFromHeader",
                           *settings.MIDDLEWARE[after_csp:]]
    first = client.get(PAGE, HTTP_X_NONCE="premier1234")
    assert 'nonce="premier1234"' in first.content.decode()
    again, queries = _queries(client, PAGE, HTTP_X_NONCE="second5678")
    content = again.content.decode()
    assert queries <= 1 and 'nonce="second5678"' in content and "premier1234" not in content
