"""The data dictionary: every field of every download, from the definitions the writers use.

The laureates' files are written by `publication.exports` from its `COLUMNS`, each of which carries
its description, so a new column cannot reach a download undescribed. IATI and 360Giving fields
are described next to their writers too (`iati.FIELDS`, `giving360.COLUMNS`,
`giving360.PACKAGE_FIELDS`).
"""
from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from coopdec.apd import exports as apd_exports
from coopdec.publication.exports import COLUMNS

from . import actions, giving360, iati
from .fields import Field


def laureate_fields() -> list[Field]:
    """The laureates' columns, in the files' order, described where they are defined."""
    return [Field(c.key, c.type, c.meaning, c.example, c.source, also=c.label) for c in COLUMNS]


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    formats: str
    about: str
    fields: list[Field]
    also_label: str = ""


def package_fields(*, giving360_file: str) -> list[Field]:
    """The 360Giving package's keys, the example of `downloadURL` being a file that exists (none
    when no campaign has a 360Giving file)."""
    return [replace(field, example=giving360_file) if field.name == "downloadURL" else field
            for field in giving360.PACKAGE_FIELDS]


def _apd_fields(columns) -> list[Field]:
    return [Field(c.name, c.type, c.meaning, c.example, _("Déclarations d'APD déposées dans CoopDec"), also=c.crs)
            for c in columns]


def datasets(*, giving360_file: str = "") -> list[Dataset]:
    """The files and their fields; `giving360_file`: the address of a 360Giving file that exists."""
    return [
        Dataset(
            "laureats", _("Lauréats"), "CSV, CSV pour Excel, JSON, XLSX",
            _("Une ligne par lauréat, les mêmes colonnes que les téléchargements des pages publiques. Pour les "
              "programmes : le CSV (UTF-8, séparateur virgule, les clés en en-tête, les codes, le point "
              "décimal) et le JSON. Pour un tableur : le XLSX et le CSV pour Excel (UTF-8 avec BOM, "
              "séparateur point-virgule, virgule décimale), avec les intitulés en en-tête et les natures en "
              "toutes lettres ; la seconde feuille du XLSX cite les sources des lignes. Un texte qui "
              "commencerait par =, +, -, @, une tabulation ou un retour chariot y est précédé d'une "
              "apostrophe, pour qu'aucun tableur ne le lise comme une formule."),
            laureate_fields(), also_label=_("En-tête XLSX et CSV pour Excel"),
        ),
        Dataset(
            "iati", _("IATI 2.03"), "XML",
            _("Une activité IATI par lauréat dont la date de début est connue, conforme au schéma IATI 2.03 et "
              "aux règles de qualité du validateur IATI qui se vérifient hors ligne (identifiants, dates, "
              "pourcentages, codes de secteur, monnaie ; vérifiés par les tests) : le validateur exige une date "
              "de début par activité et CoopDec n'en "
              "invente aucune. Les chemins désignent les éléments et, après @, leurs attributs."),
            list(iati.FIELDS),
        ),
        Dataset(
            "actions", _("Actions de l'Atlas"), "CSV, JSON",
            _("Une ligne par action extérieure publique d'une collectivité française enregistrée dans CoopDec "
              "(projets, jumelages, accords ; lauréats compris ; jamais une action retirée) : /donnees/actions.csv "
              "(UTF-8, séparateur virgule, les clés en en-tête) et /donnees/actions.json (les mêmes clés). Les "
              "listes d'une cellule sont séparées par « ; »."),
            actions.action_fields(),
        ),
        Dataset(
            "iati-actions", _("IATI 2.03 des actions de l'Atlas"), "XML",
            _("/donnees/iati-actions.xml : une activité IATI par action de l'Atlas dont le montant et le début "
              "sont connus et qui n'est pas un lauréat, conforme au schéma IATI 2.03 et aux mêmes règles de "
              "qualité que les lauréats (vérifiées par les tests). Les éléments non décrits ici sont ceux des "
              "lauréats, ci-dessus."),
            list(actions.IATI_FIELDS),
        ),
        Dataset(
            "360giving", _("360Giving"), "CSV, JSON",
            _("Une subvention par lauréat dont le montant est connu. Le CSV porte les intitulés de colonnes "
              "de 360Giving ; le JSON est un paquet de données 360Giving conforme à son schéma (vérifié par "
              "les tests), chaque colonne y ayant le chemin indiqué."),
            [column.field for column in giving360.COLUMNS], also_label=_("Chemin JSON"),
        ),
        Dataset(
            "apd", _("Aide publique au développement déclarée (agrégats)"), "CSV",
            _("Par année, les déclarations d'APD déposées par les collectivités dans CoopDec, additionnées par "
              "région française et par pays (ou région du monde) bénéficiaire : /donnees/apd-<année>.csv. "
              "Aucune ligne de déclaration n'y figure, rien en deçà des totaux par pays d'une collectivité."),
            _apd_fields(apd_exports.PUBLIC_COLUMNS),
        ),
        Dataset(
            "apd-crs", _("Déclarations d'APD pour le CRS de l'OCDE (ministère)"), "CSV",
            _("Réservé au ministère (/instruction/apd/) : une ligne par ligne déclarée, avec les champs du "
              "système de notification des pays créanciers (CRS) de l'OCDE, pour la déclaration de l'État."),
            _apd_fields(apd_exports.CRS_COLUMNS), also_label=_("Champ CRS"),
        ),
        Dataset(
            "360giving-paquet", _("360Giving : enveloppe du fichier JSON"), "JSON",
            _("Les clés du paquet de données qui entourent la liste des subventions."),
            package_fields(giving360_file=giving360_file),
        ),
    ]
