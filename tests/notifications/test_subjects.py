"""Every email names its case: each message kind's subject carries the case reference, and the email
asking an officer for information links to the case page (a secure-link email keeps its own link)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import msgspec
import pytest
from reviews.builders import Team, team
from sharing.builders import asked, request_to

from community_trigger.notifications.messages import (
    AnyContent,
    InformationRequested,
    LetterEmail,
    Sender,
    from_values,
)
from community_trigger.notifications.models import Message

REFERENCE = "TVP-2026-0042"
# Messages that come before there is a case: a saved draft's link and code have no reference yet.
BEFORE_A_CASE = {"resume_link", "save_code"}
# Messages about the partnership, not one case: an unusual access alert names the partnership instead.
NOT_ABOUT_A_CASE = {"access_alert_raised"}
# Values of each field a message kind may have, by name; the reference is the one looked for.
VALUES: dict[str, Any] = {
    "reference": REFERENCE,
    "partnership": Sender(name="Test Valley Partnership"),
    "partnership_name": "Test Valley Partnership",
    "agency_name": "Test Valley Police",
    "due_by": date(2027, 1, 4),
    "was_due_by": date(2027, 1, 1),
    "due_on": date(2027, 1, 4),
    "acknowledge_by": date(2027, 1, 4),
    "expires": date(2027, 1, 4),
    "link": "https://ct.example/staff/cases/TVP-2026-0042/",
    "code": "123456",
    "days_late": 2,
    "what": "Hold the review meeting",
    "given_by": "Cora Staffer",
    "uid": "meeting-1",
    "sequence": 0,
    "starts_at": datetime(2027, 1, 14, 10, tzinfo=UTC),
    "ends_at": datetime(2027, 1, 14, 12, tzinfo=UTC),
    "action": "Visit weekly",
    "remaining": 0,
    "day": date(2027, 1, 4),
    "why": "someone opened many more cases than usual",
}


def _kinds() -> list[type[Any]]:
    return [kind for kind in AnyContent.__args__ if kind is not LetterEmail]


@pytest.mark.parametrize("kind", _kinds(), ids=lambda kind: kind.__name__)
def test_every_email_subject_names_the_case_reference(kind: type[Any]) -> None:
    fields = {name: VALUES[name] for name in kind.__struct_fields__ if name in VALUES}
    content = msgspec.convert(
        {
            **{name: msgspec.to_builtins(value) for name, value in fields.items()},
            "kind": kind.__struct_config__.tag,
        },
        type=kind,
    )

    if kind.__struct_config__.tag in BEFORE_A_CASE:
        assert REFERENCE not in content.subject()
    elif kind.__struct_config__.tag in NOT_ABOUT_A_CASE:
        assert VALUES["partnership_name"] in content.subject()
    else:
        assert REFERENCE in content.subject()


@pytest.mark.django_db
def test_the_information_request_email_links_an_officer_to_the_case_page(settings: Any) -> None:
    settings.SITE_URL = "https://ct.example"
    people: Team = team()
    case = asked(people)
    police = request_to(case, "police")

    emails = Message.objects.filter(key__startswith=f"information_requested:{police.pk}:").exclude(
        key__endswith=":contact"
    )

    assert emails.exists()
    for email in emails:
        content = from_values(email.values)
        assert isinstance(content, InformationRequested)
        assert content.link == f"https://ct.example/staff/cases/{case.reference}/"
        assert f"\n{content.link}\n" in content.body()
