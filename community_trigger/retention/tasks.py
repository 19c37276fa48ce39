"""The daily retention task: every partnership's expired cases anonymised (those on hold kept) and audit
entries past their period deleted. The worker queues it once a day (operations.daily, settings
.DAILY_TASKS); `manage.py apply_retention` runs it from cron instead. Arguments are plain JSON."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from community_trigger.retention.services import retention_sweep_run


@task()
def retention_sweep(day: str = "") -> dict[str, int]:
    """Apply every partnership's retention schedule as of `day` (ISO date; today by default); answers
    how many cases were anonymised, how many a hold kept, and how many audit entries went."""
    swept = retention_sweep_run(today=date.fromisoformat(day) if day else timezone.localdate())
    return {
        "cases": swept.cases,
        "held_back": swept.held_back,
        "audit_entries": swept.audit_entries,
        "data_requests": swept.data_requests,
    }
