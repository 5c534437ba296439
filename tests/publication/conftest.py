import pytest

from .seed import build_occitanie


@pytest.fixture
def occitanie(db):
    return build_occitanie()
