"""IATI 2.03 activity file of the laureates: one `iati-activity` per laureate, streamed.

The element order is the schema's (`standards/iati-2.03/iati-activities-schema.xsd`, against
which the tests validate the output). Codes come from the IATI 2.03 codelists: OrganisationRole
(1 funding, 2 accountable, 4 implementing), OrganisationType (10 government, 11 local
government), ActivityStatus, ActivityDateType (1 planned start, 3 planned end), PolicyMarker
(vocabulary 1 OECD DAC, code 1 gender equality, significance 0–2), FinanceType (110 standard
grant), BudgetType 1 original / BudgetStatus 2 committed, TransactionType (2 outgoing commitment,
3 disbursement).
Nothing is invented: a budget or a commitment is written only when its amount and dates are known;
a date only when the dossier gives it, and since the IATI validator requires a start date per
activity (rule 6.11.1), a laureate whose start is not known is not an activity of the file (the
/donnees/ page counts them). Several countries get equal shares (IATI requires shares summing to
100 then, and nobody knows how a project spends between them); a single one gets 100 % only when
the project names every partner's country. The sector is the call's DAC purpose code (`sectors.py`,
from `data/reference/dac-sectors.csv`). Budgets follow a committee laureate's grant schedule
(`grants.Tranche`), a budget a year, the years ahead included; each tranche paid is a disbursement.
`quality.py` checks the IATI validator's offline rules on the files.
`FIELDS` describes every element and attribute written, for the data dictionary.

Activities are built as `Node`s and written as ElementTree writes them (the same text), without its
generic machinery: a file of every laureate (55,000 activities, 1.8 million elements) is written
two to three times faster (bench/COLD.md).
"""
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext_lazy as _

from coopdec.writers.text import printable

from . import identifiers
from .fields import Field
from .sectors import call_sector
from .records import OpenRecord

VERSION = "2.03"
XML_LANG = "xml:lang"  # the prefix XML reserves: never declared
LANGUAGE = "fr"
CURRENCY = "EUR"

FUNDING, ACCOUNTABLE, IMPLEMENTING = "1", "2", "4"
GOVERNMENT, LOCAL_GOVERNMENT = "10", "11"
PIPELINE, IMPLEMENTATION, FINALISATION = "1", "2", "3"
PLANNED_START, PLANNED_END = "1", "3"
DAC_PURPOSE_CODES = "1"
STANDARD_GRANT = "110"
COMMITMENT, DISBURSEMENT = "2", "3"
ORIGINAL, COMMITTED = "1", "2"


def activity_status(*, starts_on: date | None, ends_on: date | None, today: date) -> str:
    """1 before a known start, 3 after a known end (the accounts may still be open), else 2."""
    if starts_on and starts_on > today:
        return PIPELINE
    if ends_on and ends_on < today:
        return FINALISATION
    return IMPLEMENTATION


def shares(count: int) -> list[Decimal]:
    """Equal percentages summing to 100 (IATI asks for percentages when several countries)."""
    if not count:
        return []
    each = (Decimal(100) / count).quantize(Decimal("0.01"))
    if each == each.to_integral_value():
        each = each.quantize(Decimal(1))
    return [each] * (count - 1) + [Decimal(100) - each * (count - 1)]


def within_a_year(start: date, end: date) -> bool:
    """IATI budget periods last a year at most."""
    try:
        year_later = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        year_later = start.replace(year=start.year + 1, day=28)
    return start <= end < year_later


def iati_xml(records: Iterable[OpenRecord], *, generated_at: datetime) -> Iterator[str]:
    today = generated_at.date()
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (f'<iati-activities version="{VERSION}" '
           f'generated-datetime="{generated_at.isoformat(timespec="seconds")}">\n')
    for record in records:
        yield activity(record, today=today).xml() + "\n"
    yield "</iati-activities>\n"


class Node:
    """An XML element: its tag, attributes (in order), text and children. `xml()` is its text as
    ElementTree's `tostring(…, encoding="unicode")` writes it: the same escapes, « <tag /> » when
    empty. Tags and attribute names are this module's constants, never input."""

    __slots__ = ("tag", "attributes", "text", "children")

    def __init__(self, tag: str, attributes: dict[str, str], text: str | None = None):
        self.tag, self.attributes, self.text, self.children = tag, attributes, text, []

    def xml(self) -> str:
        parts: list[str] = []
        self._write(parts.append)
        return "".join(parts)

    def _write(self, out) -> None:
        out("<" + self.tag)
        for name, value in self.attributes.items():
            out(f' {name}="{escape(value, _ATTRIBUTE_ENTITIES)}"')
        if not self.text and not self.children:
            out(" />")
            return
        out(">")
        if self.text:
            out(escape(self.text))
        for child in self.children:
            child._write(out)
        out(f"</{self.tag}>")


# ElementTree's escapes of an attribute's value beyond the text's (&, <, >).
_ATTRIBUTE_ENTITIES = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}


def root(tag: str, attributes: dict[str, str]) -> Node:
    """A root element, its attributes made printable as `_sub`'s are."""
    return Node(tag, {name: printable(value) for name, value in attributes.items()})


def activity(record: OpenRecord, *, today: date) -> Node:
    row = record.row
    element = root("iati-activity", {
        "last-updated-datetime": record.updated_at.isoformat(timespec="seconds"),
        XML_LANG: LANGUAGE, "default-currency": CURRENCY, "hierarchy": "1",
    })
    _sub(element, "iati-identifier", text=identifiers.iati_identifier(record.key))
    _organisation(element, "reporting-org", ref=identifiers.MINISTRY_REF, type=GOVERNMENT,
                  name=identifiers.MINISTRY_NAME)
    _narrative(_sub(element, "title"), row.title)
    _narrative(_sub(element, "description", type="1"), record.description)
    _organisation(element, "participating-org", role=FUNDING, ref=identifiers.MINISTRY_REF,
                  type=GOVERNMENT, name=identifiers.MINISTRY_NAME)
    for role in (ACCOUNTABLE, IMPLEMENTING):
        _organisation(element, "participating-org", role=role, ref=record.lead_identifier,
                      type=LOCAL_GOVERNMENT, name=row.lead_name)
    for partner in row.partners:
        _organisation(element, "participating-org", role=IMPLEMENTING, type=LOCAL_GOVERNMENT,
                      name=partner.name)
    _sub(element, "activity-status", code=activity_status(
        starts_on=record.starts_on, ends_on=record.ends_on, today=today))
    _dates(element, record)
    _countries(element, record)
    sector = call_sector(call_kind=row.call_kind, call_name=row.call_name)
    _narrative(_sub(element, "sector", vocabulary=DAC_PURPOSE_CODES, code=sector.code), sector.name_fr)
    if record.gender_marker is not None:
        _sub(element, "policy-marker", vocabulary="1", code="1", significance=str(record.gender_marker))
    _sub(element, "default-finance-type", code=STANDARD_GRANT)
    if record.granted_amount is not None:
        _money(element, record)
    return element


def _dates(element, record):
    """The planned start and end that the dossier gives, and no other."""
    for kind, known in ((PLANNED_START, record.starts_on), (PLANNED_END, record.ends_on)):
        if known:
            _sub(element, "activity-date", type=kind, **{"iso-date": known.isoformat()})


def _countries(element, record):
    """The countries of the partners (else the joint fund's). Several: equal shares, for IATI requires
    shares summing to 100 and nobody knows how a project spends between them. One: 100 % when the
    project names every partner's country, else no share (a partner's country may be missing)."""
    countries = record.countries
    if len(countries) > 1 or record.every_country_named:
        for country, share in zip(countries, shares(len(countries)), strict=True):
            _sub(element, "recipient-country", code=country.iso2, percentage=str(share))
    else:
        for country in countries:
            _sub(element, "recipient-country", code=country.iso2)


def _money(element, record):
    """The budgets (one a budget year of the grant's schedule; without a schedule, one when the
    project lasts a year at most), the ministry's commitment at the decision and a disbursement
    for each tranche paid."""
    if record.yearly_grant:
        _yearly_budgets(element, record)
    elif record.starts_on and record.ends_on and within_a_year(record.starts_on, record.ends_on):
        _budget(element, record.starts_on, record.ends_on, record.granted_amount)
    if record.award_date:
        _transaction(element, record, kind=COMMITMENT, on=record.award_date, amount=record.granted_amount)
    for tranche in record.disbursements:
        _transaction(element, record, kind=DISBURSEMENT, on=tranche.paid_on, amount=tranche.paid_amount)


def budget_period(year: int, *, starts_on: date | None, ends_on: date | None) -> tuple[date, date]:
    """A budget year's period: the calendar year, within the project's known dates where they fall
    in it (a year of the schedule outside the project's dates keeps the whole calendar year)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    if starts_on and start <= starts_on <= end:
        start = starts_on
    if ends_on and start <= ends_on <= end:
        end = ends_on
    return start, end


def _yearly_budgets(element, record):
    """One budget a year of the grant's schedule (its tranches of that year added up), the years
    ahead included: what the ministry has committed to pay each year."""
    for year, amount in record.yearly_grant:
        start, end = budget_period(year, starts_on=record.starts_on, ends_on=record.ends_on)
        _budget(element, start, end, amount)


def _budget(element, start, end, amount):
    budget = _sub(element, "budget", type=ORIGINAL, status=COMMITTED)
    _sub(budget, "period-start", **{"iso-date": start.isoformat()})
    _sub(budget, "period-end", **{"iso-date": end.isoformat()})
    _sub(budget, "value", text=_amount(amount), currency=CURRENCY, **{"value-date": start.isoformat()})


def _transaction(element, record, *, kind, on, amount):
    day = on.isoformat()
    transaction = _sub(element, "transaction")
    _sub(transaction, "transaction-type", code=kind)
    _sub(transaction, "transaction-date", **{"iso-date": day})
    _sub(transaction, "value", text=_amount(amount), currency=CURRENCY, **{"value-date": day})
    _organisation(transaction, "provider-org", ref=identifiers.MINISTRY_REF, type=GOVERNMENT,
                  name=identifiers.MINISTRY_NAME)
    _organisation(transaction, "receiver-org", ref=record.lead_identifier, type=LOCAL_GOVERNMENT,
                  name=record.row.lead_name)


def _amount(amount: Decimal) -> str:
    return str(amount.quantize(Decimal("0.01")))


def _organisation(parent, tag, *, name, ref="", **attributes):
    organisation = _sub(parent, tag, **({"ref": ref} if ref else {}), **attributes)
    _narrative(organisation, name)


def _narrative(parent, text):
    _sub(parent, "narrative", text=text, **{XML_LANG: LANGUAGE})


def _sub(parent, tag, *, text=None, **attributes):
    """An element whose text and attributes hold no control character: XML 1.0 forbids them, and a
    title typed with one would make the whole file unreadable."""
    child = root(tag, attributes)
    child.text = None if text is None else printable(text)
    parent.children.append(child)
    return child


_LEAD_REF = _(
    "FR-RCS- suivi du SIREN de la collectivité. Pourquoi FR-RCS : une commune, un EPCI, un département ou "
    "une région n'est pas immatriculé au registre du commerce et des sociétés, mais tous ont un SIREN au "
    "répertoire SIRENE de l'Insee. Le registre org-id.guide, dont l'IATI tire les préfixes admis, n'a pas de "
    "liste FR-SIRENE : sa liste FR-INSEE, qui décrivait SIRENE, est dépréciée au profit de FR-RCS, dont les "
    "identifiants sont les numéros SIREN et qui renvoie au répertoire SIRENE pour les trouver, y compris "
    "ceux des unités absentes du registre du commerce (fiche lists/fr/fr-rcs.json du dépôt org-id/register). "
    "FR-RCS est donc la seule liste en vigueur dont l'identifiant est le SIREN ; FR-COA (plan comptable de "
    "l'État) ne couvre que les administrations de l'État, XR-NUTS désigne les régions par leur code NUTS, "
    "que CoopDec ne tient pas. Sans SIREN dans la géographie officielle chargée (régions, départements) ou "
    "tant que la collectivité reste à confirmer : pas d'identifiant, l'organisation n'est désignée que par "
    "son nom")

FIELDS = (
    Field("iati-activities/@version", _("texte"), _("Version de la norme IATI"), VERSION, _("fixe")),
    Field("iati-activities/@generated-datetime", _("date et heure ISO 8601"),
          _("Moment où le fichier a été produit"), "2025-10-01T09:30:00+02:00", _("calculé")),
    Field("iati-activity", _("élément"), _("Un projet lauréat"), "", _("un par lauréat")),
    Field("iati-activity/@last-updated-datetime", _("date et heure ISO 8601"),
          _("Dernière modification du dossier"), "2025-09-08T10:00:00+02:00", _("dossier")),
    Field("iati-activity/@xml:lang", _("code ISO 639-1"), _("Langue des textes"), LANGUAGE, _("fixe")),
    Field("iati-activity/@default-currency", _("code ISO 4217"), _("Monnaie des montants"), CURRENCY,
          _("fixe")),
    Field("iati-activity/@hierarchy", _("entier"), _("Niveau de l'activité (1 : projet)"), "1", _("fixe")),
    Field("iati-activity/iati-identifier", _("texte"),
          _("Identifiant IATI du projet : FR-6-coopdec- suivi de la clé stable du projet (année de la "
            "campagne et empreinte de l'appel, du nom publié de la collectivité et de l'intitulé)"),
          "FR-6-coopdec-2025-3f9a1c0b2d4e", _("calculé")),
    Field("iati-activity/reporting-org/@ref", _("identifiant d'organisation"),
          _("Organisation qui publie : le ministère"), identifiers.MINISTRY_REF,
          _("liste OrganisationIdentifier de l'IATI")),
    Field("iati-activity/reporting-org/@type", _("code OrganisationType"), _("10 : administration centrale"),
          GOVERNMENT, _("fixe")),
    Field("iati-activity/reporting-org/narrative", _("texte"), _("Nom du ministère"),
          identifiers.MINISTRY_NAME, _("fixe")),
    Field("iati-activity/title/narrative", _("texte"), _("Intitulé du projet"),
          "Eau potable et assainissement à Huye", _("liste publiée ou dossier")),
    Field("iati-activity/description/@type", _("code DescriptionType"), _("1 : description générale"), "1",
          _("fixe")),
    Field("iati-activity/description/narrative", _("texte"),
          _("Résumé du dossier ; à défaut (liste publiée sans résumé), une phrase composée de la "
            "collectivité, de ses partenaires et de l'appel"),
          "Projet de coopération décentralisée de Castres (Tarn, 81) avec District de Huye (Rwanda)…",
          _("dossier, ou calculé")),
    Field("iati-activity/participating-org/@role", _("code OrganisationRole"),
          _("1 : financeur (le ministère) ; 2 : responsable (la collectivité française cheffe de file) ; "
            "4 : opérateur (la collectivité française et chacune de ses partenaires étrangères)"),
          ACCOUNTABLE, _("calculé")),
    Field("iati-activity/participating-org/@ref", _("identifiant d'organisation"),
          _("FR-6 pour le ministère ; pour la collectivité française, ") + _LEAD_REF,
          "FR-RCS-218100659", _("référentiel officiel (SIREN)")),
    Field("iati-activity/participating-org/@type", _("code OrganisationType"),
          _("10 : administration centrale (le ministère) ; 11 : collectivité territoriale"),
          LOCAL_GOVERNMENT, _("calculé")),
    Field("iati-activity/participating-org/narrative", _("texte"),
          _("Nom officiel de l'organisation ; nom publié tant que la collectivité est à confirmer ; "
            "nom de la collectivité étrangère"),
          "Castres", _("référentiel officiel, liste publiée")),
    Field("iati-activity/activity-status/@code", _("code ActivityStatus"),
          _("1 : avant le début connu ; 3 : après la fin connue (clôture financière en attente) ; "
            "2 : en cours"),
          IMPLEMENTATION, _("calculé à partir des dates du dossier")),
    Field("iati-activity/activity-date/@type", _("code ActivityDateType"),
          _("1 : début prévu ; 3 : fin prévue. Seules les dates que donne le dossier sont écrites ; le "
            "validateur IATI exigeant une date de début par activité (règle 6.11.1), un lauréat dont le début "
            "n'est pas connu (c'est le cas des lauréats importés d'une liste publiée) ne figure pas dans le "
            "fichier IATI"),
          PLANNED_START, _("dossier")),
    Field("iati-activity/activity-date/@iso-date", _("date AAAA-MM-JJ"), _("La date prévue, telle que le "
                                                                          "dossier la donne"),
          "2025-01-01", _("dossier")),
    Field("iati-activity/recipient-country/@code", _("code ISO 3166-1 alpha-2"),
          _("Pays des collectivités partenaires ; à défaut de partenaire au pays connu, pays du fonds conjoint "
            "de l'appel"), "RW", _("référentiel des pays (partenaires, appel)")),
    Field("iati-activity/recipient-country/@percentage", _("nombre décimal"),
          _("Part du projet dans ce pays, en parts égales faute de répartition connue : écrite dès que le "
            "projet a plusieurs pays (l'IATI demande alors des parts dont la somme fait 100), et pour un seul "
            "pays quand le projet nomme le pays de chacun de ses partenaires. Absente pour le pays d'un fonds "
            "conjoint, que l'appel donne et non le projet, et pour un seul pays quand celui d'un partenaire "
            "n'est pas connu"),
          "100", _("calculé")),
    Field("iati-activity/sector/@vocabulary", _("code SectorVocabulary"),
          _("1 : codes-objet à 5 chiffres du CAD de l'OCDE"), DAC_PURPOSE_CODES, _("fixe")),
    Field("iati-activity/sector/@code", _("code Sector (CAD, 5 chiffres)"),
          _("Le secteur de l'appel, selon la table des secteurs ci-dessous : le thème d'un appel thématique "
            "quand il a son code, sinon 15112 (décentralisation et soutien aux administrations "
            "infranationales)"), "15112", _("appel (table des secteurs)")),
    Field("iati-activity/sector/narrative", _("texte"), _("Le nom français du code dans la liste Sector de "
                                                         "l'IATI"),
          "Décentralisation et soutien aux administrations infranationales", _("liste Sector de l'IATI")),
    Field("iati-activity/policy-marker/@vocabulary", _("code PolicyMarkerVocabulary"),
          _("1 : marqueurs du CAD de l'OCDE"), "1", _("fixe")),
    Field("iati-activity/policy-marker/@code", _("code PolicyMarker"), _("1 : égalité femmes-hommes"), "1",
          _("fixe")),
    Field("iati-activity/policy-marker/@significance", _("code PolicySignificance"),
          _("Marqueur égalité femmes-hommes du dossier : 0 non ciblé, 1 objectif significatif, "
            "2 objectif principal ; absent quand il n'est pas connu"),
          "1", _("dossier")),
    Field("iati-activity/default-finance-type/@code", _("code FinanceType"), _("110 : don (subvention)"),
          STANDARD_GRANT, _("fixe")),
    Field("iati-activity/budget", _("élément"),
          _("Ce que le ministère a engagé pour une période d'un an au plus (règle IATI). Pour un lauréat "
            "d'un comité, un budget par année de l'échéancier de sa subvention (la somme des tranches de "
            "l'année), les années à venir comprises ; pour un lauréat importé, qui n'a pas d'échéancier, un "
            "budget seulement quand le projet dure un an au plus et que ses deux dates sont connues"), "",
          _("échéancier de la subvention, ou dossier")),
    Field("iati-activity/budget/@type", _("code BudgetType"), _("1 : budget initial"), ORIGINAL, _("fixe")),
    Field("iati-activity/budget/@status", _("code BudgetStatus"),
          _("2 : engagé (la subvention est décidée)"), COMMITTED, _("fixe")),
    Field("iati-activity/budget/period-start/@iso-date", _("date AAAA-MM-JJ"),
          _("1er janvier de l'année de l'échéancier, ou début du projet s'il tombe dans l'année ; pour un "
            "lauréat importé, début du projet"),
          "2025-01-01", _("échéancier, dossier")),
    Field("iati-activity/budget/period-end/@iso-date", _("date AAAA-MM-JJ"),
          _("31 décembre de l'année de l'échéancier, ou fin du projet si elle tombe dans l'année ; pour un "
            "lauréat importé, fin du projet"),
          "2025-12-31", _("échéancier, dossier")),
    Field("iati-activity/budget/value", _("nombre décimal"),
          _("Montant des tranches de l'année, en euros ; pour un lauréat importé, la subvention accordée"),
          "15000.00", _("échéancier, ou dossier (subvention accordée)")),
    Field("iati-activity/budget/value/@currency", _("code ISO 4217"), _("Monnaie"), CURRENCY, _("fixe")),
    Field("iati-activity/budget/value/@value-date", _("date AAAA-MM-JJ"),
          _("Date de valeur : début de la période"), "2025-01-01", _("calculé")),
    Field("iati-activity/transaction", _("élément"),
          _("L'engagement du ministère, écrit quand le montant et la date de la décision (ou, pour un lauréat "
            "importé, de la publication des résultats de la campagne) sont connus ; puis un versement par "
            "tranche payée, dans l'ordre de l'échéancier"), "",
          _("dossier, décision du comité ou chiffre publié ; versements enregistrés par le ministère")),
    Field("iati-activity/transaction/transaction-type/@code", _("code TransactionType"),
          _("2 : engagement ; 3 : versement"), COMMITMENT, _("fixe")),
    Field("iati-activity/transaction/transaction-date/@iso-date", _("date AAAA-MM-JJ"),
          _("Engagement : date de la décision du comité pour un dossier déposé sur CoopDec ; pour un lauréat "
            "importé, première publication des lauréats de la campagne : la décision lui est antérieure ou "
            "du même jour (la liste publiée ne donne pas sa date). Versement : date du paiement de la "
            "tranche, jamais dans le futur"),
          "2025-09-08", _("décision du comité, date de publication du chiffre « dossiers retenus », ou "
                          "versement enregistré")),
    Field("iati-activity/transaction/value", _("nombre décimal"),
          _("Engagement : subvention accordée, en euros ; versement : montant payé de la tranche"),
          "15000.00", _("dossier (subvention accordée), versement enregistré")),
    Field("iati-activity/transaction/value/@currency", _("code ISO 4217"), _("Monnaie"), CURRENCY, _("fixe")),
    Field("iati-activity/transaction/value/@value-date", _("date AAAA-MM-JJ"),
          _("Date de valeur : celle de l'engagement ou du versement"), "2025-09-08", _("calculé")),
    Field("iati-activity/transaction/provider-org/@ref", _("identifiant d'organisation"),
          _("Le ministère, qui verse"), identifiers.MINISTRY_REF, _("fixe")),
    Field("iati-activity/transaction/provider-org/@type", _("code OrganisationType"),
          _("10 : administration centrale"), GOVERNMENT, _("fixe")),
    Field("iati-activity/transaction/provider-org/narrative", _("texte"), _("Nom du ministère"),
          identifiers.MINISTRY_NAME, _("fixe")),
    Field("iati-activity/transaction/receiver-org/@ref", _("identifiant d'organisation"),
          _("La collectivité française qui reçoit : ") + _LEAD_REF, "FR-RCS-218100659",
          _("référentiel officiel (SIREN)")),
    Field("iati-activity/transaction/receiver-org/@type", _("code OrganisationType"),
          _("11 : collectivité territoriale"), LOCAL_GOVERNMENT, _("fixe")),
    Field("iati-activity/transaction/receiver-org/narrative", _("texte"),
          _("Nom officiel de la collectivité française (nom publié si elle est à confirmer)"), "Castres",
          _("référentiel officiel, liste publiée")),
    Field("…/narrative/@xml:lang", _("code ISO 639-1"), _("Langue de chaque texte"), LANGUAGE, _("fixe")),
)
