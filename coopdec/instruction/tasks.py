"""Background work of instruction, for the task scheduler (django-tasks): the reminders of the
opinions asked of embassies and prefectures and not given by their due date."""
from django.utils import timezone
from django_tasks import task

from .services import opinions_remind


@task()
def opinions_remind_task() -> int:
    """`services.opinions_remind` for today (Paris time): run it daily; it reminds each late
    request once every `REMIND_EVERY_DAYS` days whatever the number of runs."""
    return opinions_remind(today=timezone.localdate())
