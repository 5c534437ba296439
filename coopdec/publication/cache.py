"""What the public side computes, computed once per change of the published data.

Published data has a version (`coopdec.dataversion`, the ground floor): one for everything and
one per campaign. Anything that changes such data calls `data_changed(campaign_id=…)`; when its
transaction commits, the versions move. Cached values are named after the version they were
computed from, so a change makes them unreachable at once in every process, without deleting
anything (they expire). Saves of the records the public side shows call it by themselves
(`connect_signals`, below).

- `cached(name, compute, campaign_id=…)`: an aggregate (statistics, maps, campaign figures,
  counts per région) kept in Django's cache (`django.core.cache.cache`: local memory by
  default, Redis where several machines serve) until its campaign's version moves.
- `PublicCacheMiddleware`: the public pages and the read API. An anonymous GET gets an ETag and a
  Last-Modified derived from the version (never from rendering the page), a 304 when it sends
  them back unchanged, and the copy rendered for the same address and version when there is one.

A transaction that has changed published data and not yet committed sees data no other process
sees: it neither reads nor fills the cache until it ends (`changed_in_this_transaction`).
"""
import hashlib
from dataclasses import dataclass, fields, is_dataclass
from datetime import datetime
from functools import partial, wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from coopdec.dataversion.changes import (
    changed_in_this_transaction, data_changed, serving_request, transaction_state, versions,
)

# How long a cached value may live: a change makes it unreachable at once, so this only bounds
# the memory it holds and the staleness of data changed behind CoopDec's back (raw SQL).
TIMEOUT = 60 * 60
_MISSING = object()


# ---------------------------------------------------------------- cached aggregates


def cached(name: str, compute, *, campaign_id: int | None | tuple = None, key: tuple = ()):
    """`compute()`, kept until the published data of `campaign_id` (of anything, for None; of any
    of several, for a tuple) changes. `name` and `key` tell apart what is cached (the function and
    its arguments): `key` must fully determine `compute()`'s value, and the value must pickle (a
    list, not a queryset)."""
    if changed_in_this_transaction():
        return compute()
    found = versions()
    campaigns = campaign_id if isinstance(campaign_id, tuple) else (campaign_id,)
    version = "+".join(found.of(c) for c in campaigns)
    digest = hashlib.sha1(repr(key).encode()).hexdigest()[:16]
    cache_key = f"coopdec:v1:{name}:{'+'.join(str(c) for c in campaigns)}:{version}:{digest}"
    value = cache.get(cache_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(cache_key, value, TIMEOUT)
    return value


def cached_selector(campaign_of=None):
    """A selector whose value is `cached`, named after it and keyed by its arguments (a model
    instance by its primary key, a dataclass by its fields). `campaign_of(*args, **kwargs)` says
    whose campaign's changes renew it (None, or no `campaign_of`: any change). The selector
    itself stays reachable as `.uncached`."""
    def decorate(function):
        name = f"{function.__module__}.{function.__qualname__}"

        @wraps(function)
        def wrapper(*args, **kwargs):
            campaign_id = campaign_of(*args, **kwargs) if campaign_of else None
            return cached(name, partial(function, *args, **kwargs), campaign_id=campaign_id,
                          key=(_key_of(args), _key_of(sorted(kwargs.items()))))

        wrapper.uncached = function
        return wrapper

    return decorate


def _key_of(value):
    if hasattr(value, "_meta") and hasattr(value, "pk"):
        return (value._meta.label, value.pk)
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__qualname__, *(_key_of(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, (list, tuple)):
        return tuple(_key_of(item) for item in value)
    return value


def pk_of(obj) -> int | None:
    """A model instance's primary key, None for None: what `campaign_of` usually returns."""
    return obj.pk if obj is not None else None


# ---------------------------------------------------------------- public pages and the API

# Pages and API reads that show published data only: the same for every anonymous visitor; and
# the downloads of that data, which get the validators and the 304 (a streamed or a file answer is
# never kept in the cache: the bulk files keep their own copy on disk, `bulkfiles`). Not here: the
# widget (framed by other sites, its own headers), the reconciliation service and the authority
# search (the name index, not the published data).
CACHED_VIEWS = frozenset({
    "publication:campaign-download", "publication:region-download", "publication:call-download",
    "opendata:laureates", "opendata:laureates-all", "opendata:iati", "opendata:iati-all",
    "opendata:360giving", "opendata:360giving-all",
    "publication:home", "publication:campaign", "publication:region", "publication:call",
    "observatory:statistics", "observatory:map", "observatory:networks", "observatory:network",
    "search:search", "opendata:index",
    "directory:authority", "directory:countries", "directory:country",
    "api-v1:campaigns", "api-v1:campaign", "api-v1:calls", "api-v1:laureates", "api-v1:laureate",
    "api-v1:statistics", "api-v1:countries",
    "atlas-public:index", "atlas-public:action", "api-v1:actions", "api-v1:action", "opendata:actions", "opendata:iati-actions",
})
# Headers a cached copy does not keep: they belong to the request that rendered it.
_NOT_KEPT = {"set-cookie", "date", "vary", "etag", "last-modified", "cache-control",
             "content-security-policy", "content-security-policy-report-only"}
# A content-security policy's nonce (`request.csp_nonce`, django-csp) belongs to one response:
# a kept copy holds this mark in its place, and each response served from it gets its own nonce.
_NONCE = "__coopdec_csp_nonce__"


@dataclass(frozen=True)
class _Public:
    key: str
    etag: str
    last_modified: datetime | None


class PublicCacheMiddleware:
    """ETag, Last-Modified, 304 and a rendered copy per version for `CACHED_VIEWS`, for visitors
    without a session (a signed-in user's pages show their name; a message is shown once)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with serving_request():
            response = self.get_response(request)
            public = getattr(request, "_coopdec_public", None)
            if public is not None:
                response = _finish(request, response, public)
            return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (request.method not in ("GET", "HEAD") or match is None or match.view_name not in CACHED_VIEWS
                or settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES
                or changed_in_this_transaction()):
            return None
        found = versions()
        today = timezone.localdate()
        etag = f'W/"{found.everything}-{today:%Y%m%d}"'
        # A page may say what day it is (a call's deadline, a text « écrit le »): today counts.
        midnight = timezone.make_aware(datetime(today.year, today.month, today.day))
        last_modified = max(found.changed_at, midnight) if found.changed_at else midnight
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha1(address.encode()).hexdigest()
        public = request._coopdec_public = _Public(
            f"coopdec:v1:page:{found.everything}:{today:%Y%m%d}:{digest}", etag, last_modified)
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=int(last_modified.timestamp()))
        if not_modified is not None:
            return not_modified
        if request.method == "GET":
            copy = cache.get(public.key)
            if copy is not None:
                status, headers, content = copy
                nonce = getattr(request, "csp_nonce", None)
                content = content.replace(_NONCE.encode(), str(nonce or "").encode())
                response = HttpResponse(content, status=status)
                for name, value in headers:
                    response[name] = value
                response.coopdec_from_cache = True
                return response
        return None


def _finish(request, response, public: _Public):
    if response.status_code not in (200, 304):
        return response
    if (response.status_code == 200 and request.method == "GET" and not response.streaming
            and not response.cookies and not getattr(response, "coopdec_from_cache", False)
            and not changed_in_this_transaction()):
        content = response.content
        nonce = getattr(request, "csp_nonce", None)
        if nonce:
            content = content.replace(str(nonce).encode(), _NONCE.encode())
        headers = [(name, value) for name, value in response.items() if name.lower() not in _NOT_KEPT]
        cache.set(public.key, (response.status_code, headers, content), TIMEOUT)
    response["ETag"] = public.etag
    response["Last-Modified"] = http_date(public.last_modified.timestamp())
    # Anyone may keep a copy, and asks whether it is still good before using it.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ["Cookie"])
    return response


# ---------------------------------------------------------------- what changes published data


def _on_campaign(sender, instance, **kwargs):
    data_changed(campaign_id=instance.pk)


def _on_campaign_part(sender, instance, **kwargs):
    """A call or a published figure: its campaign's figures and pages."""
    data_changed(campaign_id=instance.campaign_id)


def _on_application(sender, instance, **kwargs):
    """A dossier: public as soon as it is received (counted in the campaign's figures), and as a
    laureate; a draft shows nowhere."""
    from coopdec.applications import workflow

    if instance.state not in workflow.RECEIVED and instance.decision != instance.Decision.RETENU:
        return
    data_changed(campaign_id=_campaign_of_call(instance.call_id))


def _on_application_part(sender, instance, **kwargs):
    """A partner or a co-applicant of a dossier that is public, or a tranche of its grant (once paid,
    a disbursement of the IATI files)."""
    from coopdec.applications import workflow
    from coopdec.applications.models import Application

    state = transaction_state(transaction.get_connection(), create=True)
    known = state.lookups if state is not None else {}
    found = known.get(("application", instance.application_id))
    if found is None:
        found = known[("application", instance.application_id)] = (
            Application.objects.filter(pk=instance.application_id)
            .values_list("state", "decision", "call__campaign_id").first()
        )
    if found is None:  # the dossier itself is being deleted: its own signal says so
        return
    dossier_state, decision, campaign_id = found
    if dossier_state in workflow.RECEIVED or decision == Application.Decision.RETENU:
        data_changed(campaign_id=campaign_id)


def _campaign_of_call(call_id: int) -> int | None:
    from coopdec.calls.models import Call

    state = transaction_state(transaction.get_connection(), create=True)
    known = state.lookups if state is not None else {}
    if ("call", call_id) not in known:
        known[("call", call_id)] = Call.objects.filter(pk=call_id).values_list("campaign_id", flat=True).first()
    return known[("call", call_id)]


def _on_atlas(sender, instance, **kwargs):
    """An action of the Atlas, its French authorities or partners: public unless withdrawn, on
    pages of no campaign (/atlas/, the authorities' and countries' pages, the API, the files)."""
    data_changed(campaign_id=None)


def connect_signals():
    """Every save and delete of what the public side shows, through the ORM (the admin, the
    services, the tests' factories). Bulk writes (`update()`, `bulk_create`) send no signal: the
    services that use them call `data_changed` themselves (the import's commit)."""
    from coopdec.applications.models import Application, CoApplicant, Partnership
    from coopdec.calls.models import Call, Campaign, PublishedFigure
    from coopdec.grants.models import Tranche

    for model, handler in ((Campaign, _on_campaign), (Call, _on_campaign_part),
                           (PublishedFigure, _on_campaign_part), (Application, _on_application),
                           (Partnership, _on_application_part), (CoApplicant, _on_application_part),
                           (Tranche, _on_application_part)):
        for signal in (post_save, post_delete):
            signal.connect(handler, sender=model, dispatch_uid=f"coopdec_publication_{model.__name__}")
    from coopdec.atlas.models import Action, ActionAuthority, ActionPartner

    for model in (Action, ActionAuthority, ActionPartner):
        for signal in (post_save, post_delete):
            signal.connect(_on_atlas, sender=model, dispatch_uid=f"coopdec_publication_atlas_{model.__name__}")
