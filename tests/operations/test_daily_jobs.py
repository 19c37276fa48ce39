"""Daily jobs without cron: whichever worker goes round first on a day queues each job in
settings.DAILY_TASKS once; every other worker, on any machine, finds it queued and queues nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from deployment.test_health import _signals_restored  # noqa: F401  (the worker's signals given back)
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from community_trigger.operations.daily import daily_jobs_queue
from community_trigger.operations.models import DailyRun

pytestmark = pytest.mark.django_db

SWEEP = "community_trigger.retention.tasks.retention_sweep"
DRAFTS = "community_trigger.applications.tasks.drafts_sweep"
DAY = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)


@pytest.mark.django_db(transaction=True)  # the worker closes its connection as its loop goes round
@pytest.mark.usefixtures("_signals_restored")
def test_two_workers_run_each_daily_job_once(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DAILY_TASKS = [SWEEP, DRAFTS]

    for worker in ("w-1", "w-2"):
        call_command(
            "db_worker", "--batch", "--no-reload", "--no-startup-delay", "--worker-id", worker, verbosity=0
        )

    ran = sorted(DBTaskResult.objects.values_list("task_path", "status"))
    assert ran == [(DRAFTS, "SUCCESSFUL"), (SWEEP, "SUCCESSFUL")]
    assert set(DailyRun.objects.values_list("job", "worker_id")) == {(SWEEP, "w-1"), (DRAFTS, "w-1")}


@override_settings(DAILY_TASKS=[SWEEP])
def test_a_second_worker_the_same_day_queues_nothing_and_the_next_day_queues_again() -> None:
    with time_machine.travel(DAY, tick=False):
        first = daily_jobs_queue(worker_id="w-1")
        second = daily_jobs_queue(worker_id="w-2")
    with time_machine.travel(DAY + timedelta(hours=17), tick=False):  # 23:00, the same day
        late = daily_jobs_queue(worker_id="w-2")
    with time_machine.travel(DAY + timedelta(days=1), tick=False):
        tomorrow = daily_jobs_queue(worker_id="w-2")

    assert (first, second, late, tomorrow) == ([SWEEP], [], [], [SWEEP])
    assert DailyRun.objects.count() == 2


def test_apply_retention_refuses_a_day_that_is_not_a_date() -> None:
    with pytest.raises(CommandError, match="--day must be a date") as refused:
        call_command("apply_retention", "--day", "next tuesday", stdout=StringIO())

    assert refused.value.returncode == 2


def test_apply_retention_says_what_it_did() -> None:
    out = StringIO()

    call_command("apply_retention", "--day", "2032-11-20", stdout=out)

    assert out.getvalue().strip() == (
        "Anonymised 0 case(s); 0 kept by a hold placed meanwhile; emptied 0 answered data request(s) of "
        "who asked; deleted 0 audit entr(ies) and 0 draft(s)"
    )
