from django.apps import AppConfig


class ApdConfig(AppConfig):
    name = "coopdec.apd"
    verbose_name = "Déclarations d'APD"
    default_auto_field = "django.db.models.BigAutoField"
