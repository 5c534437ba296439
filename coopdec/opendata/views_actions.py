"""The Atlas's actions as open data: /donnees/actions.csv and .json (every public action),
/donnees/iati-actions.xml (those with money that are not laureates). Streamed, written once per
data version (`publication.bulkfiles`), read in batches (`actions.in_batches`)."""
from django.http import Http404
from django.utils import timezone

from coopdec.publication.bulkfiles import bulk_response
from coopdec.publication.exports import attachment, in_chunks

from . import actions


def actions_download(request, extension):
    filename = f"actions.{extension}"

    def write():
        if extension == "json":
            return in_chunks(actions.actions_json(actions.public_in_batches(), generated_at=timezone.localtime()))
        return in_chunks(actions.actions_csv(actions.public_in_batches()))

    content_type = "application/json; charset=utf-8" if extension == "json" else "text/csv; charset=utf-8"
    return attachment(bulk_response(request, name=filename, campaign_id=None, content_type=content_type,
                                    write=write), filename)


def iati_actions_download(request):
    if not actions.iati_actions().exists():
        raise Http404("Aucune action de l'Atlas au montant et au début connus, hors lauréats, enregistrée dans "
                      "CoopDec : un fichier IATI compte au moins une activité.")
    filename = "iati-actions.xml"

    def write():
        return in_chunks(actions.iati_xml(actions.in_batches(actions.iati_actions()),
                                          generated_at=timezone.localtime()))

    return attachment(bulk_response(request, name=filename, campaign_id=None,
                                    content_type="application/xml; charset=utf-8", write=write), filename)
