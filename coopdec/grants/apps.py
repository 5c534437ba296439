from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "coopdec.grants"
    verbose_name = "Subventions : tranches, versements et rapports"
    default_auto_field = "django.db.models.BigAutoField"
