from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "coopdec.calls"
    verbose_name = "Campagnes et appels"
    default_auto_field = "django.db.models.BigAutoField"
