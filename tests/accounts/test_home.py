"""One's account page: who you are, and your agencies and roles (the staff home is the worklist)."""

from __future__ import annotations

import pytest
from django.test import Client

from community_trigger.agencies.models import Agency, Membership
from community_trigger.domain.access import Role

from .people import HOME, staff, verified

ACCOUNT = "/staff/account/"

pytestmark = pytest.mark.django_db


def test_the_account_page_names_the_user_and_lists_each_agency_and_role(client: Client) -> None:
    user = staff("cara", role=Role.COORDINATOR, agency_kind="council")
    police = Agency.objects.get(kind="police", partnership__slug="test-valley")
    Membership.objects.create(user=user, agency=police, role=Role.PANEL_CHAIR.value)
    verified(client, user)

    response = client.get(ACCOUNT)

    page = response.content.decode()
    assert "<title>Your account – Community Trigger staff</title>" in page
    assert '<h1 class="govuk-heading-l">Cara Staffer</h1>' in page
    assert "Signed in as cara" in page
    rows = [
        (membership.agency.partnership.name, membership.agency.name, membership.get_role_display())
        for membership in response.context["memberships"]
    ]
    assert rows == [
        ("Test Valley Partnership", "Hampshire and Isle of Wight Constabulary", "Panel chair"),
        ("Test Valley Partnership", "Test Valley Borough Council", "Coordinator"),
    ]
    assert "Panel chair" in page
    assert "Hampshire and Isle of Wight Constabulary" in page


def test_someone_in_no_agency_is_told_to_ask_for_one(client: Client) -> None:
    verified(client, staff("cara", role=None))

    assert "You are not a member of any agency yet" in client.get(ACCOUNT).content.decode()


def test_only_platform_administrators_see_the_way_to_the_admin(client: Client) -> None:
    verified(client, staff("cara"))
    admin = Client()
    verified(admin, staff("root", role=None, superuser=True))

    assert 'href="/admin/"' not in client.get(HOME).content.decode()
    assert 'href="/admin/"' in admin.get(HOME).content.decode()


def test_the_home_page_links_to_the_account_page(client: Client) -> None:
    verified(client, staff("cara"))

    assert f'href="{ACCOUNT}"' in client.get(HOME).content.decode()
