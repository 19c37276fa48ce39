"""The daily background tasks of early warning: the day's run, which links the incident records not
linked yet to their person and place and then detects (in that order: detection reads the links), and
detection alone. From cron, `manage.py link_incidents` then `manage.py detect_early_warnings`."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from community_trigger.earlywarning.services import detect_everywhere
from community_trigger.incidents.tasks import link_everywhere


@task()
def detect_findings(day: str = "") -> int:
    """Detect for every partnership with intake on, as of `day` (ISO date; today by default). Answers
    how many findings were new or grew."""
    return detect_everywhere(today=date.fromisoformat(day) if day else timezone.localdate())


@task()
def early_warning_daily(day: str = "") -> dict[str, int]:
    """The day's early warning (settings.DAILY_TASKS): every partnership's new incident records linked,
    then detection as of `day` (ISO date; today by default). Answers how many records were linked and
    how many findings were new or grew."""
    linked = link_everywhere()
    found = detect_everywhere(today=date.fromisoformat(day) if day else timezone.localdate())
    return {"linked": linked, "findings": found}
