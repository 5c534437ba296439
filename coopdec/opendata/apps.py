from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "coopdec.opendata"
    verbose_name = "Données ouvertes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coopdec.dataversion.changes import data_version_moved

        from .tasks import on_version_moved

        # A campaign's published data moved: its files of /donnees/ are written ahead by a task.
        data_version_moved.connect(on_version_moved, dispatch_uid="coopdec_opendata_bulk_files")
