from django.apps import AppConfig


class FrenchConfig(AppConfig):
    name = "coopdec.french"
    verbose_name = "Écriture française"
