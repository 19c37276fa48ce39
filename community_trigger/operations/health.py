"""The health check a load balancer asks (/health/): database, shared cache, file storage, workers.

An answer of 200 means this web process can serve; 503 names the part that failed, in a word, with
nothing about anyone's case. It needs no sign-in and is never cached.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from community_trigger.operations.heartbeat import workers_alive


class ClosingExecutor(ThreadPoolExecutor):
    """Runs each check in a thread that closes its database connections when the check is done.

    Django closes a connection at the end of a request, in the request's thread; the checks run in
    other threads, whose connections would otherwise stay open (and go stale) between probes."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        def closing() -> Any:
            try:
                return fn(*args, **kwargs)
            finally:
                connections.close_all()

        return super().submit(closing)


@dataclasses.dataclass
class WorkerHeartbeatCheck(HealthCheck):  # type: ignore[misc]  # the library has no type hints
    """Fails when no task worker has gone round its loop within WORKER_HEARTBEAT_MAX_MINUTES: emails,
    letters and reminders would then wait unsent."""

    def run(self) -> None:
        if not workers_alive():
            raise ServiceUnavailable("No task worker has reported in time")


class Health(HealthCheckView):  # type: ignore[misc]
    """django-health-check's view, answering JSON only: its HTML page carries an inline stylesheet our
    Content Security Policy refuses, and no person reads this page."""

    checks = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        "health_check.checks.Storage",
        WorkerHeartbeatCheck,
    )

    def get_executor(self) -> contextlib.AbstractContextManager[Executor | None]:
        return ClosingExecutor(max_workers=len(self.checks))

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with self.get_executor() as executor:
            self.results = await asyncio.gather(*(check.get_result(executor) for check in self.get_checks()))
        # 503 rather than the library's 500: the load balancer takes this process out of its pool.
        response: HttpResponse = self.render_to_response_json(
            503 if any(result.error for result in self.results) else 200
        )
        return response
