"""The admin is for platform administrators only, and they too sign in with a second factor."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

import pytest
from applications.builders import partnership
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from community_trigger.accounts.admin_site import StaffAdminSite
from community_trigger.agencies.models import Agency, Membership, Partnership
from community_trigger.audit.admin import AuditedAdmin
from community_trigger.audit.models import AuditEntry
from community_trigger.domain.access import Role

from .people import PASSWORD, sign_in_with_password, staff, verified, with_authenticator, with_backup_codes

if TYPE_CHECKING:
    from django.contrib.auth.models import User

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


# Every change made in the admin is in the audit log: what was changed (its kind and id) and which
# fields, never a value that is a secret.


class _FormReader(HTMLParser):
    """The values a browser would send for the admin page's main form, as they stand."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        name = found.get("name", "")
        if tag == "input" and name and found.get("type") not in ("submit", "button", "file"):
            ticked = found.get("type") in ("checkbox", "radio")
            if ticked and "checked" not in found:
                return
            self.data.setdefault(name, []).append(found.get("value", "on" if ticked else ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in found:
            self.data[self._select].append(found.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _form(client: Client, url: str, **changes: Any) -> dict[str, Any]:
    reader = _FormReader()
    reader.feed(client.get(url).content.decode())
    data: dict[str, Any] = dict(reader.data)
    return data | changes


def _admin(client: Client) -> User:
    root = staff("root", role=None, superuser=True)
    verified(client, root)
    return root


def _entries(subject: str) -> list[tuple[str, str, str]]:
    return [
        (entry.action, entry.subject_id, entry.detail)
        for entry in AuditEntry.objects.filter(subject=subject).order_by("pk")
    ]


def _no_secret_in_the_log(*secrets: str) -> None:
    for entry in AuditEntry.objects.all():
        text = " ".join([entry.actor_label, entry.subject, entry.subject_id, entry.detail])
        assert not [secret for secret in secrets if secret and secret in text], text


def test_every_model_in_the_admin_is_audited() -> None:
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, AuditedAdmin), model


def test_adding_a_user_is_audited_without_the_password(client: Client) -> None:
    root = _admin(client)

    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "newbie",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()
    newbie = get_user_model().objects.get(username="newbie")
    assert _entries("user") == [("create", str(newbie.pk), "in the admin")]
    entry = AuditEntry.objects.get(subject="user")
    assert (entry.actor, entry.actor_username, entry.actor_roles) == (root, "root", "Platform administrator")
    _no_secret_in_the_log(PASSWORD, newbie.password)


def test_renaming_a_user_and_changing_their_role_in_the_user_page_is_audited(client: Client) -> None:
    _admin(client)
    cara = staff("cara")
    membership = Membership.objects.get(user=cara)
    url = f"/admin/auth/user/{cara.pk}/change/"

    response = client.post(
        url, _form(client, url, username=["cara-smith"], **{"memberships-0-role": [Role.AUDITOR.value]})
    )

    assert response.status_code == 302, response.content.decode()
    assert _entries("user") == [("change", str(cara.pk), "in the admin: Username")]
    assert _entries("membership") == [
        ("change", str(membership.pk), f"in the admin, on user {cara.pk}: Role")
    ]


def test_changing_a_users_password_in_the_admin_is_audited_without_it(client: Client) -> None:
    _admin(client)
    cara = staff("cara")
    new = "another-long-password-for-cara"

    response = client.post(
        f"/admin/auth/user/{cara.pk}/password/",
        {"usable_password": "true", "password1": new, "password2": new},
    )

    assert response.status_code == 302, response.content.decode()
    cara.refresh_from_db()
    assert _entries("user") == [("change", str(cara.pk), "in the admin: password")]
    _no_secret_in_the_log(new, cara.password)


def test_deleting_a_user_is_audited(client: Client) -> None:
    _admin(client)
    cara = staff("cara")

    response = client.post(f"/admin/auth/user/{cara.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert _entries("user") == [("delete", str(cara.pk), "in the admin")]


def test_giving_someone_a_role_and_changing_it_in_the_membership_pages_is_audited(client: Client) -> None:
    _admin(client)
    cara = staff("cara", role=None)
    police = Agency.objects.get(partnership=partnership(), kind="police")

    added = client.post(
        "/admin/agencies/membership/add/",
        {"user": cara.pk, "agency": police.pk, "role": Role.AGENCY_OFFICER.value},
    )
    membership = Membership.objects.get(user=cara)
    url = f"/admin/agencies/membership/{membership.pk}/change/"
    changed = client.post(url, _form(client, url, role=[Role.PANEL_CHAIR.value]))

    assert (added.status_code, changed.status_code) == (302, 302)
    assert _entries("membership") == [
        ("create", str(membership.pk), "in the admin"),
        ("change", str(membership.pk), "in the admin: Role"),
    ]


def test_removing_roles_with_the_bulk_delete_action_is_audited_one_by_one(client: Client) -> None:
    _admin(client)
    ids = [Membership.objects.get(user=staff(name)).pk for name in ("cara", "cora")]

    response = client.post(
        "/admin/agencies/membership/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )

    assert response.status_code == 302
    assert not Membership.objects.filter(pk__in=ids).exists()
    assert sorted(_entries("membership")) == sorted(("delete", str(pk), "in the admin") for pk in ids)


def test_a_role_added_in_the_user_page_is_audited_as_a_new_membership(client: Client) -> None:
    _admin(client)
    cara = staff("cara", role=None)
    police = Agency.objects.get(partnership=partnership(), kind="police")
    url = f"/admin/auth/user/{cara.pk}/change/"
    form = _form(client, url)
    form |= {
        "memberships-TOTAL_FORMS": ["1"],
        "memberships-0-agency": [str(police.pk)],
        "memberships-0-role": [Role.AUDITOR.value],
        "memberships-0-user": [str(cara.pk)],
    }

    response = client.post(url, form)

    assert response.status_code == 302, response.content.decode()
    membership = Membership.objects.get(user=cara)
    assert _entries("membership") == [("create", str(membership.pk), f"in the admin, on user {cara.pk}")]


def test_two_factor_devices_added_changed_and_deleted_in_the_admin_are_audited_without_their_keys(
    client: Client,
) -> None:
    _admin(client)
    cara = staff("cara")
    key = "3132333435363738393031323334353637383930"

    added = client.post(
        "/admin/otp_totp/totpdevice/add/",
        {
            "user": cara.pk,
            "name": "Replacement phone",
            "confirmed": "on",
            "key": key,
            "step": 30,
            "t0": 0,
            "digits": 6,
            "tolerance": 1,
            "drift": 0,
            "throttling_failure_count": 0,
        },
    )
    device = TOTPDevice.objects.get(user=cara)
    url = f"/admin/otp_totp/totpdevice/{device.pk}/change/"
    changed = client.post(url, _form(client, url, confirmed=[]))
    deleted = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})

    assert (added.status_code, changed.status_code, deleted.status_code) == (302, 302, 302)
    assert _entries("totpdevice") == [
        ("create", str(device.pk), "in the admin"),
        ("change", str(device.pk), "in the admin: Confirmed"),
        ("delete", str(device.pk), "in the admin"),
    ]
    _no_secret_in_the_log(key)


def test_backup_codes_added_and_removed_in_the_admin_are_audited_without_the_codes(client: Client) -> None:
    """Codes can be given only with a new device (an existing one's codes are never shown in the
    admin); removing a device, the reset of a lost second factor, takes its codes with it."""
    _admin(client)
    cara = staff("cara")
    url = "/admin/otp_static/staticdevice/add/"
    form = _form(client, url, user=[str(cara.pk)], name=["Backup codes"], confirmed=["on"])
    form |= {"token_set-TOTAL_FORMS": ["1"], "token_set-0-token": ["newcode1"]}

    added = client.post(url, form)

    assert added.status_code == 302, added.content.decode()
    device = StaticDevice.objects.get(user=cara)
    token = device.token_set.get(token="newcode1")
    deleted = client.post(f"/admin/otp_static/staticdevice/{device.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert _entries("staticdevice") == [
        ("create", str(device.pk), "in the admin"),
        ("delete", str(device.pk), "in the admin"),
    ]
    assert _entries("statictoken") == [
        ("create", str(token.pk), f"in the admin, on staticdevice {device.pk}")
    ]
    _no_secret_in_the_log("newcode1")


def _lockout(username: str, *, age: timedelta = timedelta(0)) -> AccessAttempt:
    attempt = AccessAttempt.objects.create(
        username=username, ip_address="192.0.2.1", user_agent="", failures_since_start=5
    )
    # The attempt's time is set when it is stored: an older lockout is one moved back in time.
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=timezone.now() - age)
    return attempt


def test_lifting_a_lockout_in_the_admin_is_audited(client: Client) -> None:
    _admin(client)
    one, two, three = (_lockout(name) for name in ("cara", "cora", "cleo"))

    single = client.post(f"/admin/axes/accessattempt/{one.pk}/delete/", {"post": "yes"})
    bulk = client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [two.pk, three.pk], "post": "yes"},
    )

    assert (single.status_code, bulk.status_code) == (302, 302)
    assert not AccessAttempt.objects.exists()
    assert sorted(_entries("accessattempt")) == sorted(
        ("delete", str(pk), "in the admin") for pk in (one.pk, two.pk, three.pk)
    )


def test_clearing_expired_lockouts_in_the_admin_is_audited(client: Client) -> None:
    _admin(client)
    old, recent = _lockout("cara", age=timedelta(days=1)), _lockout("cora")

    response = client.post(
        "/admin/axes/accessattempt/",
        {"action": "cleanup_expired_attempts", "_selected_action": [old.pk, recent.pk]},
    )

    assert response.status_code == 302
    assert list(AccessAttempt.objects.all()) == [recent]
    assert _entries("accessattempt") == [("delete", str(old.pk), "in the admin: expired")]


def test_changing_a_partnerships_policy_and_its_agencies_is_audited(client: Client) -> None:
    _admin(client)
    tvp = partnership()
    url = f"/admin/agencies/partnership/{tvp.pk}/change/"
    form = _form(client, url, policy=["statutory-default"])
    total = int(form["agencies-TOTAL_FORMS"][0])
    form |= {
        "agencies-TOTAL_FORMS": [str(total + 1)],
        f"agencies-{total}-name": ["Test Valley Fire and Rescue"],
        f"agencies-{total}-kind": ["other"],
        f"agencies-{total}-partnership": [str(tvp.pk)],
    }

    response = client.post(url, form)

    assert response.status_code == 302, response.content.decode()
    tvp.refresh_from_db()
    assert tvp.policy == "statutory-default"
    fire = Agency.objects.get(name="Test Valley Fire and Rescue")
    assert _entries("partnership") == [("change", str(tvp.pk), "in the admin: Policy")]
    assert _entries("agency") == [("create", str(fire.pk), f"in the admin, on partnership {tvp.pk}")]


def test_deleting_an_agency_is_audited(client: Client) -> None:
    _admin(client)
    extra = Agency.objects.create(partnership=partnership(), name="Spare agency", kind="other")

    response = client.post(f"/admin/agencies/agency/{extra.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert _entries("agency") == [("delete", str(extra.pk), "in the admin")]


def test_an_auditor_sees_role_changes_made_in_the_admin_for_their_partnership(client: Client) -> None:
    _admin(client)
    cara = staff("cara")
    membership = Membership.objects.get(user=cara)
    url = f"/admin/agencies/membership/{membership.pk}/change/"
    client.post(url, _form(client, url, role=[Role.PANEL_CHAIR.value]))
    verified(client, staff("audrey", role=Role.AUDITOR))

    html = client.get("/staff/audit/", {"username": "root"}, follow=True).content.decode()

    assert f"membership {membership.pk}" not in html
    assert f"Changed {membership.user.get_username()}&#x27;s role at {membership.agency.name}" in html
    assert "in the admin: Role" in html


def test_names_typed_in_the_admin_lose_their_invisible_characters(client: Client) -> None:
    """A right-to-left override in an agency's name would reverse what letters and packs show."""
    _admin(client)
    tvp = partnership()
    url = f"/admin/agencies/partnership/{tvp.pk}/change/"
    form = _form(client, url, name=["Test\u200b Valley\u202e Partnership"])
    total = int(form["agencies-TOTAL_FORMS"][0])
    form |= {
        "agencies-TOTAL_FORMS": [str(total + 1)],
        f"agencies-{total}-name": ["Fire\u202egnp.exe"],
        f"agencies-{total}-kind": ["other"],
        f"agencies-{total}-partnership": [str(tvp.pk)],
    }

    response = client.post(url, form)

    assert response.status_code == 302, response.content.decode()
    tvp.refresh_from_db()
    assert tvp.name == "Test Valley Partnership"
    assert Agency.objects.filter(name="Firegnp.exe").exists()


def test_a_username_typed_in_the_admin_loses_its_invisible_characters(client: Client) -> None:
    _admin(client)
    cara = staff("cara")
    url = f"/admin/auth/user/{cara.pk}/change/"

    response = client.post(url, _form(client, url, username=["cara\u2066x"], first_name=["Ca\u202era"]))

    assert response.status_code == 302, response.content.decode()
    cara.refresh_from_db()
    assert (cara.username, cara.first_name) == ("carax", "Cara")


def test_the_admin_never_shows_an_authenticators_key_or_a_backup_code(client: Client) -> None:
    _admin(client)
    cara = staff("cara")
    device = with_authenticator(cara)
    codes = with_backup_codes(cara)
    backup = StaticDevice.objects.get(user=cara)

    pages = [
        client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode(),
        client.get(f"/admin/otp_static/staticdevice/{backup.pk}/change/").content.decode(),
        client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").content.decode(),
    ]

    for page in pages:
        assert device.key not in page
        assert not [code for code in codes if code in page]
