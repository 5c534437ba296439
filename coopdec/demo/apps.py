from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "coopdec.demo"
    verbose_name = "Démonstration"
