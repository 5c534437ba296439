"""The data version: how any app says that published data moved, and how readers learn it.

Published data (laureates, campaigns, calls, published figures, the lists they came from) has a
version (`DataVersion`): one for everything and one per campaign. Whatever changes such data — a
committee's publication, an import, an edit in the admin — calls `data_changed(campaign_id=…)`
in its transaction; when the transaction commits, the versions move and `data_version_moved` is
sent. Caches name their values after the version they were computed from (`publication.cache`),
so a change makes them unreachable at once in every process.

The ground floor: any app may call it, and it knows no record. A transaction that has changed
published data and not yet committed sees data no other process sees: `changed_in_this_transaction`
tells caches to neither read nor fill until it ends.
"""
import contextvars
import time
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from .models import DataVersion

# Sent once per campaign (None: every campaign) after the change committed and the versions moved;
# receivers get `campaign_id`. Whatever keeps a copy of published data renews it here.
data_version_moved = Signal()


def data_changed(*, campaign_id: int | None = None) -> None:
    """Published data of a campaign (of every campaign for None) changed in the current
    transaction: its cached values and pages are renewed once the transaction commits (at once
    outside a transaction). Cheap to call several times: once per campaign per transaction."""
    connection = transaction.get_connection()
    state = transaction_state(connection, create=True)
    if state is not None:
        if None in state.campaigns or campaign_id in state.campaigns:
            return
        state.campaigns.add(campaign_id)
    transaction.on_commit(partial(_bump, campaign_id))


def changed_in_this_transaction() -> bool:
    """Whether the open transaction has changed published data it has not committed yet."""
    return transaction_state(transaction.get_connection(), create=False) is not None


@dataclass
class TransactionState:
    """What the open transaction of a connection changed, and what it looked up on the way (the
    campaign of a call, the state of a dossier) so that many saves cost one query each."""

    outermost: object  # the outermost atomic block, held so that its identity is not reused
    campaigns: set = field(default_factory=set)
    lookups: dict = field(default_factory=dict)


def transaction_state(connection, *, create: bool) -> TransactionState | None:
    """This connection's record of the changes of its open transaction; None outside one. The
    record of an earlier transaction (committed or rolled back) is dropped on the way."""
    if not connection.in_atomic_block:
        connection.coopdec_data_changes = None
        return None
    outermost = connection.atomic_blocks[0] if connection.atomic_blocks else None
    state = getattr(connection, "coopdec_data_changes", None)
    if state is not None and state.outermost is not outermost:
        state = connection.coopdec_data_changes = None
    if state is None and create:
        state = connection.coopdec_data_changes = TransactionState(outermost)
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
    transaction.get_connection().coopdec_data_changes = None
    data_version_moved.send(sender=DataVersion, campaign_id=campaign_id)


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
_current: contextvars.ContextVar = contextvars.ContextVar("coopdec_data_versions", default=None)
_serving: contextvars.ContextVar = contextvars.ContextVar("coopdec_data_serving", default=False)

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


class serving_request:
    """While a request is served, its versions are read once (the middleware's context)."""

    def __enter__(self):
        self._tokens = (_serving.set(True), _current.set(None))

    def __exit__(self, *exc):
        serving, current = self._tokens
        _current.reset(current)
        _serving.reset(serving)
