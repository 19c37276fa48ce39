"""Browser-test fixtures: the system Chromium, and a tab that records whatever went wrong in it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error,
    Page,
    Request,
    Response,
    sync_playwright,
)
from pytest_django import Settings

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


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    context = browser.new_context()
    page = context.new_page()
    opened = Tab(page)
    page.on("console", opened.record_console_message)
    page.on("pageerror", opened.record_page_error)
    page.on("response", opened.record_response)
    page.on("requestfailed", opened.record_failed_request)
    yield opened
    context.close()
