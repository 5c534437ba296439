from django.apps import AppConfig


class InstructionConfig(AppConfig):
    name = "coopdec.instruction"
    verbose_name = "Instruction et comités"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .messages import register

        register()
