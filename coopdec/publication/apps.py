from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "coopdec.publication"
    verbose_name = "Publication"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
