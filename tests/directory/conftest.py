import pytest

from .seed import build_directory


@pytest.fixture
def directory(db):
    return build_directory()
