from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "coopdec.accounts"
    verbose_name = _("Comptes et rôles")
    default_auto_field = "django.db.models.BigAutoField"
