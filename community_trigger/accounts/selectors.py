"""Reads for the staff pages: a user's places in agencies, and how they sign in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from community_trigger.agencies.models import Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import User as StaffUser


def membership_list(user: StaffUser) -> QuerySet[Membership]:
    """The user's memberships with their agencies and partnerships, by partnership, agency and role."""
    return (
        Membership.objects.filter(user=user)
        .select_related("agency__partnership")
        .order_by("agency__partnership__name", "agency__name", "role")
    )


@dataclass(frozen=True)
class SecondFactors:
    authenticator: bool
    backup_codes_left: int


def second_factors(user: StaffUser) -> SecondFactors:
    return SecondFactors(
        authenticator=TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        backup_codes_left=backup_codes_left(user),
    )


def backup_codes_left(user: StaffUser) -> int:
    """How many of the user's backup codes are still unused."""
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())
