"""Test-wide setup kept to one thing: static files without a collected manifest."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # Deployments serve hashed names from a collected manifest; tests render pages without one.
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_report_header(config: pytest.Config) -> str:
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"
