"""The audit log in words: what each entry says was done, and to what, named as people know it (a case
by its reference, an account by its username, a state by its words), in the reader's language. The
log's page renders entries only through `entries_in_words`, which names a page of subjects in a
bounded number of queries (one per kind of subject on the page)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext, gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from community_trigger.agencies.models import Agency, Membership, Partnership
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application
from community_trigger.common.wording import state_words

Action = AuditEntry.Action
Purpose = AuditEntry.Purpose

# Each action on its own: the subject follows in the sentences below.
ACTION_WORDS = {
    Action.CREATE: gettext_lazy("Created"),
    Action.VIEW: gettext_lazy("Viewed"),
    Action.CHANGE: gettext_lazy("Changed"),
    Action.DELETE: gettext_lazy("Deleted"),
    Action.EXPORT: gettext_lazy("Exported"),
    Action.SIGN_IN: gettext_lazy("Signed in"),
    Action.SIGN_IN_FAILED: gettext_lazy("Failed to sign in"),
    Action.SIGN_OUT: gettext_lazy("Signed out"),
    Action.REFUSE: gettext_lazy("Refused"),
}

# What each kind of subject is, said of one whose name is not known (or not to be shown).
SUBJECT_KIND_WORDS = {
    "application": gettext_lazy("a case"),
    "user": gettext_lazy("a staff account"),
    "partnership": gettext_lazy("a partnership"),
    "agency": gettext_lazy("an agency"),
    "membership": gettext_lazy("a role in an agency"),
    "totpdevice": gettext_lazy("an authenticator app"),
    "staticdevice": gettext_lazy("a set of backup codes"),
    "draft": gettext_lazy("an unfinished application"),
    "publishedfigures": gettext_lazy("the published figures"),
}

# A second factor, by whose it is.
SECOND_FACTOR_WORDS = {
    "totpdevice": gettext_lazy("%(user)s's authenticator app"),
    "staticdevice": gettext_lazy("%(user)s's backup codes"),
}

# A case seen: what showed it (the entry's purpose), as the end of "Viewed ... of CT-2026-0012".
_SEEN = {
    Purpose.CASE_PAGE: gettext_lazy("Viewed the case page of %(case)s"),
    Purpose.CASE_LIST: gettext_lazy("Saw %(case)s on the case list"),
    Purpose.EXPORT: gettext_lazy("Downloaded %(case)s in the case list's spreadsheet"),
    Purpose.MEETING_PACK: gettext_lazy("Viewed the meeting pack of %(case)s"),
    Purpose.LETTER: gettext_lazy("Viewed a letter of %(case)s"),
    Purpose.FORM: gettext_lazy("Opened a page to take a step on %(case)s"),
    Purpose.DOCUMENT: gettext_lazy("Downloaded a document of %(case)s"),
}
# The lists a case is seen on, beside the case list itself (the detail says which).
_SEEN_ON_LIST = {
    "due list": gettext_lazy('Saw %(case)s on "Due and overdue"'),
    "worklist": gettext_lazy("Saw %(case)s on their worklist"),
    "related cases": gettext_lazy("Saw %(case)s among related cases"),
}
_DONE = {
    Action.CREATE: gettext_lazy("Created %(subject)s"),
    Action.VIEW: gettext_lazy("Viewed %(subject)s"),
    Action.CHANGE: gettext_lazy("Changed %(subject)s"),
    Action.DELETE: gettext_lazy("Deleted %(subject)s"),
    Action.EXPORT: gettext_lazy("Exported %(subject)s"),
    Action.REFUSE: gettext_lazy("Refused %(subject)s"),
}
# Said of the one signing in or out: their account is the subject, and "Who" names them already.
_OF_ONESELF = (Action.SIGN_IN, Action.SIGN_IN_FAILED, Action.SIGN_OUT)
# A case's move from one state to another, as the dispatcher writes it: "outcome_sent → closed".
_MOVE = re.compile(r"^(?P<was>[a-z_]+) → (?P<to>[a-z_]+)$")


# Where an inline object was edited in the admin, as `audit_admin_change` writes it.
_WITHIN = re.compile(r"\bon ([a-z]+) (\d+)\b")


def _named_within(found: re.Match[str], names: Mapping[tuple[str, str], str]) -> str:
    within, pk = found.groups()
    named = names.get((within, pk))
    if named is None:
        kind = SUBJECT_KIND_WORDS.get(within)
        named = str(kind) if kind is not None else gettext("a record")
    return gettext("on %(name)s") % {"name": named}


@dataclass(frozen=True)
class EntryInWords:
    """One entry as the audit log shows it."""

    entry: AuditEntry
    what: str  # a sentence: "Moved CT-2026-0012 from Outcome sent to Closed"
    subject: str  # the subject's name: a case reference, a username, an agency's name
    detail: str  # what else the entry says, in words; empty when the sentence says it all


def subject_names(entries: Iterable[AuditEntry]) -> dict[tuple[str, str], str]:
    """The names of the subjects of `entries`, by (subject, subject_id): one query per kind of
    subject on the page that has names (cases, accounts, partnerships, agencies, roles in agencies,
    second factors), however many entries."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        if entry.subject_id.isdigit():
            wanted.setdefault(entry.subject, set()).add(int(entry.subject_id))
        # What an admin change was made within ("in the admin, on partnership 3") is named too.
        for within, pk in _WITHIN.findall(entry.detail):
            wanted.setdefault(within, set()).add(int(pk))
    names: dict[tuple[str, str], str] = {}
    lookups: Mapping[str, tuple[object, str]] = {
        "application": (Application.objects, "reference"),
        "user": (get_user_model().objects, "username"),
        "partnership": (Partnership.objects, "name"),
        "agency": (Agency.objects, "name"),
    }
    for subject, (manager, field) in lookups.items():
        ids = wanted.get(subject)
        if ids:
            rows = manager.filter(pk__in=ids).values_list("pk", field)  # type: ignore[attr-defined]
            names |= {(subject, str(pk)): str(name) for pk, name in rows}
    # Whose role, where; whose second factor: what an administrator changed, by whom it concerns.
    memberships = Membership.objects.filter(pk__in=wanted.get("membership", ())).select_related(
        "user", "agency"
    )
    for membership in memberships:
        names[("membership", str(membership.pk))] = gettext("%(user)s's role at %(agency)s") % {
            "user": membership.user.get_username(),
            "agency": membership.agency.name,
        }
    for subject, model in (("totpdevice", TOTPDevice), ("staticdevice", StaticDevice)):
        ids = wanted.get(subject)
        if ids:
            said = SECOND_FACTOR_WORDS[subject]
            for pk, username in model.objects.filter(pk__in=ids).values_list("pk", "user__username"):
                names[(subject, str(pk))] = str(said) % {"user": username}
    return names


def subject_words(entry: AuditEntry, names: Mapping[tuple[str, str], str]) -> str:
    """The entry's subject by its name when it has one, else what kind of thing it is."""
    named = names.get((entry.subject, entry.subject_id))
    if named:
        return named
    kind = SUBJECT_KIND_WORDS.get(entry.subject)
    return str(kind) if kind is not None else gettext("a record")


def action_words(action: str) -> str:
    """An action on its own, in words; one this code does not know, as it is stored."""
    try:
        return str(ACTION_WORDS[Action(action)])
    except ValueError:
        return action


def entry_in_words(entry: AuditEntry, names: Mapping[tuple[str, str], str]) -> EntryInWords:
    """`entry` in words, its subject named from `names` (`subject_names`)."""
    subject = subject_words(entry, names)
    detail = _WITHIN.sub(lambda found: _named_within(found, names), entry.detail)
    is_case = entry.subject == "application"
    moved = _MOVE.match(detail) if is_case and entry.action == Action.CHANGE else None
    if moved:
        what = gettext("Moved %(case)s from %(was)s to %(to)s") % {
            "case": subject,
            "was": state_words(moved["was"]),
            "to": state_words(moved["to"]),
        }
        return EntryInWords(entry, what, subject, "")
    if is_case and entry.action == Action.VIEW and entry.purpose:
        on_list = _SEEN_ON_LIST.get(detail) if entry.purpose == Purpose.CASE_LIST else None
        sentence = on_list or _SEEN.get(Purpose(entry.purpose))
        if sentence is not None:
            # The detail that only repeats the purpose ("case page", "due list") is said already.
            said = detail in ("case page", "case list", "case list download", "meeting pack", *_SEEN_ON_LIST)
            return EntryInWords(entry, str(sentence) % {"case": subject}, subject, "" if said else detail)
    if is_case and entry.action == Action.EXPORT and entry.purpose == Purpose.EXPORT:
        said = detail == "case list download"
        what = str(_SEEN[Purpose.EXPORT]) % {"case": subject}
        return EntryInWords(entry, what, subject, "" if said else detail)
    if entry.action in _OF_ONESELF:
        return EntryInWords(entry, action_words(entry.action), subject, detail)
    sentence = _DONE.get(entry.action)  # type: ignore[call-overload]
    if sentence is None:
        return EntryInWords(entry, f"{action_words(entry.action)}: {subject}", subject, detail)
    return EntryInWords(entry, str(sentence) % {"subject": subject}, subject, detail)


def entries_in_words(entries: Iterable[AuditEntry]) -> list[EntryInWords]:
    """A page of entries in words, their subjects named in a bounded number of queries."""
    listed = list(entries)
    names = subject_names(listed)
    return [entry_in_words(entry, names) for entry in listed]
