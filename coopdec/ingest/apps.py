from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "coopdec.ingest"
    verbose_name = "Imports de listes publiées"
    default_auto_field = "django.db.models.BigAutoField"
