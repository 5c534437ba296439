import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts sign-in attempts and used TOTP codes in the cache: each test starts afresh."""
    cache.clear()
    yield
    cache.clear()
