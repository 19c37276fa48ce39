"""The daily background tasks: deleting incident records past their retention (services), and
linking the new ones to their person and place (linkage).

Run daily by the worker's schedule (DAILY_TASKS) or, from cron, by `manage.py delete_expired_incidents`.
Arguments are plain JSON, as the queue stores them."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from community_trigger.incidents.linkage import incidents_link
from community_trigger.incidents.models import EarlyWarningSettings
from community_trigger.incidents.services import incidents_delete_expired


@task()
def delete_expired_incidents(day: str = "") -> int:
    """Delete the incident records not linked to a case whose retention ended by `day` (ISO date;
    today where the worker is, by default). Answers how many it deleted."""
    today = date.fromisoformat(day) if day else timezone.localdate()
    return incidents_delete_expired(today=today)


@task()
def link_new_records(partnership: str = "", train: bool = False) -> int:
    """Link the records not linked yet, of the partnership whose slug is `partnership` (every
    partnership taking in records, by default), to their person and place (incidents.linkage).
    Answers how many records it linked."""
    return link_everywhere(slug=partnership, train=train)


def link_everywhere(*, slug: str = "", train: bool = False) -> int:
    """`incidents_link` for each partnership taking in incident records (or only the one `slug`);
    answers how many records were linked."""
    settings = EarlyWarningSettings.objects.filter(intake_enabled=True).select_related("partnership")
    if slug:
        settings = settings.filter(partnership__slug=slug)
    linked = 0
    for one in settings:
        linked += incidents_link(partnership=one.partnership, train=train or None).new
    return linked
