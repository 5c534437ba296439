"""Background work of dossiers, run by django-tasks (database backend; immediate in tests)."""
from django_tasks import task

from .models import Transition
from .notifications import notification_send


@task()
def transition_notify(*, transition_id: int, follow: str) -> int:
    """Send what a transition's move says follows it; returns the number of e-mails sent."""
    record = Transition.objects.select_related("application__call__campaign", "application__lead_authority",
                                               "by").get(pk=transition_id)
    return notification_send(transition=record, follow=follow)
