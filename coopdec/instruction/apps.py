from django.apps import AppConfig


class InstructionConfig(AppConfig):
    name = "coopdec.instruction"
    verbose_name = "Instruction et comités"
    default_auto_field = "django.db.models.BigAutoField"
