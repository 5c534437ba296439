"""python manage.py import_laureates FILE --campaign 2025 [--region 76] [--dry-run]"""
from django.core.management.base import BaseCommand, CommandError

from coopdec.calls.models import Campaign
from coopdec.ingest.readers import row_place
from coopdec.ingest.services import ImportFailure, import_commit, import_preview
from coopdec.territories.models import Region

STATUS_FR = {"resolved": "résolue", "ambiguous": "ambiguë", "unknown": "inconnue"}


class Command(BaseCommand):
    help = "Importe une liste publiée de lauréats (HTML, CSV, XLSX, PDF, texte) : aperçu, puis enregistrement."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--campaign", type=int, required=True, help="année de la campagne")
        parser.add_argument("--region", help="code INSEE de la région de la liste (ex. 76)")
        parser.add_argument("--source-label", default="",
                            help="qui a publié la liste, tel qu'on le cite (ex. « Occitanie Coopération, 8 septembre 2025 »)")
        parser.add_argument("--source-url", default="", help="adresse de la publication")
        parser.add_argument("--dry-run", action="store_true", help="aperçu seulement, rien n'est écrit")

    def handle(self, *args, file, campaign, region, dry_run, source_label, source_url, **options):
        campaign_obj = Campaign.objects.filter(year=campaign).first()
        if campaign_obj is None:
            raise CommandError(f"{file} : campagne {campaign} inconnue (chargez-la d'abord)")
        region_obj = None
        if region:
            region_obj = Region.objects.filter(code=region).first()
            if region_obj is None:
                raise CommandError(f"{file} : région « {region} » inconnue (code INSEE attendu, ex. 76)")
        try:
            preview = import_preview(path=file, campaign=campaign_obj, region=region_obj,
                                     source_label=source_label, source_url=source_url)
        except ImportFailure as failure:
            raise CommandError("rien n'a été importé.\n" + "\n".join(str(e) for e in failure.errors))
        self._print_preview(preview)
        if dry_run:
            self.stdout.write("Aperçu seulement (--dry-run) : rien n'a été enregistré.")
            return
        result = import_commit(preview=preview)
        if result.skipped:
            self.stdout.write(
                f"Ce fichier a déjà été importé le {result.batch.created_at:%d/%m/%Y} : rien de nouveau."
            )
            return
        self.stdout.write(self.style.SUCCESS(
            f"Enregistré : {result.created} lauréat(s) nouveau(x), {result.known} déjà connu(s)."
        ))
        pending = len(preview.rows) - preview.count("resolved")
        if pending:
            self.stdout.write(
                f"{pending} collectivité(s) à confirmer dans l'administration : "
                "/admin/applications/application/?lead=pending"
            )

    def _print_preview(self, preview):
        self.stdout.write(f"{preview.file_name} ({preview.format}), campagne {preview.campaign.year}")
        for row in preview.rows:
            lead = row.lead
            found = f"{lead.match.kind} {lead.match.code} {lead.match.name}" if lead.match else lead.reason
            partners = ", ".join(f"{p.name} ({p.country or '?'})" for p in row.partners) or "—"
            self.stdout.write(
                f"  {row_place(row.number)} · {row.cells['lead']} → {STATUS_FR[row.status]} : {found}"
                f" · partenaires : {partners} · appel : {row.call.name}"
            )
        self.stdout.write(
            f"{len(preview.rows)} ligne(s) : {preview.count('resolved')} résolue(s), "
            f"{preview.count('ambiguous')} ambiguë(s), {preview.count('unknown')} inconnue(s)"
        )
