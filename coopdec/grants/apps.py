from django.apps import AppConfig
from django.db.models.signals import post_delete


class GrantsConfig(AppConfig):
    name = "coopdec.grants"
    verbose_name = "Subventions : tranches, versements et rapports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .models import Report
        from .services import report_years_refresh

        # A report deleted with its dossier (or a plan replaced) no longer counts for its authority.
        post_delete.connect(lambda instance, **_signal: report_years_refresh(application_id=instance.application_id),
                            sender=Report, weak=False, dispatch_uid="coopdec_grants_report_years")
