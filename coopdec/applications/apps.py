from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "coopdec.applications"
    default_auto_field = "django.db.models.BigAutoField"
