"""Check your answers: every answer in words, with a Change link that comes back here afterwards."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.template.defaultfilters import linebreaks_filter
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext

from community_trigger.agencies.models import Partnership
from community_trigger.applications.forms import CONTACT_WAYS, FEELINGS, LETTER_FORMATS
from community_trigger.cases.answers import YOU, address_lines, reporters
from community_trigger.cases.models import LANGUAGE_CHOICES, Channel, ConsentMethod
from community_trigger.common.calendar import working_days_after
from community_trigger.common.dates import long_date as common_long_date

ROLE_WORDS = {
    "victim": gettext_lazy("I am the victim"),
    "representative": gettext_lazy("I am acting for the victim"),
    "group_representative": gettext_lazy("I am acting for a group"),
}
# The model's labels are English data; the page says them in the language being spoken.
_AGREED_WORDS = {
    ConsentMethod.ONLINE: gettext_lazy("Ticked on the online form"),
    ConsentMethod.IN_WRITING: gettext_lazy("In writing"),
    ConsentMethod.BY_EMAIL: gettext_lazy("By email"),
    ConsentMethod.BY_PHONE: gettext_lazy("By phone"),
    ConsentMethod.IN_PERSON: gettext_lazy("In person"),
    ConsentMethod.CONFIRMED_BY_REPRESENTATIVE: gettext_lazy("Confirmed by the group's representative"),
}


def long_date(value: str) -> str:
    """A draft's YYYY-MM-DD date in words, in the language being spoken."""
    return common_long_date(date.fromisoformat(value))


def _row(key: str, value: Any, url: str, hidden: str) -> dict[str, Any]:
    return {
        "key": key,
        "value": value if value not in ("", None) else gettext("Not given"),
        "change_url": url,
        "change_hidden": hidden,
    }


def format_words(need: Any) -> str:
    """The format someone needs letters in, in their words: "Large print", "Another language: Polish"."""
    kept = need if isinstance(need, dict) else {}
    words = str(dict(LETTER_FORMATS).get(kept.get("need", ""), ""))
    if kept.get("language"):
        return f"{words}: {kept['language']}"
    return words


def _lines(*parts: str) -> Any:
    """Several values in one row, each on its own line (escaped)."""
    return format_html_join("", "{}<br>", ((part,) for part in parts if part))


_YES_NO_WORDS = {"yes": gettext_lazy("Yes"), "no": gettext_lazy("No")}


def _yes_no(answer: str) -> str:
    return gettext("Yes") if answer == "yes" else gettext("No")


def _reported_by(by: str, name: str) -> str:
    """The row's key for one report, a whole phrase so that it can be said in any language."""
    if by == YOU:
        return gettext("Reported by you, on their behalf") if "," in name else gettext("Reported by you")
    return gettext("Reported by %(name)s") % {"name": name}


_CONTACT_WAY_WORDS = dict(CONTACT_WAYS)
_FEELING_WORDS = dict(FEELINGS)


def _contact_rows(answers: dict[str, Any], step: Callable[[str], str]) -> list[dict[str, Any]]:
    """How and when it is safe to contact the applicant; a draft from before these questions kept
    only an address, a phone and a preference, with the name."""
    contact = answers.get("contact")
    if not isinstance(contact, dict):
        you = answers["you"]
        return [
            _row(gettext("Email"), you.get("email"), step("your-details"), gettext("your email address")),
            _row(gettext("Phone"), you.get("phone"), step("your-details"), gettext("your phone number")),
            _row(
                gettext("Contact by"),
                _CONTACT_WAY_WORDS[you["contact_preference"]],
                step("your-details"),
                gettext("how you would like to be contacted"),
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
            "title": gettext("About you"),
            "rows": [
                _row(
                    gettext("Who you are"), ROLE_WORDS[answers["role"]], step("who"), gettext("who you are")
                ),
                _row(gettext("Name"), you["name"], step("your-details"), gettext("your name")),
                _row(
                    gettext("Address"),
                    _lines(*address_lines(you).split("\n"), you["postcode"]),
                    step("your-details"),
                    gettext("your address"),
                ),
                *_contact_rows(answers, step),
                _row(
                    gettext("Our letters"),
                    format_words(answers.get("letter_format")),
                    step("letter-format"),
                    gettext("the format you need our letters in"),
                ),
                _row(
                    gettext("Help you need"),
                    you.get("help_needed"),
                    step("your-details"),
                    gettext("the help you need"),
                ),
            ],
        }
    )
    if answers["role"] == "representative":
        victim = answers["victim"]
        sections.append(
            {
                "title": gettext("The victim"),
                "rows": [
                    _row(gettext("Name"), victim["name"], step("victim"), gettext("the victim's name")),
                    _row(
                        gettext("Address"),
                        _lines(*address_lines(victim).split("\n"), victim["postcode"]),
                        step("victim"),
                        gettext("the victim's address"),
                    ),
                    _row(
                        gettext("Email"),
                        victim.get("email"),
                        step("victim"),
                        gettext("the victim's email address"),
                    ),
                    _row(
                        gettext("Phone"),
                        victim.get("phone"),
                        step("victim"),
                        gettext("the victim's phone number"),
                    ),
                    _row(
                        gettext("Your relationship"),
                        victim["relationship"],
                        step("victim"),
                        gettext("your relationship to the victim"),
                    ),
                    _row(
                        gettext("How they agreed"),
                        _AGREED_WORDS[ConsentMethod(victim["consent_method"])],
                        step("victim"),
                        gettext("how the victim agreed"),
                    ),
                ],
            }
        )
    if answers["role"] == "group_representative":
        sections.append(
            {
                "title": gettext("People in the group"),
                "rows": [
                    _row(
                        member["name"],
                        _lines(
                            member.get("email", ""),
                            member.get("phone", ""),
                            gettext("Agrees to sharing"),
                            gettext("Satisfied with the action taken")
                            if member["satisfied"] == "yes"
                            else gettext("Not satisfied with the action taken"),
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
                gettext("Date"),
                long_date(incident["date"]),
                change("incident", incident["key"]),
                gettext("the date of incident %(number)s") % {"number": number},
            ),
            _row(
                gettext("What happened"),
                # Escaped first, then paragraphs: the template filter's own safe output.
                linebreaks_filter(incident["description"], autoescape=True),
                change("incident", incident["key"]),
                gettext("what happened in incident %(number)s") % {"number": number},
            ),
            _row(
                gettext("Where"),
                incident["location"],
                change("incident", incident["key"]),
                gettext("where incident %(number)s happened") % {"number": number},
            ),
            _row(
                gettext("Harassment, alarm or distress"),
                _yes_no(incident["harassment_alarm_distress"]),
                change("incident", incident["key"]),
                gettext("whether incident %(number)s caused harassment, alarm or distress")
                % {"number": number},
            ),
            _row(
                gettext("Motivated by hate"),
                _yes_no(incident["hate"]),
                change("incident", incident["key"]),
                gettext("whether incident %(number)s was motivated by hate") % {"number": number},
            ),
        ]
        for report in incident["reports"]:
            to = (
                agencies.get(report["agency"])
                or report.get("other_organisation")
                or gettext("Another organisation")
            )
            rows.append(
                _row(
                    _reported_by(report["by"], people.get(report["by"]) or gettext("someone")),
                    _lines(
                        pgettext("a report made to", "To %(organisation)s") % {"organisation": to},
                        pgettext("a report made on", "On %(date)s") % {"date": long_date(report["date"])},
                        gettext("Reference %(reference)s") % {"reference": report["reference"]}
                        if report.get("reference")
                        else "",
                    ),
                    change("report", incident["key"], report["key"]),
                    gettext("the report to %(organisation)s") % {"organisation": to},
                )
            )
        sections.append({"title": gettext("Incident %(number)s") % {"number": number}, "rows": rows})
    impact = answers.get("impact", {})
    sections.append(
        {
            "title": gettext("How you feel about the action taken"),
            "rows": [
                _row(
                    gettext("Action taken"),
                    _FEELING_WORDS[answers["satisfaction"]],
                    step("satisfaction"),
                    gettext("how you feel about the action taken"),
                ),
                _row(
                    gettext("How it affects you"),
                    impact.get("impact"),
                    step("impact"),
                    gettext("how it affects you"),
                ),
                _row(
                    gettext("Vulnerability"),
                    impact.get("vulnerability"),
                    step("impact"),
                    gettext("any vulnerability"),
                ),
                _row(
                    gettext("Support wanted"),
                    impact.get("support"),
                    step("impact"),
                    gettext("the support you want"),
                ),
            ],
        }
    )
    if answers.get("consent_method"):
        sharing = _row(
            gettext("How the applicant agreed"),
            _AGREED_WORDS[ConsentMethod(answers["consent_method"])],
            step("consent"),
            gettext("how the applicant agreed to sharing"),
        )
    else:
        sharing = _row(
            gettext("You agree to sharing"),
            gettext("Yes"),
            step("consent"),
            gettext("whether you agree to sharing"),
        )
    sections.append({"title": gettext("Sharing information"), "rows": [sharing]})
    return sections


def _received_section(partnership: Partnership, received: dict[str, str], change_url: str) -> dict[str, Any]:
    """How and when a request entered by staff came in, and the acknowledgement date that follows."""
    days = partnership.acknowledge_within_days
    acknowledge_by = working_days_after(date.fromisoformat(received["date"]), days)
    return {
        "title": gettext("How the request came in"),
        "rows": [
            _row(
                pgettext("how a request came in", "Received"),
                Channel(received["channel"]).how.capitalize(),
                change_url,
                gettext("how it came in"),
            ),
            _row(
                gettext("Date received"),
                long_date(received["date"]),
                change_url,
                gettext("the date received"),
            ),
            *(
                [
                    _row(
                        gettext("Language"),
                        dict(LANGUAGE_CHOICES)[received["language"]],
                        change_url,
                        gettext("the language"),
                    )
                ]
                if received.get("language")
                else []
            ),
            {"key": gettext("Acknowledge by"), "value": _acknowledge_by_words(acknowledge_by, days)},
        ],
    }


def _acknowledge_by_words(acknowledge_by: date, days: int) -> str:
    values = {"date": common_long_date(acknowledge_by), "days": days}
    if acknowledge_by < timezone.localdate():
        return (
            ngettext(
                "%(date)s, %(days)s working day later: already overdue, "
                "so acknowledge it as soon as it is recorded",
                "%(date)s, %(days)s working days later: already overdue, "
                "so acknowledge it as soon as it is recorded",
                days,
            )
            % values
        )
    return (
        ngettext("%(date)s, %(days)s working day later", "%(date)s, %(days)s working days later", days)
        % values
    )
