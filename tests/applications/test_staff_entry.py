"""Staff entry through the test client: a coordinator records a request that came by phone, post, email
or in person, with the public journey's questions, the day it was received, and how the applicant
agreed to sharing; the case opens with them as its first actor. Nobody else sees their entries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from accounts.people import persona, signed_in_as, staff, verified
from django.core import mail
from django.test import Client
from django.utils import timezone

from community_trigger.agencies.models import Membership, Partnership
from community_trigger.applications.models import Draft
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application, CaseEvent, Consent
from community_trigger.domain.access import Role

from .builders import (
    APPLICANT_EMAIL,
    APPLICANT_NAME,
    INCIDENT_DAYS,
    NOON,
    TODAY,
    Journey,
    agency_id,
    date_post,
    in_session,
    incident_post,
    partnership,
    report_post,
    status_path,
)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

ENTRIES = "/staff/applications/"
NEW = "/staff/applications/new/test-valley/"
ENTRY_URL = re.compile(r"^/staff/applications/(?P<entry>[0-9a-f-]{36})/")
# The Monday of the week: the incidents of the builders (the 2nd, 5th and 9th) all came before it.
MONDAY = date(2026, 11, 16)


@pytest.fixture
def tvp() -> Partnership:
    return partnership()


def received_post(channel: str = "phone", on: date = TODAY, language: str = "") -> dict[str, str]:
    return {"channel": channel, **date_post(on), **({"language": language} if language else {})}


@dataclass
class Entry(Journey):
    """A coordinator's browser going through the pages of one entry, as Journey goes through a public
    draft's; answers to consent say how the applicant agreed."""

    entry: str = ""

    def url(self, page: str) -> str:
        return f"{ENTRIES}{self.entry}/{page}"

    def draft(self) -> Draft:
        return Draft.objects.get(pk=self.entry)


def start_entry(client: Client, **received: Any) -> Entry:
    """`client` (a signed-in coordinator) starts an entry on its first page; returns it on the next."""
    response = client.post(NEW, received_post(**received))
    assert response.status_code == 302, response.context and response.context["form"].errors
    match = ENTRY_URL.match(response["Location"])
    assert match, response["Location"]
    assert response["Location"].endswith("/who/")
    return Entry(client, entry=match["entry"], consent_post={"consent_method": "by_phone"})


@pytest.fixture
def cara(client: Client, tvp: Partnership) -> Client:
    """The client signed in as Cara, the demo partnership's coordinator."""
    return verified(client, staff("cara"))


def _entered(cara: Client, tvp: Partnership, role: str = "victim", **received: Any) -> Entry:
    entry = start_entry(cara, **received)
    entry.to_check_answers(role, agency_id(tvp))
    return entry


def _summary(response: Response) -> dict[str, str]:
    """Check answers' rows, by key, across its sections, with the value's text."""
    rows: dict[str, str] = {}
    for section in response.context["sections"]:
        for row in section["rows"]:
            rows[str(row["key"])] = re.sub(r"<[^>]+>", " ", str(row["value"])).strip()
    return rows


def _errors(response: Response) -> list[str]:
    return [message for _, message in response.context["form"].error_summary_items()]


# Entering a request to its case ------------------------------------------------------------------------


def test_a_phone_request_entered_today_becomes_a_case_dated_today_with_its_coordinator_as_first_actor(
    cara: Client, tvp: Partnership
) -> None:
    entry = _entered(cara, tvp)

    sent = entry.submit()

    application = Application.objects.get()
    assert sent["Location"] == f"/staff/cases/{application.reference}/"
    assert application.reference == "TVP-2026-0001"
    assert (application.channel, application.submitted_at, application.state) == ("phone", NOON, "received")
    event = CaseEvent.objects.get(application=application, kind="moved")
    assert event.actor is not None
    assert (event.actor.get_username(), event.actor_label) == ("cara", "Cara Staffer")
    assert event.reason == "Received by phone on 20 November 2026; entered by Cara Staffer"
    assert not Draft.objects.get().answers, "the answers live on in the case, not in the entry"


def test_an_entry_whose_answers_cannot_be_recorded_shows_the_problem_and_records_nothing(
    cara: Client, tvp: Partnership
) -> None:
    entry = _entered(cara, tvp)
    kept = entry.draft()
    kept.answers["consent_method"] = "online"  # not a way an entered request can have been agreed to
    kept.save(update_fields=["answers"])

    page = entry.submit()

    assert page.status_code == 200
    assert _errors(page) == [
        "Some answers could not be sent. Check them, change any that are wrong, then send."
    ]
    assert Application.objects.count() == 0
    assert entry.draft().answers["consent_method"] == "online"


def test_the_date_received_is_the_cases_date_for_the_engine_and_the_acknowledgement(
    cara: Client, tvp: Partnership
) -> None:
    _entered(cara, tvp, channel="post", on=MONDAY).submit()

    application = Application.objects.get()
    assert timezone.localdate(application.submitted_at) == MONDAY
    assert application.assessments.get().engine_input["application_date"] == "2026-11-16"
    # Five working days from Monday 16 November.
    assert application.acknowledge_by == date(2026, 11, 23)


def test_recording_it_lands_on_the_case_page_with_a_banner_giving_the_reference(
    cara: Client, tvp: Partnership
) -> None:
    entry = _entered(cara, tvp)

    page = cara.get(entry.submit()["Location"])

    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="govuk-notification-banner govuk-notification-banner--success"' in html
    assert "Application TVP-2026-0001 recorded." in html
    assert "The applicant has been emailed a confirmation" in html


def test_an_applicant_without_an_email_address_gets_no_email_and_the_banner_says_to_tell_them(
    cara: Client, tvp: Partnership
) -> None:
    entry = start_entry(cara)
    entry.to_check_answers(
        "victim", agency_id(tvp), email="", phone="01632 960 001", contact_preference="phone"
    )

    html = cara.get(entry.submit()["Location"]).content.decode()

    assert mail.outbox == []
    assert "The applicant gave no email address: tell them the reference." in html


def test_the_applicant_is_emailed_that_their_request_arrived_with_a_link_to_follow_it(
    cara: Client, tvp: Partnership, django_capture_on_commit_callbacks: Any
) -> None:
    entry = _entered(cara, tvp)

    with django_capture_on_commit_callbacks(execute=True):
        entry.submit()

    (email,) = mail.outbox
    assert email.to == [APPLICANT_EMAIL]
    assert "TVP-2026-0001" in email.subject
    status = Client().get(status_path(str(email.body)))
    assert status.status_code == 200
    assert "TVP-2026-0001" in status.content.decode()


def test_recording_it_writes_an_audit_entry_naming_the_coordinator(cara: Client, tvp: Partnership) -> None:
    _entered(cara, tvp).submit()

    application = Application.objects.get()
    created = AuditEntry.objects.get(action=AuditEntry.Action.CREATE)
    assert created.actor is not None
    assert (created.actor.get_username(), created.subject, created.subject_id) == (
        "cara",
        "application",
        str(application.pk),
    )
    assert created.detail == "entered by staff: received by phone"


def test_a_second_click_or_a_refresh_after_recording_finds_the_same_case(
    cara: Client, tvp: Partnership
) -> None:
    entry = _entered(cara, tvp)
    first = entry.submit()

    second = entry.submit()
    revisit = cara.get(entry.url("your-details/"))

    assert Application.objects.count() == 1
    assert second["Location"] == first["Location"] == revisit["Location"]


@pytest.mark.parametrize(
    ("role", "methods"),
    [
        ("victim", ["by_phone"]),
        ("representative", ["by_phone", "by_email"]),
        ("group_representative", ["by_phone", *["confirmed_by_representative"] * 4]),
    ],
)
def test_the_coordinator_records_how_the_applicant_agreed_and_the_others_agree_as_online(
    cara: Client, tvp: Partnership, role: str, methods: list[str]
) -> None:
    _entered(cara, tvp, role).submit()

    consents = Consent.objects.filter(person__application=Application.objects.get()).order_by(
        "person__position"
    )
    assert [consent.method for consent in consents] == methods


# The first page: how and when it came in ---------------------------------------------------------------


def test_the_first_page_asks_how_and_when_the_request_came_in(cara: Client) -> None:
    page = cara.get(NEW)

    html = page.content.decode()
    assert page.status_code == 200
    assert "How and when the request came in" in html
    assert [value for value, _ in page.context["form"].fields["channel"].choices] == [
        "phone",
        "post",
        "email",
        "in_person",
    ]


@pytest.mark.parametrize(
    ("post", "message"),
    [
        (
            {"channel": "phone", **date_post(TODAY + timedelta(days=1))},
            "Date received must be today or in the past",
        ),
        ({**date_post(TODAY)}, "Select how the request came in"),
        ({"channel": "online", **date_post(TODAY)}, "Select how the request came in"),
        ({"channel": "post"}, "Enter the date received"),
        (
            {"channel": "post", "date-day": "31", "date-month": "2", "date-year": "2026"},
            "Date received must be a real date",
        ),
        (
            {"channel": "post", **date_post(date(2014, 10, 19))},
            "Date received must be on or after 20 October 2014, when the Community Trigger began",
        ),
    ],
)
def test_a_date_received_in_the_future_or_no_channel_is_refused_and_what_was_typed_is_kept(
    cara: Client, post: dict[str, str], message: str
) -> None:
    response = cara.post(NEW, post)

    assert response.status_code == 200
    assert _errors(response) == [message]
    html = response.content.decode()
    assert '<div class="govuk-error-summary"' in html
    for name in ("date-day", "date-month", "date-year"):
        if post.get(name):
            assert f'name="{name}" type="text" value="{post[name]}"' in html
    assert Draft.objects.count() == 0


def test_the_date_received_cannot_move_before_an_incident_already_entered(
    cara: Client, tvp: Partnership
) -> None:
    entry = _entered(cara, tvp)
    latest_report = INCIDENT_DAYS[-1] + timedelta(days=1)

    refused = entry.post("received/", received_post(on=latest_report - timedelta(days=1)))
    moved = entry.answer("received/?change=1", received_post(channel="email", on=latest_report))

    assert _errors(refused) == [
        "Date received must be the same as or after the latest incident or report entered (10 November 2026)"
    ]
    assert moved == entry.url("check-answers/")
    assert entry.draft().answers["received"] == {"channel": "email", "date": "2026-11-10"}


def test_an_incident_or_a_report_after_the_date_received_is_refused(cara: Client, tvp: Partnership) -> None:
    entry = start_entry(cara, on=MONDAY)
    entry.start("victim")

    incident = entry.post("incidents/add/", incident_post(MONDAY + timedelta(days=1)))
    key = entry.key_after(entry.answer("incidents/add/", incident_post(MONDAY)), "incidents")
    report = entry.post(
        f"incidents/{key}/reports/add/", report_post("you", agency_id(tvp), MONDAY + timedelta(days=2))
    )

    after = "must be the same as or before the date the request was received (16 November 2026)"
    assert _errors(incident) == [f"Date of the incident {after}"]
    assert _errors(report) == [f"Date of the report {after}"]


# Consent, and the requests that cannot go ahead --------------------------------------------------------


def test_the_consent_page_asks_the_coordinator_how_the_applicant_agreed(
    cara: Client, tvp: Partnership
) -> None:
    entry = start_entry(cara)
    entry.answer("who/", {"role": "victim"})

    page = entry.get("consent/")
    empty = entry.post("consent/")

    html = page.content.decode()
    assert "How did the applicant agree to their information being shared?" in html
    assert "Do you agree" not in html
    assert _errors(empty) == ["Select how the applicant agreed to their information being shared"]


def test_an_applicant_who_has_not_agreed_cannot_have_a_case_but_the_entry_waits_for_their_agreement(
    cara: Client, tvp: Partnership
) -> None:
    entry = _entered(cara, tvp)

    refused = entry.answer("consent/", {"consent_method": "not_agreed"})
    page = cara.get(refused)
    sent = entry.submit()

    assert refused == entry.url("no-consent/")
    assert "A case review cannot go ahead without the applicant's agreement" in page.content.decode()
    assert sent["Location"] == entry.url("consent/")
    assert Application.objects.count() == 0
    assert "consent_method" not in entry.draft().answers


def test_a_request_also_about_staff_behaviour_is_explained_and_the_entry_carries_on(
    cara: Client, tvp: Partnership
) -> None:
    entry = start_entry(cara)
    entry.start("victim")
    entry.add_incident(INCIDENT_DAYS[0], ("you", agency_id(tvp), INCIDENT_DAYS[0]))
    entry.answer("incidents/", {"add_another": "no"})

    explained = cara.get(entry.answer("staff-conduct/", {"staff_conduct": "yes"}))

    html = explained.content.decode()
    assert "Tell the applicant about the complaints procedure" in html
    assert f'href="{entry.url("satisfaction/")}"' in html
    assert entry.draft().answers["staff_conduct"] == "yes"


def test_an_entry_can_be_deleted(cara: Client) -> None:
    entry = start_entry(cara)

    delete_url = entry.url("delete/")
    asked = cara.get(delete_url)
    deleted = cara.post(delete_url, {"add_another": "yes"})

    assert "Are you sure you want to delete this entry?" in asked.content.decode()
    assert deleted["Location"] == ENTRIES
    assert Draft.objects.count() == 0
    removed = AuditEntry.objects.get(action=AuditEntry.Action.DELETE)
    assert (removed.subject, removed.subject_id, removed.detail) == ("draft", entry.entry, "unfinished entry")


def test_saying_no_to_deleting_keeps_the_entry(cara: Client) -> None:
    entry = start_entry(cara)

    kept = cara.post(entry.url("delete/"), {"add_another": "no"})

    assert kept["Location"] == ENTRIES
    assert Draft.objects.filter(pk=entry.entry).exists()


# Check answers ------------------------------------------------------------------------------------------


def test_check_answers_shows_how_and_when_it_came_the_acknowledgement_date_and_how_they_agreed(
    cara: Client, tvp: Partnership
) -> None:
    entry = _entered(cara, tvp, channel="in_person", on=MONDAY)

    page = entry.get("check-answers/")

    rows = _summary(page)
    assert rows["Received"] == "In person"
    assert rows["Date received"] == "16 November 2026"
    assert rows["Acknowledge by"] == "23 November 2026, 5 working days later"
    assert rows["How the applicant agreed"] == "By phone"
    assert "Record the application" in page.content.decode()


def test_check_answers_warns_when_the_acknowledgement_is_already_overdue(
    cara: Client, tvp: Partnership
) -> None:
    entry = _entered(cara, tvp, channel="post", on=date(2026, 11, 10))

    rows = _summary(entry.get("check-answers/"))

    assert rows["Acknowledge by"] == (
        "17 November 2026, 5 working days later: already overdue, so acknowledge it as soon as it is recorded"
    )


# Staff pages, not public ones ---------------------------------------------------------------------------


def test_the_pages_wear_the_staff_layout_without_exit_this_page_or_an_emailed_link(
    cara: Client, tvp: Partnership
) -> None:
    entry = start_entry(cara)

    page = entry.get("who/")

    html = page.content.decode()
    templates = {template.name for template in page.templates}
    assert {"accounts/layout.html", "applications/staff/layout.html"} <= templates
    assert "applications/layout.html" not in templates
    assert "Exit this page" not in html
    assert "Save and come back later" not in html
    assert "Received by phone on 20 November 2026, Test Valley Partnership" in html


def test_the_coordinator_finds_their_unfinished_entries_and_carries_on_where_they_left_off(
    cara: Client, tvp: Partnership
) -> None:
    entry = start_entry(cara, channel="post", on=MONDAY)
    entry.start("victim")

    listing = cara.get(ENTRIES)
    carried_on = cara.get(f"{ENTRIES}{entry.entry}/")

    html = listing.content.decode()
    assert APPLICANT_NAME in html
    assert "Received by post on 16 November 2026" in html
    assert f'href="{ENTRIES}{entry.entry}/"' in html
    assert carried_on["Location"] == entry.url("incidents/")


def test_the_case_list_and_the_navigation_lead_a_coordinator_to_staff_entry(cara: Client) -> None:
    html = cara.get("/staff/cases/").content.decode()

    assert html.count(f'href="{ENTRIES}"') == 2


def test_the_way_to_staff_entry_is_not_shown_to_those_who_cannot_use_it(
    client: Client, tvp: Partnership
) -> None:
    verified(client, staff("audrey", role=Role.AUDITOR))

    html = client.get("/staff/cases/").content.decode()

    assert ENTRIES not in html


def test_the_public_journey_never_picks_up_an_entry(cara: Client, tvp: Partnership) -> None:
    entry = start_entry(cara)
    public = in_session(Client(), Draft.objects.get(pk=entry.entry))

    response = public.get("/test-valley/apply/consent/")

    assert response["Location"] == "/test-valley/"


# Who may enter, and whose entries are whose -------------------------------------------------------------

# Persona: expected status of the list of entries, of a new entry's first page, and of sending it (a
# coordinator's entry starts and leads on). Anonymous people are sent to sign in; signed-in staff who
# may not enter requests get the back office's 403.
MAY_ENTER = {
    "coordinator": (200, 200, 302),
    "officer of the asked agency": (403, 403, 403),
    "panel chair": (403, 403, 403),
    "auditor": (403, 403, 403),
    "other partnership": (200, 403, 403),
    "anonymous": (302, 302, 302),
}


@pytest.mark.parametrize(("name", "expected"), MAY_ENTER.items())
def test_only_a_coordinator_of_the_partnership_may_enter_requests_for_it(
    client: Client, tvp: Partnership, name: str, expected: tuple[int, int, int]
) -> None:
    signed_in_as(client, name)

    responses = [client.get(ENTRIES), client.get(NEW), client.post(NEW, received_post())]

    assert tuple(response.status_code for response in responses) == expected
    assert Draft.objects.count() == (1 if name == "coordinator" else 0)
    if name == "anonymous":
        assert all(response["Location"].startswith("/staff/sign-in/") for response in responses)


@pytest.mark.parametrize(
    "name",
    ["another coordinator", "officer of the asked agency", "panel chair", "auditor", "other partnership"],
)
def test_nobody_else_learns_that_an_entry_exists(client: Client, tvp: Partnership, name: str) -> None:
    entry = _entered(verified(Client(), staff("cara")), tvp)
    user = staff("colin") if name == "another coordinator" else persona(name)
    assert user is not None
    verified(client, user)

    pages = [
        client.get(f"{ENTRIES}{entry.entry}/{page}") for page in ("", "who/", "incidents/", "check-answers/")
    ]
    sent = client.post(f"{ENTRIES}{entry.entry}/check-answers/")
    deleted = client.post(f"{ENTRIES}{entry.entry}/delete/", {"add_another": "yes"})
    listing = client.get(ENTRIES)

    assert [page.status_code for page in [*pages, sent, deleted]] == [404] * 6
    assert APPLICANT_NAME not in listing.content.decode()
    assert Application.objects.count() == 0
    assert Draft.objects.filter(pk=entry.entry).exists()


def test_someone_not_signed_in_is_sent_to_sign_in_from_an_entry(
    client: Client, cara: Client, tvp: Partnership
) -> None:
    entry = start_entry(cara)

    response = Client().get(entry.url("who/"))

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/")


def test_a_coordinator_who_lost_the_role_is_refused_their_own_entry(cara: Client, tvp: Partnership) -> None:
    entry = start_entry(cara)
    Membership.objects.filter(user__username="cara").update(role=Role.AUDITOR)

    assert cara.get(entry.url("who/")).status_code == 403
    assert cara.get(ENTRIES).status_code == 403


# The language of a request entered by staff ---------------------------------------------------------


def test_the_language_is_asked_only_where_the_partnership_offers_more_than_one(
    cara: Client, tvp: Partnership
) -> None:
    assert "language" not in cara.get(NEW).context["form"].fields

    tvp.languages = ["en", "cy"]
    tvp.save(update_fields=["languages"])
    page = cara.get(NEW)

    assert [value for value, _ in page.context["form"].fields["language"].choices] == ["en", "cy"]
    assert "Which language was the request made in?" in page.content.decode()
    assert _errors(cara.post(NEW, received_post())) == ["Select the language the request was made in"]


def test_a_request_made_in_welsh_by_phone_becomes_a_welsh_case(cara: Client, tvp: Partnership) -> None:
    tvp.languages = ["en", "cy"]
    tvp.save(update_fields=["languages"])
    entry = start_entry(cara, language="cy")
    entry.to_check_answers("victim", agency_id(tvp))

    assert _summary(entry.client.get(entry.url("check-answers/")))["Language"] == "Cymraeg"
    entry.submit()

    assert Application.objects.get().language == "cy"


def test_a_request_entered_where_only_english_is_offered_is_english(cara: Client, tvp: Partnership) -> None:
    _entered(cara, tvp).submit()

    assert Application.objects.get().language == "en"
