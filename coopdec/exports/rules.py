"""Pure rules of the export jobs."""
from datetime import datetime, timedelta


def is_stale(*, state: str, heartbeat_at: datetime | None, started_at: datetime | None, now: datetime,
             stale_after: timedelta) -> bool:
    """A running job whose task has given no sign of life for `stale_after`: its process was
    killed or lost its database. The task renews its heartbeat every few hundred rows, so a live
    task is never stale however large its file."""
    if state != "running":
        return False
    last = heartbeat_at or started_at
    return last is None or now - last > stale_after


def runs_in_background(*, rows: int, threshold: int) -> bool:
    """More rows than `threshold` (`EXPORT_BACKGROUND_ROWS`): written by a task, downloaded when
    ready; fewer: streamed in the response."""
    return rows > threshold
