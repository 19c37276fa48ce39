"""Reading the audit log: an auditor sees the entries about their own partnership, and nothing else."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from community_trigger.agencies.models import Membership
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
    # Each entry names its actor as they were then, so the log never needs the user row itself.
    return AuditEntry.objects.filter(about_cases | by_staff)
