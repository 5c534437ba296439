import pytest


@pytest.fixture(autouse=True)
def _export_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.COOPDEC_REQUIRE_STAFF_2FA = False
