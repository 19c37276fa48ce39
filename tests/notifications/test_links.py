"""Links in emails start with SITE_URL, and without it there is no link to give."""

from __future__ import annotations

from typing import Any

import pytest

from community_trigger.notifications.links import NoSiteUrl, site_url


def test_a_link_is_the_site_address_then_the_path(settings: Any) -> None:
    settings.SITE_URL = "https://trigger.example"

    assert site_url("/test-valley/status/abc/") == "https://trigger.example/test-valley/status/abc/"


def test_without_a_site_address_there_is_no_link(settings: Any) -> None:
    settings.SITE_URL = ""

    with pytest.raises(NoSiteUrl, match="SITE_URL"):
        site_url("/test-valley/status/abc/")


def test_only_a_path_on_the_site_makes_a_link(settings: Any) -> None:
    settings.SITE_URL = "https://trigger.example"

    with pytest.raises(ValueError, match="starts with '/'"):
        site_url("@evil.example/")
