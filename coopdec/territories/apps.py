from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class TerritoriesConfig(AppConfig):
    name = "coopdec.territories"
    verbose_name = "Géographie et partenaires"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Any change of what the name index holds drops it, so the next resolution sees it."""
        from coopdec.territories.resolve import clear_authority_index

        for model in ("Authority", "AuthorityAlias", "AuthorityConfirmation", "Departement", "Region",
                      "Country"):
            sender = self.get_model(model)
            for signal in (post_save, post_delete):
                signal.connect(clear_authority_index, sender=sender,
                               dispatch_uid=f"authority_index_{signal is post_save}_{model}")
