"""A few demo cases in different states, so `make run` shows a back office with work in it.

The people are invented; their addresses use Ofcom's drama phone range and the reserved .example
domain. Loaded only alongside the demo staff accounts (development machines).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from community_trigger.agencies.models import Agency, Partnership
from community_trigger.applications.consent import CONSENT_WORDING_VERSION
from community_trigger.cases.models import Application, Channel
from community_trigger.cases.services import (
    application_acknowledge,
    application_submit,
    information_request_all,
    threshold_decide,
)
from community_trigger.domain.workflow import State


def _person(name: str, email: str) -> dict[str, Any]:
    return {
        "name": name,
        "address_line_1": "12 Demo Road",
        "address_line_2": "",
        "town": "Andover",
        "postcode": "SP10 1AA",
        "email": email,
        "phone": "01632 960 456",
        "contact_preference": "email",
        "help_needed": "",
    }


def _incidents(agencies: dict[str, str], count: int, by: str = "you") -> list[dict[str, Any]]:
    today = timezone.localdate()
    kinds = ["police", "council", "housing"]
    return [
        {
            "key": f"i{number}",
            "date": (today - timedelta(days=20 * number)).isoformat(),
            "description": "Loud music and shouting late at night, and threats when asked to stop.",
            "location": "Outside the flats on Demo Road",
            "harassment_alarm_distress": "yes",
            "hate": "no",
            "reports": [
                {
                    "key": f"r{number}",
                    "by": by,
                    "agency": agencies[kinds[number % len(kinds)]],
                    "other_organisation": "",
                    "date": (today - timedelta(days=20 * number - 1)).isoformat(),
                    "reference": "",
                }
            ],
        }
        for number in range(1, count + 1)
    ]


@transaction.atomic
def demo_cases_load(*, partnership: Partnership, coordinator: Any) -> list[Application]:
    """Three demo cases: one just received, one acknowledged awaiting a decision, one with
    information requested from the agencies. Does nothing if the partnership has applications."""
    if partnership.applications.exists():
        return []
    agencies = {agency.kind: str(agency.pk) for agency in Agency.objects.filter(partnership=partnership)}
    common = {"satisfaction": "not_satisfied", "impact": {}, "consent": "yes"}
    stories = [
        {
            "role": "victim",
            "you": _person("Dana Demo", "dana@demo.example"),
            "incidents": _incidents(agencies, 3),
        },
        {
            "role": "victim",
            "you": _person("Eli Example", "eli@demo.example"),
            "incidents": _incidents(agencies, 1),
        },
        {
            "role": "victim",
            "you": _person("Fay Fictional", "fay@demo.example"),
            "incidents": _incidents(agencies, 4),
        },
    ]
    cases = [
        application_submit(
            partnership=partnership,
            answers={**common, **story},
            channel=Channel.ONLINE,
            consent_wording_version=CONSENT_WORDING_VERSION,
        )
        for story in stories
    ]
    _, awaiting_decision, requested = cases
    application_acknowledge(application=awaiting_decision, actor=coordinator)
    application_acknowledge(application=requested, actor=coordinator)
    threshold_decide(application=requested, outcome=State.THRESHOLD_MET, reasons="", actor=coordinator)
    information_request_all(application=requested, actor=coordinator)
    return list(Application.objects.filter(pk__in=[case.pk for case in cases]).order_by("number"))
