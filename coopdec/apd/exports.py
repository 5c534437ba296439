"""The APD files: the ministry's export for the state's reporting to the OECD (one row per submitted
line, with the Creditor Reporting System's fields) and the public aggregates. Each column is
described here; the data dictionary of /donnees/ shows these descriptions (opendata.dictionary).
"""
from dataclasses import dataclass

from . import selectors
from .models import MARKERS, DeclarationLine

PROVENANCE = ("Déclarations d'aide publique au développement déposées par les collectivités dans "
              "CoopDec ; codes de l'OCDE (CAD, CRS) via les listes de codes IATI")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    meaning: str
    example: str
    crs: str = ""  # the CRS field it fills


CRS_COLUMNS = [
    Column("reporting_year", "entier", "Année des dépenses déclarées (année de notification au CRS).", "2025",
           "Year"),
    Column("authority", "texte", "Collectivité française qui déclare (la collectivité donneuse).", "Castres"),
    Column("authority_code", "texte", "Nature et code officiel de la collectivité (INSEE ou SIREN).",
           "commune:81065"),
    Column("recipient_iso2", "texte", "Pays bénéficiaire (code ISO 3166-1 alpha-2) ; vide pour une dépense "
           "multi-pays.", "SN", "Recipient"),
    Column("recipient_region_code", "texte", "Région bénéficiaire du CAD (code OCDE) pour une dépense "
           "multi-pays ; vide sinon.", "998", "Recipient"),
    Column("recipient_name", "texte", "Nom du pays ou de la région bénéficiaire.", "Sénégal"),
    Column("channel_code", "texte", "Canal d'acheminement (code CRS à 5 chiffres).", "11002", "Channel code"),
    Column("channel_name", "texte", "Nom du canal dans la liste de l'OCDE (en français).", "Gouvernment local"),
    Column("purpose_code", "texte", "Code-objet CAD à 5 chiffres (secteur).", "15112", "Purpose code"),
    Column("purpose_name", "texte", "Nom du code-objet dans la liste de l'OCDE (en français).",
           "Décentralisation et soutien aux administrations infranationales"),
    Column("spending_kind", "texte", "Nature de la dépense selon le guide du ministère.",
           "Projets de coopération et jumelages"),
    *[Column(f"marker_{name}", "entier 0–2", f"Marqueur de l'OCDE « {label} » : 0 non orienté, "
             "1 objectif significatif, 2 objectif principal.", "1", f"{label} marker")
      for name, label, _crs in MARKERS],
    Column("amount_eur", "décimal", "Montant versé, en euros (point décimal).", "12000.50",
           "Amount (disbursement)"),
    Column("currency", "texte", "Monnaie du montant.", "EUR", "Currency"),
    Column("submitted_at", "date-heure", "Dépôt de la déclaration dans CoopDec (ISO 8601, UTC).",
           "2026-05-04T08:00:00+00:00"),
]

PUBLIC_COLUMNS = [
    Column("year", "entier", "Année des dépenses déclarées.", "2025"),
    Column("region_code", "texte", "Région française des collectivités qui ont déclaré (code INSEE).", "76"),
    Column("region", "texte", "Nom de la région française.", "Occitanie"),
    Column("recipient_code", "texte", "Pays bénéficiaire (ISO 3166-1 alpha-2) ou région du CAD (code OCDE) "
           "pour les dépenses multi-pays.", "SN"),
    Column("recipient", "texte", "Nom du pays ou de la région bénéficiaire.", "Sénégal"),
    Column("authorities", "entier", "Nombre de collectivités de la région qui ont déclaré une dépense pour ce "
           "bénéficiaire.", "2"),
    Column("amount_eur", "décimal", "Total déclaré, en euros (point décimal). Aucune ligne en deçà des totaux "
           "par pays d'une collectivité n'est publiée.", "24000.00"),
    Column("provenance", "texte", "Source des chiffres.", PROVENANCE[:60] + "…"),
]


def crs_records(year: int):
    yield [column.name for column in CRS_COLUMNS]
    spending = dict(DeclarationLine.Spending.choices)
    for line in selectors.crs_lines(year):
        authority = line.declaration.authority
        yield [year, authority.name, f"{authority.kind}:{authority.code}", line.country_id or "",
               "" if line.country_id else line.region_code, line.recipient_name, line.channel_code,
               line.channel_name, line.purpose_code, line.purpose_name, str(spending.get(line.spending, "")),
               *[getattr(line, name) for name, _label, _crs in MARKERS], f"{line.amount:.2f}", "EUR",
               line.declaration.submitted_at.isoformat()]


def public_records(year: int):
    yield [column.name for column in PUBLIC_COLUMNS]
    for row in selectors.public_totals(year):
        yield [year, row["region_code"], row["region"], row["recipient_code"], row["recipient"],
               row["authorities"], f"{row['total']:.2f}", PROVENANCE]
