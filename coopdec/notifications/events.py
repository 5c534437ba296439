"""Every event CoopDec tells someone about, with its default French wording, the variables its
template receives and what is attached to its e-mail.

The ministry edits the subject and body of each in the back office (`NotificationTemplate`, one
row per event, seeded from these defaults by migration 0003). Templates are Django templates
rendered without HTML escaping (they are plain text); `|euros` writes an amount the French way.
Every event receives `application` and `dossier_url`; `VARIABLES` lists what each one receives
besides, and is what the back office shows and what a saved template is checked against.
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Event:
    code: str
    label: str
    subject: str
    body: str
    variables: dict = field(default_factory=dict)  # name → what it is, in French
    attachments: tuple[str, ...] = ()  # codes of `attachments.ATTACHMENTS`, drawn by the e-mail task


DOSSIER_RECU = "dossier_recu"
COMPLEMENTS_DEMANDES = "complements_demandes"
COMPLEMENTS_APPORTES = "complements_apportes"
DECISION = "decision"
TRANCHE_VERSEE = "tranche_versee"
RAPPORT_ATTENDU = "rapport_attendu"
RAPPORT_EN_RETARD = "rapport_en_retard"

# Attachment codes (see attachments.py).
ACKNOWLEDGEMENT_PDF = "accuse_reception"
DECISION_LETTER_PDF = "lettre_de_decision"

COMMON_VARIABLES = {
    "application": "le dossier : application.title (intitulé), application.pk (numéro), application.lead_name "
                   "(collectivité cheffe de file), application.call.name (appel), application.call.campaign.year "
                   "(campagne)",
    "dossier_url": "l'adresse du dossier dans l'espace CoopDec du destinataire",
}
TRANSITION = ("le changement d'état : transition.at (date et heure), transition.by (auteur), "
              "transition.reason (message)")
SIGNATURE = "\n— CoopDec, ministère de l'Europe et des Affaires étrangères\n"

EVENTS = {
    event.code: event
    for event in (
        Event(
            DOSSIER_RECU, "Dossier reçu", "Dossier reçu : {{ application.title }}",
            "Bonjour,\n\nLe dossier « {{ application.title }} » de {{ application.lead_name }} a été déposé le "
            "{{ transition.at|datetime_fr:True }} (heure de Paris) pour l'appel « {{ application.call.name }} » "
            "(campagne {{ application.call.campaign.year }}).\n\nSon numéro est le {{ application.pk }}. "
            "L'accusé de réception est joint à ce message.\n\nVotre dossier : {{ dossier_url }}\n" + SIGNATURE,
            {"transition": TRANSITION + " — le dépôt"}, attachments=(ACKNOWLEDGEMENT_PDF,),
        ),
        Event(
            COMPLEMENTS_DEMANDES, "Compléments demandés", "Compléments demandés : {{ application.title }}",
            "Bonjour,\n\nLe ministère demande des compléments sur le dossier « {{ application.title }} » "
            "(n° {{ application.pk }}) de {{ application.lead_name }} :\n\n{{ message }}\n\nVous pouvez modifier "
            "le dossier dans votre espace CoopDec, puis répondre à la demande : {{ dossier_url }}\n" + SIGNATURE,
            {"message": "le message du ministère (ce qu'il demande)", "transition": TRANSITION},
        ),
        Event(
            COMPLEMENTS_APPORTES, "Compléments apportés", "Compléments apportés : {{ application.title }}",
            "Bonjour,\n\n{{ application.lead_name }} a répondu le {{ transition.at|datetime_fr }} à votre "
            "demande de compléments sur le dossier « {{ application.title }} » (n° {{ application.pk }})."
            "{% if message %}\n\nSon message :\n\n{{ message }}{% endif %}\n\n"
            "Le dossier : {{ dossier_url }}\n" + SIGNATURE,
            {"message": "la réponse du demandeur (peut être vide)", "transition": TRANSITION},
        ),
        Event(
            DECISION, "Décision", "Décision sur le dossier : {{ application.title }}",
            "Bonjour,\n\nLe comité de sélection a rendu sa décision sur le dossier « {{ application.title }} » "
            "(n° {{ application.pk }}) : {{ decision.get_outcome_display }}."
            "{% if decision.amount %}\n\nSubvention accordée : {{ decision.amount|euros }}.{% endif %}"
            "{% if decision.reason and not decision.amount %}\n\nMotif : {{ decision.reason }}{% endif %}"
            "\n\nLa lettre de décision est jointe à ce message ; elle reste disponible dans votre espace : "
            "{{ letter_url }}\n" + SIGNATURE,
            {"decision": "la décision : decision.get_outcome_display (retenu, non retenu, classé sans suite), "
                         "decision.amount (subvention accordée, vide sinon), decision.reason (motif), "
                         "decision.session.held_on (date du comité)",
             "letter_url": "l'adresse de la lettre de décision (PDF)"},
            attachments=(DECISION_LETTER_PDF,),
        ),
        Event(
            TRANCHE_VERSEE, "Tranche versée", "Versement : {{ application.title }}",
            "Bonjour,\n\nLe versement de la tranche {{ tranche }} de la subvention du dossier "
            "« {{ application.title }} » (n° {{ application.pk }}) a été enregistré le "
            "{{ paid_on|date_fr }} : {{ amount|euros }}.\n\nVotre dossier : {{ dossier_url }}\n" + SIGNATURE,
            {"tranche": "le numéro de la tranche (1, 2, …)", "amount": "le montant versé",
             "paid_on": "la date du versement"},
        ),
        Event(
            RAPPORT_ATTENDU, "Rapport attendu", "Rapport attendu : {{ application.title }}",
            "Bonjour,\n\nLe {{ report_label }} du dossier « {{ application.title }} » (n° {{ application.pk }}) "
            "est attendu pour le {{ due_on|date_fr }}. Vous pouvez le déposer dans votre espace : "
            "{{ dossier_url }}\n" + SIGNATURE,
            {"report_label": "le rapport, en toutes lettres (« rapport intermédiaire 2026 », « rapport final »)",
             "due_on": "la date limite du rapport"},
        ),
        Event(
            RAPPORT_EN_RETARD, "Rapport en retard", "Rapport en retard : {{ application.title }}",
            "Bonjour,\n\nLe {{ report_label }} du dossier « {{ application.title }} » (n° {{ application.pk }}) "
            "était attendu pour le {{ due_on|date_fr }} et n'a pas été déposé. Les versements suivants "
            "en dépendent : {{ dossier_url }}\n" + SIGNATURE,
            {"report_label": "le rapport, en toutes lettres (« rapport intermédiaire 2026 », « rapport final »)",
             "due_on": "la date limite dépassée"},
        ),
    )
}
CHOICES = [(event.code, event.label) for event in EVENTS.values()]


def variables(code: str) -> dict:
    """Every variable the template of event `code` receives, with what it is."""
    return {**COMMON_VARIABLES, **EVENTS[code].variables}
