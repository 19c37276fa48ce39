"""Several machines, as processes on one: two gunicorn servers and two task workers on one PostgreSQL,
with the settings a deployment uses (the shared database cache, sessions in the database). A visitor
whose requests land on either server meets one rate limit, one sign-in lockout and one session; two
submissions at once on two servers get different references; and each email, reminders among them,
is sent once although two workers and two machines' cron are at it.

PostgreSQL only: several processes writing one SQLite file is not the shape several machines take.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from email import message_from_string
from email.policy import default
from pathlib import Path

import pytest
import requests
from accounts.people import PASSWORD, code_now, staff, with_authenticator
from applications.builders import agency_id, answers_for, draft, in_session, partnership
from deadlines.cases import asked, person
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db.models import QuerySet
from django.test import Client, override_settings

from community_trigger.cases.models import Application
from community_trigger.deadlines.models import Reminder
from community_trigger.notifications.models import Message
from community_trigger.operations.models import WorkerHeartbeat

pytestmark = [
    pytest.mark.postgresql,  # several processes on one database
    # The servers and workers see only what this test commits.
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parent.parent.parent
STATUS_LIMIT = 3
WAIT_SECONDS = 60
# Every machine's SECRET_KEY; the test signs the sessions it hands to the browsers with it too.
SHARED_SECRET = "several-machines-share-this-secret-key-" + "s" * 20


@dataclass
class Machines:
    servers: list[str]
    outbox: Path
    environment: dict[str, str]

    def manage(self, *arguments: str) -> None:
        """Run a management command as a machine's cron would."""
        subprocess.run(
            [sys.executable, "manage.py", *arguments], cwd=ROOT, env=self.environment, check=True, timeout=60
        )

    def emails(self) -> list[tuple[str, str]]:
        """(recipient, subject) of every email the workers sent, from the file backend's files."""
        sent = []
        for path in self.outbox.iterdir():
            # The file backend writes each email followed by a line of 79 dashes.
            for text in path.read_text().split("-" * 79 + "\n"):
                if text.strip():
                    email = message_from_string(text, policy=default)
                    sent.append((str(email["To"]), str(email["Subject"])))
        return sent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {WAIT_SECONDS} s for {what}")
        time.sleep(0.2)


def _answers(url: str) -> bool:
    try:
        requests.get(url + "/health/", timeout=30)
    except requests.RequestException:
        return False
    return True


@pytest.fixture(scope="module")
def machines(django_db_setup: None, django_db_blocker: object) -> Iterator[Machines]:
    database = settings.DATABASES["default"]
    outbox = Path(tempfile.mkdtemp(prefix="community-trigger-outbox-"))
    ports = [_free_port(), _free_port()]
    environment = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "SECRET_KEY": SHARED_SECRET,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SITE_URL": f"http://127.0.0.1:{ports[0]}",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        # Every email the workers send, as a file in `outbox` (django-environ drops the path's first "/").
        "EMAIL_URL": f"filemail:///{outbox.resolve()}",
        "MEDIA_ROOT": tempfile.mkdtemp(prefix="community-trigger-media-"),
        "RATE_LIMIT_STATUS": f"{STATUS_LIMIT}/h",
        "RATE_LIMIT_SUBMISSIONS": "100/h",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "WARNING",
    }
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                # Two servers on one machine: gunicorn's control socket has one default path.
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=environment,
        )
        for port in ports
    ] + [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--interval",
                "0.2",
                "--worker-id",
                name,
            ],
            cwd=ROOT,
            env=environment,
        )
        for name in ("worker-1", "worker-2")
    ]
    servers = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for server in servers:
            _wait_for(lambda server=server: _answers(server), f"{server} to answer")  # type: ignore[misc]
        yield Machines(servers=servers, outbox=outbox, environment=environment)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        shutil.rmtree(outbox)
        shutil.rmtree(environment["MEDIA_ROOT"])


def _waiting(messages: QuerySet[Message]) -> bool:
    return messages.filter(status__in=[Message.Status.QUEUED, Message.Status.SENDING]).exists()


def _form_token(browser: requests.Session, url: str) -> str:
    page = browser.get(url, timeout=10)
    assert page.status_code == 200, url
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, url
    return match.group(1)


def test_both_servers_are_healthy_once_the_two_workers_beat(machines: Machines) -> None:
    _wait_for(lambda: WorkerHeartbeat.objects.count() == 2, "both workers' heartbeats")

    for server in machines.servers:
        response = requests.get(server + "/health/", timeout=10)
        assert response.status_code == 200, response.text
        assert len(response.headers["X-Request-ID"]) == 32


def test_a_rate_limit_counts_the_requests_to_either_server(machines: Machines) -> None:
    partnership()
    first, second = machines.servers
    browser = requests.Session()
    token = _form_token(browser, f"{first}/test-valley/status/")
    answers = []
    for attempt in range(STATUS_LIMIT + 1):
        server = machines.servers[attempt % 2]
        answers.append(
            browser.post(
                f"{server}/test-valley/status/",
                data={"csrfmiddlewaretoken": token, "reference": "TVP-2026-0001", "code": "WRONG"},
                timeout=10,
            ).status_code
        )

    assert answers == [200] * STATUS_LIMIT + [429]
    # The limit is the client's, not the server's: the other server refuses the next one too.
    refused = browser.post(f"{second}/test-valley/status/", data={"csrfmiddlewaretoken": token}, timeout=10)
    assert refused.status_code == 429


def test_the_sign_in_lockout_counts_failures_on_either_server(machines: Machines) -> None:
    staff("cara")
    browser = requests.Session()
    token = _form_token(browser, machines.servers[0] + "/staff/sign-in/")
    answers = [
        browser.post(
            machines.servers[attempt % 2] + "/staff/sign-in/",
            data={"csrfmiddlewaretoken": token, "username": "cara", "password": "not-the-password"},
            timeout=10,
        ).status_code
        for attempt in range(5)
    ]

    assert answers == [200, 200, 200, 200, 429]


def test_a_session_begun_on_one_server_holds_on_the_other(machines: Machines) -> None:
    first, second = machines.servers
    user = staff("dev")
    # Hashed as a deployment hashes it: the tests' fast hasher is not one the servers accept.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.save()
    device = with_authenticator(user)
    browser = requests.Session()
    token = _form_token(browser, first + "/staff/sign-in/")
    asked_for_code = browser.post(
        first + "/staff/sign-in/",
        data={"csrfmiddlewaretoken": token, "username": "dev", "password": PASSWORD},
        timeout=10,
    )
    assert asked_for_code.status_code == 200
    code_page = asked_for_code.url.replace(first, second)

    signed_in = browser.post(
        code_page,
        data={"csrfmiddlewaretoken": _form_token(browser, code_page), "code": code_now(device)},
        timeout=10,
    )

    assert signed_in.status_code == 200
    for server in (first, second):
        home = browser.get(server + "/staff/", timeout=10, allow_redirects=False)
        assert home.status_code == 200, server


def test_submissions_at_once_on_both_servers_get_unique_references_and_each_email_goes_once(
    machines: Machines,
) -> None:
    tvp = partnership()
    browsers = []
    for _ in range(6):
        with override_settings(SECRET_KEY=SHARED_SECRET):
            client = in_session(Client(), draft(tvp, answers_for("victim", agency=agency_id(tvp))))
        browser = requests.Session()
        browser.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
        browsers.append(browser)

    def submit(number: int) -> int:
        page = f"{machines.servers[number % 2]}/test-valley/apply/check-answers/"
        token = _form_token(browsers[number], page)
        response = browsers[number].post(page, data={"csrfmiddlewaretoken": token}, timeout=30)
        return response.status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert list(pool.map(submit, range(6))) == [200] * 6

    references = list(Application.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references)) == 6
    _wait_for(lambda: not _waiting(Message.objects.all()), "the workers to send everything")
    sent = Message.objects.filter(channel=Message.Channel.EMAIL, status=Message.Status.SENT)
    assert sent.count() >= 6
    assert sorted(to for to, _ in machines.emails()) == sorted(sent.values_list("to", flat=True))


def test_the_days_reminders_queued_by_two_machines_are_each_sent_once(machines: Machines) -> None:
    case = asked(partnership(), "police", due_by=date(2026, 11, 24), review_by=date(2026, 11, 24))
    coordinator, officer = person("coordinator"), person("police officer")
    before = set(machines.emails())

    # Both machines' cron queue the day's reminders; either worker may run either task.
    machines.manage("send_reminders", "--date", "2026-11-20")
    machines.manage("send_reminders", "--date", "2026-11-20")

    _wait_for(
        lambda: Reminder.objects.count() == 2 and not _waiting(Message.objects.filter(case=case)),
        "the reminders to be sent",
    )
    time.sleep(1)  # long enough for a second, duplicate sending to show
    reminders = [email for email in machines.emails() if email not in before and case.reference in email[1]]
    assert sorted(to for to, _ in reminders) == sorted([coordinator.email, officer.email])
