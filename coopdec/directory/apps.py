from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "coopdec.directory"
    verbose_name = "Annuaire des collectivités et des pays"
    default_auto_field = "django.db.models.BigAutoField"
