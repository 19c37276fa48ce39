"""Check your answers: every answer in words, with a Change link that comes back here afterwards."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.template.defaultfilters import linebreaks_filter
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext, gettext_lazy

from community_trigger.agencies.models import Partnership
from community_trigger.applications.forms import CONTACT_WAYS, FEELINGS
from community_trigger.cases.answers import address_lines, reporters
from community_trigger.cases.models import LANGUAGE_CHOICES, Channel, ConsentMethod
from community_trigger.common.calendar import working_days_after
from community_trigger.common.dates import long_date as common_long_date

ROLE_WORDS = {
    "victim": "I am the victim",
    "representative": "I am acting for the victim",
    "group_representative": "I am acting for a group",
}


def long_date(value: str) -> str:
    """A draft's YYYY-MM-DD date in words, in the language being spoken."""
    return common_long_date(date.fromisoformat(value))


def _row(key: str, value: Any, url: str, hidden: str) -> dict[str, Any]:
    return {
        "key": key,
        "value": value if value not in ("", None) else "Not given",
        "change_url": url,
        "change_hidden": hidden,
    }


def _lines(*parts: str) -> Any:
    """Several values in one row, each on its own line (escaped)."""
    return format_html_join("", "{}<br>", ((part,) for part in parts if part))


_YES_NO_WORDS = {"yes": gettext_lazy("Yes"), "no": gettext_lazy("No")}
_CONTACT_WAY_WORDS = dict(CONTACT_WAYS)
_FEELING_WORDS = dict(FEELINGS)


def _contact_rows(answers: dict[str, Any], step: Callable[[str], str]) -> list[dict[str, Any]]:
    """How and when it is safe to contact the applicant; a draft from before these questions kept
    only an address, a phone and a preference, with the name."""
    contact = answers.get("contact")
    if not isinstance(contact, dict):
        you = answers["you"]
        return [
            _row("Email", you.get("email"), step("your-details"), "your email address"),
            _row("Phone", you.get("phone"), step("your-details"), "your phone number"),
            _row(
                "Contact by",
                _CONTACT_WAY_WORDS[you["contact_preference"]],
                step("your-details"),
                "how you would like to be contacted",
            ),
        ]
    url = step("contact")
    channels = contact.get("channels", [])
    return [
        _row(
            gettext("Safe ways to contact you"),
            _lines(*(str(_CONTACT_WAY_WORDS[code]) for code in channels)),
            url,
            gettext("the safe ways to contact you"),
        ),
        _row(
            gettext("Email"), contact.get("email") if "email" in channels else "", url, gettext("your email")
        ),
        _row(
            gettext("Phone"),
            contact.get("phone") if {"text", "phone"} & set(channels) else "",
            url,
            gettext("your phone number"),
        ),
        _row(
            gettext("Preferred way"),
            _CONTACT_WAY_WORDS[contact["preferred"]],
            url,
            gettext("the way you prefer"),
        ),
        _row(gettext("Times to avoid"), contact.get("avoid_times"), url, gettext("times to avoid")),
        _row(
            gettext("Voicemail is safe"),
            _YES_NO_WORDS.get(contact.get("voicemail_safe", "")),
            url,
            gettext("whether voicemail is safe"),
        ),
        _row(
            gettext("Letters at home are safe"),
            _YES_NO_WORDS.get(contact.get("letters_home_safe", "")),
            url,
            gettext("whether letters at home are safe"),
        ),
        _row(
            gettext("Safe other address or contact"),
            contact.get("safe_alternative"),
            url,
            gettext("the safe other address or contact"),
        ),
    ]


def answer_sections(
    partnership: Partnership, answers: dict[str, Any], *, url: Callable[..., str]
) -> list[dict[str, Any]]:
    """Sections of rows for the summary lists on the check answers page. `url(name, *args)` is the
    address of one of the route's pages (the journey context's url)."""

    def change(name: str, *args: str) -> str:
        return url(name, *args) + "?change=1"

    def step(name: str) -> str:
        return change("step", name)

    sections = []
    if "received" in answers:
        sections.append(_received_section(partnership, answers["received"], change("received")))
    you = answers["you"]
    sections.append(
        {
            "title": "About you",
            "rows": [
                _row("Who you are", ROLE_WORDS[answers["role"]], step("who"), "who you are"),
                _row("Name", you["name"], step("your-details"), "your name"),
                _row(
                    "Address",
                    _lines(*address_lines(you).split("\n"), you["postcode"]),
                    step("your-details"),
                    "your address",
                ),
                *_contact_rows(answers, step),
                _row("Help you need", you.get("help_needed"), step("your-details"), "the help you need"),
            ],
        }
    )
    if answers["role"] == "representative":
        victim = answers["victim"]
        sections.append(
            {
                "title": "The victim",
                "rows": [
                    _row("Name", victim["name"], step("victim"), "the victim's name"),
                    _row(
                        "Address",
                        _lines(*address_lines(victim).split("\n"), victim["postcode"]),
                        step("victim"),
                        "the victim's address",
                    ),
                    _row("Email", victim.get("email"), step("victim"), "the victim's email address"),
                    _row("Phone", victim.get("phone"), step("victim"), "the victim's phone number"),
                    _row(
                        "Your relationship",
                        victim["relationship"],
                        step("victim"),
                        "your relationship to the victim",
                    ),
                    _row(
                        "How they agreed",
                        ConsentMethod(victim["consent_method"]).label,
                        step("victim"),
                        "how the victim agreed",
                    ),
                ],
            }
        )
    if answers["role"] == "group_representative":
        sections.append(
            {
                "title": "People in the group",
                "rows": [
                    _row(
                        member["name"],
                        _lines(
                            member.get("email", ""),
                            member.get("phone", ""),
                            "Agrees to sharing",
                            "Satisfied with the action taken"
                            if member["satisfied"] == "yes"
                            else "Not satisfied with the action taken",
                        ),
                        change("member", member["key"]),
                        member["name"],
                    )
                    for member in answers.get("members", [])
                ],
            }
        )
    people = dict(reporters(answers))
    agencies = {str(agency.pk): agency.name for agency in partnership.agencies.all()}
    for number, incident in enumerate(answers.get("incidents", []), start=1):
        rows = [
            _row(
                "Date",
                long_date(incident["date"]),
                change("incident", incident["key"]),
                f"the date of incident {number}",
            ),
            _row(
                "What happened",
                # Escaped first, then paragraphs: the template filter's own safe output.
                linebreaks_filter(incident["description"], autoescape=True),
                change("incident", incident["key"]),
                f"what happened in incident {number}",
            ),
            _row(
                "Where",
                incident["location"],
                change("incident", incident["key"]),
                f"where incident {number} happened",
            ),
            _row(
                "Harassment, alarm or distress",
                "Yes" if incident["harassment_alarm_distress"] == "yes" else "No",
                change("incident", incident["key"]),
                f"whether incident {number} caused harassment, alarm or distress",
            ),
            _row(
                "Motivated by hate",
                "Yes" if incident["hate"] == "yes" else "No",
                change("incident", incident["key"]),
                f"whether incident {number} was motivated by hate",
            ),
        ]
        for report in incident["reports"]:
            to = agencies.get(report["agency"]) or report.get("other_organisation") or "Another organisation"
            rows.append(
                _row(
                    f"Reported by {people.get(report['by'], 'someone')}",
                    _lines(
                        f"To {to}",
                        f"On {long_date(report['date'])}",
                        f"Reference {report['reference']}" if report.get("reference") else "",
                    ),
                    change("report", incident["key"], report["key"]),
                    f"the report to {to}",
                )
            )
        sections.append({"title": f"Incident {number}", "rows": rows})
    impact = answers.get("impact", {})
    sections.append(
        {
            "title": "How you feel about the action taken",
            "rows": [
                _row(
                    "Action taken",
                    _FEELING_WORDS[answers["satisfaction"]],
                    step("satisfaction"),
                    "how you feel about the action taken",
                ),
                _row("How it affects you", impact.get("impact"), step("impact"), "how it affects you"),
                _row("Vulnerability", impact.get("vulnerability"), step("impact"), "any vulnerability"),
                _row("Support wanted", impact.get("support"), step("impact"), "the support you want"),
            ],
        }
    )
    if answers.get("consent_method"):
        sharing = _row(
            "How the applicant agreed",
            ConsentMethod(answers["consent_method"]).label,
            step("consent"),
            "how the applicant agreed to sharing",
        )
    else:
        sharing = _row("You agree to sharing", "Yes", step("consent"), "whether you agree to sharing")
    sections.append({"title": "Sharing information", "rows": [sharing]})
    return sections


def _received_section(partnership: Partnership, received: dict[str, str], change_url: str) -> dict[str, Any]:
    """How and when a request entered by staff came in, and the acknowledgement date that follows."""
    days = partnership.acknowledge_within_days
    acknowledge_by = working_days_after(date.fromisoformat(received["date"]), days)
    return {
        "title": "How the request came in",
        "rows": [
            _row("Received", Channel(received["channel"]).how.capitalize(), change_url, "how it came in"),
            _row("Date received", long_date(received["date"]), change_url, "the date received"),
            *(
                [_row("Language", dict(LANGUAGE_CHOICES)[received["language"]], change_url, "the language")]
                if received.get("language")
                else []
            ),
            {"key": "Acknowledge by", "value": _acknowledge_by_words(acknowledge_by, days)},
        ],
    }


def _acknowledge_by_words(acknowledge_by: date, days: int) -> str:
    words = f"{common_long_date(acknowledge_by)}, {days} working day{'s' if days != 1 else ''} later"
    if acknowledge_by < timezone.localdate():
        return f"{words}: already overdue, so acknowledge it as soon as it is recorded"
    return words
