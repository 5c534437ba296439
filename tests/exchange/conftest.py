"""The exchange's tests send their messages for real: the task queue runs at once, the e-mails land
in Django's outbox."""
import pytest


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://coopdec.example.fr"
