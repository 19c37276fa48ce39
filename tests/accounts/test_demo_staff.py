"""The demo staff accounts `make run` prints: one per role, one in another partnership, each with a
backup code to pass the second factor; made only on a development machine, and safe to make again."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from pytest_django import Settings

from community_trigger.accounts.services import DEMO_PASSWORD, DemoStaffRefused, demo_staff_load
from community_trigger.agencies.models import Membership, Partnership

from .people import HOME, sign_in_with_password

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug(settings: Settings) -> None:
    settings.DEBUG = True


def memberships() -> list[tuple[str, str, str, str]]:
    return sorted(
        Membership.objects.values_list("user__username", "agency__partnership__slug", "agency__kind", "role")
    )


def test_with_debug_off_it_refuses_and_makes_no_account() -> None:
    with pytest.raises(DemoStaffRefused, match="only on a development machine"):
        demo_staff_load()

    assert not get_user_model().objects.exists()


@pytest.mark.usefixtures("debug")
def test_there_is_an_account_for_every_role_and_one_in_another_partnership() -> None:
    accounts = demo_staff_load()

    assert memberships() == [
        ("another.coordinator", "another", "council", "coordinator"),
        ("auditor", "test-valley", "council", "auditor"),
        ("coordinator", "test-valley", "council", "coordinator"),
        ("data.protection", "test-valley", "council", "data_protection_officer"),
        ("housing.officer", "test-valley", "housing", "agency_officer"),
        ("panel.chair", "test-valley", "council", "panel_chair"),
        ("police.officer", "test-valley", "police", "agency_officer"),
        ("reviewer", "test-valley", "council", "panel_chair"),
    ]
    assert Partnership.objects.get(slug="another").name == "Another Partnership"
    admin = get_user_model().objects.get(username="platform.admin")
    assert admin.is_superuser
    assert not Membership.objects.filter(user=admin).exists()
    assert len(accounts) == 9
    for account in accounts:
        user = get_user_model().objects.get(username=account.username)
        assert user.check_password(DEMO_PASSWORD)
        assert StaticToken.objects.filter(device__user=user).count() == 10
        assert StaticToken.objects.filter(device__user=user, token=account.backup_code).exists()


@pytest.mark.usefixtures("debug")
def test_loading_again_changes_nothing_but_the_backup_codes() -> None:
    first = demo_staff_load()
    users = sorted(get_user_model().objects.values_list("pk", "username", "email"))
    kept = memberships()

    second = demo_staff_load()

    assert sorted(get_user_model().objects.values_list("pk", "username", "email")) == users
    assert memberships() == kept
    assert Partnership.objects.count() == 2
    assert StaticToken.objects.count() == 90
    old_codes = {account.backup_code for account in first}
    assert not StaticToken.objects.filter(token__in=old_codes).exists()
    assert [account.username for account in second] == [account.username for account in first]


@pytest.mark.usefixtures("debug")
def test_loading_again_repairs_a_changed_demo_account() -> None:
    demo_staff_load()
    user = get_user_model().objects.get(username="coordinator")
    user.set_password("something-else-entirely")
    user.is_active = False
    user.save()
    Membership.objects.filter(user=user).update(role="auditor")

    demo_staff_load()

    user.refresh_from_db()
    assert user.is_active
    assert user.check_password(DEMO_PASSWORD)
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == ["coordinator"]


@pytest.mark.usefixtures("debug")
def test_a_printed_backup_code_signs_the_demo_account_in(client: Client) -> None:
    (coordinator,) = [account for account in demo_staff_load() if account.username == "coordinator"]

    assert sign_in_with_password(client, "coordinator", DEMO_PASSWORD)["Location"] == (
        "/staff/sign-in/second-factor/"
    )
    assert client.get("/staff/sign-in/second-factor/")["Location"] == "/staff/sign-in/backup-code/"
    assert client.post("/staff/sign-in/backup-code/", {"code": coordinator.backup_code})["Location"] == HOME
    assert "Test Valley Borough Council" in client.get("/staff/account/").content.decode()


@pytest.mark.usefixtures("debug")
def test_load_demo_prints_how_to_sign_in_as_each_account(settings: Settings) -> None:
    settings.SITE_URL = "http://127.0.0.1:8123"
    out = StringIO()

    call_command("load_demo", stdout=out)

    printed = out.getvalue()
    assert f'Sign in at http://127.0.0.1:8123/staff/ with the password "{DEMO_PASSWORD}"' in printed
    lines = re.findall(r"^  (\S+) +backup code ([a-z2-7]{8})  ", printed, flags=re.MULTILINE)
    assert len(lines) == 9
    for username, code in lines:
        assert StaticToken.objects.filter(device__user__username=username, token=code).exists()


def test_load_demo_with_debug_off_loads_the_partnership_and_says_why_there_are_no_accounts() -> None:
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert "No demo staff accounts: " in out.getvalue()
    assert not get_user_model().objects.exists()
    assert Partnership.objects.count() == 1
