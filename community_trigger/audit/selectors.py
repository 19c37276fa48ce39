"""Reading the audit log: an auditor sees the entries about their own partnership, and nothing else."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from community_trigger.agencies.models import Agency, Membership
from community_trigger.agencies.selectors import StaffAccess
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application
from community_trigger.domain.access import Capability


def audit_entries_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[AuditEntry]:
    """Entries about the cases of the partnerships where `user` may read the audit log, and about what
    those partnerships' staff did (sign-ins included); none for anyone else."""
    partnerships = StaffAccess(user).partnerships_where(Capability.SEE_AUDIT_LOG)
    cases = Application.objects.filter(partnership_id__in=partnerships).values_list("pk", flat=True)
    staff = Membership.objects.filter(agency__partnership_id__in=partnerships).values_list(
        "user_id", flat=True
    )
    about_cases = Q(subject="application", subject_id__in=[str(pk) for pk in cases])
    by_staff = Q(actor_id__in=staff) | Q(subject="user", subject_id__in=[str(pk) for pk in staff])
    # What platform administrators changed in the admin about the partnership and its staff: its own
    # settings, its agencies, the roles held in them, its staff's second factors.
    agencies = Agency.objects.filter(partnership_id__in=partnerships).values_list("pk", flat=True)
    memberships = Membership.objects.filter(agency__partnership_id__in=partnerships).values_list(
        "pk", flat=True
    )
    about_setup = (
        _about("partnership", partnerships)
        | _about("agency", agencies)
        | _about("membership", memberships)
        | _about("totpdevice", TOTPDevice.objects.filter(user_id__in=staff).values_list("pk", flat=True))
        | _about("staticdevice", StaticDevice.objects.filter(user_id__in=staff).values_list("pk", flat=True))
    )
    # Each entry names its actor as they were then, so the log never needs the user row itself.
    return AuditEntry.objects.filter(about_cases | by_staff | about_setup)


def _about(subject: str, ids: Iterable[int]) -> Q:
    return Q(subject=subject, subject_id__in=[str(pk) for pk in ids])
