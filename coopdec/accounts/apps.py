from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "coopdec.accounts"
    verbose_name = _("Comptes et rôles")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from allauth.account.signals import user_logged_in

        from coopdec.accounts.proconnect.membership import ask_to_join_from_siret

        user_logged_in.connect(ask_to_join_from_siret, dispatch_uid="proconnect_membership_request")
