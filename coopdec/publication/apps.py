from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "coopdec.publication"
    verbose_name = "Publication"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coopdec.dataversion.changes import data_version_moved

        from .cache import connect_signals
        from .tasks import on_version_moved

        connect_signals()
        data_version_moved.connect(on_version_moved, dispatch_uid="coopdec_publication_read_model")
