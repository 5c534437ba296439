from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "coopdec.ingest"
    default_auto_field = "django.db.models.BigAutoField"
