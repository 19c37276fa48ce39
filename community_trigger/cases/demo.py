"""A few demo cases in different states, so `make run` shows a back office with work in it.

The people are invented; their addresses use Ofcom's drama phone range and the reserved .example
domain. Loaded only alongside the demo staff accounts (development machines).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from community_trigger.agencies.models import Agency, Membership, Partnership
from community_trigger.applications.consent import CONSENT_WORDING_VERSION
from community_trigger.cases.models import Application, Channel, InformationRequest
from community_trigger.cases.services import (
    application_acknowledge,
    application_submit,
    information_answer,
    information_request_all,
    threshold_decide,
)
from community_trigger.domain.access import Role
from community_trigger.domain.workflow import State
from community_trigger.reviews import services as reviews
from community_trigger.reviews.models import Meeting, VictimInvolvement


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
    """Five demo cases: one just received, one acknowledged awaiting a decision, one with information
    requested from the agencies, one with its review meeting arranged, and one reviewed three weeks
    ago with its outcome sent and two recommendations under way. Does nothing if the partnership has
    applications."""
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
        {
            "role": "victim",
            "you": _person("Gus Genuine", "gus@demo.example"),
            "incidents": _incidents(agencies, 3),
        },
        {
            "role": "victim",
            "you": {**_person("Hana Hypothetical", ""), "contact_preference": "post"},
            "incidents": _incidents(agencies, 5),
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
    _, awaiting_decision, requested, to_review, reviewed = cases
    application_acknowledge(application=awaiting_decision, actor=coordinator)
    application_acknowledge(application=requested, actor=coordinator)
    threshold_decide(application=requested, outcome=State.THRESHOLD_MET, reasons="", actor=coordinator)
    information_request_all(application=requested, actor=coordinator)
    now = timezone.now()
    _review_arranged(to_review, coordinator, starts_at=now + timedelta(days=5), now=now)
    _reviewed(reviewed, coordinator, weeks_ago=3)
    return list(Application.objects.filter(pk__in=[case.pk for case in cases]).order_by("number"))


def _answered(case: Application, coordinator: Any, now: datetime) -> None:
    """Acknowledged, the threshold met, and the police and housing answered."""
    application_acknowledge(application=case, actor=coordinator, now=now)
    threshold_decide(application=case, outcome=State.THRESHOLD_MET, reasons="", actor=coordinator, now=now)
    information_request_all(application=case, actor=coordinator, now=now)
    for kind, action in (("police", "Two patrols and a warning letter."), ("housing", "A tenancy warning.")):
        request = InformationRequest.objects.get(application=case, agency__kind=kind)
        officer = Membership.objects.filter(agency=request.agency, role=Role.AGENCY_OFFICER).first()
        if officer is None:
            continue
        information_answer(
            request=request,
            checks={},
            action_taken=action,
            outcome="The behaviour carried on.",
            other_history="",
            risk="",
            risk_sensitive=False,
            actor=officer.user,
            now=now,
        )


def _review_arranged(case: Application, coordinator: Any, *, starts_at: datetime, now: datetime) -> Meeting:
    _answered(case, coordinator, now)
    chair = Membership.objects.get(agency__partnership=case.partnership, user__username="panel.chair").user
    agencies = list(case.partnership.agencies.filter(kind__in=["police", "housing"]))
    return reviews.meeting_schedule(
        application=case,
        starts_at=starts_at,
        place="Beech Hurst, Weyhill Road, Andover",
        online_link="",
        chair=chair,
        chair_independent=False,
        agencies=agencies,
        panel=[coordinator],
        victim_involvement=VictimInvolvement.ATTENDING,
        actor=coordinator,
        now=now,
    )


def _reviewed(case: Application, coordinator: Any, *, weeks_ago: int) -> None:
    """Reviewed `weeks_ago` weeks ago: the meeting held, two recommendations accepted and one done,
    the applicant consulted, the plan final, the outcome letter waiting to be posted."""
    then = timezone.now() - timedelta(weeks=weeks_ago)
    meeting = _review_arranged(case, coordinator, starts_at=then + timedelta(days=2), now=then)
    held_at = meeting.starts_at + timedelta(hours=2)
    reviews.meeting_record(
        meeting=meeting,
        attendees="Chris Chair (chair), Cara Coordinator, Pat Police, Hari Housing; the victim",
        summaries={agency.pk: "Patrols and warnings; no joint plan." for agency in meeting.agencies.all()},
        findings="The reports to the police and to the landlord were never joined up.",
        further_action_possible=True,
        actor=coordinator,
        now=held_at,
    )
    made = []
    for kind, action in (
        ("police", "visit the street every evening for a month"),
        ("housing", "offer mediation"),
    ):
        officer = Membership.objects.filter(
            agency__partnership=case.partnership, agency__kind=kind, role=Role.AGENCY_OFFICER
        ).first()
        if officer is None:
            return
        made.append(
            reviews.recommendation_add(
                meeting=meeting,
                agency=officer.agency,
                owner=officer.user,
                action=action,
                due_by=timezone.localdate(held_at) + timedelta(days=35),
                actor=coordinator,
                now=held_at,
            )
        )
        reviews.recommendation_update(recommendation=made[-1], to="accepted", actor=officer.user, now=held_at)
    reviews.recommendation_update(recommendation=made[0], to="in_progress", actor=coordinator, now=held_at)
    reviews.action_plan_share(meeting=meeting, actor=coordinator, now=held_at)
    later = held_at + timedelta(days=3)
    reviews.action_plan_comments(
        meeting=meeting,
        comments="Glad of the visits; worried mediation will not work.",
        actor=coordinator,
        now=later,
    )
    reviews.action_plan_finalise(meeting=meeting, actor=coordinator, now=later)
    reviews.outcome_send(
        meeting=meeting,
        summary_for_applicant="The police and your landlord had not shared your reports. They will now.",
        actor=coordinator,
        now=later,
    )
