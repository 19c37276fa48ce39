"""The daily background task that runs early-warning detection (services.findings_detect) for every
partnership taking in incident records. Chained after the record linkage in the daily schedule; from
cron, `manage.py detect_early_warnings`."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from community_trigger.earlywarning.services import detect_everywhere


@task()
def detect_findings(day: str = "") -> int:
    """Detect for every partnership with intake on, as of `day` (ISO date; today by default). Answers
    how many findings were new or grew."""
    return detect_everywhere(today=date.fromisoformat(day) if day else timezone.localdate())
