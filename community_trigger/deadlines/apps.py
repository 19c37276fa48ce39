"""Django app configuration for deadlines, with the check that reminder emails can link to the site."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class DeadlinesConfig(AppConfig):
    name = "community_trigger.deadlines"
    verbose_name = "Deadlines and reminders"

    def ready(self) -> None:
        checks.register(site_url_check)


def site_url_check(**kwargs: Any) -> list[checks.CheckMessage]:
    # A background task has no request to take the site's address from, so reminders need it set.
    if settings.SITE_URL:
        return []
    return [
        checks.Warning(
            "SITE_URL is not set, so reminder emails cannot link to the case and will not be sent.",
            hint="Set SITE_URL to the address staff use, e.g. https://trigger.example.gov.uk.",
            id="deadlines.W001",
        )
    ]
