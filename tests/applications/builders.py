"""Builders for the public journey's tests: complete answers per role, the form posts each page takes,
a partnership, and a browser walking the pages.

Everything personal here is made up and easy to spot in a URL or a log: the names, emails and
postcodes below are the strings the privacy tests search for.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import mail
from django.test import Client

from community_trigger.agencies.models import Agency, Partnership
from community_trigger.agencies.services import demo_partnership_load
from community_trigger.applications.consent import CONSENT_WORDING_VERSION
from community_trigger.applications.models import Draft
from community_trigger.applications.services import draft_claim
from community_trigger.applications.views.context import DRAFT_SESSION_KEY
from community_trigger.cases.answers import ApplicationAnswers, application_answers
from community_trigger.cases.models import Application
from community_trigger.cases.services.intake import application_submit

if TYPE_CHECKING:
    # What the test client answers: a response that also carries the context the template saw.
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

# A Friday in November, at noon (GMT, so UTC and local time agree); every journey test starts here.
TODAY = date(2026, 11, 20)
NOON = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

APPLICANT_NAME = "Alex Applicantson"
APPLICANT_EMAIL = "alex.applicantson@example.com"
APPLICANT_POSTCODE = "SP10 3AJ"
VICTIM_NAME = "Vic Victimsworth"
VICTIM_EMAIL = "vic.victimsworth@example.com"
VICTIM_POSTCODE = "SO51 8GY"
MEMBER_NAMES = ("Bea Memberley", "Cal Memberley", "Dee Memberley", "Eve Memberley")

# Everything personal the journey is given, to look for where it must never be.
PERSONAL = (
    APPLICANT_NAME,
    APPLICANT_EMAIL,
    APPLICANT_POSTCODE,
    VICTIM_NAME,
    VICTIM_EMAIL,
    VICTIM_POSTCODE,
    *MEMBER_NAMES,
)

# Three incidents, each reported the next day: a threshold-meeting history on TODAY.
INCIDENT_DAYS = (date(2026, 11, 2), date(2026, 11, 5), date(2026, 11, 9))

UUID_PATTERN = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE)


# The partnership --------------------------------------------------------------------------------------


def partnership() -> Partnership:
    """The demo partnership: test-valley, prefix TVP, four agencies, five working days to acknowledge."""
    return demo_partnership_load()


def other_partnership(*, policy: str = "test-valley", **fields: Any) -> Partnership:
    """A second partnership with one police force, for "not yours" and policy tests."""
    values: dict[str, Any] = {
        "name": "Other Borough Partnership",
        "slug": "other-borough",
        "reference_prefix": "OBP",
        "policy": policy,
        **fields,
    }
    created = Partnership.objects.create(**values)
    Agency.objects.create(
        partnership=created, name="Other Borough Police", kind=Agency.Kind.POLICE, complaints_url=""
    )
    return created


def agency_id(of: Partnership, kind: str = "police") -> str:
    return str(of.agencies.get(kind=kind).pk)


# Answers as a draft keeps them (community_trigger/cases/answers.py) -----------------------------------


def you(**overrides: Any) -> dict[str, Any]:
    return {
        "name": APPLICANT_NAME,
        "address_line_1": "1 High Street",
        "address_line_2": "",
        "town": "Andover",
        "postcode": APPLICANT_POSTCODE,
        "email": APPLICANT_EMAIL,
        "phone": "",
        "contact_preference": "email",
        "help_needed": "",
        **overrides,
    }


def victim(**overrides: Any) -> dict[str, Any]:
    return {
        "name": VICTIM_NAME,
        "address_line_1": "2 Low Road",
        "address_line_2": "Flat 3",
        "town": "Romsey",
        "postcode": VICTIM_POSTCODE,
        "email": VICTIM_EMAIL,
        "phone": "07700 900 982",
        "relationship": "Daughter",
        "consent_method": "by_email",
        **overrides,
    }


def member(key: str, name: str, *, satisfied: str = "no", **overrides: Any) -> dict[str, Any]:
    return {
        "key": key,
        "name": name,
        "email": f"{key}@example.com",
        "phone": "",
        "consent": True,
        "satisfied": satisfied,
        **overrides,
    }


def report(by: str, agency: str, on: date, **overrides: Any) -> dict[str, Any]:
    return {
        "key": f"r{on:%m%d}{by.replace(':', '')}",
        "by": by,
        "agency": agency,
        "other_organisation": "",
        "date": on.isoformat(),
        "reference": "",
        **overrides,
    }


def incident(key: str, on: date, *reports: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    return {
        "key": key,
        "date": on.isoformat(),
        "description": "Shouting and banging on the door late at night",
        "location": "Outside 1 High Street",
        "harassment_alarm_distress": "yes",
        "hate": "no",
        "reports": list(reports),
        **overrides,
    }


def answers_for(role: str, *, agency: str, **overrides: Any) -> dict[str, Any]:
    """Complete answers for `role` ("victim", "representative", "group_representative"), ready to submit.

    `agency` is the id (as a string) every report was made to. A victim reports each incident; a
    representative reported one on the victim's behalf and the victim the others; a group has four
    members who each reported one incident, and the representative reported the first too.
    """
    answers: dict[str, Any] = {
        "role": role,
        "staff_conduct": "no",
        "you": you(),
        "satisfaction": "not_satisfied",
        "impact": {"impact": "I cannot sleep", "vulnerability": "", "support": "Mediation"},
        "consent": "yes",
        "letter_format": {"need": "standard", "language": ""},
        "incidents_done": True,
    }
    reported = [day + timedelta(days=1) for day in INCIDENT_DAYS]
    if role == "victim":
        answers["incidents"] = [
            incident(f"i{n}", day, report("you", agency, on))
            for n, (day, on) in enumerate(zip(INCIDENT_DAYS, reported, strict=True))
        ]
    elif role == "representative":
        answers["victim"] = victim()
        answers["incidents"] = [
            incident(f"i{n}", day, report("you" if n == 0 else "victim", agency, on))
            for n, (day, on) in enumerate(zip(INCIDENT_DAYS, reported, strict=True))
        ]
    elif role == "group_representative":
        keys = [f"m{n}" for n in range(len(MEMBER_NAMES))]
        answers["members"] = [member(key, name) for key, name in zip(keys, MEMBER_NAMES, strict=True)]
        answers["members_done"] = True
        answers["incidents"] = [
            incident(
                "i0",
                INCIDENT_DAYS[0],
                report("you", agency, reported[0]),
                *(report(f"member:{key}", agency, reported[0]) for key in keys),
            )
        ]
    else:
        raise ValueError(f"no such role {role!r}")
    complete = {**answers, **copy.deepcopy(overrides)}
    if "contact" not in overrides:
        # The contact page's answers, as someone would give them who gave `you`'s address and preference.
        given = complete["you"]
        complete["contact"] = contact_post(
            **{name: given[name] for name in ("email", "phone", "contact_preference") if name in given}
        )
    return complete


def application_for(role: str, *, agency: str, **overrides: Any) -> ApplicationAnswers:
    """`answers_for(role, …)` as they cross into cases when sent: typed and checked."""
    return application_answers(answers_for(role, agency=agency, **overrides))


# Named states: a draft, a submitted application -------------------------------------------------------


def draft(of: Partnership, answers: dict[str, Any] | None = None) -> Draft:
    return Draft.objects.create(partnership=of, answers=answers or {})


def submitted(of: Partnership, role: str = "victim", **overrides: Any) -> Application:
    """An application as the service records it, without going through the pages."""
    return application_submit(
        partnership=of,
        answers=application_for(role, agency=agency_id(of), **overrides),
        consent_wording_version=CONSENT_WORDING_VERSION,
    )


def in_session(client: Client, kept: Draft) -> Client:
    """`client` as the one browser that is filling in `kept` (what the first page's POST does): any
    browser that had it before no longer does."""
    session = client.session
    session[DRAFT_SESSION_KEY.format(slug=kept.partnership.slug)] = {
        "draft": str(kept.pk),
        "key": draft_claim(draft=kept),
    }
    session.save()
    return client


# Form posts, one per page -----------------------------------------------------------------------------


def date_post(on: date) -> dict[str, str]:
    return {"date-day": str(on.day), "date-month": str(on.month), "date-year": str(on.year)}


def your_details_post(**overrides: str) -> dict[str, str]:
    return {
        "name": APPLICANT_NAME,
        "address_line_1": "1 High Street",
        "address_line_2": "",
        "town": "Andover",
        "postcode": "sp103aj",
        "email": APPLICANT_EMAIL,
        "phone": "",
        "contact_preference": "email",
        "help_needed": "",
        **overrides,
    }


def contact_post(**details: str) -> dict[str, Any]:
    """The contact page as someone fills it in: their one preferred way is safe, with its address.
    `details` as for your_details_post: email, phone and contact_preference are taken from them."""
    preferred = details.get("contact_preference", "email")
    return {
        "channels": [preferred],
        "email": details.get("email", APPLICANT_EMAIL) if preferred == "email" else "",
        "phone": details.get("phone", ""),
        "preferred": preferred,
        "avoid_times": "",
        "voicemail_safe": "",
        "letters_home_safe": "",
        "safe_alternative": "",
    }


def victim_post(**overrides: str) -> dict[str, str]:
    return {
        "name": VICTIM_NAME,
        "address_line_1": "2 Low Road",
        "address_line_2": "",
        "town": "Romsey",
        "postcode": "so51 8gy",
        "email": VICTIM_EMAIL,
        "phone": "",
        "relationship": "Daughter",
        "consent_method": "by_email",
        **overrides,
    }


def member_post(name: str, **overrides: str) -> dict[str, str]:
    first = name.split(maxsplit=1)[0].lower()
    return {
        "name": name,
        "email": f"{first}@example.com",
        "phone": "",
        "consent": "on",
        "satisfied": "no",
        **overrides,
    }


def incident_post(on: date, **overrides: str) -> dict[str, str]:
    return {
        **date_post(on),
        "description": "Shouting and banging on the door late at night",
        "location": "Outside 1 High Street",
        "harassment_alarm_distress": "yes",
        "hate": "no",
        **overrides,
    }


def report_post(by: str, agency: str, on: date, **overrides: str) -> dict[str, str]:
    return {
        "by": by,
        "agency": agency,
        "other_organisation": "",
        **date_post(on),
        "reference": "",
        **overrides,
    }


# A browser walking the pages --------------------------------------------------------------------------


@dataclass
class Journey:
    """One browser going through the pages of one partnership; remembers every redirect it was sent."""

    client: Client
    slug: str = "test-valley"
    locations: list[str] = field(default_factory=list)
    # What the consent page takes: online, the person agrees themselves.
    consent_post: dict[str, str] = field(default_factory=lambda: {"consent": "yes"})

    def url(self, page: str) -> str:
        return f"/{self.slug}/apply/{page}"

    def get(self, page: str) -> Response:
        return self._seen(self.client.get(self.url(page)))

    def post(self, page: str, data: dict[str, str] | None = None) -> Response:
        # A browser always sends the CSRF field, so a form posted with nothing chosen is still bound.
        return self._seen(self.client.post(self.url(page), {"csrfmiddlewaretoken": "-", **(data or {})}))

    def answer(self, page: str, data: dict[str, str] | None = None) -> str:
        """POST a valid answer and return where it leads; fails with the form's errors otherwise."""
        response = self.post(page, data)
        errors = response.context["form"].errors if response.context and "form" in response.context else {}
        assert response.status_code == 302, f"{page}: {response.status_code} {errors}"
        return str(response["Location"])

    def key_after(self, location: str, collection: str) -> str:
        """The key in a redirect such as /test-valley/apply/incidents/<key>/reports/add/."""
        match = re.search(rf"/{collection}/(\w+)/", location)
        assert match, location
        return match.group(1)

    def _seen(self, response: Response) -> Response:
        if "Location" in response:
            self.locations.append(str(response["Location"]))
        return response

    # Whole stretches of the journey.

    def start(self, role: str, **details: str) -> None:
        self.answer("who/", {"role": role})
        self.answer("consent/", self.consent_post)
        self.answer("your-details/", your_details_post(**details))
        self.answer("contact/", contact_post(**details))
        self.answer("letter-format/", {"need": "standard", "language": ""})

    def add_incident(self, on: date, *reports: tuple[str, str, date]) -> str:
        """Add an incident and its reports (by, agency id, date); returns the incident's key."""
        key = self.key_after(self.answer("incidents/add/", incident_post(on)), "incidents")
        for number, (by, agency, reported) in enumerate(reports):
            if number:
                self.answer(f"incidents/{key}/reports/", {"add_another": "yes"})
            self.answer(f"incidents/{key}/reports/add/", report_post(by, agency, reported))
        self.answer(f"incidents/{key}/reports/", {"add_another": "no"})
        return key

    def finish(self) -> None:
        """From "no more incidents" to check answers."""
        self.answer("incidents/", {"add_another": "no"})
        self.answer("staff-conduct/", {"staff_conduct": "no"})
        self.answer("satisfaction/", {"satisfaction": "not_satisfied"})
        self.answer("impact/", {"impact": "", "vulnerability": "", "support": ""})

    def to_check_answers(self, role: str, agency: str, **details: str) -> None:
        """Every page for `role`, as a person would fill them in, up to check answers."""
        self.start(role, **details)
        if role == "representative":
            self.answer("victim/", victim_post())
        members: list[str] = []
        if role == "group_representative":
            for name in MEMBER_NAMES:
                self.answer("members/add/", member_post(name))
            self.answer("members/", {"add_another": "no"})
            members = [f"member:{m['key']}" for m in self.draft().answers["members"]]
        reporter = "victim" if role == "representative" else "you"
        for day in INCIDENT_DAYS:
            self.add_incident(day, (reporter, agency, day + timedelta(days=1)))
        if members:
            key = self.draft().answers["incidents"][0]["key"]
            for by in members:
                self.answer(f"incidents/{key}/reports/", {"add_another": "yes"})
                self.answer(f"incidents/{key}/reports/add/", report_post(by, agency, INCIDENT_DAYS[0]))
            self.answer(f"incidents/{key}/reports/", {"add_another": "no"})
        self.finish()

    def submit(self) -> Response:
        return self.post("check-answers/")

    def draft(self) -> Draft:
        kept = self.client.session[DRAFT_SESSION_KEY.format(slug=self.slug)]
        return Draft.objects.get(pk=kept["draft"])


def status_path(body: str) -> str:
    """The status page's path in an email's text, whose links start with SITE_URL."""
    match = re.search(rf"{re.escape(settings.SITE_URL)}(/[\w-]+/status/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def resume_path(body: str) -> str:
    """The "carry on later" link's path in an email's text, whose links start with SITE_URL."""
    match = re.search(rf"{re.escape(settings.SITE_URL)}(/[\w-]+/resume/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def only_email() -> mail.EmailMessage:
    assert len(mail.outbox) == 1, [message.subject for message in mail.outbox]
    return mail.outbox[0]
