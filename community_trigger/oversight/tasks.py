"""The daily background task that looks for unusual access to cases and emails the data protection
officers about each alert it raises. `manage.py check_access` (from cron) queues it; so can the
worker's daily schedule (`DAILY_TASKS`: community_trigger.oversight.tasks.check_unusual_access)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from community_trigger.oversight.services import unusual_access_find


@task()
def check_unusual_access(day: str = "") -> int:
    """Look at `day`'s access (ISO date; yesterday, the last whole day, by default) and raise its
    alerts, each emailed to the data protection officers through the outbox. Answers how many."""
    checked = datetime.date.fromisoformat(day) if day else timezone.localdate() - datetime.timedelta(days=1)
    return len(unusual_access_find(day=checked))
