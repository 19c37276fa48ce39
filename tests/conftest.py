"""Test-wide setup kept to three things: static files without a collected manifest, a fast password
hasher (the tests make hundreds of staff accounts; a deployment's hasher is slow on purpose), and
background tasks that run as soon as they are queued."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # Deployments serve hashed names from a collected manifest; tests render pages without one.
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background tasks (letters, reminders) run as they are queued; tests/deadlines/test_tasks.py runs
    # the database backend's worker itself.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def pytest_report_header(config: pytest.Config) -> str:
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"
