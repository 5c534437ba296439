"""python manage.py import_laureates FILE --campaign 2025 [--region 76] [--sheet NAME] [--call NAME]
[--source-label TEXT] [--source-url URL] [--dry-run]"""
from django.core.management.base import BaseCommand, CommandError

from coopdec.calls.models import Campaign
from coopdec.french.text import date_fr, euros
from coopdec.readers.base import row_place
from coopdec.ingest.rules import conflict_lines
from coopdec.ingest.services import ImportFailure, import_commit, import_preview
from coopdec.territories.models import Region

STATUS_FR = {"resolved": "résolue", "ambiguous": "ambiguë", "unknown": "inconnue"}


class Command(BaseCommand):
    help = ("Importe une liste publiée de lauréats (HTML, CSV, XLSX, PDF, texte ; tableau ou liste "
            "rédigée) : aperçu, puis enregistrement.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--campaign", type=int, required=True, help="année de la campagne")
        parser.add_argument("--region", help="code INSEE de la région de la liste (ex. 76)")
        parser.add_argument("--sheet", help="feuille du classeur XLSX qui porte les lauréats, s'il en a plusieurs")
        parser.add_argument("--call", default="",
                            help="appel des lauréats d'une liste rédigée (sinon lu dans le titre de la liste)")
        parser.add_argument("--source-label", default="",
                            help="qui a publié la liste, tel qu'on le cite (ex. « Occitanie Coopération, 8 septembre 2025 »)")
        parser.add_argument("--source-url", default="", help="adresse de la publication")
        parser.add_argument("--dry-run", action="store_true", help="aperçu seulement, rien n'est écrit")

    def handle(self, *args, file, campaign, region, dry_run, source_label, source_url, sheet, call, **options):
        campaign_obj = Campaign.objects.filter(year=campaign).first()
        if campaign_obj is None:
            raise CommandError(f"{file} : campagne {campaign} inconnue (chargez-la d'abord)")
        region_obj = None
        if region:
            region_obj = Region.objects.filter(code=region).first()
            if region_obj is None:
                raise CommandError(f"{file} : région « {region} » inconnue (code INSEE attendu, ex. 76)")
        try:
            preview = import_preview(path=file, campaign=campaign_obj, region=region_obj, sheet=sheet,
                                     call_name=call, source_label=source_label, source_url=source_url)
        except ImportFailure as failure:
            raise CommandError("rien n'a été importé.\n" + "\n".join(str(e) for e in failure.errors))
        if preview.already_imported:
            self.stdout.write(
                f"Ce fichier a déjà été importé le {date_fr(preview.already_imported.created_at)} et ses "
                "lauréats sont tous enregistrés : rien de nouveau."
            )
            return
        self._print_preview(preview)
        if dry_run:
            self.stdout.write("Aperçu seulement (--dry-run) : rien n'a été enregistré.")
            return
        result = import_commit(preview=preview)
        self.stdout.write(self.style.SUCCESS(
            f"Enregistré : {result.created} lauréat(s) nouveau(x), {result.known} déjà connu(s)"
            + (f", {result.duplicates} ligne(s) en double" if result.duplicates else "") + "."
        ))
        pending = len(preview.rows) - preview.count("resolved")
        if pending:
            self.stdout.write(
                f"{pending} collectivité(s) à confirmer dans l'administration : "
                "/admin/applications/application/?lead=pending"
            )
        disputed = sum(bool(row.conflicts) for row in preview.rows)
        if disputed:
            self.stdout.write(f"{disputed} ligne(s) en désaccord avec l'enregistré, à trancher : "
                              "/admin/ingest/importrow/?desaccord=oui")

    def _print_preview(self, preview):
        self.stdout.write(f"{preview.file_name} ({', '.join([preview.format, *preview.details])}), "
                          f"campagne {preview.campaign.year}")
        if preview.unread:
            self.stdout.write("Colonnes non lues : " + ", ".join(f"« {h} »" for h in preview.unread))
        for row in preview.rows:
            same = f" : même lauréat que la {row_place(row.duplicate_of)}" if row.duplicate_of is not None else ""
            self.stdout.write(f"  {row_place(row.number)}{same} · {_row_line(row)}")
        self.stdout.write(
            f"{len(preview.rows)} ligne(s) : {preview.count('resolved')} résolue(s), "
            f"{preview.count('ambiguous')} ambiguë(s), {preview.count('unknown')} inconnue(s)"
        )


def _found(resolution):
    match = resolution.match
    return f"{match.kind} {match.code} {match.name}" if match else resolution.reason


def _row_line(row) -> str:
    """One row of the preview: what was understood, what it adds, what it contradicts."""
    parts = [f"{row.cells['lead']} → {STATUS_FR[row.status]} : {_found(row.lead)}"]
    parts += [f"co-porteur {name} → {STATUS_FR[r.status]} : {_found(r)}" for name, r in row.co_applicants]
    parts.append("partenaires : " + (", ".join(f"{p.name} ({p.country or '?'})" for p in row.partners) or "—"))
    if row.cells.get("sentence"):
        parts.append(f"intitulé : {row.cells['title']}")
    parts.append(f"appel : {row.call.name}")
    if row.amount is not None:
        parts.append(f"montant : {euros(row.amount)}")
    if row.known:
        parts.append("déjà connu")
    if row.additions:
        parts.append("ajoute : " + ", ".join(row.additions))
    parts += [f"désaccord : {line}" for line in conflict_lines(row.conflicts)]
    parts += [f"non compris : {note}" for note in row.notes]
    return " · ".join(parts)
