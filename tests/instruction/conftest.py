"""Instruction tests: background tasks run at once, e-mails stay in memory, documents in a
temporary directory of their own (as the dossiers' tests)."""
import pytest


@pytest.fixture(autouse=True)
def _instruction_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
