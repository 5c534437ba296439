from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "coopdec.api"
    verbose_name = "API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers the API's object of a laureate with the read model (`schemas.laureate_json`), in
        # every process, the task worker that rebuilds the read model included.
        from . import schemas  # noqa: F401
