"""What the public side computes, computed once per change of the published data.

Published data (laureates, campaigns, calls, published figures, the lists they came from) has a
version (`DataVersion`, in the database): one for everything and one per campaign. Anything that
changes such data calls `publication_changed(campaign_id=…)`; when its transaction commits, the
versions move. Cached values are named after the version they were computed from, so a change
makes them unreachable at once in every process, without deleting anything (they expire).

- `cached(name, compute, campaign_id=…)`: an aggregate (statistics, maps, campaign figures,
  counts per région) kept in Django's cache (`django.core.cache.cache`: local memory by
  default, Redis where several machines serve) until its campaign's version moves.
- `PublicCacheMiddleware`: the public pages and the read API. An anonymous GET gets an ETag and a
  Last-Modified derived from the version (never from rendering the page), a 304 when it sends
  them back unchanged, and the copy rendered for the same address and version when there is one.

A transaction that has changed published data and not yet committed sees data no other process
sees: it neither reads nor fills the cache until it ends (`changed_in_this_transaction`).
"""
import contextvars
import hashlib
import time
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import datetime
from functools import partial, wraps

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from .models import DataVersion

# How long a cached value may live: a change makes it unreachable at once, so this only bounds
# the memory it holds and the staleness of data changed behind CoopDec's back (raw SQL).
TIMEOUT = 60 * 60
_MISSING = object()


# ---------------------------------------------------------------- saying that data changed


def publication_changed(*, campaign_id: int | None = None) -> None:
    """Published data of a campaign (of every campaign for None) changed in the current
    transaction: its cached values and pages are renewed once the transaction commits (at once
    outside a transaction). Cheap to call several times: once per campaign per transaction."""
    connection = transaction.get_connection()
    state = _transaction_state(connection, create=True)
    if state is not None:
        if None in state.campaigns or campaign_id in state.campaigns:
            return
        state.campaigns.add(campaign_id)
    transaction.on_commit(partial(_bump, campaign_id))


def changed_in_this_transaction() -> bool:
    """Whether the open transaction has changed published data it has not committed yet."""
    return _transaction_state(transaction.get_connection(), create=False) is not None


@dataclass
class _TransactionState:
    outermost: object  # the outermost atomic block, held so that its identity is not reused
    campaigns: set = field(default_factory=set)
    # Looked up once per transaction by the signal handlers.
    call_campaigns: dict = field(default_factory=dict)
    applications: dict = field(default_factory=dict)


def _transaction_state(connection, *, create: bool) -> _TransactionState | None:
    """This connection's record of the changes of its open transaction; None outside one. The
    record of an earlier transaction (committed or rolled back) is dropped on the way."""
    if not connection.in_atomic_block:
        connection.coopdec_publication_changes = None
        return None
    outermost = connection.atomic_blocks[0] if connection.atomic_blocks else None
    state = getattr(connection, "coopdec_publication_changes", None)
    if state is not None and state.outermost is not outermost:
        state = connection.coopdec_publication_changes = None
    if state is None and create:
        state = connection.coopdec_publication_changes = _TransactionState(outermost)
    return state


def _bump(campaign_id: int | None) -> None:
    now = timezone.now()
    rows = DataVersion.objects.all()
    if campaign_id is not None:
        rows = rows.filter(scope__in=(DataVersion.ALL, _scope(campaign_id)))
    with transaction.atomic():
        rows.update(version=F("version") + 1, changed_at=now)
        for scope in (DataVersion.ALL, *([_scope(campaign_id)] if campaign_id is not None else [])):
            # The first change of a scope: its row starts past the version a missing row reads as.
            try:
                with transaction.atomic():
                    DataVersion.objects.get_or_create(scope=scope, defaults={"version": 2, "changed_at": now})
            except IntegrityError:  # another process made it meanwhile, and moved it: enough
                pass
    versions_forget()
    # Committed: what this connection changed is everyone's now.
    transaction.get_connection().coopdec_publication_changes = None


def _scope(campaign_id: int) -> str:
    return f"campaign:{campaign_id}"


# ---------------------------------------------------------------- reading the versions


@dataclass(frozen=True)
class Versions:
    everything: str
    changed_at: datetime | None
    campaigns: dict

    def of(self, campaign_id: int | None) -> str:
        return self.everything if campaign_id is None else self.campaigns.get(campaign_id, "1")


# The versions read for the request being served (one query per request); None outside one.
_current: contextvars.ContextVar = contextvars.ContextVar("coopdec_publication_versions", default=None)


# How long a process trusts the versions it read: a change committed by another process shows
# within this time (at once in the process that made it). Without it, every cached page costs a
# round trip to the database, which on a loaded machine is most of its time.
VERSIONS_TTL = 1.0
_remembered: tuple[float, Versions] | None = None


def versions() -> Versions:
    """Every version in one query, at most once per request and per `VERSIONS_TTL`. A version is
    its counter and the time it moved, so that a database restored to an older counter never
    meets values cached after it."""
    global _remembered
    found = _current.get()
    if found is not None:
        return found
    remembered = _remembered
    if remembered is not None and time.monotonic() < remembered[0]:
        return remembered[1]
    everything, changed_at, campaigns = "1", None, {}
    for scope, version, moved in DataVersion.objects.values_list("scope", "version", "changed_at"):
        token = f"{version}.{int(moved.timestamp() * 1_000_000)}"
        if scope == DataVersion.ALL:
            everything, changed_at = token, moved
        elif scope.startswith("campaign:"):
            campaigns[int(scope.removeprefix("campaign:"))] = token
    found = Versions(everything, changed_at, campaigns)
    _remembered = (time.monotonic() + VERSIONS_TTL, found)
    if _serving.get():
        _current.set(found)
    return found


def versions_forget() -> None:
    """Read the versions afresh next time (after a change, or a test's rollback)."""
    global _remembered
    _remembered = None
    _current.set(None)


_serving: contextvars.ContextVar = contextvars.ContextVar("coopdec_publication_serving", default=False)


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

# Pages and API reads that show published data only: the same for every anonymous visitor.
# Not here: downloads (streamed), the widget (framed by other sites, its own headers), the
# reconciliation service and the authority search (the name index, not the published data).
CACHED_VIEWS = frozenset({
    "publication:home", "publication:campaign", "publication:region", "publication:call",
    "observatory:statistics", "observatory:map", "observatory:networks", "observatory:network",
    "search:search", "opendata:index",
    "directory:authority", "directory:countries", "directory:country",
    "api-v1:campaigns", "api-v1:campaign", "api-v1:calls", "api-v1:laureates", "api-v1:laureate",
    "api-v1:statistics", "api-v1:countries",
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
        serving, current = _serving.set(True), _current.set(None)
        try:
            response = self.get_response(request)
            public = getattr(request, "_coopdec_public", None)
            if public is not None:
                response = _finish(request, response, public)
            return response
        finally:
            _current.reset(current)
            _serving.reset(serving)

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
    publication_changed(campaign_id=instance.pk)


def _on_campaign_part(sender, instance, **kwargs):
    """A call or a published figure: its campaign's figures and pages."""
    publication_changed(campaign_id=instance.campaign_id)


def _on_application(sender, instance, **kwargs):
    """A dossier: public as soon as it is received (counted in the campaign's figures), and as a
    laureate; a draft shows nowhere."""
    from coopdec.applications import workflow

    if instance.state not in workflow.RECEIVED and instance.decision != instance.Decision.RETENU:
        return
    publication_changed(campaign_id=_campaign_of_call(instance.call_id))


def _on_application_part(sender, instance, **kwargs):
    """A partner or a co-applicant of a dossier that is public."""
    from coopdec.applications import workflow
    from coopdec.applications.models import Application

    state = _transaction_state(transaction.get_connection(), create=True)
    known = state.applications if state is not None else {}
    found = known.get(instance.application_id)
    if found is None:
        found = known[instance.application_id] = (
            Application.objects.filter(pk=instance.application_id)
            .values_list("state", "decision", "call__campaign_id").first()
        )
    if found is None:  # the dossier itself is being deleted: its own signal says so
        return
    dossier_state, decision, campaign_id = found
    if dossier_state in workflow.RECEIVED or decision == Application.Decision.RETENU:
        publication_changed(campaign_id=campaign_id)


def _campaign_of_call(call_id: int) -> int | None:
    from coopdec.calls.models import Call

    state = _transaction_state(transaction.get_connection(), create=True)
    known = state.call_campaigns if state is not None else {}
    if call_id not in known:
        known[call_id] = Call.objects.filter(pk=call_id).values_list("campaign_id", flat=True).first()
    return known[call_id]


def connect_signals():
    """Every save and delete of what the public side shows, through the ORM (the admin, the
    services, the tests' factories). Bulk writes (`update()`, `bulk_create`) send no signal: the
    services that use them call `publication_changed` themselves (the import's commit)."""
    from coopdec.applications.models import Application, CoApplicant, Partnership
    from coopdec.calls.models import Call, Campaign, PublishedFigure

    for model, handler in ((Campaign, _on_campaign), (Call, _on_campaign_part),
                           (PublishedFigure, _on_campaign_part), (Application, _on_application),
                           (Partnership, _on_application_part), (CoApplicant, _on_application_part)):
        for signal in (post_save, post_delete):
            signal.connect(handler, sender=model, dispatch_uid=f"coopdec_publication_{model.__name__}")
