"""python manage.py import_atlas FILE [--dry-run] [--source-label TEXT] [--source-url URL] [--sheet NAME]"""
from django.core.management.base import BaseCommand, CommandError

from coopdec.french.text import euros
from coopdec.ingest.atlas_import import COLUMNS, atlas_import_commit, atlas_import_preview
from coopdec.ingest.services import ImportFailure
from coopdec.readers.base import row_place

STATUS_FR = {"resolved": "résolue", "ambiguous": "ambiguë", "unknown": "inconnue"}
_WHAT = {
    "collectivite": "la collectivité française cheffe de file, telle qu'écrite",
    "code": "son code INSEE (commune, département, région) ou SIREN (EPCI), « region:76 » quand le code est ambigu ; "
            "une colonne « siren » est lue de même",
    "associees": "les autres collectivités françaises, noms ou codes séparés par « ; »",
    "partenaire": "les partenaires étrangers, leur pays entre parenthèses : « Bamako (Mali) ; Kayes (Mali) »",
    "pays": ("le pays des partenaires, un pour tous ou un par partenaire dans l'ordre, ou seul s'il n'y a pas "
             "de partenaire nommé"),
    "intitule": "l'intitulé de l'action, obligatoire",
    "nature": "projet, jumelage, accord ou autre ; projet si vide",
    "etat": "prévue, en cours, terminée ou suspendue ; en cours si vide",
    "debut": "« 2021 », « 03/2021 », « 15/03/2021 » ou « 2021-03-15 »",
    "fin": "de même ; une année seule est son 31 décembre (son 1er janvier pour le début)",
    "montant": "montant total en euros, « 34 000 » ou « 34 000,00 € »",
    "thematiques": "thèmes séparés par « ; »",
    "odd": "numéros des objectifs de développement durable, « 6 ; 11 »",
    "description": "texte libre",
}


class Command(BaseCommand):
    help = (
        "Importe une liste d'actions extérieures dans l'Atlas : aperçu, puis enregistrement en une fois "
        "(une seule erreur et rien n'est écrit). Un tableau CSV, XLSX, HTML ou texte avec les colonnes "
        + " · ".join(f"« {COLUMNS[c][0]} » : {what}" for c, what in _WHAT.items())
        + ". Ou une page HTML ou un texte de puces (listes, ou tirets dans un paragraphe séparés par des "
        "sauts de ligne) rédigées « La Ville de X (département) avec la commune de Y (pays) autour de … ». "
        "Une collectivité ambiguë ou inconnue est gardée telle qu'écrite avec ses candidats ; un partenaire "
        "sans pays connu est une erreur. Importer deux fois le même fichier ne crée rien de plus."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="aperçu seulement, rien n'est écrit")
        parser.add_argument("--source-label", default="",
                            help="d'où vient la liste, tel qu'on le cite (par défaut le nom du fichier)")
        parser.add_argument("--source-url", default="", help="adresse de la publication")
        parser.add_argument("--sheet", help="feuille du classeur XLSX, s'il en a plusieurs")

    def handle(self, *args, file, dry_run, source_label, source_url, sheet, **options):
        try:
            preview = atlas_import_preview(path=file, source_label=source_label, source_url=source_url,
                                           sheet=sheet)
        except ImportFailure as failure:
            raise CommandError("rien n'a été importé.\n" + "\n".join(str(e) for e in failure.errors))
        self.stdout.write(f"{preview.file_name} ({', '.join([preview.format, *preview.details])}), "
                          f"source « {preview.source} »")
        if preview.unread:
            self.stdout.write("Colonnes non lues : " + ", ".join(f"« {h} »" for h in preview.unread))
        for row in preview.rows:
            self.stdout.write(f"  {row_place(row.number)} · {_row_line(row)}")
        new = preview.new
        self.stdout.write(f"{len(preview.rows)} ligne(s) : {len(new)} action(s) à créer, "
                          f"{sum(r.known_id is not None for r in preview.rows)} déjà enregistrée(s)")
        unresolved = preview.unresolved()
        if unresolved:
            self.stdout.write(f"{len(unresolved)} collectivité(s) non résolue(s), gardées telles qu'écrites "
                              "avec leurs candidats, pour qu'une personne choisisse :")
            for row, authority in unresolved:
                candidates = ", ".join(authority.candidates) or "aucun candidat"
                self.stdout.write(f"  {row_place(row.number)} · {authority.name} → {STATUS_FR[authority.status]} : "
                                  f"{authority.found} (candidats : {candidates})")
        if dry_run:
            self.stdout.write("Aperçu seulement (--dry-run) : rien n'a été enregistré.")
            return
        result = atlas_import_commit(preview=preview)
        self.stdout.write(self.style.SUCCESS(
            f"Enregistré : {result.created} action(s) nouvelle(s), {result.known} déjà enregistrée(s)"
            + (f", {result.duplicates} ligne(s) en double" if result.duplicates else "") + "."))


def _row_line(row) -> str:
    if row.known_id is not None:
        state = f"déjà enregistrée (action {row.known_id})"
    elif row.duplicate_of is not None:
        state = f"même action que la {row_place(row.duplicate_of)}"
    else:
        state = "nouvelle"
    parts = [state, f"{row.kind} « {row.title} »"]
    parts += [f"{'cheffe de file' if a.is_lead else 'collectivité'} {a.name} → {STATUS_FR[a.status]} : {a.found}"
              for a in row.authorities]
    parts.append("partenaires : " + ", ".join(
        f"{p.name} ({p.country})" if p.name else f"pays {p.country}" for p in row.partners))
    if row.amount is not None:
        parts.append(f"montant : {euros(row.amount)}")
    parts += [f"note : {note}" for note in row.notes]
    return " · ".join(parts)
