"""Every event CoopDec tells someone about, with its default French template.

The ministry edits the subject and body of each in the back office (`NotificationTemplate`);
these defaults serve until it does. Templates are Django templates over the context the caller
gives (`application` always).
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    code: str
    label: str
    subject: str
    body: str


DOSSIER_RECU = "dossier_recu"
COMPLEMENTS_DEMANDES = "complements_demandes"
COMPLEMENTS_APPORTES = "complements_apportes"
DECISION = "decision"
TRANCHE_VERSEE = "tranche_versee"
RAPPORT_ATTENDU = "rapport_attendu"
RAPPORT_EN_RETARD = "rapport_en_retard"

EVENTS = {
    event.code: event
    for event in (
        Event(DOSSIER_RECU, "Dossier reçu", "Dossier reçu : {{ application.title }}",
              "Bonjour,\n\nLe dossier « {{ application.title }} » a bien été déposé sur CoopDec "
              "pour l'appel « {{ application.call.name }} ».\n"),
        Event(COMPLEMENTS_DEMANDES, "Compléments demandés", "Compléments demandés : {{ application.title }}",
              "Bonjour,\n\nLe ministère demande des compléments sur le dossier « {{ application.title }} » :\n\n"
              "{{ message }}\n"),
        Event(COMPLEMENTS_APPORTES, "Compléments apportés", "Compléments apportés : {{ application.title }}",
              "Bonjour,\n\nLe dossier « {{ application.title }} » a été complété et redéposé.\n"),
        Event(DECISION, "Décision", "Décision sur le dossier : {{ application.title }}",
              "Bonjour,\n\nLe comité a rendu sa décision sur le dossier « {{ application.title }} » : "
              "{{ decision.get_outcome_display }}.\n"),
        Event(TRANCHE_VERSEE, "Tranche versée", "Versement : {{ application.title }}",
              "Bonjour,\n\nUn versement a été enregistré pour le dossier « {{ application.title }} ».\n"),
        Event(RAPPORT_ATTENDU, "Rapport attendu", "Rapport attendu : {{ application.title }}",
              "Bonjour,\n\nUn rapport est attendu pour le dossier « {{ application.title }} ».\n"),
        Event(RAPPORT_EN_RETARD, "Rapport en retard", "Rapport en retard : {{ application.title }}",
              "Bonjour,\n\nUn rapport du dossier « {{ application.title }} » est en retard.\n"),
    )
}
CHOICES = [(event.code, event.label) for event in EVENTS.values()]
