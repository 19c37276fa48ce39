"""`manage.py db_worker`: django-tasks-db's worker, with a heartbeat written as its loop goes round.

This app comes before django_tasks_db in INSTALLED_APPS, so this command is the one `db_worker` runs:
same options, same behaviour, plus the row the health check (/health/) reads to know that some worker,
on some machine, is still sending the outbox and the reminders, and the daily jobs (settings.DAILY_TASKS)
queued once a day by whichever worker gets there first (operations.daily): no cron needed.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import close_old_connections
from django.db.utils import OperationalError
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from community_trigger.operations.daily import daily_jobs_queue
from community_trigger.operations.heartbeat import beat

# A busy worker goes round many times a second; one write per this many seconds says it is alive.
BEAT_EVERY_SECONDS = 10.0
# Whether today's daily jobs are queued yet is asked this often (one small query).
DAILY_EVERY_SECONDS = 60.0


class Worker(db_worker.Worker):
    """The library's loop (django_tasks_db 0.13's Worker.run, which has no hook to beat from), with a
    heartbeat, and today's daily jobs queued if nobody has yet, at the top of each turn."""

    _last_beat = float("-inf")
    _last_daily = float("-inf")

    def beat(self) -> None:
        if time.monotonic() - self._last_beat >= BEAT_EVERY_SECONDS:
            beat(worker_id=self.worker_id)
            self._last_beat = time.monotonic()
        if time.monotonic() - self._last_daily >= DAILY_EVERY_SECONDS:
            daily_jobs_queue(worker_id=self.worker_id)
            self._last_daily = time.monotonic()

    def run(self) -> None:
        db_worker.logger.info(
            "Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names)
        )
        while self.running:
            close_old_connections()
            self.beat()
            tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
            if not self.process_all_queues:
                tasks = tasks.filter(queue_name__in=self.queue_names)
            if self.excluded_queue_names:
                tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
            with exclusive_transaction(tasks.db):
                try:
                    task_result = tasks.get_locked()
                    retrieved = True
                    if task_result is not None:
                        # Claimed inside the lock, so no other worker on any machine runs it too.
                        task_result.claim(self.worker_id)
                except OperationalError as error:
                    retrieved = False
                    if not is_locked_database_exception(error):
                        raise
                    task_result = None
            if task_result is not None:
                self.run_task(task_result)
            if self.batch and retrieved and task_result is None:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            close_old_connections()
            if self.running and not task_result:
                time.sleep(self.interval)


class Command(db_worker.Command):
    help = "Run the background tasks (emails, letters, reminders), writing a heartbeat for /health/"

    def handle(self, *args: Any, **options: Any) -> None:
        # The library's handle builds its own Worker from the module's name: point that name at ours.
        original = db_worker.Worker
        db_worker.Worker = Worker  # type: ignore[misc]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]
