"""The bulk files of /donnees/, written ahead when the data moves (`manage.py db_worker`).

A bulk file is written once per data version and served from disk after (`publication.bulkfiles`).
Left to the first visitor, that writing costs them the writer's speed (IATI and 360Giving: 6,000 to
12,000 rows a second on a quiet machine, bench/COLD.md) instead of the disk's (hundreds of
thousands). When a campaign's data version moves, this task asks each of its files and each file of
every campaign, as the site's address (`SITE_URL`) would be asked, through the views themselves: the
same code writes the same bytes, at the new version, before anybody asks. A file already written at
the current version is left as it is, so that tasks queued by a burst of changes cost one writing.

Files are named after the site that asked them (their links are absolute): a request on another
address than `SITE_URL` writes its own, as before.
"""
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import FileResponse
from django.test import RequestFactory
from django.urls import resolve, reverse
from django_tasks import task

from coopdec.calls.models import Campaign
from coopdec.dataversion.changes import changed_in_this_transaction

from . import actions, selectors
from .views import files_row

logger = logging.getLogger(__name__)


def bulk_paths(*, year: int | None) -> list[str]:
    """The addresses of the bulk files of a campaign (`year`) or of every campaign (None), those
    the /donnees/ page links to and only those."""
    if year is None:  # every campaign's files, and the Atlas's actions (their version is everything's too)
        counts = selectors.grant_counts(selectors.campaign_data_list())
        row = files_row(None, dated=counts.dated, grants=counts.grants)
        atlas = [reverse("opendata:actions", kwargs={"extension": extension}) for extension in ("csv", "json")]
        if actions.iati_actions().exists():
            atlas.append(reverse("opendata:iati-actions"))
    else:
        atlas = []
        data = selectors.campaign_data_list(year=year)
        if not data:
            return []
        row = files_row(year, dated=data[0].dated, grants=data[0].grants)
    files = [*row.laureates, *([row.iati] if row.iati else []), *row.giving360]
    return [file.url for file in files] + atlas


def write_ahead(*, year: int | None) -> dict[str, str]:
    """Each bulk file of `year` (every campaign's for None), asked as `SITE_URL`: what happened to
    each address (« écrit », « déjà écrit », or why not)."""
    paths = bulk_paths(year=year)
    if changed_in_this_transaction():  # what no other process sees yet is never kept on disk
        return {path: "non gardé : données modifiées dans cette transaction" for path in paths}
    site = urlsplit(settings.SITE_URL)
    factory = RequestFactory()

    def asked(path):
        return factory.get(path, HTTP_HOST=site.netloc, secure=site.scheme == "https")

    try:
        asked("/").get_host()
    except DisallowedHost:
        logger.error("SITE_URL (%s) n'est pas dans ALLOWED_HOSTS : fichiers de /donnees/ non écrits d'avance",
                     settings.SITE_URL)
        return {path: "adresse du site refusée (ALLOWED_HOSTS)" for path in paths}
    done = {}
    for path in paths:
        request = asked(path)
        match = resolve(path)
        response = match.func(request, *match.args, **match.kwargs)
        # Not `response.close()`: it sends `request_finished`, whose receiver closes the database
        # connection that the task (and the worker after it) is still using.
        if isinstance(response, FileResponse):
            response.file_to_stream.close()
            done[path] = "déjà écrit"
        elif response.status_code == 200 and response.streaming:
            for _chunk in response.streaming_content:  # the writing is the reading
                pass
            done[path] = "écrit"
        else:
            done[path] = f"réponse {response.status_code}"
    return done


@task()
def bulk_files_write(*, campaign_id: int | None) -> int:
    """The files of the campaign whose data moved (of every campaign, for None) and the files of
    all campaigns, written ahead; returns how many were written now."""
    if campaign_id is None:
        years = list(Campaign.objects.order_by("-year").values_list("year", flat=True))
    else:
        years = list(Campaign.objects.filter(pk=campaign_id).values_list("year", flat=True))
    done = {}
    for year in [*years, None]:
        done.update(write_ahead(year=year))
    return sum(1 for outcome in done.values() if outcome == "écrit")


def on_version_moved(sender, campaign_id=None, **kwargs) -> None:
    """`data_version_moved`: the files are written ahead by a task. A failure to queue it never
    undoes the change that committed: the first visitor writes the file, as without the task."""
    if not settings.BULK_FILES_AHEAD:
        return
    try:
        bulk_files_write.enqueue(campaign_id=campaign_id)
    except Exception:
        logger.exception("fichiers de /donnees/ de la campagne %s non écrits d'avance", campaign_id)
