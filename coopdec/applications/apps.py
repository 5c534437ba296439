from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "coopdec.applications"
    verbose_name = "Dossiers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .messages import register_drawers

        register_drawers()
