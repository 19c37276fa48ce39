"""Cases with deadlines for the deadline tests, and the staff who work on them, one per kind of person.

Each person has their own email address, so a test can tell who a reminder went to by the address.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from accounts.people import staff
from applications.builders import other_partnership, submitted
from django.contrib.auth import get_user_model

from community_trigger.agencies.models import Agency, Membership, Partnership
from community_trigger.cases.models import Application
from community_trigger.domain.access import Role
from community_trigger.domain.workflow import State
from community_trigger.sharing.models import InformationRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def noon(on: date) -> datetime:
    """Midday on `on` (in winter, GMT: UTC and local time agree), for freezing the clock."""
    return datetime(on.year, on.month, on.day, 12, 0, tzinfo=UTC)


def elsewhere() -> Partnership:
    """Another partnership, with one police force and one council; the same one each time it is asked."""
    found = Partnership.objects.filter(slug="other-borough").first()
    if found is None:
        found = other_partnership()
        Agency.objects.create(partnership=found, name="Other Borough Council", kind="council")
    return found


def asked(of: Partnership, *kinds: str, due_by: date, review_by: date | None = None) -> Application:
    """A submitted case whose partnership has asked its agencies of `kinds` for information, each
    answer due on `due_by`; the case's own next step (the review meeting) is due on `review_by`."""
    case = submitted(of)
    Application.objects.filter(pk=case.pk).update(state=State.INFORMATION_REQUESTED, due_by=review_by)
    for kind in kinds:
        InformationRequest.objects.create(
            application=case,
            agency=of.agencies.get(kind=kind),
            # Asked a fortnight before it falls due: a due date is never before its request.
            requested_at=datetime.combine(due_by - timedelta(days=14), time(10), tzinfo=UTC),
            due_by=due_by,
        )
    case.refresh_from_db()
    return case


def step_due(case: Application, on: date | None) -> Application:
    Application.objects.filter(pk=case.pk).update(due_by=on)
    case.refresh_from_db()
    return case


# The people of the access matrix: who they are in the demo partnership (or outside it).
PEOPLE: dict[str, tuple[Role, str]] = {
    "coordinator": (Role.COORDINATOR, "council"),
    "police officer": (Role.AGENCY_OFFICER, "police"),
    "housing officer": (Role.AGENCY_OFFICER, "housing"),
    "health officer": (Role.AGENCY_OFFICER, "health"),
    "panel chair": (Role.PANEL_CHAIR, "council"),
    "auditor": (Role.AUDITOR, "council"),
}


def person(name: str) -> User:
    """The member of staff called `name` in PEOPLE, or "other coordinator": the coordinator of another
    partnership. Their email address is their name, as in police-officer@staff.example."""
    username = name.replace(" ", "-")
    email = f"{username}@staff.example"
    if name == "other coordinator":
        user = get_user_model().objects.create_user(username=username, email=email, password="x" * 20)
        council = elsewhere().agencies.get(kind="council")
        Membership.objects.create(user=user, agency=council, role=Role.COORDINATOR)
        return user
    role, kind = PEOPLE[name]
    return staff(username, email=email, role=role, agency_kind=kind)
