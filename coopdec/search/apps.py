from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _register_sqlite_functions(sender, connection, **kwargs):
    """SQLite has no unaccent: give it the normalisation every matcher of CoopDec uses."""
    if connection.vendor == "sqlite":
        from coopdec.territories.text import normalise

        connection.connection.create_function("coopdec_normalise", 1, normalise, deterministic=True)


class SearchConfig(AppConfig):
    name = "coopdec.search"
    verbose_name = "Recherche"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        connection_created.connect(_register_sqlite_functions, dispatch_uid="coopdec_sqlite_functions")
