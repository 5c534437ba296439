from django.apps import AppConfig


class AtlasConfig(AppConfig):
    name = "coopdec.atlas"
    verbose_name = "Atlas de l'action extérieure des collectivités"
    default_auto_field = "django.db.models.BigAutoField"
