"""The admin is for platform administrators only, and they too sign in with a second factor."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from community_trigger.accounts.admin_site import StaffAdminSite
from community_trigger.agencies.models import Agency, Membership, Partnership

from .people import sign_in_with_password, staff, verified, with_authenticator

pytestmark = pytest.mark.django_db


def test_the_admin_site_is_the_two_factor_one_with_partnerships_agencies_and_memberships() -> None:
    assert isinstance(admin.site, StaffAdminSite)
    for model in (Partnership, Agency, Membership, get_user_model(), TOTPDevice, StaticDevice):
        assert admin.site.is_registered(model), model


def test_a_visitor_is_sent_to_the_staff_sign_in_and_back_to_the_admin(client: Client) -> None:
    first = client.get("/admin/")
    second = client.get(first["Location"])

    assert first["Location"] == "/admin/login/?next=/admin/"
    assert second["Location"] == "/staff/sign-in/?next=/admin/"


def test_a_superuser_with_only_the_password_is_not_let_in(client: Client) -> None:
    with_authenticator(staff("root", role=None, superuser=True))
    sign_in_with_password(client, "root")

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/staff/sign-in/code/")


def test_a_verified_superuser_manages_partnerships_agencies_memberships_and_users(client: Client) -> None:
    verified(client, staff("root", role=None, superuser=True))
    staff("cara")

    for page in (
        "/admin/",
        "/admin/agencies/partnership/",
        "/admin/agencies/agency/",
        "/admin/agencies/membership/",
        "/admin/auth/user/",
        f"/admin/auth/user/{get_user_model().objects.get(username='cara').pk}/change/",
        "/admin/otp_totp/totpdevice/",
        "/admin/axes/accessattempt/",
    ):
        assert client.get(page).status_code == 200, page


def test_staff_who_are_not_platform_administrators_are_refused(client: Client) -> None:
    verified(client, staff("cara"))

    first = client.get("/admin/")
    response = client.get(first["Location"])

    assert response.status_code == 403
    assert "You cannot use the administration site" in response.content.decode()


def test_signing_out_of_the_admin_signs_out_of_the_service(client: Client) -> None:
    verified(client, staff("root", role=None, superuser=True))

    response = client.post("/admin/logout/")

    assert response["Location"] == "/staff/signed-out/"
    assert client.get("/staff/")["Location"] == "/staff/sign-in/?next=/staff/"
