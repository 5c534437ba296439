"""Background work of the public side, run by django-tasks (`manage.py db_worker`)."""
from django_tasks import task

from . import readmodel


@task()
def read_model_rebuild(*, campaign_id: int | None) -> int:
    """Rebuild the read model of a campaign whose data version moved (of every campaign behind its
    version, for None); returns the rows built."""
    if campaign_id is None:
        return sum(state.rows for state in readmodel.rebuild_stale())
    state = readmodel.rebuild(campaign_id)
    return state.rows if state else 0
