"""The container image, the compose file, the load balancer and the example environment agree with
each other and with the settings (there is no Docker here to run them: this reads them)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from django.urls import resolve

ROOT = Path(__file__).resolve().parent.parent.parent
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]
NGINX = (ROOT / "deploy" / "nginx.conf").read_text()
DOCKERFILE = (ROOT / "Dockerfile").read_text()
ENV_EXAMPLE = (ROOT / "deploy" / "env.example").read_text()


def _settings_read() -> set[str]:
    source = (ROOT / "config" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z0-9_]+)"', source))
    read |= set(re.findall(r'"([A-Z0-9_]+)" in env', source))
    # Refused with a message saying what replaced it, so never to be set.
    return read - {"RATELIMIT_IP_META_KEY"}


def test_the_compose_file_has_the_shape_of_several_machines() -> None:
    assert set(SERVICES) >= {
        "nginx",
        "web-1",
        "web-2",
        "worker-1",
        "worker-2",
        "migrate",
        "postgres",
        "redis",
        "minio",
        "clamav",
    }
    for worker in ("worker-1", "worker-2"):
        assert SERVICES[worker]["command"][:3] == ["python", "manage.py", "db_worker"]
    assert SERVICES["migrate"]["command"] == ["python", "manage.py", "migrate", "--no-input"]
    for app in ("web-1", "web-2", "worker-1", "worker-2"):
        assert SERVICES[app]["env_file"] == "deploy/.env"
        assert SERVICES[app]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_the_load_balancer_sends_to_both_web_processes_and_asks_their_health() -> None:
    upstreams = re.findall(r"server (\S+):8000", NGINX)
    assert upstreams == ["web-1", "web-2"]
    assert "location = /health/" in NGINX
    assert "proxy_set_header X-Request-ID $request_id" in NGINX
    # No query strings ($request, $args) or client addresses ($remote_addr) in its log.
    log_format = re.search(r"log_format ids '([^']*)'", NGINX)
    assert log_format is not None
    logged = set(re.findall(r"\$(\w+)", log_format.group(1)))
    assert logged == {"request_method", "uri", "status", "request_time", "request_id"}


def test_the_health_check_path_everywhere_is_the_apps() -> None:
    assert resolve("/health/").url_name == "health"
    probe = " ".join(SERVICES["web-1"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/health/" in probe


def test_every_setting_the_app_reads_is_in_the_example_environment() -> None:
    named = set(re.findall(r"^#? ?([A-Z0-9_]+)=", ENV_EXAMPLE, flags=re.MULTILINE))

    assert _settings_read() - named == set()
    # And the ones several machines need are set, not left commented out.
    set_here = set(re.findall(r"^([A-Z0-9_]+)=", ENV_EXAMPLE, flags=re.MULTILINE))
    assert set_here >= {
        "SECRET_KEY",
        "DATABASE_URL",
        "CACHE_URL",
        "AWS_STORAGE_BUCKET_NAME",
        "AWS_S3_ENDPOINT_URL",
        "CLAMD_ADDRESS",
        "LOG_FORMAT",
        "TRUSTED_PROXY_COUNT",
    }
    assert "redis://redis:" in ENV_EXAMPLE
    assert "@postgres:5432/" in ENV_EXAMPLE
    assert "http://minio:9000" in ENV_EXAMPLE
    assert "tcp://clamav:3310" in ENV_EXAMPLE


def test_the_image_runs_gunicorn_as_a_user_with_the_libraries_letters_and_documents_need() -> None:
    assert DOCKERFILE.count("FROM python:3.11-slim") == 1
    assert re.search(r"^USER app$", DOCKERFILE, flags=re.MULTILINE)
    assert '"gunicorn", "config.wsgi"' in DOCKERFILE
    for library in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b", "libmagic1"):
        assert library in DOCKERFILE
    # The access log's path without the query string (%(U)s), never the whole request line (%(r)s).
    assert "%(U)s" in DOCKERFILE
    assert "%(r)s" not in DOCKERFILE
    assert "%(q)s" not in DOCKERFILE
    assert "%(h)s" not in DOCKERFILE


def test_the_image_is_built_without_local_secrets_databases_or_environments() -> None:
    ignored = (ROOT / ".dockerignore").read_text().splitlines()

    assert {".git", ".venv", "node_modules", "db.sqlite3*", ".env", "media"} <= set(ignored)
