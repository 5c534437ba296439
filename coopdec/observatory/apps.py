from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "coopdec.observatory"
    verbose_name = "Observatoire"
    default_auto_field = "django.db.models.BigAutoField"
