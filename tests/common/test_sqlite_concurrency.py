"""`make run` keeps everything in one SQLite file that the web server and the worker both write: a
write from each at the same moment must wait its turn, never fail with "database is locked"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run in a process of its own, with the project's settings on a database file (the tests' own SQLite
# database is in memory, where none of this applies). Each writer reads, then writes a moment later,
# as a request and the worker both do; the second one starts while the first holds its read.
RACE = """
import json, threading, time
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE race (who TEXT NOT NULL)")
    cursor.execute("PRAGMA journal_mode")
    journal_mode = cursor.fetchone()[0]
    cursor.execute("PRAGMA busy_timeout")
    busy_timeout = cursor.fetchone()[0]
connection.close()

errors = []

def write(who, after):
    time.sleep(after)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM race")
            time.sleep(0.5)
            cursor.execute("INSERT INTO race (who) VALUES (%s)", [who])
    except Exception as error:
        errors.append(f"{who}: {error}")
    finally:
        connection.close()

writers = [threading.Thread(target=write, args=(who, after)) for who, after in (("web", 0), ("worker", 0.1))]
for writer in writers:
    writer.start()
for writer in writers:
    writer.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT who FROM race ORDER BY who")
    written = [row[0] for row in cursor.fetchall()]
print(json.dumps(
    {"journal_mode": journal_mode, "busy_timeout": busy_timeout, "errors": errors, "written": written}
))
"""


def _run(code: str, database_url: str) -> str:
    environment = os.environ | {"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_a_web_write_racing_a_worker_write_both_succeed(tmp_path: Path) -> None:
    outcome = json.loads(_run(RACE, f"sqlite:///{tmp_path / 'db.sqlite3'}"))

    assert outcome["errors"] == []
    assert outcome["written"] == ["web", "worker"]
    assert outcome["journal_mode"] == "wal"
    assert outcome["busy_timeout"] == 20_000


def test_the_sqlite_settings_leave_postgresql_alone() -> None:
    options = (
        "from django.conf import settings; print(repr(settings.DATABASES['default'].get('OPTIONS', {})))"
    )

    # Only PostgreSQL's own: its JIT compiler off (config/settings.py says why).
    assert _run(options, "postgres://someone:secret@127.0.0.1:5432/elsewhere") == "{'options': '-c jit=off'}"
