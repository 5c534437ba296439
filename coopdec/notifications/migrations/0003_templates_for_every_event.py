"""One template row per event, with the default wording, so the back office lists every event
and the ministry edits a row rather than creating one. A row the ministry already wrote is kept."""
from django.db import migrations


def seed(apps, schema_editor):
    from coopdec.notifications.events import EVENTS

    NotificationTemplate = apps.get_model("notifications", "NotificationTemplate")
    for event in EVENTS.values():
        NotificationTemplate.objects.get_or_create(event=event.code,
                                                   defaults={"subject": event.subject, "body": event.body})


def unseed(apps, schema_editor):
    """Going back removes only the rows still holding the default wording."""
    from coopdec.notifications.events import EVENTS

    NotificationTemplate = apps.get_model("notifications", "NotificationTemplate")
    for event in EVENTS.values():
        NotificationTemplate.objects.filter(event=event.code, subject=event.subject, body=event.body).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0002_message_email_attempts"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
