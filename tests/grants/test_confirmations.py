"""A payment is confirmed before it is recorded: the valid form leads to a confirmation step that
posts the same values again with `confirme=oui`; nothing is written before."""
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from coopdec.grants.models import Tranche

pytestmark = pytest.mark.django_db


def test_a_payment_is_recorded_only_once_confirmed(client, grant):
    application, _, officer = grant
    first = Tranche.objects.get(application=application, order=1)
    client.force_login(officer)
    today = timezone.localdate()
    values = {"action": "versement", "id": first.pk, f"tranche-{first.pk}-paid_on": today.isoformat(),
              f"tranche-{first.pk}-amount": "42 000"}
    response = client.post(reverse("grants:overview"), values)
    page = unescape(response.content.decode()).replace("\u00a0", " ").replace("\u202f", " ")
    assert response.status_code == 200 and "Enregistrer ce versement ?" in page
    assert f"tranche 1 (2026) de « {application.title} »" in page and "42 000 € versés" in page
    for name, value in values.items():
        assert f'name="{name}" value="{value}"' in page
    assert not Tranche.objects.get(pk=first.pk).paid
    response = client.post(reverse("grants:overview"), {**values, "confirme": "oui"})
    assert response.status_code == 302
    assert Tranche.objects.get(pk=first.pk).paid_amount == 42000
