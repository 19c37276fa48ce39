"""The answers an application is made of: as the online journey keeps them in a draft, and as they
cross into cases, one typed, checked structure.

The journey keeps these in a draft while the person works through the pages. Values are plain JSON so
that a draft survives a restart and a later version:

    role              "victim" | "representative" | "group_representative"
    consent           "yes" (asked second; "no" is kept until the person chooses to delete or keep)
    you               {name, address_line_1, address_line_2, town, postcode, help_needed}
    contact           {channels [codes "email"|"text"|"phone"|"post"], preferred (one of channels),
                       email, phone, avoid_times, voicemail_safe ("yes"|"no"|""),
                       letters_home_safe ("yes"|"no"|""), safe_alternative}
    letter_format     {need ("standard"|"large_print"|"easy_read"|"braille"|"audio"|"other_language"),
                       language (which one, for "other_language"; "" otherwise)}
    victim            (representative only) {name, address_line_1, address_line_2, town, postcode,
                       email, phone, relationship, consent_method}
    members           (group only) [{key, name, email, phone, consent (true), satisfied ("yes"|"no")}]
    incidents         [{key, date (YYYY-MM-DD), description, location,
                        harassment_alarm_distress ("yes"|"no"), hate ("yes"|"no"),
                        reports: [{key, by, agency (an agency id or "other"), other_organisation,
                                   date (YYYY-MM-DD), reference}]}]
    staff_conduct     "yes" | "no": the request is also about how a member of staff behaved
    satisfaction      "no_action" | "not_satisfied" | "satisfied"
    impact            {impact, vulnerability, support}   (all optional)
    typed             {page, data}: what was typed on a page saved before it could be answered

A draft from before the safe-contact questions has email, phone and contact_preference in `you`.

A request that came by phone, post, email or in person, entered by a member of staff, also has:

    received          {channel ("phone"|"post"|"email"|"in_person"), date (YYYY-MM-DD)}
    consent_method    how the applicant agreed to sharing: "in_writing"|"by_email"|"by_phone"|"in_person"

A report's `by` is "you" (the applicant, also on the victim's behalf), "victim", or "member:<key>".

Submitting turns a complete draft into an `ApplicationAnswers` with `application_answers()`, once, where
the journey hands over to cases: dates are dates, yes and no are booleans, choices are the models'
choices, and a report's `by` is a reference that is known to point at someone in the application.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

import msgspec
from django.utils.translation import gettext as _

from community_trigger.cases.models import (
    ApplicantRole,
    Channel,
    ConsentMethod,
    ContactPreference,
    LetterFormat,
    Satisfaction,
)

Answers = Mapping[str, Any]

YOU = "you"
VICTIM = "victim"
MEMBER_PREFIX = "member:"
OTHER_ORGANISATION = "other"

# How the applicant of a request entered by staff may have agreed to sharing (the online journey's is
# ONLINE; a group member's is confirmed by their representative).
_AGREED_OFF_LINE = frozenset(
    {ConsentMethod.IN_WRITING, ConsentMethod.BY_EMAIL, ConsentMethod.BY_PHONE, ConsentMethod.IN_PERSON}
)
_YES_NO = {"yes": True, "no": False}


class AnswersInvalid(ValueError):
    """A draft's answers that cannot become an application: missing, of the wrong shape, or pointing at
    someone who is not in it. The message says where."""


# The typed answers --------------------------------------------------------------------------------------


class _Struct(msgspec.Struct, frozen=True, kw_only=True):
    """Answers are frozen: what was submitted is what the application records."""


class _Addressed(_Struct, frozen=True, kw_only=True):
    name: str
    address_line_1: str
    address_line_2: str = ""
    town: str
    postcode: str
    email: str = ""
    phone: str = ""

    @property
    def address(self) -> str:
        """The address as lines, the way a letter is addressed (without the postcode)."""
        return _joined_lines(self.address_line_1, self.address_line_2, self.town)


class Applicant(_Addressed, frozen=True, kw_only=True):
    """The person asking for the review ("you" in the journey's words)."""

    contact_preference: ContactPreference
    help_needed: str = ""


class SafeContact(_Struct, frozen=True, kw_only=True):
    """How and when it is safe to contact the applicant; every message to them obeys it."""

    channels: tuple[ContactPreference, ...]
    avoid_times: str = ""
    voicemail_safe: bool | None = None
    letters_home_safe: bool | None = None
    safe_alternative: str = ""

    def __post_init__(self) -> None:
        if not self.channels:
            raise ValueError(_("at least one way to contact the applicant is safe"))


class FormatNeed(_Struct, frozen=True, kw_only=True):
    """The format the applicant needs letters in; the language, when it is another language."""

    need: LetterFormat = LetterFormat.STANDARD
    language: str = ""

    def __post_init__(self) -> None:
        if (self.need == LetterFormat.OTHER_LANGUAGE) != bool(self.language.strip()):
            raise ValueError(_("a language is named exactly when letters are needed in another language"))


class Victim(_Addressed, frozen=True, kw_only=True):
    """The victim someone asks for (a representative's application only), and how they agreed to it."""

    relationship: str
    consent_method: ConsentMethod

    def __post_init__(self) -> None:
        if self.consent_method not in _AGREED_OFF_LINE:
            raise ValueError(
                _("the victim agreed to the request in writing, by email, by phone or in person")
            )


class Member(_Struct, frozen=True, kw_only=True):
    """A member of a group, added by its representative, who confirms that the member agrees."""

    key: str
    name: str
    email: str = ""
    phone: str = ""
    consent: bool
    satisfied: bool


class ByApplicant(_Struct, frozen=True, tag="you"):
    """A report the applicant made: for a representative, one made on the victim's behalf."""


class ByVictim(_Struct, frozen=True, tag="victim"):
    """A report the victim made themself (a representative's application only)."""


class ByMember(_Struct, frozen=True, tag="member"):
    """A report one member of the group made."""

    key: str


Reporter = ByApplicant | ByVictim | ByMember


class Report(_Struct, frozen=True, kw_only=True):
    """One report of an incident: who made it, to which agency (None: another organisation) and when."""

    key: str
    by: Reporter
    agency: int | None
    other_organisation: str = ""
    date: date
    reference: str = ""

    def __post_init__(self) -> None:
        if self.agency is not None and self.other_organisation:
            raise ValueError(_("a report to one of the partnership's agencies names no other organisation"))


class Incident(_Struct, frozen=True, kw_only=True):
    key: str
    date: date
    description: str
    location: str
    harassment_alarm_distress: bool
    hate: bool
    reports: tuple[Report, ...]


class Impact(_Struct, frozen=True, kw_only=True):
    impact: str = ""
    vulnerability: str = ""
    support: str = ""


class Received(_Struct, frozen=True, kw_only=True):
    """How and when a request that did not come online came in; that day is the application's date."""

    channel: Channel
    date: date
    language: Literal["en", "cy"] = "en"  # the language the request was made in


class ApplicationAnswers(_Struct, frozen=True, kw_only=True):
    """Everything an application is made of, checked: an instance is always complete and consistent.

    `received` is None for a request made online (received when submitted); for one entered by staff,
    `consent_method` says how the applicant agreed to sharing.
    """

    role: ApplicantRole
    you: Applicant
    victim: Victim | None = None
    members: tuple[Member, ...] = ()
    incidents: tuple[Incident, ...]
    satisfaction: Satisfaction
    impact: Impact = Impact()
    consent: bool
    contact: SafeContact | None = None
    letter_format: FormatNeed = FormatNeed()
    staff_conduct: bool = False
    received: Received | None = None
    consent_method: ConsentMethod = ConsentMethod.ONLINE

    def __post_init__(self) -> None:
        # msgspec turns a ValueError raised here into a ValidationError of the conversion.
        if not self.consent:
            raise ValueError(_("the applicant has not agreed to their information being shared"))
        if (self.role == ApplicantRole.REPRESENTATIVE) != (self.victim is not None):
            raise ValueError(_("the victim's details are needed exactly when acting for the victim"))
        if self.members and self.role != ApplicantRole.GROUP_REPRESENTATIVE:
            raise ValueError(_("only someone acting for a group names its members"))
        if not self.incidents:
            raise ValueError(_("an application tells of at least one incident"))
        if self.contact is not None and self.you.contact_preference not in self.contact.channels:
            raise ValueError(_("the preferred way to contact the applicant is one of the safe ways"))
        if self.received is None and self.consent_method != ConsentMethod.ONLINE:
            raise ValueError(_("only a request entered by staff says how the applicant agreed off line"))
        if self.received is not None:
            if self.received.channel == Channel.ONLINE:
                raise ValueError(_("a request entered by staff did not come online"))
            if self.consent_method not in _AGREED_OFF_LINE:
                raise ValueError(_("a request entered by staff says how the applicant agreed to sharing"))
        known = self.possible_reporters()
        for incident in self.incidents:
            for report in incident.reports:
                if report.by not in known:
                    raise ValueError(
                        _("report %(report)s of incident %(incident)s was made by nobody in the application")
                        % {"report": report.key, "incident": incident.key}
                    )

    def possible_reporters(self) -> frozenset[Reporter]:
        """Everyone in the application who can have made a report."""
        who: set[Reporter] = {ByApplicant()}
        if self.role == ApplicantRole.REPRESENTATIVE:
            who.add(ByVictim())
        who.update(ByMember(member.key) for member in self.members)
        return frozenset(who)


def application_answers(answers: Answers) -> ApplicationAnswers:
    """A complete draft's answers as the typed application, or AnswersInvalid saying what is wrong.

    The draft's own spellings (yes and no, "member:<key>", "other") are translated by hand; msgspec then
    checks every type, choice and date. Answers the journey keeps for itself (which pages are done) are
    ignored. A value of the wrong kind is left as it is, so the error names it and where it is.
    """
    shaped = dict(answers)
    if isinstance(members := shaped.get("members"), list):
        shaped["members"] = [
            _yes_no_in(member, "satisfied") if isinstance(member, dict) else member for member in members
        ]
    if isinstance(incidents := shaped.get("incidents"), list):
        shaped["incidents"] = [_incident_shaped(item) for item in incidents]
    if "consent" in shaped:
        shaped["consent"] = _YES_NO.get(shaped["consent"], shaped["consent"])
    if "staff_conduct" in shaped:
        shaped["staff_conduct"] = _YES_NO.get(shaped["staff_conduct"], shaped["staff_conduct"])
    if isinstance(contact := shaped.get("contact"), dict):
        shaped.update(_contact_shaped(contact, shaped.get("you")))
    shaped.pop("typed", None)
    try:
        return msgspec.convert(shaped, ApplicationAnswers)
    except msgspec.ValidationError as error:
        raise AnswersInvalid(str(error)) from error


def _contact_shaped(contact: dict[str, Any], you: Any) -> dict[str, Any]:
    """The contact page's answers: the addresses and the preferred way belong to the applicant, the
    rest is their safe contact. An address given for a way they did not say is safe is not kept."""
    channels = contact.get("channels", [])
    shaped: dict[str, Any] = {
        "contact": {
            "channels": channels,
            "avoid_times": contact.get("avoid_times", ""),
            "voicemail_safe": _YES_NO.get(contact.get("voicemail_safe", "")),
            "letters_home_safe": _YES_NO.get(contact.get("letters_home_safe", "")),
            "safe_alternative": contact.get("safe_alternative", ""),
        }
    }
    if isinstance(you, dict):
        uses_phone = isinstance(channels, list) and bool({"phone", "text"} & set(channels))
        shaped["you"] = {
            **you,
            "email": contact.get("email", "") if "email" in channels else "",
            "phone": contact.get("phone", "") if uses_phone else "",
            "contact_preference": contact.get("preferred"),
        }
    return shaped


def _incident_shaped(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    shaped = _yes_no_in(_yes_no_in(item, "harassment_alarm_distress"), "hate")
    if isinstance(reports := shaped.get("reports"), list):
        shaped["reports"] = [_report_shaped(report) for report in reports]
    return shaped


def _report_shaped(report: Any) -> Any:
    if not isinstance(report, dict):
        return report
    shaped = dict(report)
    by = shaped.get("by")
    if by in (YOU, VICTIM):
        shaped["by"] = {"type": by}
    elif isinstance(by, str) and by.startswith(MEMBER_PREFIX):
        shaped["by"] = {"type": "member", "key": by.removeprefix(MEMBER_PREFIX)}
    agency = shaped.get("agency")
    if agency == OTHER_ORGANISATION:
        shaped["agency"] = None
    elif isinstance(agency, str) and agency.isdigit():
        shaped["agency"] = int(agency)
        # The name of another organisation goes with "other" only, whatever the draft kept.
        shaped["other_organisation"] = ""
    return shaped


def _yes_no_in(item: dict[str, Any], name: str) -> dict[str, Any]:
    if name not in item:
        return item
    return {**item, name: _YES_NO.get(item[name], item[name])}


# Reading a draft while it is being filled in -------------------------------------------------------------


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
    return _joined_lines(*(details.get(name, "") for name in ("address_line_1", "address_line_2", "town")))


def _joined_lines(*parts: str) -> str:
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
