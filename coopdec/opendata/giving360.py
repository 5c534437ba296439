"""360Giving grants of the laureates, in JSON (a data package) and CSV, from one list of columns.

`COLUMNS` is the single definition: each column has its 360Giving spreadsheet title (the CSV
header), its place in the JSON grant, how its value is read from an `OpenRecord`, and its
description for the data dictionary. A JSON grant is the columns' values put at their paths; a
CSV row is the same values side by side. Columns whose path holds `N` repeat for each partner
(`Beneficiary Location:0:Name`, `Beneficiary Location:1:Name`…, as 360Giving numbers them).

360Giving requires an amount and an award date. Only laureates whose granted amount is known,
in campaigns whose results' publication date is known, are grants here: nothing is invented
(no zero amount), and the downloads and the /donnees/ page say how many laureates are left out.
"""
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from coopdec.french.text import number_fr, plural_fr
from coopdec.writers.spreadsheet import csv_lines

from . import identifiers
from .fields import Field
from .records import OpenRecord

SCHEMA_VERSION = "1.4"  # the schema copied in standards/360giving is release 1.4.3
CURRENCY = "EUR"
LICENSE = "https://github.com/etalab/licence-ouverte/blob/master/LO.md"
# Codes outside ISO 3166-1 (Kosovo's XK) are not in 360Giving's countryCode codelist.
NOT_ISO_3166 = {"XK"}


@dataclass(frozen=True)
class Links:
    """The absolute addresses a grant points at: its call's page and its campaign's page."""

    call: Callable[[int, str], str]
    campaign: Callable[[int], str]


@dataclass(frozen=True)
class Column:
    title: str
    path: str
    value: Callable[[OpenRecord, Links], object]
    type: str
    meaning: str
    example: str
    source: str

    @property
    def repeated(self) -> bool:
        return "/N/" in self.path

    @property
    def field(self) -> Field:
        return Field(self.title, self.type, self.meaning, self.example, self.source, also=self.path)


def _locations(record: OpenRecord) -> list[tuple[str, str]]:
    """(name, country code) of each partner, its country in the name (« District de Huye (Rwanda) »);
    the joint fund's country when there is no partner."""
    if record.row.partners:
        places = [(str(p), p.country_iso2) for p in record.row.partners]
    else:
        places = [(c.name, c.iso2) for c in record.countries]
    return [(name, "" if code in NOT_ISO_3166 else code) for name, code in places]


def _date(value):
    return value.isoformat() if value else None


_RECIPIENT_ID = _("Identifiant de la collectivité française : FR-RCS- suivi de son SIREN (liste FR-RCS "
                  "d'org-id.guide) ; sans SIREN (région, département), 360G-coopdec-<nature>-<code INSEE> ; "
                  "collectivité à confirmer, 360G-coopdec-a-confirmer-<nom publié>")

COLUMNS = (
    Column("Identifier", "id", lambda r, _l: identifiers.grant_identifier(r.key),
           _("texte"), _("Identifiant de la subvention : préfixe 360G-coopdec et clé stable du projet "
                         "(année de la campagne et empreinte de l'appel, du nom publié de la collectivité "
                         "et de l'intitulé), la même que celle de l'identifiant IATI"),
           "360G-coopdec-2025-3f9a1c0b2d4e", _("calculé")),
    Column("Title", "title", lambda r, _l: r.row.title,
           _("texte"), _("Intitulé du projet"), "Eau potable et assainissement à Huye",
           _("liste publiée ou dossier")),
    Column("Description", "description", lambda r, _l: r.description,
           _("texte"), _("Résumé du dossier ; à défaut (liste publiée sans résumé), une phrase composée de "
                         "la collectivité, de ses partenaires et de l'appel"),
           "Projet de coopération décentralisée de Castres (Tarn, 81) avec District de Huye (Rwanda)…",
           _("dossier, ou calculé")),
    Column("Currency", "currency", lambda r, _l: CURRENCY,
           _("code ISO 4217"), _("Monnaie des montants"), CURRENCY, _("fixe")),
    Column("Amount Awarded", "amountAwarded", lambda r, _l: r.granted_amount,
           _("nombre"), _("Subvention accordée par le ministère, en euros. Les lauréats dont le montant "
                          "n'est pas connu ne figurent pas dans les fichiers 360Giving"),
           "15000", _("dossier (subvention accordée)")),
    Column("Award Date", "awardDate", lambda r, _l: _date(r.award_date),
           _("date AAAA-MM-JJ"), _("Date de la décision du comité pour un dossier déposé sur CoopDec ; pour un "
                                    "lauréat importé, première publication des lauréats de la campagne : la "
                                    "décision lui est antérieure ou du même jour (la liste publiée ne donne pas "
                                    "sa date). Sans l'une ou l'autre, le lauréat n'est pas dans le fichier 360Giving"),
           "2025-09-08", _("décision du comité, ou date de publication du chiffre « dossiers retenus »")),
    Column("Planned Dates:Start Date", "plannedDates/0/startDate", lambda r, _l: _date(r.starts_on),
           _("date AAAA-MM-JJ"), _("Début prévu du projet, quand il est connu"), "2025-01-01", _("dossier")),
    Column("Planned Dates:End Date", "plannedDates/0/endDate", lambda r, _l: _date(r.ends_on),
           _("date AAAA-MM-JJ"), _("Fin prévue du projet, quand elle est connue"), "2027-12-31", _("dossier")),
    Column("Recipient Org:Identifier", "recipientOrganization/0/id", lambda r, _l: r.recipient_identifier,
           _("identifiant d'organisation"), _RECIPIENT_ID, "FR-RCS-218100659",
           _("référentiel officiel (SIREN, code INSEE)")),
    Column("Recipient Org:Name", "recipientOrganization/0/name", lambda r, _l: r.row.lead_name,
           _("texte"), _("Nom officiel de la collectivité française cheffe de file ; nom publié tant "
                         "qu'elle est à confirmer"), "Castres", _("référentiel officiel, liste publiée")),
    Column("Recipient Org:City", "recipientOrganization/0/addressLocality",
           lambda r, _l: r.row.lead_name if r.row.lead_kind == "commune" else None,
           _("texte"), _("La commune, quand la collectivité en est une"), "Castres", _("référentiel officiel")),
    Column("Recipient Org:County", "recipientOrganization/0/addressRegion", lambda r, _l: r.row.region_name,
           _("texte"), _("Région de la collectivité (celle de la liste publiée quand elle est à confirmer)"),
           "Occitanie", _("référentiel officiel, liste publiée")),
    Column("Recipient Org:Country", "recipientOrganization/0/addressCountry", lambda r, _l: "France",
           _("texte"), _("Pays de la collectivité"), "France", _("fixe")),
    Column("Funding Org:Identifier", "fundingOrganization/0/id", lambda r, _l: identifiers.MINISTRY_REF,
           _("identifiant d'organisation"), _("Le ministère, sous son identifiant IATI"),
           identifiers.MINISTRY_REF, _("liste OrganisationIdentifier de l'IATI")),
    Column("Funding Org:Name", "fundingOrganization/0/name", lambda r, _l: identifiers.MINISTRY_NAME,
           _("texte"), _("Nom du ministère"), identifiers.MINISTRY_NAME, _("fixe")),
    Column("Funding Org:Department", "fundingOrganization/0/department",
           lambda r, _l: identifiers.MINISTRY_DEPARTMENT,
           _("texte"), _("Service du ministère qui mène les appels à projets"), identifiers.MINISTRY_DEPARTMENT,
           _("fixe")),
    Column("Grant Programme:Code", "grantProgramme/0/code",
           lambda r, _l: f"{r.row.campaign_year}-{r.row.call_slug}",
           _("texte"), _("L'appel à projets : année de la campagne et identifiant de l'appel"),
           "2025-generaliste-2025", _("appel")),
    Column("Grant Programme:Title", "grantProgramme/0/title", lambda r, _l: r.row.call_name,
           _("texte"), _("Nom de l'appel à projets"), "Généraliste 2025", _("appel")),
    Column("Grant Programme:URL", "grantProgramme/0/url", lambda r, links: links.call(r.row.campaign_year,
                                                                                   r.row.call_slug),
           _("adresse web"), _("Page de l'appel et de ses lauréats sur CoopDec"),
           "https://…/campagnes/2025/appels/generaliste-2025/", _("calculé")),
    Column("From An Open Call?", "fromOpenCall", lambda r, _l: "Yes",
           _("Yes ou No"), _("Subvention accordée à l'issue d'un appel ouvert (appel à projets ou "
                             "appel à manifestation d'intérêt)"), "Yes", _("fixe")),
    Column("Beneficiary Location:N:Name", "beneficiaryLocation/N/name",
           lambda r, _l: [name for name, _code in _locations(r)],
           _("texte"), _("Collectivité étrangère partenaire et son pays (N = 0, 1, … : une colonne par "
                         "partenaire) ; à défaut de partenaire, le pays du fonds conjoint de l'appel"),
           "District de Huye (Rwanda)", _("liste publiée, référentiel des partenaires")),
    Column("Beneficiary Location:N:Country Code", "beneficiaryLocation/N/countryCode",
           lambda r, _l: [code for _name, code in _locations(r)],
           _("code ISO 3166-1 alpha-2"), _("Pays du partenaire N ; vide quand il n'est pas connu ou n'a pas "
                                            "de code ISO 3166 (Kosovo)"),
           "RW", _("référentiel des pays")),
    Column("Last Modified", "dateModified", lambda r, _l: r.updated_at.isoformat(timespec="seconds"),
           _("date et heure ISO 8601"), _("Dernière modification du dossier"), "2025-09-08T10:00:00+02:00",
           _("dossier")),
    Column("Data Source", "dataSource", lambda r, links: links.campaign(r.row.campaign_year),
           _("adresse web"), _("Page de la campagne sur CoopDec, d'où viennent ces données (chaque ligne "
                               "y renvoie à sa source)"),
           "https://…/campagnes/2025/", _("calculé")),
)

PACKAGE_FIELDS = (
    Field("version", _("texte"), _("Version du schéma 360Giving"), SCHEMA_VERSION, _("fixe")),
    Field("title", _("texte"), _("Titre du fichier"), "Subventions de la campagne 2025 (360Giving)",
          _("calculé")),
    Field("description", _("texte"),
          _("Ce que le fichier contient, et combien de lauréats il laisse de côté faute de montant ou de "
            "date de décision connus"), ("12 subventions de lauréats au montant connu\u00a0; 79 lauréats sans montant connu n'y figurent "
            "pas (360Giving exige un montant et une date de décision)."),
          _("calculé")),
    Field("identifier", _("texte"), _("Identifiant du fichier"), "360G-coopdec-2025", _("calculé")),
    Field("issued", _("date et heure ISO 8601"), _("Moment où le fichier a été produit"),
          "2025-10-01T09:30:00+02:00", _("calculé")),
    Field("publisher/identifier", _("identifiant d'organisation"), _("Le ministère, qui publie"),
          identifiers.MINISTRY_REF, _("fixe")),
    Field("publisher/name", _("texte"), _("Nom du ministère"), identifiers.MINISTRY_NAME, _("fixe")),
    Field("publisher/website", _("adresse web"), _("Site du ministère"), identifiers.MINISTRY_WEBSITE,
          _("fixe")),
    Field("license", _("adresse web"), _("Licence des données : Licence Ouverte 2.0 (Etalab)"), LICENSE,
          _("fixe")),
    Field("accessURL", _("adresse web"), _("Page des données ouvertes de CoopDec"), "https://…/donnees/",
          _("calculé")),
    Field("downloadURL", _("adresse web"), _("Adresse de ce fichier"), "",
          _("calculé")),
    Field("grants", _("liste"), _("Les subventions, une par lauréat au montant connu, décrites par les "
                                   "colonnes ci-dessus (chemin JSON)"), "", _("calculé")),
)


def grant(record: OpenRecord, links: Links) -> dict:
    """A 360Giving grant: each known value at its column's path."""
    result: dict = {}
    for column, keys in _COLUMN_KEYS:
        value = column.value(record, links)
        if column.repeated:
            for index, item in enumerate(value):
                if item:
                    _put(result, [index if key == "N" else key for key in keys], item)
        elif value not in (None, ""):
            _put(result, keys, value)
    return result


def _keys(path: str) -> tuple:
    """"a/0/b" as ("a", 0, "b"); the repeated index "N" stays a name, replaced at each item."""
    return tuple(int(part) if part.isdigit() else part for part in path.split("/"))


_COLUMN_KEYS = tuple((column, _keys(column.path)) for column in COLUMNS)  # each path split once, not per grant


def _put(target: dict, keys, value) -> None:
    """Set `value` at keys ("a", 0, "b") in nested dicts and lists, creating them on the way."""
    node = target
    for key, following in zip(keys, keys[1:], strict=False):
        node = _slot(node, key, list if isinstance(following, int) else dict)
    _slot(node, keys[-1], lambda: value)


def _slot(node, key, make):
    """node[key], made first when missing (lists grow up to the index)."""
    if isinstance(key, int):
        if key >= len(node):
            node.extend([None] * (key + 1 - len(node)))
        if node[key] is None:
            node[key] = make()
        return node[key]
    found = node.get(key)
    if found is None:
        found = node[key] = make()
    return found


def _number(value):
    """JSON has numbers, not Decimal: whole euros as integers, cents as the shortest decimal."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def package_json(grants: Iterable[dict], *, metadata: dict) -> Iterator[str]:
    """A 360Giving data package, the grants streamed one by one after the metadata."""
    head = json.dumps(metadata, ensure_ascii=False, indent=2)
    yield head[:-2] + ',\n  "grants": ['
    for index, item in enumerate(grants):
        yield ("," if index else "") + "\n    " + json.dumps(item, ensure_ascii=False, default=_number)
    yield "\n  ]\n}\n"


def grants_csv(records: Iterable[OpenRecord], links: Links, *, partners: int) -> Iterator[str]:
    """The grants as a 360Giving spreadsheet: titles as headers, one row per grant, UTF-8.

    Repeated columns come partner by partner (0:Name, 0:Country Code, 1:Name…), `partners` times.
    """
    repeat = max(partners, 1)
    groups = _groups()
    header = [[title for group in groups for title in _titles(group, repeat)]]
    # Per group, once: a single column's value function, or the repeated columns' ones.
    plan = [(group[0].value, None) if not group[0].repeated else (None, [c.value for c in group]) for group in groups]

    def row(record):
        cells = []
        for single, repeated in plan:
            if single is not None:
                cells.append(_cell(single(record, links)))
                continue
            values = [value(record, links) for value in repeated]
            for index in range(repeat):
                cells.extend(_cell(value[index]) if index < len(value) else "" for value in values)
        return cells

    yield from csv_lines(itertools.chain(header, map(row, records)))


def _groups() -> list[tuple[Column, ...]]:
    """The columns, the adjacent repeated ones together."""
    groups: list[tuple[Column, ...]] = []
    for column in COLUMNS:
        if column.repeated and groups and groups[-1][0].repeated:
            groups[-1] = (*groups[-1], column)
        else:
            groups.append((column,))
    return groups


def _titles(group, repeat):
    if not group[0].repeated:
        return [group[0].title]
    return [column.title.replace(":N:", f":{index}:") for index in range(repeat) for column in group]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(_number(value))
    return str(value)


def counts_sentence(counts) -> str:
    """What a 360Giving file holds and what it leaves out, in French."""
    head = f"{number_fr(counts.grants)} " + plural_fr(
        counts.grants, "subvention d'un lauréat au montant connu", "subventions de lauréats au montant connu")
    left_out = []
    if counts.without_amount:
        left_out.append(f"{number_fr(counts.without_amount)} "
                        + plural_fr(counts.without_amount, "lauréat", "lauréats") + " sans montant connu")
    if counts.without_award_date:
        left_out.append(f"{number_fr(counts.without_award_date)} "
                        + plural_fr(counts.without_award_date, "lauréat", "lauréats")
                        + " dont la campagne n'a pas de date de publication des résultats connue")
    if not left_out:
        return f"{head}."
    verb = plural_fr(counts.without_amount + counts.without_award_date, "n'y figure pas", "n'y figurent pas")
    return f"{head}\u00a0; {' et '.join(left_out)} {verb} (360Giving exige un montant et une date de décision)."


def package_metadata(*, year, counts, generated_at, access_url, download_url) -> dict:
    scope = f"de la campagne {year}" if year else "de toutes les campagnes"
    return {
        "version": SCHEMA_VERSION,
        "title": f"Subventions {scope} des appels à projets en soutien à la coopération décentralisée",
        "description": counts_sentence(counts),
        "identifier": f"{identifiers.GRANT_PREFIX}-{year or 'tous'}",
        "issued": generated_at.isoformat(timespec="seconds"),
        "publisher": {
            "identifier": identifiers.MINISTRY_REF, "name": identifiers.MINISTRY_NAME,
            "website": identifiers.MINISTRY_WEBSITE,
        },
        "license": LICENSE,
        "accessURL": access_url,
        "downloadURL": download_url,
    }
