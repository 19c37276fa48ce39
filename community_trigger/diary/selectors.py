"""Reads for the case diary: the one rule of who may read an entry, used by the case page, the diary's
own page and the documents attached to entries alike.

The rule (see `DiaryReader`): whoever may see the case reads the entries marked for every agency on
it; an entry marked for the partnership's coordinators only is read by those who manage the
partnership's cases (MANAGE_CASES) and by its author, nobody else. That includes the panel chair and
the auditor, though they see the whole case: "coordinators only" is what the author was promised when
they wrote it (often what an applicant told them in confidence on the phone), and neither the chair's
SEE_SENSITIVE_INFORMATION (about agencies' risk notes) nor the auditor's reading of the case is that
promise. An agency officer writing for their agency is held to the same promise: their colleagues
read their coordinator-only entries no more than another agency does.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from community_trigger.agencies.selectors import StaffAccess
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_view
from community_trigger.cases.models import Application
from community_trigger.cases.selectors import case_get_for, case_list_for
from community_trigger.diary.models import Entry, EntryKind, Visibility
from community_trigger.domain.access import Capability

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class DiaryReader:
    """One person as the diary's rule needs them, for one case: whether they may see the case at all,
    whether they read every entry of it, and who they are (an author reads their own entries)."""

    user_id: int | None
    sees_case: bool
    reads_all: bool

    def reads(self, *, visibility: str, written_by_id: int | None) -> bool:
        """Whether they may read an entry with this visibility and author (the same rule as `entries`)."""
        if not self.sees_case:
            return False
        own = self.user_id is not None and written_by_id == self.user_id
        return self.reads_all or visibility == Visibility.AGENCIES or own

    def entries(self, entries: QuerySet[Entry]) -> QuerySet[Entry]:
        """`entries` (of their case) cut to those they may read, in the database."""
        if not self.sees_case:
            return entries.none()
        if self.reads_all:
            return entries
        return entries.filter(Q(visibility=Visibility.AGENCIES) | Q(written_by_id=self.user_id))


def diary_reader(user: User, case: Application) -> DiaryReader:
    """`user` as a reader of `case`'s diary: nothing for someone who may not see the case."""
    sees_case = user.is_authenticated and case_list_for(user).filter(pk=case.pk).exists()
    return DiaryReader(
        user_id=user.pk if user.is_authenticated else None,
        sees_case=bool(sees_case),
        reads_all=bool(sees_case) and StaffAccess(user).can(Capability.MANAGE_CASES, case.partnership_id),
    )


def entries_for(user: User, case: Application, *, kind: str = "") -> QuerySet[Entry]:
    """The entries of `case` that `user` may read (of one `kind`, if given), newest first, with their
    authors and agencies."""
    entries = Entry.objects.filter(application=case).select_related("written_by", "written_for")
    if kind:
        entries = entries.filter(kind=kind)
    return diary_reader(user, case).entries(entries).order_by("-happened_at", "-pk")


def entry_visible_to(user: User, entry: Entry) -> bool:
    """Whether `user` may read `entry` (and so what is attached to it)."""
    return diary_reader(user, entry.application).reads(
        visibility=entry.visibility, written_by_id=entry.written_by_id
    )


@dataclass(frozen=True)
class DiaryLatest:
    """The newest entries of a case one viewer may read, for the case page, and how many they may read
    in all (the rest are on the diary's own page)."""

    entries: list[Entry]
    total: int
    reader: DiaryReader


def diary_latest_for(user: User, case: Application, *, limit: int) -> DiaryLatest:
    """At most `limit` of the newest entries of `case` that `user` may read, and their number."""
    reader = diary_reader(user, case)
    readable = reader.entries(
        Entry.objects.filter(application=case).select_related("written_by", "written_for")
    ).order_by("-happened_at", "-pk")
    return DiaryLatest(entries=list(readable[:limit]), total=readable.count(), reader=reader)


def diary_page_for(
    user: User, reference: str, *, kind: str, number: str | int | None, per_page: int
) -> tuple[Application, Page[Entry]]:
    """The case with `reference` (404 if it is not `user`'s, as `case_get_for`) and page `number` of
    the entries of it they may read (of one `kind`, if it is one), recorded in the audit log as the
    case seen on its diary's page."""
    case = case_get_for(user, reference)
    audit_view(actor=user, subject=case, purpose=AuditEntry.Purpose.CASE_PAGE, detail="case diary")
    chosen = kind if kind in EntryKind.values else ""
    paginator = Paginator(entries_for(user, case, kind=chosen), per_page)
    return case, paginator.get_page(number)
