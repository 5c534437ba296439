from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "coopdec.exchange"
    verbose_name = "Bourse des partenariats"
    default_auto_field = "django.db.models.BigAutoField"
