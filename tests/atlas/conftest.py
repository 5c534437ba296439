import pytest

from .factories_public import build_atlas


@pytest.fixture
def atlas(db):
    return build_atlas()
