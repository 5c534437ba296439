"""The demo's tests: its files load over the partner countries of calls.csv (as the calls' tests),
and its people get their messages as on the site (as the instruction's tests: background tasks
at once, e-mails in memory, documents in a temporary directory)."""
from tests.calls.conftest import call_countries, demo  # noqa: F401  (fixtures)
from tests.instruction.conftest import _instruction_settings  # noqa: F401  (autouse)
