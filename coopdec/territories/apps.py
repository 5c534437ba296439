from django.apps import AppConfig
from django.core.signals import request_started
from django.db.models.signals import post_delete, post_save


class TerritoriesConfig(AppConfig):
    name = "coopdec.territories"
    verbose_name = "Géographie et partenaires"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Any change of what the name index holds gives the geography a new version, so that every
        process's next resolution sees it; each request compares its process's index with it."""
        from coopdec.territories.resolve import authority_index_recheck, clear_authority_index

        request_started.connect(authority_index_recheck, dispatch_uid="authority_index_recheck")

        for model in ("Authority", "AuthorityAlias", "AuthorityConfirmation", "Departement", "Region",
                      "Country"):
            sender = self.get_model(model)
            for signal in (post_save, post_delete):
                signal.connect(clear_authority_index, sender=sender,
                               dispatch_uid=f"authority_index_{signal is post_save}_{model}")
