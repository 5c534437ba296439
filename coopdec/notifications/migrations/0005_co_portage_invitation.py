"""The invitation to co-porter a dossier (issue 15): its event among the choices, and its template
row with the default wording, as 0003 seeded every other event's."""
from django.db import migrations, models

EVENT = "co_portage_invite"


def seed(apps, schema_editor):
    from coopdec.notifications.events import EVENTS

    event = EVENTS[EVENT]
    apps.get_model("notifications", "NotificationTemplate").objects.get_or_create(
        event=EVENT, defaults={"subject": event.subject, "body": event.body})


def unseed(apps, schema_editor):
    apps.get_model("notifications", "NotificationTemplate").objects.filter(event=EVENT).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0004_plain_values'),
    ]

    operations = [
        migrations.AlterField(
            model_name='message',
            name='event',
            field=models.CharField(choices=[('dossier_recu', 'Dossier reçu'), ('complements_demandes', 'Compléments demandés'), ('complements_apportes', 'Compléments apportés'), ('decision', 'Décision'), ('tranche_versee', 'Tranche versée'), ('rapport_attendu', 'Rapport attendu'), ('rapport_en_retard', 'Rapport en retard'), ('co_portage_invite', 'Invitation à co-porter un dossier')], max_length=30, verbose_name='événement'),
        ),
        migrations.AlterField(
            model_name='notificationtemplate',
            name='event',
            field=models.CharField(choices=[('dossier_recu', 'Dossier reçu'), ('complements_demandes', 'Compléments demandés'), ('complements_apportes', 'Compléments apportés'), ('decision', 'Décision'), ('tranche_versee', 'Tranche versée'), ('rapport_attendu', 'Rapport attendu'), ('rapport_en_retard', 'Rapport en retard'), ('co_portage_invite', 'Invitation à co-porter un dossier')], max_length=30, unique=True, verbose_name='événement'),
        ),
        migrations.RunPython(seed, unseed),
    ]
