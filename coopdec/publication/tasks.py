"""Background work of the public side, run by django-tasks (`manage.py db_worker`)."""
import logging

from django_tasks import task

from . import readmodel

logger = logging.getLogger(__name__)


@task()
def read_model_rebuild(*, campaign_id: int | None) -> int:
    """Rebuild the read model of a campaign whose data version moved (of every campaign behind its
    version, for None); returns the rows built."""
    if campaign_id is None:
        return sum(state.rows for state in readmodel.rebuild_stale())
    state = readmodel.rebuild(campaign_id)
    return state.rows if state else 0


def on_version_moved(sender, campaign_id=None, **kwargs) -> None:
    """`data_version_moved`: the campaign's rows are rebuilt by a task. A failure to queue it
    (or, run at once, to build) never undoes the change that committed: readers read the records
    meanwhile, and `manage.py read_model_rebuild` catches up."""
    try:
        read_model_rebuild.enqueue(campaign_id=campaign_id)
    except Exception:
        logger.exception("read model of campaign %s not rebuilt", campaign_id)
