from django.apps import AppConfig


class DataVersionConfig(AppConfig):
    name = "coopdec.dataversion"
    verbose_name = "Version des données publiées"
