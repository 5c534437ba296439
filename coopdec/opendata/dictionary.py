"""The data dictionary: every field of every download, from the definitions the writers use.

The laureates' files are written by `publication.exports` from its `COLUMNS`; their description
is kept here by column key, and `laureate_fields()` fails on a column that has none, so a new
column cannot reach a download undescribed. IATI and 360Giving fields are described next to
their writers (`iati.FIELDS`, `giving360.COLUMNS`, `giving360.PACKAGE_FIELDS`).
"""
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from coopdec.publication.exports import COLUMNS, LIST_SEPARATOR

from . import giving360, iati
from .fields import Field

_LIST = format_lazy(_("liste (séparée par « {sep} » en CSV et XLSX, tableau en JSON)"), sep=LIST_SEPARATOR.strip())

# key: (type, meaning, example, source)
LAUREATE_DOCS = {
    "campagne": (_("entier"), _("Année de la campagne des appels à projets"), "2025", _("campagne")),
    "appel": (_("texte"), _("Nom de l'appel à projets ou de l'appel à manifestation d'intérêt"),
              "Généraliste 2025", _("liste des appels du ministère")),
    "appel_slug": (_("texte"), _("Identifiant de l'appel dans CoopDec (unique dans la campagne), celui "
                                 "de l'adresse de sa page"), "generaliste-2025", _("calculé")),
    "appel_nature": (_("code"), _("Nature de l'appel : generaliste, thematique, fonds_conjoint, "
                                  "cles_en_main, ami (appel à manifestation d'intérêt)"),
                     "generaliste", _("liste des appels du ministère")),
    "collectivite": (_("texte"), _("Nom officiel de la collectivité française cheffe de file ; nom publié "
                                   "tant qu'elle est à confirmer"), "Castres",
                     _("référentiel officiel (INSEE), liste publiée")),
    "collectivite_nom_publie": (_("texte"), _("Nom de la collectivité tel que la source l'a publié"),
                                "Ville de Castres", _("liste publiée")),
    "collectivite_a_confirmer": (_("booléen (true/false)"),
                                 _("Vrai quand le nom publié n'est pas encore rattaché avec certitude à "
                                   "une collectivité officielle (homonymes, nom d'usage)"),
                                 "false", _("résolution des noms")),
    "collectivite_nature": (_("code"), _("Nature de la collectivité : commune, epci, ept, departement, "
                                         "region ; vide si à confirmer"), "commune", _("référentiel officiel")),
    "collectivite_code": (_("texte"), _("Code officiel : code INSEE (commune, département, région) ou SIREN "
                                        "(EPCI, EPT) ; vide si à confirmer"), "81065",
                          _("référentiel officiel (INSEE)")),
    "collectivite_siren": (_("texte (9 chiffres)"), _("SIREN de la collectivité, quand le référentiel le "
                                                      "donne"), "218100659", _("référentiel officiel (INSEE)")),
    "departement_code": (_("texte"), _("Code INSEE du département de la collectivité"), "81",
                         _("référentiel officiel, liste publiée")),
    "departement": (_("texte"), _("Nom du département"), "Tarn", _("référentiel officiel")),
    "region_code": (_("texte"), _("Code INSEE de la région"), "76", _("référentiel officiel, liste publiée")),
    "region": (_("texte"), _("Nom de la région"), "Occitanie", _("référentiel officiel")),
    "partenaires": (_LIST, _("Collectivités étrangères partenaires, chacune avec son pays"),
                    "District de Huye (Rwanda)", _("liste publiée, référentiel des partenaires")),
    "partenaires_pays_iso": (_LIST, _("Code ISO 3166-1 alpha-2 du pays de chaque partenaire, dans le même "
                                      "ordre (vide si inconnu ; XK pour le Kosovo)"), "RW",
                             _("référentiel des pays")),
    "intitule": (_("texte"), _("Intitulé du projet"), "Eau potable et assainissement à Huye",
                 _("liste publiée ou dossier")),
    "provenance": (_("code"), _("import : importé d'une liste publiée ; platform : déposé sur CoopDec"),
                   "import", _("calculé")),
    "source": (_("texte"), _("Fichier et ligne de la liste publiée dont le lauréat a été importé"),
               "laureats-occitanie-2025.html, ligne 3", _("import")),
}


def laureate_fields() -> list[Field]:
    """The laureates' columns, in the files' order; KeyError names a column without description."""
    return [Field(c.key, *LAUREATE_DOCS[c.key], also=c.label) for c in COLUMNS]


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
