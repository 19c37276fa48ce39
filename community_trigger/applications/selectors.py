"""Reads for drafts: the one place that finds a browser's draft online, and for staff entry who may
enter requests for which partnership and the one place that finds a member of staff's unfinished entries.

Entering a request is managing cases (Capability.MANAGE_CASES, the coordinator's). An entry is only
ever its author's: anyone else asking for it is told it does not exist, so nobody learns that it does.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from community_trigger.agencies.models import Partnership
from community_trigger.agencies.selectors import StaffAccess
from community_trigger.applications.models import Draft, hashed_secret
from community_trigger.domain.access import Capability


def draft_for_browser(*, partnership: Partnership, draft_id: str, browser_key: str) -> Draft | None:
    """The unsent online draft `draft_id` of `partnership`, if `browser_key` is the secret of the one
    browser it belongs to now (services.draft_claim); None for any other browser."""
    try:
        pk = UUID(draft_id)
    except (TypeError, ValueError, AttributeError):
        return None
    if not browser_key:
        return None
    return Draft.objects.filter(
        pk=pk,
        partnership=partnership,
        browser_key_hash=hashed_secret(browser_key),
        submitted_application__isnull=True,
        entered_by__isnull=True,
    ).first()


def entry_partnerships_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Partnership]:
    """The partnerships `user` may enter requests for, by name."""
    ids = StaffAccess(user).partnerships_where(Capability.MANAGE_CASES)
    return Partnership.objects.filter(pk__in=ids).order_by("name")


def entry_partnership_for(user: AbstractBaseUser | AnonymousUser, slug: str) -> Partnership:
    """The partnership with `slug` to enter a request for: 404 if there is none, 403 if `user` may not
    (the partnerships are public; a member of staff without the capability is refused, as elsewhere
    in the back office)."""
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise Http404
    if not StaffAccess(user).can(Capability.MANAGE_CASES, partnership.pk):
        raise PermissionDenied
    return partnership


def entry_list_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Draft]:
    """`user`'s unfinished entries in the partnerships where they may still enter requests, the most
    recently changed first."""
    if not user.is_authenticated:
        return Draft.objects.none()
    return (
        Draft.objects.filter(
            entered_by_id=user.pk,
            submitted_application__isnull=True,
            partnership__in=entry_partnerships_for(user),
        )
        .select_related("partnership")
        .order_by("-updated_at")
    )


def entry_get_for(user: AbstractBaseUser | AnonymousUser, entry: UUID) -> Draft:
    """`user`'s own entry `entry`, sent or not: 404 if it is not theirs, 403 if they may no longer
    enter requests for its partnership."""
    if not user.is_authenticated:
        raise Http404
    draft = (
        Draft.objects.select_related("partnership", "submitted_application")
        .filter(pk=entry, entered_by_id=user.pk)
        .first()
    )
    if draft is None:
        raise Http404
    if not StaffAccess(user).can(Capability.MANAGE_CASES, draft.partnership_id):
        raise PermissionDenied
    return draft
