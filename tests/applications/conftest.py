"""Dossier tests: background tasks run at once, e-mails stay in memory, documents in a temporary
directory of their own. And a laureate imported from Occitanie Coopération's list whose « Barjac »
is still to confirm, for the review in the admin."""
import pytest

from coopdec.calls.models import Call
from coopdec.ingest.models import ImportBatch, ImportRow
from coopdec.ingest.services import resolution_as_json
from coopdec.territories.models import Country, Region
from coopdec.territories.resolve import resolve_authority
from tests import factories as f


def imported(lead_name, *, title, call, partner, source_label="Occitanie Coopération, 8 septembre 2025",
             region="76", row_number=4):
    """An unresolved laureate with the row it was read from, as an import leaves it."""
    region_obj = Region.objects.get(code=region) if region else None
    laureate = f.unresolved_laureate(lead_name, call, region_obj=region_obj, title=title,
                                     partners=[f.foreign_authority(partner, call.partner_country)])
    batch = ImportBatch.objects.create(
        file_name="laureats-occitanie-2025.html", sha256=f"{laureate.pk:064d}", format="html",
        source_label=source_label, campaign=call.campaign, region=region_obj, state=ImportBatch.State.COMMITTED)
    resolution = resolve_authority(lead_name, region=region)
    ImportRow.objects.create(batch=batch, row_number=row_number, raw={"collectivite": lead_name},
                             resolution=resolution_as_json(resolution), status=resolution.status,
                             application=laureate)
    return laureate


@pytest.fixture
def palestinian_call(db):
    return f.call("Franco-palestinien 2025", Call.Kind.FONDS_CONJOINT, f.campaign(2025),
                  partner_country=Country.objects.get(iso2="PS"))


@pytest.fixture
def barjac(palestinian_call):
    return imported("Barjac", title="Gire en jeu", call=palestinian_call, partner="Kharas")


@pytest.fixture(autouse=True)
def _dossier_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"

