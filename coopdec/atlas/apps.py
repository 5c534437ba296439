from django.apps import AppConfig


class AtlasConfig(AppConfig):
    name = "coopdec.atlas"
    verbose_name = "Atlas de l'action extérieure des collectivités"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coopdec.dataversion.changes import data_version_moved

        from .services import on_version_moved

        # A campaign's published data moved (a committee's publication, an import, a dossier's
        # change): its laureates' actions follow, without retyping.
        data_version_moved.connect(on_version_moved, dispatch_uid="coopdec_atlas_laureates")
