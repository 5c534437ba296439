"""Every event CoopDec tells someone about: its default French wording, the values its template
receives (each a dotted name with what it is) and what is attached to its e-mail.

The messenger renders plain values only: strings, numbers, amounts, dates and dictionaries or
lists of them, built by the app that sends the event (`applications.messages`, `grants.services`,
`instruction.messages`). It imports no domain model, and a template can name nothing but the
values its event declares here: `wording.template_check` refuses any other name when a template
is saved, and `services.notify` refuses a value that is not plain.

The ministry edits the subject and body of each in the back office (`NotificationTemplate`, one
row per event, seeded from these defaults by migration 0003, reworded by 0004). Templates are
Django templates rendered without HTML escaping (plain text), with `{% load french %}`'s filters
built in (`|euros`, `|date_fr`, `|datetime_fr`).
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Event:
    code: str
    label: str
    subject: str
    body: str
    values: dict = field(default_factory=dict)  # dotted name → what it is, in French
    attachments: tuple[str, ...] = ()  # codes drawn by the e-mail task (`attachments.register`)
    about_dossier: bool = True  # receives the dossier's values (COMMON_VALUES)


DOSSIER_RECU = "dossier_recu"
COMPLEMENTS_DEMANDES = "complements_demandes"
COMPLEMENTS_APPORTES = "complements_apportes"
DECISION = "decision"
TRANCHE_VERSEE = "tranche_versee"
RAPPORT_ATTENDU = "rapport_attendu"
RAPPORT_EN_RETARD = "rapport_en_retard"
AVIS_DEMANDE = "avis_demande"
AVIS_RENDU = "avis_rendu"
AVIS_EN_RETARD = "avis_en_retard"
CO_PORTAGE_INVITE = "co_portage_invite"
PARTENARIAT_MESSAGE = "partenariat_message"
PARTENARIAT_ECHEANCE = "partenariat_echeance"
APD_RAPPEL = "apd_rappel"

# Attachment codes (see attachments.py).
ACKNOWLEDGEMENT_PDF = "accuse_reception"
DECISION_LETTER_PDF = "lettre_de_decision"

# What every event about a dossier receives (`applications.messages.dossier_values`).
COMMON_VALUES = {
    "application.pk": "le numéro du dossier",
    "application.title": "l'intitulé du dossier",
    "application.lead_name": "la collectivité cheffe de file",
    "application.call.name": "l'appel à projets",
    "application.call.campaign.year": "l'année de la campagne",
    "dossier_url": "l'adresse du dossier dans l'espace CoopDec du destinataire",
}
TRANSITION = {
    "transition.at": "la date et l'heure du changement d'état",
    "transition.by": "son auteur (nom, ou adresse électronique)",
    "transition.reason": "le message qui l'accompagne (peut être vide)",
}
OPINION_REQUEST = {
    "issuer": "l'ambassade ou la préfecture invitée (« l'ambassade de France (Sénégal) »)",
    "due_on": "la date à laquelle l'avis est attendu",
}
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
            TRANSITION, attachments=(ACKNOWLEDGEMENT_PDF,),
        ),
        Event(
            COMPLEMENTS_DEMANDES, "Compléments demandés", "Compléments demandés : {{ application.title }}",
            "Bonjour,\n\nLe ministère demande des compléments sur le dossier « {{ application.title }} » "
            "(n° {{ application.pk }}) de {{ application.lead_name }} :\n\n{{ message }}\n\nVous pouvez modifier "
            "le dossier dans votre espace CoopDec, puis répondre à la demande : {{ dossier_url }}\n" + SIGNATURE,
            {"message": "le message du ministère (ce qu'il demande)", **TRANSITION},
        ),
        Event(
            COMPLEMENTS_APPORTES, "Compléments apportés", "Compléments apportés : {{ application.title }}",
            "Bonjour,\n\n{{ application.lead_name }} a répondu le {{ transition.at|datetime_fr }} à votre "
            "demande de compléments sur le dossier « {{ application.title }} » (n° {{ application.pk }})."
            "{% if message %}\n\nSon message :\n\n{{ message }}{% endif %}\n\n"
            "Le dossier : {{ dossier_url }}\n" + SIGNATURE,
            {"message": "la réponse du demandeur (peut être vide)", **TRANSITION},
        ),
        Event(
            DECISION, "Décision", "Décision sur le dossier : {{ application.title }}",
            "Bonjour,\n\nLe comité de sélection a rendu sa décision sur le dossier « {{ application.title }} » "
            "(n° {{ application.pk }}) : {{ decision.outcome }}."
            "{% if decision.amount %}\n\nSubvention accordée : {{ decision.amount|euros }}.{% endif %}"
            "{% if decision.reason %}\n\nMotif : {{ decision.reason }}{% endif %}"
            "\n\nLa lettre de décision est jointe à ce message ; elle reste disponible dans votre espace : "
            "{{ letter_url }}\n" + SIGNATURE,
            {"decision.outcome": "la décision (« retenu », « non retenu », « classé sans suite »)",
             "decision.amount": "la subvention accordée (vide sinon)",
             "decision.reason": "le motif écrit par le comité (peut être vide)",
             "decision.session.held_on": "la date de la séance du comité",
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
        Event(
            AVIS_DEMANDE, "Avis demandé", "Avis demandé : {{ application.title }}",
            "Bonjour,\n\nLe ministère demande l'avis de {{ issuer }} sur le dossier « {{ application.title }} » "
            "(n° {{ application.pk }}) de {{ application.lead_name }}, déposé pour l'appel "
            "« {{ application.call.name }} » (campagne {{ application.call.campaign.year }}).\n\n"
            "L'avis est attendu pour le {{ due_on|date_fr }} : favorable, réservé ou défavorable, avec vos "
            "observations. Le dossier et le formulaire de réponse : {{ dossier_url }}\n" + SIGNATURE,
            OPINION_REQUEST,
        ),
        Event(
            AVIS_RENDU, "Avis rendu", "Avis rendu : {{ application.title }}",
            "Bonjour,\n\n{{ issuer|capfirst }} a rendu son avis sur le dossier « {{ application.title }} » "
            "(n° {{ application.pk }}) : {{ opinion.recommendation }}."
            "{% if opinion.text %}\n\nSes observations :\n\n{{ opinion.text }}{% endif %}\n\n"
            "Le dossier : {{ dossier_url }}\n" + SIGNATURE,
            {**OPINION_REQUEST,
             "opinion.recommendation": "l'avis (« favorable », « réservé », « défavorable »)",
             "opinion.text": "les observations qui l'accompagnent (peuvent être vides)"},
        ),
        Event(
            AVIS_EN_RETARD, "Avis en retard", "Avis en retard : {{ application.title }}",
            "Bonjour,\n\nL'avis de {{ issuer }} sur le dossier « {{ application.title }} » "
            "(n° {{ application.pk }}) de {{ application.lead_name }} était attendu pour le {{ due_on|date_fr }} "
            "et n'a pas encore été rendu. Le comité de sélection le lira s'il est rendu avant sa séance : "
            "{{ dossier_url }}\n" + SIGNATURE,
            OPINION_REQUEST,
        ),
        Event(
            CO_PORTAGE_INVITE, "Invitation à co-porter un dossier",
            "Invitation à co-porter : {{ application.title }}",
            "Bonjour,\n\n{{ application.lead_name }} nomme {{ co_applicant.name }} collectivité co-porteuse "
            "de son dossier « {{ application.title }} » (n° {{ application.pk }}) pour l'appel "
            "« {{ application.call.name }} » (campagne {{ application.call.campaign.year }}).\n\n"
            "Vous êtes membre de {{ co_applicant.name }} dans CoopDec : confirmez ou déclinez cette invitation "
            "dans votre espace. Tant qu'un membre ne l'a pas confirmée, {{ co_applicant.name }} n'est "
            "présentée comme co-porteuse nulle part en public.\n\nVotre espace : {{ space_url }}\n" + SIGNATURE,
            {"co_applicant.name": "la collectivité invitée à co-porter le dossier",
             "space_url": "l'adresse de l'espace CoopDec du destinataire, où il répond à l'invitation"},
        ),
        # The partnership exchange (coopdec.exchange): no address of either side, ever; the reply
        # goes through CoopDec too.
        Event(
            PARTENARIAT_MESSAGE, "Message de la bourse des partenariats",
            "Bourse des partenariats : message de {{ sender.name }}",
            "Bonjour,\n\n{{ sender.name }} vous écrit au sujet de l'annonce « {{ listing.title }} » de la "
            "bourse des partenariats :\n\n{{ message }}\n\nPour répondre, passez par CoopDec (votre "
            "adresse électronique n'est pas communiquée) : {{ reply_url }}\n\nL'annonce : {{ listing.url }}\n"
            + SIGNATURE,
            {"sender.name": "qui écrit : une collectivité, une ambassade ou un réseau (jamais une adresse)",
             "listing.title": "l'intitulé de l'annonce", "listing.url": "l'adresse publique de l'annonce",
             "message": "le texte du message", "reply_url": "l'adresse où répondre dans CoopDec"},
            about_dossier=False,
        ),
        Event(
            PARTENARIAT_ECHEANCE, "Annonce bientôt expirée", "Votre annonce expire le {{ listing.expires_on|date_fr }}",
            "Bonjour,\n\nL'annonce « {{ listing.title }} » de {{ listing.author }} sur la bourse des "
            "partenariats expire le {{ listing.expires_on|date_fr }} : elle ne sera plus affichée ensuite. "
            "Pour la garder six mois de plus, renouvelez-la : {{ renew_url }}\n" + SIGNATURE,
            {"listing.title": "l'intitulé de l'annonce", "listing.author": "la collectivité qui publie",
             "listing.expires_on": "la date d'expiration", "renew_url": "l'adresse où la renouveler"},
            about_dossier=False,
        ),
        Event(
            APD_RAPPEL, "Rappel de la déclaration APD",
            "Déclaration d'APD {{ apd.year }} : clôture le {{ apd.closes_on|date_fr }}",
            "Bonjour,\n\nLa déclaration de l'aide publique au développement (APD) de {{ apd.authority }} pour "
            "ses dépenses de {{ apd.year }} n'est pas déposée dans CoopDec. Elle se fait jusqu'au "
            "{{ apd.closes_on|date_fr }} inclus (heure de Paris), dans votre espace : {{ apd.url }}"
            "{% if apd.draft %}\n\nUn brouillon est commencé : seule une déclaration déposée compte.{% endif %}"
            "\n\nCette déclaration est obligatoire (article L1115-6 du code général des collectivités "
            "territoriales) et les appels à projets du ministère la demandent.\n" + SIGNATURE,
            {"apd.year": "l'année des dépenses déclarées", "apd.authority": "la collectivité",
             "apd.closes_on": "le dernier jour de la déclaration (heure de Paris)",
             "apd.days": "le nombre de jours avant la clôture de ce rappel",
             "apd.draft": "vrai si un brouillon est commencé et non déposé",
             "apd.url": "l'adresse de la déclaration dans l'espace CoopDec"},
            about_dossier=False,
        ),
    )
}
CHOICES = [(event.code, event.label) for event in EVENTS.values()]


def variables(code: str) -> dict:
    """Every value the template of event `code` may name (dotted), with what it is."""
    event = EVENTS[code]
    return {**(COMMON_VALUES if event.about_dossier else {}), **event.values}
