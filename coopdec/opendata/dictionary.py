"""The data dictionary: every field of every download, from the definitions the writers use.

The laureates' files are written by `publication.exports` from its `COLUMNS`, each of which carries
its description, so a new column cannot reach a download undescribed. IATI and 360Giving fields
are described next to their writers too (`iati.FIELDS`, `giving360.COLUMNS`,
`giving360.PACKAGE_FIELDS`).
"""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from coopdec.publication.exports import COLUMNS

from . import giving360, iati
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


def datasets() -> list[Dataset]:
    return [
        Dataset(
            "laureats", _("Lauréats"), "CSV, JSON, XLSX",
            _("Une ligne par lauréat, les mêmes colonnes que les téléchargements des pages publiques. "
              "CSV en UTF-8 avec les clés en en-tête ; XLSX avec les intitulés en en-tête."),
            laureate_fields(), also_label=_("En-tête XLSX"),
        ),
        Dataset(
            "iati", _("IATI 2.03"), "XML",
            _("Une activité IATI par lauréat, conforme au schéma IATI 2.03 (vérifié par les tests). "
              "Les chemins désignent les éléments et, après @, leurs attributs."),
            list(iati.FIELDS),
        ),
        Dataset(
            "360giving", _("360Giving"), "CSV, JSON",
            _("Une subvention par lauréat dont le montant est connu. Le CSV porte les intitulés de colonnes "
              "de 360Giving ; le JSON est un paquet de données 360Giving conforme à son schéma (vérifié par "
              "les tests), chaque colonne y ayant le chemin indiqué."),
            [column.field for column in giving360.COLUMNS], also_label=_("Chemin JSON"),
        ),
        Dataset(
            "360giving-paquet", _("360Giving : enveloppe du fichier JSON"), "JSON",
            _("Les clés du paquet de données qui entourent la liste des subventions."),
            list(giving360.PACKAGE_FIELDS),
        ),
    ]
