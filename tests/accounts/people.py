"""Staff for the sign-in tests: accounts with and without a second factor, codes computed the way an
authenticator app computes them, and a browser (test client) signed in one way or another."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from community_trigger.accounts.services import backup_codes_replace
from community_trigger.agencies.models import Agency, Membership, Partnership
from community_trigger.agencies.services import demo_partnership_load
from community_trigger.domain.access import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    # What the test client answers: a response that also carries the context the template saw.
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

PASSWORD = "a-long-password-for-the-tests"
SIGN_IN = "/staff/sign-in/"
HOME = "/staff/"


def staff(
    username: str = "cara",
    *,
    email: str = "",
    role: Role | None = Role.COORDINATOR,
    agency_kind: str = "council",
    superuser: bool = False,
    active: bool = True,
) -> User:
    """A member of staff of the demo partnership (with `role` at its agency of `agency_kind`)."""
    user = get_user_model().objects.create_user(
        username=username,
        email=email or f"{username}@council.example",
        password=PASSWORD,
        first_name=username.capitalize(),
        last_name="Staffer",
        is_active=active,
        is_staff=superuser,
        is_superuser=superuser,
    )
    if role is not None:
        agency = Agency.objects.get(partnership=demo_partnership_load(), kind=agency_kind)
        Membership.objects.create(user=user, agency=agency, role=role.value)
    return user


# The access matrix's rows: each a member of staff of the demo partnership with one role at one agency,
# or a coordinator of another partnership, or (None) someone not signed in.
PERSONAS = {
    "coordinator": (Role.COORDINATOR, "council"),
    "officer of the asked agency": (Role.AGENCY_OFFICER, "police"),
    "officer of another agency": (Role.AGENCY_OFFICER, "housing"),
    "panel chair": (Role.PANEL_CHAIR, "council"),
    "auditor": (Role.AUDITOR, "council"),
}


def persona(name: str, *, other: Partnership | None = None) -> User | None:
    """The member of staff `name` names (a key of PERSONAS, "other partnership" for the coordinator of
    `other`, "anonymous" for None)."""
    if name == "anonymous":
        return None
    if name == "other partnership":
        assert other is not None, "a coordinator of another partnership needs that partnership"
        user = get_user_model().objects.create_user(username="olly", password=PASSWORD)
        Membership.objects.create(
            user=user,
            agency=Agency.objects.create(partnership=other, name="Elsewhere Council", kind="council"),
            role=Role.COORDINATOR,
        )
        return user
    role, kind = PERSONAS[name]
    return staff(name.replace(" ", "-")[:30], role=role, agency_kind=kind)


def with_authenticator(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def with_backup_codes(user: User) -> list[str]:
    return backup_codes_replace(user=user)


def code_now(device: TOTPDevice) -> str:
    """The code the app shows at this moment, from django-otp's own TOTP function."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{code:0{device.digits}d}"


def sign_in_with_password(
    client: Client, username: str, password: str = PASSWORD, query: str = ""
) -> Response:
    return client.post(SIGN_IN + query, {"username": username, "password": password})


def verified(client: Client, user: User) -> Client:
    """`client` signed in as `user` and through the second factor, as the sign-in pages leave it."""
    device = StaticDevice.objects.filter(user=user).first()
    if device is None:
        with_backup_codes(user)
        device = StaticDevice.objects.get(user=user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
    session.save()
    return client


def error_messages(response: Response) -> list[str]:
    """The messages in the page's error summary, in order."""
    form = response.context["form"]
    return [message for _, message in form.error_summary_items()]
