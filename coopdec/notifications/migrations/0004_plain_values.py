"""Templates now see plain values only (the ladder: the messenger renders what an event carries,
never a record). A template row still holding the former default wording takes the new one; a
row the ministry wrote keeps its words, with the one name that changed rewritten
(`decision.get_outcome_display` → `decision.outcome`). Any other name it used that no event
carries any more is printed empty, as before, and refused the next time the row is saved."""
from django.db import migrations

OLD_DECISION_BODY = (
    "Bonjour,\n\nLe comité de sélection a rendu sa décision sur le dossier « {{ application.title }} » "
    "(n° {{ application.pk }}) : {{ decision.get_outcome_display }}."
    "{% if decision.amount %}\n\nSubvention accordée : {{ decision.amount|euros }}.{% endif %}"
    "{% if decision.reason and not decision.amount %}\n\nMotif : {{ decision.reason }}{% endif %}"
    "\n\nLa lettre de décision est jointe à ce message ; elle reste disponible dans votre espace : "
    "{{ letter_url }}\n"
    "\n— CoopDec, ministère de l'Europe et des Affaires étrangères\n"
)


def reword(apps, schema_editor):
    from coopdec.notifications.events import DECISION, EVENTS

    NotificationTemplate = apps.get_model("notifications", "NotificationTemplate")
    for row in NotificationTemplate.objects.all():
        if row.event == DECISION and row.body == OLD_DECISION_BODY:
            row.body = EVENTS[DECISION].body
        row.subject = row.subject.replace("decision.get_outcome_display", "decision.outcome")
        row.body = row.body.replace("decision.get_outcome_display", "decision.outcome")
        row.save(update_fields=["subject", "body"])


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0003_templates_for_every_event"),
    ]

    operations = [migrations.RunPython(reword, migrations.RunPython.noop)]
