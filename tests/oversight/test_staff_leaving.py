"""A member of staff leaving: whoever manages the partnership's staff deactivates their account, each
case they own goes to another coordinator (one named, or by the partnership's owner rule) with its
history saying they left, and the account can no longer sign in while the history still names them."""

from __future__ import annotations

from typing import Any

import pytest
from accounts.people import PASSWORD, sign_in_with_password, staff, verified
from applications.builders import partnership, submitted
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice

from community_trigger.agencies.models import OwnerRule, Partnership
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application, CaseEvent, Happened
from community_trigger.domain.access import Role
from community_trigger.notifications.models import Message

pytestmark = pytest.mark.django_db

TEAM = "/staff/team/"


def _leaving(user: Any) -> str:
    return f"{TEAM}{user.pk}/leaving/"


def _owned_by(user: Any) -> list[Application]:
    return list(Application.objects.filter(owner=user).order_by("pk"))


def test_the_team_page_lists_the_partnerships_staff_with_the_cases_they_own(client: Client) -> None:
    cara = staff("cara")
    submitted(partnership())
    staff("pat", role=Role.AGENCY_OFFICER, agency_kind="police")
    verified(client, staff("cory"))

    page = client.get(TEAM).content.decode()

    assert "Cara Staffer" in page
    assert "Agency officer, " in page
    assert _leaving(cara) in page


def test_leaving_hands_every_case_to_the_named_coordinator_with_the_reason_and_tells_them(
    client: Client,
) -> None:
    leaver = staff("cara", email="cara@council.example")
    cases = [submitted(partnership()) for _ in range(3)]
    assert _owned_by(leaver) == cases
    cory = staff("cory", email="cory@council.example")
    verified(client, staff("colin"))

    response = client.post(_leaving(leaver), {"successor": str(cory.pk)})

    assert response.status_code == 302
    assert _owned_by(cory) == cases
    for case in cases:
        event = CaseEvent.objects.filter(application=case, kind=Happened.OWNER_CHANGED).latest("pk")
        assert event.facts["owner"] == cory.pk
        assert event.facts["was"] == leaver.pk
        assert event.words.text == "Left the service"
    # Told as any reassignment tells the new owner: an email for each case in the outbox.
    told = Message.objects.filter(kind="case_owner_changed", to="cory@council.example")
    assert sorted(message.case_id or 0 for message in told) == [case.pk for case in cases]


def test_by_the_partnerships_rule_the_cases_go_to_the_other_coordinators_in_turn(client: Client) -> None:
    leaver = staff("cara")
    cases = [submitted(partnership()) for _ in range(2)]
    cory, cleo = staff("cory"), staff("cleo")
    verified(client, cory)

    client.post(_leaving(leaver), {"successor": "rule"})

    owners = {Application.objects.get(pk=case.pk).owner for case in cases}
    assert owners <= {cory, cleo}
    assert _owned_by(leaver) == []


def test_a_leaving_default_owner_stops_being_the_default_owner(client: Client) -> None:
    leaver = staff("dee")
    Partnership.objects.filter(pk=partnership().pk).update(owner_rule=OwnerRule.DEFAULT, default_owner=leaver)
    case = submitted(partnership())
    cory = staff("cory")
    verified(client, cory)

    client.post(_leaving(leaver), {"successor": "rule"})

    assert partnership().default_owner is None
    assert Application.objects.get(pk=case.pk).owner == cory
    assert submitted(partnership()).owner == cory


def test_the_account_is_kept_inactive_cannot_sign_in_and_the_history_still_names_them(client: Client) -> None:
    leaver = staff("cara")
    case = submitted(partnership())
    verified(Client(), leaver)  # they had a second factor and a session
    colin = staff("colin")
    verified(client, colin)

    client.post(_leaving(leaver), {"successor": str(colin.pk)})

    kept = get_user_model().objects.get(pk=leaver.pk)
    assert not kept.is_active
    assert not StaticDevice.objects.filter(user=kept).exists()
    assert sign_in_with_password(Client(), "cara", PASSWORD).status_code == 200  # the form again: refused
    first = CaseEvent.objects.filter(application=case, kind=Happened.OWNER_CHANGED).earliest("pk")
    assert first.facts["owner"] == leaver.pk
    entry = AuditEntry.objects.filter(subject="user", subject_id=str(leaver.pk), actor=colin).latest("pk")
    assert entry.detail == "account deactivated: left the service; 1 cases handed on"


def test_their_old_session_no_longer_opens_staff_pages(client: Client) -> None:
    leaver = staff("cara")
    theirs = verified(Client(), leaver)
    verified(client, staff("colin"))

    client.post(_leaving(leaver), {"successor": "rule"})

    assert theirs.get("/staff/cases/").status_code == 302


def test_nobody_deactivates_their_own_account(client: Client) -> None:
    cara = staff("cara")
    verified(client, cara)

    response = client.post(_leaving(cara), {"successor": "rule"})

    assert response.status_code == 200
    assert "You cannot deactivate your own account" in response.content.decode()
    assert get_user_model().objects.get(pk=cara.pk).is_active


def test_a_member_of_another_partnerships_staff_is_not_found(client: Client) -> None:
    from accounts.people import persona

    outsider = persona("other partnership")
    verified(client, staff("cara"))

    assert client.get(_leaving(outsider)).status_code == 404


def test_the_admin_will_not_deactivate_someone_who_still_owns_cases(client: Client) -> None:
    from accounts.test_admin import _admin, _form

    leaver = staff("cara")
    submitted(partnership())
    _admin(client)
    url = f"/admin/auth/user/{leaver.pk}/change/"
    data = _form(client, url)
    data.pop("is_active", None)

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Team page" in response.content.decode()
    assert get_user_model().objects.get(pk=leaver.pk).is_active
