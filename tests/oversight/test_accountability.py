"""A partnership's accountability details: set in the admin (audited), read by every member of its
staff on the data protection hub, with a warning as the sharing agreement's review comes, and told to
the public in its privacy notice, in English and Welsh."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import time_machine
from accounts.people import staff, verified
from accounts.test_admin import _admin, _form
from applications.builders import partnership
from django.conf import settings
from django.test import Client

from community_trigger.agencies.models import Partnership
from community_trigger.audit.models import AuditEntry
from community_trigger.domain.access import Role

pytestmark = pytest.mark.django_db

HUB = "/staff/data-protection/"


def _set(**fields: Any) -> Partnership:
    tvp = partnership()
    Partnership.objects.filter(pk=tvp.pk).update(**fields)
    tvp.refresh_from_db()
    return tvp


def _text(response: Any) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize(
    ("role", "kind"), [(Role.COORDINATOR, "council"), (Role.AGENCY_OFFICER, "police"), (Role.DPO, "council")]
)
def test_every_member_of_staff_reads_the_partnerships_accountability_details(
    client: Client, role: Role, kind: str
) -> None:
    _set(
        data_controller="Test Valley Borough Council",
        joint_controllers="Hampshire Constabulary\nHousing Trust",
        sharing_agreement_reference="ISA-2026-04",
        sharing_agreement_review_on=date(2027, 6, 1),
    )
    verified(client, staff("someone", role=role, agency_kind=kind))

    page = _text(client.get(HUB))

    for said in ("Test Valley Borough Council", "Hampshire Constabulary", "Housing Trust", "ISA-2026-04"):
        assert said in page
    assert partnership().dpo_contact.splitlines()[-1] in page  # the demo's officer
    assert "Article 6(1)(e)" in page  # the standard lawful bases, none set of its own


@pytest.mark.parametrize(
    ("today", "warned"),
    [
        ("2027-04-01", ""),
        ("2027-05-10", "is due for review on 1 June 2027"),
        ("2027-06-02", "was due for review on 1 June 2027"),
    ],
)
def test_the_hub_warns_as_the_sharing_agreements_review_comes_and_once_it_has_passed(
    client: Client, today: str, warned: str
) -> None:
    _set(sharing_agreement_reference="ISA-1", sharing_agreement_review_on=date(2027, 6, 1))
    with time_machine.travel(date.fromisoformat(today), tick=False):
        verified(client, staff("cara"))
        page = _text(client.get(HUB))

    if warned:
        assert warned in page
    else:
        assert "due for review on" not in page


def test_the_privacy_notice_names_the_joint_controllers_the_sharing_agreement_and_the_lawful_bases(
    client: Client,
) -> None:
    _set(
        joint_controllers="Hampshire Constabulary",
        sharing_agreement_reference="ISA-2026-04",
        lawful_bases="Article 6(1)(e): our own words",
    )

    page = _text(client.get("/test-valley/privacy/"))

    assert "which are joint controllers" in page
    assert "Hampshire Constabulary" in page
    assert "information sharing agreement (reference ISA-2026-04)" in page
    assert "Article 6(1)(e): our own words" in page
    assert "section 104 of the Anti-social Behaviour" not in page  # the standard wording gives way


def test_without_its_own_lawful_bases_the_notice_gives_the_standard_ones_and_no_agreement(
    client: Client,
) -> None:
    _set()

    page = _text(client.get("/test-valley/privacy/"))

    assert "UK GDPR Article 6(1)(e)" in page
    assert "Article 9(2)(g)" in page
    assert "information sharing agreement" not in page
    assert "joint controllers" not in page


def test_the_welsh_privacy_notice_tells_the_same_in_welsh(client: Client) -> None:
    _set(
        languages=["en", "cy"],
        joint_controllers="Heddlu Hampshire",
        sharing_agreement_reference="ISA-2026-04",
        lawful_bases="In English",
        lawful_bases_cy="Yn Gymraeg",
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"

    page = _text(client.get("/test-valley/privacy/"))

    assert "sy&#x27;n gyd-reolyddion" in page or "sy'n gyd-reolyddion" in page
    assert "gytundeb rhannu gwybodaeth (cyfeirnod ISA-2026-04)" in page
    assert "Yn Gymraeg" in page
    assert "In English" not in page


def test_changing_the_accountability_details_in_the_admin_is_audited(client: Client) -> None:
    _admin(client)
    tvp = partnership()
    url = f"/admin/agencies/partnership/{tvp.pk}/change/"

    response = client.post(
        url, _form(client, url, sharing_agreement_reference=["ISA-NEW"], joint_controllers=["Police"])
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    tvp.refresh_from_db()
    assert tvp.sharing_agreement_reference == "ISA-NEW"
    entry = AuditEntry.objects.filter(subject="partnership", subject_id=str(tvp.pk)).latest("pk")
    assert entry.action == AuditEntry.Action.CHANGE
    assert "Sharing agreement reference" in entry.detail
    assert "Joint controllers" in entry.detail
    assert "ISA-NEW" not in entry.detail
