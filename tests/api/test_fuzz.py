"""Schemathesis against our own OpenAPI schema: every operation with generated parameters and
bodies, valid and invalid, through the WSGI application. No server error, and every answer is
one the schema documents (status, content type, shape).

Bounded: a fixed number of examples per operation (about a minute for the whole API here);
the data is the API tests' laureates, so that generated codes and years sometimes hit.
"""
import pytest
import schemathesis
from schemathesis import checks
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

EXAMPLES = 30


# The schema is read through the application itself (no database needed for it).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def wsgi_in_the_test_transaction():
    """The WSGI handler closes the database connection around each request, as a server should;
    inside the test's transaction that would lose it: the test client does the same as here."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_answers_every_generated_request_as_its_schema_says(case, data, wsgi_in_the_test_transaction):
    # A well-formed code that names nothing (`region=4ã`) or a control character in a text is a
    # documented 400, which schemathesis counts as a valid request refused: its own check is left
    # out, every other one (server errors first) holds.
    case.call_and_validate(excluded_checks=[checks.positive_data_acceptance])
