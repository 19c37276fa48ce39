"""Sending the request: once, with a reference, an acknowledgement date and one confirmation email."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from community_trigger.agencies.models import Partnership
from community_trigger.applications.models import Draft
from community_trigger.applications.services import draft_submit
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.answers import AnswersInvalid
from community_trigger.cases.models import Application
from community_trigger.cases.services import intake

from .builders import (
    APPLICANT_EMAIL,
    NOON,
    Journey,
    agency_id,
    answers_for,
    contact_post,
    draft,
    in_session,
    only_email,
    partnership,
    status_path,
    you,
)

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

Capture = Callable[..., Any]


@pytest.fixture(autouse=True)
def _no_rate_limit_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tvp() -> Partnership:
    return partnership()


def _ready(client: Client, tvp: Partnership, role: str = "victim", **overrides: Any) -> Journey:
    """A browser on check answers with a complete draft."""
    in_session(client, draft(tvp, answers_for(role, agency=agency_id(tvp), **overrides)))
    return Journey(client)


def _status_url(application: Application) -> str:
    return f"https://example.test/status/{application.pk}/"


@pytest.mark.parametrize("role", ["victim", "representative", "group_representative"])
def test_a_person_who_walks_every_page_can_send_their_request(
    client: Client, tvp: Partnership, role: str, django_capture_on_commit_callbacks: Capture
) -> None:
    browser = Journey(client)
    browser.to_check_answers(role, agency_id(tvp))

    with django_capture_on_commit_callbacks(execute=True):
        response = browser.submit()

    assert response["Location"] == "/test-valley/apply/confirmation/"
    application = Application.objects.get()
    assert application.reference == "TVP-2026-0001"
    assert application.applicant_role == role
    assert application.assessments.get().threshold_met
    assert len(mail.outbox) == 1


def test_the_confirmation_page_gives_the_reference_and_the_acknowledgement_date(
    client: Client, tvp: Partnership
) -> None:
    browser = _ready(client, tvp)
    browser.submit()

    html = client.get("/test-valley/apply/confirmation/").content.decode()

    assert "TVP-2026-0001" in html
    # Friday 20 November 2026 plus five working days.
    assert "27 November 2026" in html
    assert "We have sent you a confirmation email" in html


def test_the_confirmation_page_without_a_request_sent_goes_to_the_start_page(
    client: Client, tvp: Partnership
) -> None:
    assert client.get("/test-valley/apply/confirmation/")["Location"] == "/test-valley/"


def test_each_request_gets_the_next_reference_of_the_year(tvp: Partnership) -> None:
    references = []
    for _ in range(3):
        browser = _ready(Client(), tvp)
        browser.submit()
        references.append(Application.objects.order_by("-pk").first().reference)  # type: ignore[union-attr]

    assert references == ["TVP-2026-0001", "TVP-2026-0002", "TVP-2026-0003"]


def test_sending_twice_creates_one_application_and_sends_one_email(
    client: Client, tvp: Partnership, django_capture_on_commit_callbacks: Capture
) -> None:
    browser = _ready(client, tvp)

    with django_capture_on_commit_callbacks(execute=True):
        first = browser.submit()
        second = browser.submit()

    assert first["Location"] == second["Location"] == "/test-valley/apply/confirmation/"
    assert Application.objects.count() == 1
    assert len(mail.outbox) == 1


def test_submitting_the_same_draft_twice_gives_back_the_first_application(
    tvp: Partnership, django_capture_on_commit_callbacks: Capture
) -> None:
    kept = draft(tvp, answers_for("victim", agency=agency_id(tvp)))

    with django_capture_on_commit_callbacks(execute=True):
        first = draft_submit(draft=kept, status_url_for=_status_url)
        second = draft_submit(draft=kept, status_url_for=_status_url)

    assert first.pk == second.pk
    assert Application.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_submitted_draft_keeps_no_answers_only_which_application_it_became(tvp: Partnership) -> None:
    kept = draft(tvp, answers_for("victim", agency=agency_id(tvp)))

    application = draft_submit(draft=kept, status_url_for=_status_url)

    kept.refresh_from_db()
    assert kept.answers == {}
    assert kept.submitted_application == application


def test_after_sending_the_browser_no_longer_has_a_draft(client: Client, tvp: Partnership) -> None:
    browser = _ready(client, tvp)
    browser.submit()

    assert browser.get("your-details/")["Location"] == "/test-valley/"
    assert client.get("/test-valley/apply/")["Location"] == "/test-valley/apply/who/"


def test_a_second_request_from_the_same_browser_is_a_new_application(
    client: Client, tvp: Partnership
) -> None:
    _ready(client, tvp).submit()

    _ready(client, tvp).submit()

    assert list(Application.objects.order_by("pk").values_list("reference", flat=True)) == [
        "TVP-2026-0001",
        "TVP-2026-0002",
    ]
    assert Draft.objects.filter(submitted_application__isnull=False).count() == 2


def test_sending_is_recorded_in_the_audit_log_without_personal_data(client: Client, tvp: Partnership) -> None:
    _ready(client, tvp).submit()

    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE)
    application = Application.objects.get()
    assert (entry.actor_label, entry.subject, entry.subject_id) == (
        "the applicant",
        "application",
        str(application.pk),
    )
    assert entry.detail == "online"


# The confirmation email -------------------------------------------------------------------------------


def test_the_confirmation_email_gives_the_reference_the_date_and_a_status_link_that_works(
    client: Client, tvp: Partnership, django_capture_on_commit_callbacks: Capture
) -> None:
    browser = _ready(client, tvp)

    with django_capture_on_commit_callbacks(execute=True):
        browser.submit()

    email = only_email()
    assert email.to == [APPLICANT_EMAIL]
    assert email.subject == "Your request to Test Valley Partnership: TVP-2026-0001"
    assert "Your reference number is TVP-2026-0001." in email.body
    assert "Test Valley Partnership will contact you by 27 November 2026" in email.body
    status = Client().get(status_path(str(email.body)))
    assert status.status_code == 200
    assert "TVP-2026-0001" in status.content.decode()


def test_the_status_link_starts_with_the_site_address_whatever_host_the_request_named(
    client: Client, tvp: Partnership, settings: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
    settings.SITE_URL = "https://trigger.example"
    _ready(client, tvp)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/test-valley/apply/check-answers/", {"csrfmiddlewaretoken": "-"}, HTTP_HOST="evil.example"
        )

    body = str(only_email().body)
    assert "https://trigger.example/test-valley/status/" in body
    assert "evil.example" not in body


def test_without_a_site_address_the_confirmation_email_goes_without_a_status_link(
    client: Client, tvp: Partnership, settings: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    settings.SITE_URL = ""
    browser = _ready(client, tvp)

    with django_capture_on_commit_callbacks(execute=True):
        response = browser.submit()

    assert response["Location"] == "/test-valley/apply/confirmation/"
    body = str(only_email().body)
    assert "Your reference number is TVP-2026-0001." in body
    assert "/status/" not in body
    assert "See the progress of your request" not in body


def test_the_confirmation_email_waits_until_the_application_is_saved(
    client: Client, tvp: Partnership, django_capture_on_commit_callbacks: Capture
) -> None:
    browser = _ready(client, tvp)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        browser.submit()

    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_no_email_is_sent_to_someone_who_gave_no_email_address(
    client: Client, tvp: Partnership, django_capture_on_commit_callbacks: Capture
) -> None:
    browser = _ready(
        client,
        tvp,
        you=you(email="", phone="07700 900 982", contact_preference="phone"),
        contact=contact_post(phone="07700 900 982", contact_preference="phone"),
    )

    with django_capture_on_commit_callbacks(execute=True):
        browser.submit()

    assert Application.objects.count() == 1
    assert mail.outbox == []
    html = client.get("/test-valley/apply/confirmation/").content.decode()
    assert "TVP-2026-0001" in html
    assert "We have sent you a confirmation email" not in html


def test_check_answers_cannot_be_sent_while_an_answer_is_missing(client: Client, tvp: Partnership) -> None:
    answers = answers_for("victim", agency=agency_id(tvp))
    del answers["consent"]
    in_session(client, draft(tvp, answers))

    response = Journey(client).submit()

    assert response["Location"] == "/test-valley/apply/consent/"
    assert Application.objects.count() == 0


def test_a_christmas_eve_request_is_acknowledged_after_the_bank_holidays(
    client: Client, tvp: Partnership, time_machine: Any
) -> None:
    time_machine.move_to(date(2026, 12, 24), tick=False)

    _ready(client, tvp).submit()

    assert Application.objects.get().acknowledge_by == date(2027, 1, 5)


def test_a_submission_that_fails_keeps_the_draft_and_records_nothing(tvp: Partnership) -> None:
    answers = answers_for("victim", agency=agency_id(tvp))
    answers["incidents"][0]["reports"][0]["by"] = "member:nobody"
    kept = draft(tvp, answers)

    with pytest.raises(AnswersInvalid):
        draft_submit(draft=kept, status_url_for=_status_url)

    kept.refresh_from_db()
    assert kept.answers == answers
    assert kept.submitted_application is None
    assert Application.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_a_submission_that_fails_half_way_keeps_the_draft_and_records_nothing(
    tvp: Partnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = answers_for("victim", agency=agency_id(tvp))
    kept = draft(tvp, answers)

    def engine_down(**_: Any) -> None:
        raise RuntimeError("the threshold engine failed")

    monkeypatch.setattr(intake, "application_assess", engine_down)

    with pytest.raises(RuntimeError):
        draft_submit(draft=kept, status_url_for=_status_url)

    kept.refresh_from_db()
    assert kept.answers == answers
    assert Application.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_answers_that_cannot_be_sent_are_shown_again_with_the_problem(
    client: Client, tvp: Partnership
) -> None:
    browser = _ready(client, tvp)
    kept = Draft.objects.get()
    kept.answers["incidents"][0]["reports"][0]["by"] = "member:nobody"
    kept.save(update_fields=["answers"])

    page = browser.submit()

    assert page.status_code == 200
    html = page.content.decode()
    assert "<title>Error: Check your answers" in html
    assert "There is a problem" in html
    assert "Some answers could not be sent" in html
    assert Application.objects.count() == 0
    assert Draft.objects.get().submitted_application is None
