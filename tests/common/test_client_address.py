"""The client's address, worked out one way for the rate limits and the sign-in lockout: REMOTE_ADDR,
or behind TRUSTED_PROXY_COUNT proxies the address the farthest of them saw, never whatever the
client wrote into X-Forwarded-For, and never a crash when the header is missing or malformed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory
from pytest_django import Settings

from community_trigger.common.client_address import UNKNOWN_ADDRESS, client_address

PROXY = "10.0.0.2"
CLIENT = "203.0.113.9"
SPOOFED = "198.51.100.1"


def _address(proxies: int, settings: Settings, remote: str = PROXY, forwarded: str | None = None) -> str:
    settings.TRUSTED_PROXY_COUNT = proxies
    meta: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


def test_without_a_proxy_the_header_is_ignored(settings: Settings) -> None:
    assert _address(0, settings, remote=CLIENT, forwarded=SPOOFED) == CLIENT


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        (CLIENT, CLIENT),
        (f"{SPOOFED}, {CLIENT}", CLIENT),
        (f"{SPOOFED},{SPOOFED}, {CLIENT}", CLIENT),
        ("2001:db8::7", "2001:db8::7"),
    ],
)
def test_behind_one_proxy_the_last_address_counts(settings: Settings, forwarded: str, expected: str) -> None:
    assert _address(1, settings, forwarded=forwarded) == expected


def test_behind_two_proxies_the_second_address_from_the_right_counts(settings: Settings) -> None:
    assert _address(2, settings, forwarded=f"{SPOOFED}, {CLIENT}, 10.0.0.1") == CLIENT


@pytest.mark.parametrize(
    "forwarded",
    [None, "", " , ", "not-an-address", f"{CLIENT}, unknown", f"{CLIENT}:443", "203.0.113.999"],
)
def test_a_missing_or_malformed_header_falls_back_to_the_proxy_address(
    settings: Settings, forwarded: str | None
) -> None:
    assert _address(1, settings, forwarded=forwarded) == PROXY


def test_fewer_addresses_than_proxies_falls_back_to_the_proxy_address(settings: Settings) -> None:
    assert _address(2, settings, forwarded=CLIENT) == PROXY


def test_no_usable_address_at_all_is_the_unknown_address_not_an_error(settings: Settings) -> None:
    assert _address(0, settings, remote="") == UNKNOWN_ADDRESS
    assert _address(1, settings, remote="", forwarded="garbage") == UNKNOWN_ADDRESS


def test_the_rate_limits_and_the_lockout_both_ask_it() -> None:
    assert django_settings.RATELIMIT_IP_META_KEY == "community_trigger.common.client_address.client_address"
    assert django_settings.AXES_CLIENT_IP_CALLABLE == django_settings.RATELIMIT_IP_META_KEY


def _start(**environment: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=Path(__file__).resolve().parents[2],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings", **environment},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_old_header_setting_refuses_to_start_and_says_what_replaced_it() -> None:
    started = _start(RATELIMIT_IP_META_KEY="HTTP_X_FORWARDED_FOR")

    assert started.returncode != 0
    assert "TRUSTED_PROXY_COUNT" in started.stderr


def test_a_proxy_count_that_is_not_a_small_number_refuses_to_start() -> None:
    assert _start(TRUSTED_PROXY_COUNT="-1").returncode != 0
    assert _start(TRUSTED_PROXY_COUNT="1").returncode == 0
