"""The template row of the APD declaration's reminder (`apd_rappel`), with its default wording, so
the back office lists it beside the others (as 0003 did for the first events)."""
from django.db import migrations, models

CODE = "apd_rappel"


def seed(apps, schema_editor):
    from coopdec.notifications.events import EVENTS

    NotificationTemplate = apps.get_model("notifications", "NotificationTemplate")
    event = EVENTS[CODE]
    NotificationTemplate.objects.get_or_create(event=CODE, defaults={"subject": event.subject, "body": event.body})


def unseed(apps, schema_editor):
    from coopdec.notifications.events import EVENTS

    NotificationTemplate = apps.get_model("notifications", "NotificationTemplate")
    event = EVENTS[CODE]
    NotificationTemplate.objects.filter(event=CODE, subject=event.subject, body=event.body).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0004_plain_values"),
    ]

    operations = [
        migrations.AlterField(
            model_name="message",
            name="event",
            field=models.CharField(choices=[("dossier_recu", "Dossier reçu"), ("complements_demandes", "Compléments demandés"), ("complements_apportes", "Compléments apportés"), ("decision", "Décision"), ("tranche_versee", "Tranche versée"), ("rapport_attendu", "Rapport attendu"), ("rapport_en_retard", "Rapport en retard"), ("apd_rappel", "Rappel de la déclaration APD")], max_length=30, verbose_name="événement"),
        ),
        migrations.AlterField(
            model_name="notificationtemplate",
            name="event",
            field=models.CharField(choices=[("dossier_recu", "Dossier reçu"), ("complements_demandes", "Compléments demandés"), ("complements_apportes", "Compléments apportés"), ("decision", "Décision"), ("tranche_versee", "Tranche versée"), ("rapport_attendu", "Rapport attendu"), ("rapport_en_retard", "Rapport en retard"), ("apd_rappel", "Rappel de la déclaration APD")], max_length=30, unique=True, verbose_name="événement"),
        ),
        migrations.RunPython(seed, unseed),
    ]
