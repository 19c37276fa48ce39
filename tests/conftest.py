"""Test-wide setup kept to two things: static files without a collected manifest, and a fast password
hasher (the tests make hundreds of staff accounts; a deployment's hasher is slow on purpose)."""

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


def pytest_report_header(config: pytest.Config) -> str:
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"
