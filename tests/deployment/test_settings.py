"""What a deployment's environment makes of the cache, the file storage and the logs, and what it refuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOYMENT = {"SECRET_KEY": "a-deployments-own-secret-key-" + "x" * 30, "ALLOWED_HOSTS": "trigger.example"}
SHOWN = ", ".join(
    [
        "CACHES['default']['BACKEND']",
        "STORAGES['default']['BACKEND']",
        "LOGGING['handlers']['console']['formatter']",
    ]
)


def settings_with(**environment: str) -> subprocess.CompletedProcess[str]:
    """Import config.settings afresh in a process that has exactly this environment."""
    env = {"PATH": os.environ["PATH"], **DEPLOYMENT, **environment}
    program = f"import json; from config.settings import *; print(json.dumps([{SHOWN}]))"
    return subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def shown(**environment: str) -> list[str]:
    result = settings_with(**environment)
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout))


def test_a_deployment_shares_the_database_cache_keeps_files_locally_and_logs_text_by_default() -> None:
    assert shown() == [
        "community_trigger.common.cache.SharedDatabaseCache",
        "django.core.files.storage.FileSystemStorage",
        "text",
    ]


def test_several_machines_use_redis_s3_and_json_logs_when_told() -> None:
    assert shown(
        CACHE_URL="redis://redis:6379/0",
        AWS_STORAGE_BUCKET_NAME="documents",
        AWS_S3_ENDPOINT_URL="http://minio:9000",
        LOG_FORMAT="json",
    ) == ["django_redis.cache.RedisCache", "storages.backends.s3.S3Storage", "json"]


def test_a_database_cache_named_in_cache_url_counts_atomically_too() -> None:
    assert (
        shown(CACHE_URL="dbcache://another_cache_table")[0]
        == "community_trigger.common.cache.SharedDatabaseCache"
    )


def test_a_deployment_refuses_a_cache_each_process_keeps_to_itself() -> None:
    refused = settings_with(CACHE_URL="locmemcache://")

    assert refused.returncode != 0
    assert "keeps the rate-limit counters inside each process" in refused.stderr


def test_development_may_keep_a_cache_in_its_one_process() -> None:
    assert shown(DEBUG="1", CACHE_URL="locmemcache://")[0] == "django.core.cache.backends.locmem.LocMemCache"


def test_an_unknown_log_format_and_two_kinds_of_storage_are_refused() -> None:
    assert "LOG_FORMAT must be text or json" in settings_with(LOG_FORMAT="xml").stderr
    both = settings_with(AWS_STORAGE_BUCKET_NAME="documents", DOCUMENT_STORAGE_BACKEND="x.Storage")
    assert "not both" in both.stderr
