from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "coopdec.applications"
    verbose_name = "Dossiers"
    default_auto_field = "django.db.models.BigAutoField"
