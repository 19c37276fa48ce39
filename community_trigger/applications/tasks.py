"""The daily task that deletes unsent drafts past their partnership's retention schedule (queued once a
day by the worker, settings.DAILY_TASKS; `manage.py delete_stale_drafts` does the same from cron)."""

from __future__ import annotations

from django_tasks import task

from community_trigger.applications.services import drafts_delete_stale


@task()
def drafts_sweep() -> int:
    """Delete the drafts past their schedule's days; answers how many went."""
    return drafts_delete_stale()
