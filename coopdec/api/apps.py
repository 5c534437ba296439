from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "coopdec.api"
    default_auto_field = "django.db.models.BigAutoField"
