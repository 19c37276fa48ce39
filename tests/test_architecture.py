"""The shape the project promises: a pure domain, and settings that refuse unsafe deployments."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT / "community_trigger" / "domain"


def test_the_domain_imports_nothing_from_django_or_the_web_layers() -> None:
    # import-linter checks the same contract in `make lint`; this keeps it inside the test run too.
    forbidden = ("django", "ninja", "config", "community_trigger.")
    offenders = []
    for path in DOMAIN.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {name}"
                for name in names
                if name.startswith(forbidden) and not name.startswith("community_trigger.domain")
            ]
    assert offenders == []


SHOW_DEBUG = """
import os
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
import django
django.setup()
from django.conf import settings
print(f"DEBUG={settings.DEBUG} HSTS={settings.SECURE_HSTS_SECONDS}")
"""


def _start(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "DEBUG")}
    return subprocess.run(
        [sys.executable, "-c", SHOW_DEBUG],
        cwd=ROOT,
        env=env | environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_deployment_with_debug_off_refuses_the_development_secret_key() -> None:
    completed = _start({"DEBUG": "false"})

    assert completed.returncode != 0
    assert "SECRET_KEY must be set" in completed.stderr


def test_a_deployment_with_its_own_secret_key_starts_with_debug_off() -> None:
    completed = _start({"SECRET_KEY": "a-long-random-value-for-this-test-only-0123456789"})

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "DEBUG=False HSTS=31536000"
