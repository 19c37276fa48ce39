"""Who may open each data protection and team page: one line per persona and page. The hub is every
member of staff's; the access pages the data protection officer's; the team pages those who manage the
partnership's staff (its coordinators). Another partnership's alert or member of staff is not found."""

from __future__ import annotations

import datetime

import pytest
from accounts.people import signed_in_as, staff, verified
from applications.builders import other_partnership, partnership
from django.test import Client
from django.utils import timezone

from community_trigger.agencies.models import Agency, Membership
from community_trigger.domain.access import Role
from community_trigger.oversight.models import AccessAlert

pytestmark = pytest.mark.django_db

PERSONAS = (
    "data protection officer",
    "coordinator",
    "panel chair",
    "officer of the asked agency",
    "auditor",
    "other partnership",
    "anonymous",
)
DPO_ONLY = {"data protection officer": 200}
COORDINATORS = {"coordinator": 200, "other partnership": 200}
SIGN_IN = 302


def _signed_in(client: Client, name: str) -> None:
    if name == "data protection officer":
        verified(client, staff("dora", role=Role.DPO))
    else:
        signed_in_as(client, name)


def _expected(name: str, allowed: dict[str, int]) -> int:
    if name == "anonymous":
        return SIGN_IN
    return allowed.get(name, 403)


def _alert() -> AccessAlert:
    pat = staff("pat-alerted", role=Role.AGENCY_OFFICER, agency_kind="police")
    return AccessAlert.objects.create(
        key="test",
        partnership=partnership(),
        kind=AccessAlert.Kind.MANY_CASES,
        day=datetime.date(2026, 11, 30),
        user=pat,
        created_at=timezone.now(),
    )


@pytest.mark.parametrize("name", PERSONAS)
def test_every_member_of_staff_reads_the_hub(client: Client, name: str) -> None:
    _signed_in(client, name)

    assert client.get("/staff/data-protection/").status_code == (SIGN_IN if name == "anonymous" else 200)


@pytest.mark.parametrize("name", PERSONAS)
@pytest.mark.parametrize("path", ["/staff/data-protection/access/", "/staff/data-protection/access/report/"])
def test_only_the_data_protection_officer_opens_the_access_pages(
    client: Client, name: str, path: str
) -> None:
    _signed_in(client, name)

    assert client.get(path).status_code == _expected(name, DPO_ONLY)


@pytest.mark.parametrize("name", PERSONAS)
def test_only_the_data_protection_officer_searches_and_downloads_the_report(
    client: Client, name: str
) -> None:
    _signed_in(client, name)

    search = client.post("/staff/data-protection/access/report/search/", {"reference": "TVP-1"})
    download = client.get("/staff/data-protection/access/report/download/")

    assert search.status_code == _expected(name, {"data protection officer": 302})
    assert download.status_code == _expected(name, {"data protection officer": 302})


@pytest.mark.parametrize("name", PERSONAS)
def test_only_the_data_protection_officer_reviews_an_alert(client: Client, name: str) -> None:
    alert = _alert()
    _signed_in(client, name)

    assert client.get(f"/staff/data-protection/access/alerts/{alert.pk}/").status_code == _expected(
        name, DPO_ONLY
    )


def test_another_partnerships_data_protection_officer_does_not_find_the_alert(client: Client) -> None:
    alert = _alert()
    elsewhere = staff("dpo-elsewhere", role=None)
    Membership.objects.create(
        user=elsewhere,
        agency=Agency.objects.get(partnership=other_partnership()),
        role=Role.DPO,
    )
    verified(client, elsewhere)

    assert client.get("/staff/data-protection/access/").status_code == 200
    assert client.get(f"/staff/data-protection/access/alerts/{alert.pk}/").status_code == 404


@pytest.mark.parametrize("name", PERSONAS)
def test_only_those_who_manage_staff_open_the_team_page(client: Client, name: str) -> None:
    _signed_in(client, name)

    assert client.get("/staff/team/").status_code == _expected(name, COORDINATORS)


@pytest.mark.parametrize("name", PERSONAS)
def test_only_the_partnerships_coordinators_open_a_member_of_staffs_leaving_page(
    client: Client, name: str
) -> None:
    leaver = staff("lee-leaving")
    _signed_in(client, name)

    expected = _expected(name, {"coordinator": 200, "other partnership": 404})
    assert client.get(f"/staff/team/{leaver.pk}/leaving/").status_code == expected


@pytest.mark.parametrize(
    ("name", "items"),
    [
        ("data protection officer", {"Data protection"}),
        ("coordinator", {"Data protection"}),
        ("panel chair", set()),
        ("officer of the asked agency", set()),
        ("auditor", set()),
    ],
)
def test_the_navigation_offers_data_protection_to_those_it_is_for_and_the_team_only_through_it(
    client: Client, name: str, items: set[str]
) -> None:
    _signed_in(client, name)

    page = client.get("/staff/").content.decode()

    shown = {item for item in ("Data protection", "Team") if f">{item}</a>" in page}
    assert shown == items
