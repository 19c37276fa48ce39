"""Writes for staff sign-in: checking a password through axes, the second factor through django-otp, the
audit entry every attempt leaves, idle expiry, and the demo accounts `make run` prints.

Nothing here ever stores a password or a code: the audit says who, what and how, never with what.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, login, logout, update_session_auth_hash
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from community_trigger.agencies.models import Agency, Membership, Partnership, StaffDetails
from community_trigger.agencies.public_pages import public_pages_changed
from community_trigger.agencies.services import demo_partnership_load
from community_trigger.audit.models import AuditEntry
from community_trigger.domain.access import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User as StaffUser

    from community_trigger.accounts.forms import PasswordChangeForm

User = get_user_model()

BACKUP_CODE_COUNT = 10
BACKUP_CODES_NAME = "Backup codes"
AUTHENTICATOR_NAME = "Authenticator app"
# Who a failed attempt is by: whoever typed at the sign-in page, not (yet) the account's owner.
FAILED_ACTOR_LABEL = "someone at the sign-in page"


class SecondFactor(enum.StrEnum):
    """What a signed-in but not yet verified user is asked for next."""

    CODE = "code"  # a code from their authenticator app (or a backup code instead)
    BACKUP_CODE = "backup_code"  # no app yet, but backup codes (demo accounts, or an app lost)
    SET_UP = "set_up"  # never had one: set up an authenticator app now
    # Had one, but nothing is left to give (every backup code used, no app): only a platform
    # administrator can reset it. The password alone must never be enough to set up a new one.
    RESET_NEEDED = "reset_needed"


@dataclass(frozen=True)
class PasswordCheck:
    """The answer to a username and password: the user when both are right (and the account active and
    not locked out); locked_out when axes refuses this username from this address."""

    user: StaffUser | None
    locked_out: bool = False


@dataclass(frozen=True)
class CodeCheck:
    """The answer to a code: accepted, or not, and if the device is throttled, until when."""

    accepted: bool
    wait_until: datetime.datetime | None = None
    # Set up an authenticator: the fresh backup codes, to show once.
    backup_codes: tuple[str, ...] = ()


# Sign-in, first factor -------------------------------------------------------------------------------


def username_for(identifier: str) -> str:
    """The username an identifier (a username or an email address, in any case) belongs to, or the
    identifier itself when it matches no one account. Axes counts failures per username, so a guesser
    cannot get five more tries by switching between someone's username and their email address."""
    for field in ("username", "email"):
        matches = list(
            User.objects.filter(**{f"{field}__iexact": identifier}).values_list("username", flat=True)[:2]
        )
        if len(matches) == 1:
            return str(matches[0])
    return identifier


def staff_authenticate(request: HttpRequest, *, identifier: str, password: str) -> PasswordCheck:
    """Check a username (or email address) and password through axes and Django's auth. A failure
    is audited; it may be the one that locks the username out from this address."""
    username = username_for(identifier)
    user = authenticate(request, username=username, password=password)
    if user is not None:
        return PasswordCheck(user=user)
    locked_out = bool(getattr(request, "axes_locked_out", False))
    known = User.objects.filter(username=username).first()
    if locked_out:
        detail = "locked out after too many failed attempts"
    elif known is None:
        detail = "password step: no such user"
    else:
        detail = "password step: password not accepted"
    account_audit(user=known, action=AuditEntry.Action.SIGN_IN_FAILED, detail=detail)
    return PasswordCheck(user=None, locked_out=locked_out)


# When the session signed in, as a POSIX timestamp: the start of its absolute lifetime.
SIGNED_IN_AT_KEY = "staff_signed_in_at"


def staff_sign_in(request: HttpRequest, *, user: StaffUser) -> None:
    """The password was right: sign the user in (not yet verified) with a staff session's idle expiry,
    and start the clock of its absolute lifetime (STAFF_SESSION_MAX_SECONDS)."""
    login(request, user)
    request.session[SIGNED_IN_AT_KEY] = timezone.now().timestamp()
    staff_session_refresh(request)


def staff_session_refresh(request: HttpRequest) -> None:
    """Give this session the staff idle expiry. Sessions are saved on every request
    (SESSION_SAVE_EVERY_REQUEST), so the expiry runs from the last request, not the first."""
    request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)


def staff_session_end_if_too_old(request: HttpRequest) -> bool:
    """End a signed-in session STAFF_SESSION_MAX_SECONDS after it signed in, however busy it has been,
    so a session taken from an unattended or borrowed computer cannot be kept alive for ever; the end
    is audited as a sign-out. True when it ended.

    A session with no sign-in time (signed in before this rule, or by a test's force_login) starts its
    clock now rather than being cut off at once."""
    if not request.user.is_authenticated:
        return False
    now = timezone.now().timestamp()
    signed_in_at = request.session.get(SIGNED_IN_AT_KEY)
    if not isinstance(signed_in_at, int | float):
        request.session[SIGNED_IN_AT_KEY] = now
        return False
    if now - signed_in_at < settings.STAFF_SESSION_MAX_SECONDS:
        return False
    hours = settings.STAFF_SESSION_MAX_SECONDS / 3600
    account_audit(
        user=request.user,
        action=AuditEntry.Action.SIGN_OUT,
        detail=f"session ended: {hours:g} hours since signing in",
    )
    logout(request)
    return True


def staff_sign_out(request: HttpRequest) -> None:
    """Sign out: audit it, then forget the whole session."""
    user = request.user
    if user.is_authenticated:
        account_audit(user=user, action=AuditEntry.Action.SIGN_OUT, detail="signed out")
    logout(request)


@transaction.atomic
def password_change(request: HttpRequest, *, form: PasswordChangeForm) -> None:
    """Store the new password a valid change form holds. This session stays signed in; every other
    session of the account ends, since Django ties sessions to the password. Audited as a change."""
    user = form.save()
    update_session_auth_hash(request, user)
    account_audit(user=user, action=AuditEntry.Action.CHANGE, detail="password changed")


# Second factor ---------------------------------------------------------------------------------------


def second_factor_for(user: AbstractBaseUser | AnonymousUser) -> SecondFactor:
    """What a signed-in user must give next to be verified."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return SecondFactor.CODE
    if StaticToken.objects.filter(device__user=user, device__confirmed=True).exists():
        return SecondFactor.BACKUP_CODE
    # A confirmed device with nothing left on it still means the account has a second factor: used-up
    # backup codes are not an invitation to start again with only the password.
    if StaticDevice.objects.filter(user=user, confirmed=True).exists():
        return SecondFactor.RESET_NEEDED
    return SecondFactor.SET_UP


def may_set_up_authenticator(user: AbstractBaseUser | AnonymousUser, *, verified: bool) -> bool:
    """Someone with only the password may add an authenticator app only to an account that has no
    second factor yet; otherwise a stolen password would be enough to add the thief's own app."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return False
    return verified or second_factor_for(user) is SecondFactor.SET_UP


def authenticator_for_set_up(user: AbstractBaseUser | AnonymousUser) -> TOTPDevice:
    """The user's unconfirmed authenticator, made on first asking: the same key on every visit to
    the set-up page, so the QR code does not change under someone who is still scanning it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def authenticator_confirm(request: HttpRequest, *, device: TOTPDevice, code: str) -> CodeCheck:
    """Confirm a new authenticator with the first code it shows. When it is right the session is
    verified and the user gets a fresh set of backup codes, in the answer so they can be shown once."""
    user = request.user
    checked = _check(user, device, code)
    if not checked.accepted:
        account_audit(
            user=user,
            action=AuditEntry.Action.SIGN_IN_FAILED,
            detail="set-up: authenticator code not accepted",
        )
        return checked
    with transaction.atomic():
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # Any other half-made authenticators are now just clutter.
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = backup_codes_replace(user=user)
        _verified_sign_in(request, device)
        account_audit(user=user, action=AuditEntry.Action.SIGN_IN, detail="authenticator app set up")
    return CodeCheck(accepted=True, backup_codes=tuple(codes))


def authenticator_verify(request: HttpRequest, *, code: str) -> CodeCheck:
    """Verify the session with a code from the user's authenticator app."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return _verify_session(request, device, code, way="authenticator app")


def backup_code_verify(request: HttpRequest, *, code: str) -> CodeCheck:
    """Verify the session with one of the user's backup codes, which then stops working."""
    user = request.user
    device = StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return _verify_session(request, device, code, way="backup code")


@transaction.atomic
def backup_codes_replace(*, user: AbstractBaseUser | AnonymousUser) -> list[str]:
    """Replace the user's backup codes with a fresh set and return them (to show once). The device is
    kept, so a session verified by an old backup code stays verified."""
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=BACKUP_CODES_NAME, confirmed=True)
    elif not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_renew(*, user: AbstractBaseUser | AnonymousUser) -> list[str]:
    """A signed-in user asks for new backup codes (the old ones stop working); audited as a change."""
    codes = backup_codes_replace(user=user)
    account_audit(user=user, action=AuditEntry.Action.CHANGE, detail="backup codes replaced")
    return codes


def _verify_session(
    request: HttpRequest, device: TOTPDevice | StaticDevice | None, code: str, *, way: str
) -> CodeCheck:
    user = request.user
    checked = _check(user, device, code) if device is not None else CodeCheck(accepted=False)
    if checked.accepted:
        _verified_sign_in(request, device)
        account_audit(user=user, action=AuditEntry.Action.SIGN_IN, detail=way)
    else:
        detail = f"{way} not accepted" + (", too many wrong codes in a row" if checked.wait_until else "")
        account_audit(user=user, action=AuditEntry.Action.SIGN_IN_FAILED, detail=detail)
    return checked


def _verified_sign_in(request: HttpRequest, device: TOTPDevice | StaticDevice | None) -> None:
    # A new session key for the now fully signed-in session, as login() gave one for the password.
    request.session.cycle_key()
    otp_login(request, device)


def _check(user: object, device: TOTPDevice | StaticDevice, code: str) -> CodeCheck:
    """Ask django-otp about a code. After a wrong code its throttle refuses any code for a second, then
    two, four ... after each wrong code in a row; a refused try says until when."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return CodeCheck(accepted=False, wait_until=(details or {}).get("locked_until"))
    return CodeCheck(accepted=verify_token(user, device.persistent_id, code) is not None)


# Audit -----------------------------------------------------------------------------------------------


def account_audit(*, user: object, action: str, detail: str) -> AuditEntry:
    """Append one entry about a sign-in, a failed sign-in, a sign-out or a change to how an account
    signs in. The subject is the account
    (blank when the name typed matched none); the actor is the account's owner only once they have
    proved it. Never the password, the code, nor what was typed as a username."""
    account = user if isinstance(user, User) else None
    proved = account is not None and action != AuditEntry.Action.SIGN_IN_FAILED
    return AuditEntry.objects.create(
        actor=account if proved else None,
        actor_label=account.get_username()[:100] if proved and account is not None else FAILED_ACTOR_LABEL,
        action=action,
        subject="user",
        subject_id=str(account.pk) if account is not None else "",
        detail=detail,
    )


# Demo ------------------------------------------------------------------------------------------------

# Published in the README and printed by `make run`: these accounts exist only with DEBUG on.
DEMO_PASSWORD = "community-trigger-demo"  # noqa: S105

ANOTHER_PARTNERSHIP = {
    "name": "Another Partnership",
    "slug": "another",
    "reference_prefix": "ANP",
    "policy": "statutory-default",
}
ANOTHER_AGENCIES = [
    ("Another Borough Council", Agency.Kind.COUNCIL),
    ("Another Constabulary", Agency.Kind.POLICE),
]


@dataclass(frozen=True)
class DemoStaff:
    username: str
    first_name: str
    last_name: str
    partnership_slug: str
    agency_kind: str
    role: Role | None  # None: a platform administrator, who belongs to no agency


DEMO_STAFF = [
    DemoStaff("coordinator", "Cara", "Coordinator", "test-valley", Agency.Kind.COUNCIL, Role.COORDINATOR),
    DemoStaff("police.officer", "Pat", "Police", "test-valley", Agency.Kind.POLICE, Role.AGENCY_OFFICER),
    DemoStaff("housing.officer", "Hari", "Housing", "test-valley", Agency.Kind.HOUSING, Role.AGENCY_OFFICER),
    DemoStaff("panel.chair", "Chris", "Chair", "test-valley", Agency.Kind.COUNCIL, Role.PANEL_CHAIR),
    # A second panel chair, who takes no part in the demo reviews and so may decide their escalations.
    DemoStaff("reviewer", "Rene", "Reviewer", "test-valley", Agency.Kind.COUNCIL, Role.PANEL_CHAIR),
    DemoStaff("auditor", "Ade", "Auditor", "test-valley", Agency.Kind.COUNCIL, Role.AUDITOR),
    DemoStaff("data.protection", "Dana", "Protection", "test-valley", Agency.Kind.COUNCIL, Role.DPO),
    DemoStaff("another.coordinator", "Alex", "Other", "another", Agency.Kind.COUNCIL, Role.COORDINATOR),
    DemoStaff("platform.admin", "Parveen", "Admin", "", "", None),
]


# How the demo coordinators sign their cases' letters: a job title and a direct line (numbers Ofcom
# keeps for drama, which reach nobody).
DEMO_DETAILS = {
    "coordinator": ("Community safety coordinator", "01632 960 401"),
    "another.coordinator": ("Anti-social behaviour case officer", "01632 960 402"),
}


@dataclass(frozen=True)
class DemoAccount:
    """What `make run` prints for one demo account."""

    username: str
    where: str  # the role and agency, or "platform administrator"
    backup_code: str


class DemoStaffRefused(RuntimeError):
    """Demo accounts were asked for where DEBUG is off."""


@transaction.atomic
def demo_staff_load() -> list[DemoAccount]:
    """Create or refresh one demo account per role in the demo partnership, one in Another Partnership
    (for isolation) and a platform administrator, all with DEMO_PASSWORD and a fresh set of backup
    codes; return one backup code each, to use as the second factor. Safe to run again.

    Refuses unless DEBUG is on: the password is published and the codes are printed."""
    if not settings.DEBUG:
        raise DemoStaffRefused(
            "Demo staff accounts have a published password and printed backup codes, so they are made "
            "only on a development machine (DEBUG on), never in a deployment."
        )
    partnerships = {"test-valley": demo_partnership_load(), "another": _another_partnership_load()}
    accounts = []
    for demo in DEMO_STAFF:
        user, _ = User.objects.update_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@community-trigger.example",
                "is_active": True,
                "is_staff": demo.role is None,
                "is_superuser": demo.role is None,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        if demo.role is None:
            Membership.objects.filter(user=user).delete()
            where = "platform administrator (/admin/)"
        else:
            agency = Agency.objects.get(
                partnership=partnerships[demo.partnership_slug], kind=demo.agency_kind
            )
            membership, _ = Membership.objects.get_or_create(user=user, agency=agency, role=demo.role.value)
            Membership.objects.filter(user=user).exclude(pk=membership.pk).delete()
            where = f"{membership.get_role_display()}, {agency.name}"
        if demo.username in DEMO_DETAILS:
            job_title, phone = DEMO_DETAILS[demo.username]
            details = {"job_title": job_title, "phone": phone}
            StaffDetails.objects.update_or_create(user=user, defaults=details)
        codes = backup_codes_replace(user=user)
        accounts.append(DemoAccount(username=demo.username, where=where, backup_code=codes[0]))
    return accounts


def _another_partnership_load() -> Partnership:
    fields = dict(ANOTHER_PARTNERSHIP)
    partnership, _ = Partnership.objects.update_or_create(slug=fields.pop("slug"), defaults=fields)
    for name, kind in ANOTHER_AGENCIES:
        Agency.objects.update_or_create(partnership=partnership, name=name, defaults={"kind": kind})
    public_pages_changed(partnership)
    return partnership
