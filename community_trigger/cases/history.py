"""One case history: every change to a case is one event, appended by the service that makes the change,
in the same transaction, through `event_record` and nothing else.

What follows from an event (its audit entry, the yearly figures' counts, the letters and emails) is not
written here nor by the service: one dispatcher derives it from the event (community_trigger
/consequences), installed when the application starts. A case service never writes an audit entry, a
count or a message itself, so a new step gets them by recording its event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import ngettext

from community_trigger.cases.models import Application, CaseEvent, CaseEventWords, Happened
from community_trigger.common.wording import MOVE_WORDS
from community_trigger.domain.workflow import ENDED, State

Dispatcher = Callable[[CaseEvent], None]
# The dispatcher by its dotted path, imported on first use: it sits above every context whose events
# it handles, so this module cannot import it, and importing it as the application starts would load
# the outbox's task before the test settings choose its backend.
_dispatcher_path: list[str] = []
_dispatchers: list[Dispatcher] = []

APPLICANT_LABEL = "the applicant"

# The events recorded while one request is answered, by id, for the banner that tells the person what
# their step did (cases.middleware); None when nobody listens (a task, a command, the public side).
_noted: ContextVar[list[int] | None] = ContextVar("case_events_noted", default=None)


@contextmanager
def events_noted() -> Iterator[list[int]]:
    """Collect the ids of the events `event_record` appends inside the block (those of a transaction
    rolled back too: the reader checks they were kept)."""
    noted: list[int] = []
    token = _noted.set(noted)
    try:
        yield noted
    finally:
        _noted.reset(token)


def dispatcher_install(dotted_path: str) -> None:
    """Make the function at `dotted_path` the one that derives every event's consequences (called once,
    as the application starts)."""
    _dispatcher_path[:] = [dotted_path]
    _dispatchers.clear()


def _dispatcher() -> Dispatcher:
    if not _dispatchers:
        if not _dispatcher_path:
            raise ImproperlyConfigured(
                "No dispatcher for case events: community_trigger.consequences must be in INSTALLED_APPS"
            )
        _dispatchers.append(import_string(_dispatcher_path[0]))
    return _dispatchers[0]


def staff_label(user: Any) -> str:
    """A member of staff as the case's history names them."""
    return str(user.get_full_name() or user)


def _fact(value: Any) -> Any:
    """A fact as JSON keeps it: dates and times as ISO text, ids as numbers."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_fact(item) for item in value]
    return value


def event_record(
    *,
    application: Application,
    kind: Happened,
    actor: Any = None,
    actor_label: str = "",
    at: datetime | None = None,
    moved_from: State | None = None,
    moved_to: State | None = None,
    facts: Mapping[str, Any] | None = None,
    words: str = "",
) -> CaseEvent:
    """Append one event to `application`'s history and derive its consequences, in the caller's
    transaction (every service that calls this is atomic, so the change, its event and what follows
    from it are kept together or not at all).

    `facts` are ids, dates and flags the consequences need (never words a person wrote); `words` are
    what a person wrote about the change (a reason, a note), kept beside the event. `actor` is the
    member of staff who made the change, or None with `actor_label` in words ("the applicant").
    """
    dispatch = _dispatcher()
    signed_in = actor if getattr(actor, "is_authenticated", False) else None
    event = CaseEvent.objects.create(
        application=application,
        kind=kind,
        at=at or timezone.now(),
        from_state=moved_from or "",
        to_state=moved_to or "",
        actor=signed_in,
        actor_label=actor_label or (staff_label(signed_in) if signed_in else APPLICANT_LABEL),
        facts={name: _fact(value) for name, value in (facts or {}).items()},
    )
    if words.strip():
        CaseEventWords.objects.create(event=event, text=words.strip())
    if kind == Happened.MOVED and (moved_to in ENDED or moved_from in ENDED):
        # Ended now, or reopened (an escalation): the retention schedule counts from when it ended.
        Application.objects.filter(pk=application.pk).update(ended_at=event.at if moved_to in ENDED else None)
    dispatch(event)
    noted = _noted.get()
    if noted is not None:
        noted.append(event.pk)
    return event


def event_words(event: CaseEvent) -> str:
    """What the event was, in the history's words for staff: the step a move took (with how many
    agencies were asked, for a request for information), or the kind of change."""
    if event.kind != Happened.MOVED:
        return str(event.get_kind_display())
    try:
        moved_to = State(event.to_state)
    except ValueError:
        return str(event.what)
    asked = len((event.facts or {}).get("requests") or ())
    if moved_to == State.INFORMATION_REQUESTED and asked:
        return ngettext(
            "Information requested from %(count)d agency",
            "Information requested from %(count)d agencies",
            asked,
        ) % {"count": asked}
    return str(MOVE_WORDS[moved_to])


def moves_of(application: Application) -> list[tuple[State | None, State]]:
    """The case's moves in the order they were made, as (from, to): what the domain's rules about
    history (closed_after, threshold_answer) read."""
    rows = application.events.filter(kind=Happened.MOVED).order_by("pk").values_list("from_state", "to_state")
    return [(State(was) if was else None, State(to)) for was, to in rows]
