"""The answers an application is made of, as the online journey collects them.

The journey keeps these in a draft while the person works through the pages; submitting turns them
into an application. Values are plain JSON so that a draft survives a restart and a later version:

    role              "victim" | "representative" | "group_representative"
    you               {name, address_line_1, address_line_2, town, postcode, email, phone,
                       contact_preference ("email"|"phone"|"post"), help_needed}
    victim            (representative only) {name, address_line_1, address_line_2, town, postcode,
                       email, phone, relationship, consent_method}
    members           (group only) [{key, name, email, phone, consent (true), satisfied ("yes"|"no")}]
    incidents         [{key, date (YYYY-MM-DD), description, location,
                        harassment_alarm_distress ("yes"|"no"), hate ("yes"|"no"),
                        reports: [{key, by, agency (an agency id or "other"), other_organisation,
                                   date (YYYY-MM-DD), reference}]}]
    satisfaction      "no_action" | "not_satisfied" | "satisfied"
    impact            {impact, vulnerability, support}   (all optional)
    consent           "yes"

A request that came by phone, post, email or in person, entered by a member of staff, also has:

    received          {channel ("phone"|"post"|"email"|"in_person"), date (YYYY-MM-DD)}
    consent_method    how the applicant agreed to sharing: "in_writing"|"by_email"|"by_phone"|"in_person"

A report's `by` is "you" (the applicant, also on the victim's behalf), "victim", or "member:<key>".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

Answers = Mapping[str, Any]

YOU = "you"
VICTIM = "victim"
MEMBER_PREFIX = "member:"


def reporters(answers: Answers) -> list[tuple[str, str]]:
    """Who can have made a report, as (value for `by`, words for the person filling in the form)."""
    role = answers.get("role")
    if role == "representative":
        victim_name = (answers.get("victim") or {}).get("name") or "the victim"
        return [(VICTIM, victim_name), (YOU, "You, on their behalf")]
    choices = [(YOU, "You")]
    if role == "group_representative":
        choices += [
            (f"{MEMBER_PREFIX}{member['key']}", member["name"]) for member in answers.get("members") or []
        ]
    return choices


def address_lines(details: Mapping[str, Any]) -> str:
    """The address as lines, the way a letter is addressed (without the postcode)."""
    parts = (details.get(name, "") for name in ("address_line_1", "address_line_2", "town"))
    return "\n".join(part for part in parts if part)


def latest_date(answers: Answers) -> date | None:
    """The latest day an incident happened or a report was made: a request cannot be received before it
    (the threshold engine refuses one dated after the application)."""
    days = [
        date.fromisoformat(day)
        for incident in answers.get("incidents") or []
        for day in [incident["date"], *(report["date"] for report in incident.get("reports", []))]
    ]
    return max(days, default=None)
