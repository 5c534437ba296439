"""Bulk downloads written once per data version, then served from disk.

A file of every laureate of twenty years (55,000 rows) costs seconds of CPU to write, whatever the
writer; the same bytes served again cost only the disk. The first request after a change of the
data streams the file as it is written (its first byte at once) into a temporary file beside the
final one, renamed when complete (an interrupted download leaves nothing); every later request of
the same file, at the same data version and for the same site, is served from that file. The
file's name holds the version, so a change makes it unreachable at once in every process; the
older versions of a file are removed when the new one is in place.

Files live under `PRIVATE_MEDIA_ROOT/donnees` (outside the public files, like the exports). With
several machines, that directory is the shared one the documents use.
"""
import hashlib
import os
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse

from coopdec.dataversion.changes import changed_in_this_transaction, versions

_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


def directory() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "donnees"


def bulk_response(request, *, name: str, campaign_id: int | None, content_type: str,
                  write: Callable[[], Iterable[bytes]]) -> HttpResponse:
    """The file `name` of a campaign's data (of all campaigns for None): from disk when written at
    the current version for this site, else written now as it streams. `write()` gives its bytes."""
    if changed_in_this_transaction():  # data no other process sees yet: never kept
        return StreamingHttpResponse(write(), content_type=content_type)
    found = versions()
    version = found.of(campaign_id)
    site = hashlib.sha1(f"{request.scheme}://{request.get_host()}".encode()).hexdigest()[:12]
    stem = f"{_UNSAFE.sub('-', name)}--{site}--"
    path = directory() / f"{stem}{_UNSAFE.sub('-', version)}"
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        return StreamingHttpResponse(_written(write(), path, stem), content_type=content_type)
    return FileResponse(handle, content_type=content_type)


def _written(chunks: Iterable[bytes], path: Path, stem: str) -> Iterator[bytes]:
    """`chunks`, passed on as they come and copied into `path`, which appears only once complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.partial-{secrets.token_hex(6)}")
    complete = False
    try:
        with open(partial, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
                yield chunk
        os.replace(partial, path)
        complete = True
    finally:
        if not complete:
            partial.unlink(missing_ok=True)
    for older in path.parent.glob(f"{stem}*"):
        if older != path and ".partial-" not in older.name:
            older.unlink(missing_ok=True)
