"""The Atlas's actions as open data: CSV and JSON (every public action) and IATI (those with money).

`COLUMNS` defines each column with its description (the data dictionary reads them); `action_row`
reads an action fetched by `atlas.selectors_public.with_relations` (no further query). The
downloads read the actions in batches of `BATCH` by their number (keyset), three queries a batch.

IATI: an activity for each public action whose amount and start are known and that is not a
laureate (a laureate is an activity of the laureates' files already). The ministry publishes
(`reporting-org` FR-6, as for the laureates) and the action's lead French authority funds it (the
amount is the authority's own; the ministry funds nothing here); the identifier is
`FR-6-coopdec-action-<number>`. Nothing is invented: the amount is a budget only when the action
lasts a year at most and both dates are known (IATI budgets last a year at most); otherwise it
is in the CSV, not in IATI, since no year of spending is known. The sector is 15112
(decentralisation and support to subnational government), the Atlas recording no DAC purpose.
"""
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopdec.atlas import selectors_public as atlas
from coopdec.atlas.models import Action
from coopdec.publication.exports import LIST_SEPARATOR
from coopdec.writers.spreadsheet import csv_lines

from . import iati, identifiers
from .fields import Field
from .sectors import sectors

BATCH = 2000
SECTOR_CODE = "15112"
SOURCE = _("Atlas de l'action extérieure des collectivités, dans CoopDec")


@dataclass(frozen=True)
class Column:
    key: str
    type: str
    meaning: str
    example: str
    value: object  # action -> value


def _authorities(action):
    return list(action.authorities.all())


def _partners(action):
    return list(action.partners.all())


def _country_codes(action) -> list[str]:
    codes = []
    for partner in _partners(action):
        country = atlas.partner_country(partner)
        if country and country.iso2 not in codes:
            codes.append(country.iso2)
    return codes


def _partner_name(partner) -> str:
    return partner.foreign_authority.name if partner.foreign_authority_id else partner.name


def _date(day):
    return day.isoformat() if day else None


COLUMNS = (
    Column("numero", _("entier"), _("Numéro de l'action dans CoopDec : sa page est /atlas/actions/<numéro>/"),
           "128", lambda a: a.pk),
    Column("nature", _("code"), _("projet, jumelage, accord (accord-cadre ou convention), autre"), "projet",
           lambda a: a.kind),
    Column("etat", _("code"), _("prevue, en_cours, terminee ou suspendue (une action retirée n'est jamais publiée)"),
           "en_cours", lambda a: a.status),
    Column("intitule", _("texte"), _("Intitulé de l'action"), "Eau potable à Huye", lambda a: a.title),
    Column("description", _("texte"), _("Description, vide quand aucune n'est enregistrée"), "",
           lambda a: a.description),
    Column("themes", _("liste de textes séparés par un point-virgule"), _("Thèmes de l'action"), "eau; santé",
           lambda a: LIST_SEPARATOR.join(str(t) for t in a.themes or [])),
    Column("odd", _("liste d'entiers séparés par un point-virgule"), _("Objectifs de développement durable (1 à 17)"), "6; 3",
           lambda a: LIST_SEPARATOR.join(str(s) for s in a.sdgs or [])),
    Column("debut", _("date AAAA-MM-JJ"), _("Début, vide quand il n'est pas connu"), "2024-01-01",
           lambda a: _date(a.starts_on)),
    Column("fin", _("date AAAA-MM-JJ"), _("Fin, vide quand elle n'est pas connue"), "2026-12-31",
           lambda a: _date(a.ends_on)),
    Column("montant", _("nombre décimal (euros)"), _("Montant total de l'action, vide quand il n'est pas connu"),
           "45000.00", lambda a: str(a.amount) if a.amount is not None else None),
    Column("collectivites", _("liste de textes séparés par un point-virgule"),
           _("Collectivités françaises : nom officiel, ou nom tel qu'écrit quand elle reste à confirmer; la "
             "cheffe de file d'abord"), "Castres; Albi",
           lambda a: LIST_SEPARATOR.join(link.authority.name if link.authority_id else link.name for link in _authorities(a))),
    Column("collectivites_codes", _("liste de nature:code séparés par un point-virgule"),
           _("Codes officiels des collectivités françaises résolues (nature:code INSEE ou SIREN), comme l'API"),
           "commune:81065; commune:81004",
           lambda a: LIST_SEPARATOR.join(f"{link.authority.kind}:{link.authority.code}"
                                for link in _authorities(a) if link.authority_id)),
    Column("regions", _("liste de codes INSEE séparés par un point-virgule"), _("Régions des collectivités françaises"),
           "76", lambda a: LIST_SEPARATOR.join(dict.fromkeys(
               link.authority.region_id for link in _authorities(a) if link.authority_id and link.authority.region_id))),
    Column("partenaires", _("liste de textes séparés par un point-virgule"), _("Partenaires étrangers, tels que nommés"),
           "District de Huye", lambda a: LIST_SEPARATOR.join(_partner_name(p) for p in _partners(a) if _partner_name(p))),
    Column("pays", _("liste de codes ISO 3166-1 séparés par un point-virgule"), _("Pays des partenaires"), "RW",
           lambda a: LIST_SEPARATOR.join(_country_codes(a))),
    Column("origine", _("code"),
           _("collectivite (déclarée par la collectivité), import (liste importée), ambassade, laureat (lauréat "
             "d'un appel à projets)"), "collectivite", lambda a: a.origin),
    Column("source", _("texte"), _("Le fichier, la page ou la personne d'où vient l'action"),
           "Atlas 2024 du ministère", lambda a: a.source),
    Column("source_url", _("adresse"), _("Adresse de la source, quand elle en a une"), "", lambda a: a.source_url),
    Column("laureat", _("entier"),
           _("Pour un lauréat, le numéro de son dossier : /api/v1/laureates/<numéro>"), "42",
           lambda a: a.application_id),
)


def action_row(action: Action) -> list:
    return [column.value(action) for column in COLUMNS]


def action_fields() -> list[Field]:
    return [Field(c.key, c.type, c.meaning, c.example, SOURCE) for c in COLUMNS]


def in_batches(actions) -> Iterator[Action]:
    """The actions by their number, `BATCH` at a time, each batch with its relations: the query
    count grows with the batches, never with the rows of a batch."""
    last = 0
    while True:
        batch = list(atlas.with_relations(actions.filter(pk__gt=last).order_by("pk"))[:BATCH])
        yield from batch
        if len(batch) < BATCH:
            return
        last = batch[-1].pk


def public_in_batches() -> Iterator[Action]:
    return in_batches(atlas.public_actions())


def actions_csv(actions: Iterable[Action]) -> Iterator[str]:
    yield from csv_lines([[c.key for c in COLUMNS]])
    yield from csv_lines(action_row(action) for action in actions)


def actions_json(actions: Iterable[Action], *, generated_at: datetime) -> Iterator[str]:
    """A JSON document: when, what, and the actions as objects keyed like the CSV's columns."""
    yield json.dumps({"generated_at": generated_at.isoformat(timespec="seconds"), "source": str(SOURCE)},
                     ensure_ascii=False)[:-1] + ', "actions": ['
    for index, action in enumerate(actions):
        row = dict(zip((c.key for c in COLUMNS), action_row(action), strict=True))
        yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]}\n"


# ---------------------------------------------------------------- IATI


def iati_actions():
    """The actions of the IATI file: public, with an amount and a start, not a laureate."""
    return atlas.public_actions().filter(amount__isnull=False, amount__gt=0, starts_on__isnull=False,
                                         application__isnull=True)


def iati_identifier(action: Action) -> str:
    return identifiers.iati_identifier(f"action-{action.pk}")


def _sector():
    return next(s for s in sectors() if s.code == SECTOR_CODE)


def activity(action: Action, *, today: date) -> iati.Node:
    sub, organisation, narrative = iati._sub, iati._organisation, iati._narrative
    element = iati.root("iati-activity", {
        "last-updated-datetime": timezone.localtime(action.updated_at).isoformat(timespec="seconds"),
        iati.XML_LANG: iati.LANGUAGE, "default-currency": iati.CURRENCY, "hierarchy": "1",
    })
    sub(element, "iati-identifier", text=iati_identifier(action))
    organisation(element, "reporting-org", ref=identifiers.MINISTRY_REF, type=iati.GOVERNMENT,
                 name=identifiers.MINISTRY_NAME)
    narrative(sub(element, "title"), action.title)
    narrative(sub(element, "description", type="1"), action.description or _summary(action))
    links = _authorities(action)
    for index, link in enumerate(links):
        ref = identifiers.organisation_identifier(link.authority.siren) if link.authority_id else ""
        name = link.authority.name if link.authority_id else link.name
        roles = (iati.FUNDING, iati.ACCOUNTABLE, iati.IMPLEMENTING) if index == 0 else (iati.IMPLEMENTING,)
        for role in roles:
            organisation(element, "participating-org", role=role, ref=ref, type=iati.LOCAL_GOVERNMENT, name=name)
    for partner in _partners(action):
        if _partner_name(partner):
            organisation(element, "participating-org", role=iati.IMPLEMENTING, type=iati.LOCAL_GOVERNMENT,
                         name=_partner_name(partner))
    sub(element, "activity-status", code=iati.activity_status(
        starts_on=action.starts_on, ends_on=action.ends_on, today=today))
    for kind, known in ((iati.PLANNED_START, action.starts_on), (iati.PLANNED_END, action.ends_on)):
        if known:
            sub(element, "activity-date", type=kind, **{"iso-date": known.isoformat()})
    countries = _country_codes(action)
    every_named = all(atlas.partner_country(p) for p in _partners(action))
    if len(countries) > 1 or every_named:
        for code, share in zip(countries, iati.shares(len(countries)), strict=True):
            sub(element, "recipient-country", code=code, percentage=str(share))
    else:
        for code in countries:
            sub(element, "recipient-country", code=code)
    sector = _sector()
    narrative(sub(element, "sector", vocabulary=iati.DAC_PURPOSE_CODES, code=sector.code), sector.name_fr)
    sub(element, "default-finance-type", code=iati.STANDARD_GRANT)
    if action.ends_on and iati.within_a_year(action.starts_on, action.ends_on):
        budget = sub(element, "budget", type=iati.ORIGINAL, status="1")
        sub(budget, "period-start", **{"iso-date": action.starts_on.isoformat()})
        sub(budget, "period-end", **{"iso-date": action.ends_on.isoformat()})
        sub(budget, "value", text=str(Decimal(action.amount).quantize(Decimal("0.01"))), currency=iati.CURRENCY,
            **{"value-date": action.starts_on.isoformat()})
    return element


def _summary(action: Action) -> str:
    authorities = ", ".join(link.authority.name if link.authority_id else link.name for link in _authorities(action))
    partners = ", ".join(n for n in (_partner_name(p) for p in _partners(action)) if n)
    text = f"{action.get_kind_display().capitalize()} de {authorities or 'collectivités françaises'}"
    return text + (f" avec {partners}" if partners else "") + " (Atlas de l'action extérieure des collectivités)."


def iati_xml(actions: Iterable[Action], *, generated_at: datetime) -> Iterator[str]:
    today = generated_at.date()
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (f'<iati-activities version="{iati.VERSION}" '
           f'generated-datetime="{generated_at.isoformat(timespec="seconds")}">\n')
    for action in actions:
        yield activity(action, today=today).xml() + "\n"
    yield "</iati-activities>\n"


IATI_FIELDS = (
    Field("iati-activity", _("élément"),
          _("Une action de l'Atlas dont le montant et le début sont connus et qui n'est pas un lauréat (les "
            "lauréats sont dans les fichiers IATI des lauréats)"), "", SOURCE),
    Field("iati-activity/iati-identifier", _("texte"), _("FR-6-coopdec-action- suivi du numéro de l'action"),
          "FR-6-coopdec-action-128", _("calculé")),
    Field("iati-activity/reporting-org/@ref", _("identifiant d'organisation"),
          _("Le ministère, qui publie l'Atlas"), identifiers.MINISTRY_REF, _("fixe")),
    Field("iati-activity/participating-org", _("élément"),
          _("La collectivité française cheffe de file (la première) : financeur (1), responsable (2) et "
            "opératrice (4), identifiée FR-RCS- et son SIREN (voir les lauréats pour le choix de FR-RCS); "
            "les autres collectivités françaises et les partenaires étrangers : opérateurs (4). Le ministère "
            "ne finance pas ces actions"), "FR-RCS-218100659", _("Atlas, référentiel officiel")),
    Field("iati-activity/activity-date", _("élément"), _("1 : début prévu; 3 : fin prévue, quand elle est connue"),
          "2024-01-01", SOURCE),
    Field("iati-activity/recipient-country", _("élément"),
          _("Pays des partenaires, en parts égales s'il y en a plusieurs (comme pour les lauréats)"), "RW", SOURCE),
    Field("iati-activity/sector/@code", _("code Sector (CAD, 5 chiffres)"),
          _("15112 (décentralisation et soutien aux administrations infranationales) : l'Atlas n'enregistre "
            "pas de code-objet"), SECTOR_CODE, _("fixe")),
    Field("iati-activity/budget", _("élément"),
          _("Le montant total de l'action, budget initial (type 1) indicatif (statut 1), écrit seulement quand "
            "l'action dure un an au plus et que ses deux dates sont connues (un budget IATI couvre un an au "
            "plus); sinon le montant n'est que dans le CSV et le JSON des actions. Aucune transaction : "
            "l'Atlas ne connaît ni engagement ni versement daté"), "45000.00", SOURCE),
)
