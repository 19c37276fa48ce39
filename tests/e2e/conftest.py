"""Browser-test fixtures: the system Chromium, tabs that record whatever went wrong in them, and the
accessibility audit that scans each kind of page once a session."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    Request,
    Response,
    sync_playwright,
)
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.agencies.services import demo_partnership_load

from .accessibility import Audit

# The Chromium that Debian installs; Playwright must never download a browser of its own.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    # Playwright's sync API keeps an event loop running in this thread, and Django refuses database
    # calls from a thread with a running loop. The tests own this thread, so they may; the flag is
    # lifted once the loop stops, so the rest of the suite keeps Django's check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _static_files_without_a_manifest(settings: Settings) -> None:
    # Deployments serve hashed names from a collected manifest, which the live server does not have;
    # the plain storage serves each file under its own name, found where it lies.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _links_to_the_live_server(settings: Settings, live_server: LiveServer) -> None:
    # Emailed links start with SITE_URL, never with the address a request names: here, the test's
    # live server is the site.
    settings.SITE_URL = live_server.url


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    # The rate-limit counters live in the cache, per client address, and every test here comes from
    # 127.0.0.1: without a fresh count, the suite's own submissions would add up to the limit.
    cache.clear()


@pytest.fixture
def partnership(transactional_db: None) -> Partnership:
    """The demo partnership, the only one, so the service's home page is its start page."""
    return demo_partnership_load()


@pytest.fixture
def bilingual(partnership: Partnership) -> Partnership:
    """The demo partnership, offering English and Welsh (as a partnership in Wales would)."""
    partnership.languages = ["en", "cy"]
    partnership.save(update_fields=["languages"])
    return partnership


@dataclass
class Tab:
    """A Chromium tab, with the console errors and failed requests seen since it opened."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)

    def record_console_message(self, message: ConsoleMessage) -> None:
        # A blocked script or style (a CSP violation) is reported here as an error.
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url')})")

    def record_page_error(self, error: Error) -> None:
        self.console_errors.append(f"uncaught {error.name}: {error.message}")

    def record_response(self, response: Response) -> None:
        self.responses.append(response)
        if response.status >= 400:
            self.failed_requests.append(f"{response.status} {response.url}")

    def record_failed_request(self, request: Request) -> None:
        self.failed_requests.append(f"{request.failure} {request.url}")

    def assert_nothing_went_wrong(self) -> None:
        assert self.failed_requests == []
        # Content-Security-Policy violations are reported on the console as errors.
        assert self.console_errors == []


def _watched(context: BrowserContext) -> Tab:
    page = context.new_page()
    opened = Tab(page)
    page.on("console", opened.record_console_message)
    page.on("pageerror", opened.record_page_error)
    page.on("response", opened.record_response)
    page.on("requestfailed", opened.record_failed_request)
    return opened


OpenTab = Callable[..., Tab]


@pytest.fixture
def open_tab(browser: Browser) -> Iterator[OpenTab]:
    """Opens a tab in a browser context of its own (its own cookies, so its own session); keyword
    arguments go to the context, as in open_tab(java_script_enabled=False). All close at the end."""
    contexts: list[BrowserContext] = []

    def open_one(**options: object) -> Tab:
        context = browser.new_context(**options)  # type: ignore[arg-type]
        # Pages answer in milliseconds here; a locator that waits longer has found the wrong page.
        context.set_default_timeout(5_000)
        contexts.append(context)
        return _watched(context)

    yield open_one
    for context in contexts:
        context.close()


@pytest.fixture
def tab(open_tab: OpenTab) -> Tab:
    return open_tab()


@pytest.fixture(scope="session")
def _kinds_scanned() -> set[str]:
    return set()


@pytest.fixture
def audit(_kinds_scanned: set[str]) -> Audit:
    """Scans each kind of page with axe the first time any test reaches it."""
    return Audit(scanned=_kinds_scanned)
