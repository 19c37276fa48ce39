"""Save and come back later: the emailed link, when it stops working, and the deletion of old drafts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, TestCase

from community_trigger.agencies.models import Partnership
from community_trigger.applications.models import Draft, ResumeLink
from community_trigger.applications.services import (
    ResumeRefused,
    draft_resume,
    draft_update,
    drafts_delete_stale,
)
from community_trigger.cases.models import Application

from .builders import (
    APPLICANT_EMAIL,
    NOON,
    UUID_PATTERN,
    VICTIM_NAME,
    Journey,
    agency_id,
    answers_for,
    draft,
    in_session,
    only_email,
    other_partnership,
    partnership,
    resume_path,
    your_details_post,
)

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

HALF_DONE = {"role": "victim", "consent": "yes"}


@pytest.fixture(autouse=True)
def _no_rate_limit_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tvp() -> Partnership:
    return partnership()


def _saved_link(client: Client, tvp: Partnership, answers: dict[str, Any] | None = None) -> tuple[Draft, str]:
    """A browser saves its draft; returns the draft and the path of the link it was emailed."""
    kept = draft(tvp, answers if answers is not None else HALF_DONE)
    in_session(client, kept)
    with _emails_sent():
        response = Journey(client).post("save/", {"email": APPLICANT_EMAIL})
    assert response["Location"] == "/test-valley/apply/saved/"
    return kept, resume_path(str(only_email().body))


def _emails_sent() -> Any:
    """The emails a request writes to the outbox go once it commits; a test's transaction never does."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def _expired(response: Any) -> bool:
    return response.status_code == 404 and "This link has expired" in response.content.decode()


def _not_right(response: Any) -> bool:
    """A link never given (mistyped, cut short, changed) says so plainly, and how to go on."""
    page = response.content.decode()
    return (
        response.status_code == 404
        and "This link is not right" in page
        and "Check you copied all of the link" in page
    )


# Saving -----------------------------------------------------------------------------------------------


def test_the_save_page_without_a_draft_goes_to_the_start_page(client: Client, tvp: Partnership) -> None:
    assert client.get("/test-valley/apply/save/")["Location"] == "/test-valley/"


def test_the_save_page_offers_the_email_address_already_given(client: Client, tvp: Partnership) -> None:
    in_session(client, draft(tvp, answers_for("victim", agency=agency_id(tvp))))

    client.get("/test-valley/apply/save/")
    form = client.get("/test-valley/apply/saved/").context["form"]

    assert form["email"].value() == APPLICANT_EMAIL


def test_saving_emails_a_link_to_carry_on_that_works_for_30_days(client: Client, tvp: Partnership) -> None:
    _, path = _saved_link(client, tvp)

    email = only_email()
    assert email.to == [APPLICANT_EMAIL]
    assert email.subject == "Your saved request to Test Valley Partnership"
    assert "The link works until 20 December 2026." in email.body
    assert path.startswith("/test-valley/resume/")
    assert (
        "It works once, until 20 December 2026." in client.get("/test-valley/apply/saved/").content.decode()
    )


def test_the_link_carries_no_draft_id_in_plain_sight(client: Client, tvp: Partnership) -> None:
    kept, path = _saved_link(client, tvp)

    assert str(kept.pk) not in path
    assert kept.pk.hex not in path
    assert not UUID_PATTERN.search(path)


def test_asking_to_be_sent_a_way_back_with_neither_address_says_what_to_enter(
    client: Client, tvp: Partnership
) -> None:
    in_session(client, draft(tvp, HALF_DONE))

    response = Journey(client).post("save/", {"email": "", "mobile": ""})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["Enter an email address or a mobile phone number, or carry on"]
    }
    assert mail.outbox == []


def test_the_emailed_link_starts_with_the_site_address_whatever_host_the_request_named(
    client: Client, tvp: Partnership, settings: Any
) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
    settings.SITE_URL = "https://trigger.example"
    in_session(client, draft(tvp, HALF_DONE))

    with _emails_sent():
        client.post("/test-valley/apply/save/", {"email": APPLICANT_EMAIL}, HTTP_HOST="evil.example")

    body = str(only_email().body)
    assert "https://trigger.example/test-valley/resume/" in body
    assert "evil.example" not in body


def test_without_a_site_address_no_link_is_sent_and_the_page_says_so(
    client: Client, tvp: Partnership, settings: Any
) -> None:
    settings.SITE_URL = ""
    in_session(client, draft(tvp, HALF_DONE))

    response = Journey(client).post("save/", {"email": APPLICANT_EMAIL})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["We cannot email links at the moment. Use your code to come back"]
    }
    assert "govuk-error-summary" in response.content.decode()
    assert mail.outbox == []
    assert not ResumeLink.objects.filter(kind=ResumeLink.Kind.LINK).exists()


# Coming back ------------------------------------------------------------------------------------------


def test_the_link_opens_the_draft_in_another_browser_where_it_was_left(
    client: Client, tvp: Partnership
) -> None:
    kept, path = _saved_link(client, tvp)
    elsewhere = Client()

    response = elsewhere.post(path)

    assert response["Location"] == "/test-valley/apply/your-details/"
    assert elsewhere.get("/test-valley/apply/your-details/").status_code == 200
    Journey(elsewhere).answer("your-details/", your_details_post())
    kept.refresh_from_db()
    assert kept.answers["you"]["name"] == "Alex Applicantson"


def test_the_link_still_works_on_its_thirtieth_day(
    client: Client, tvp: Partnership, time_machine: Any
) -> None:
    _, path = _saved_link(client, tvp)

    time_machine.shift(timedelta(days=30) - timedelta(minutes=1))

    assert Client().post(path)["Location"] == "/test-valley/apply/your-details/"


def test_a_link_older_than_30_days_has_expired(client: Client, tvp: Partnership, time_machine: Any) -> None:
    kept, path = _saved_link(client, tvp)
    elsewhere = Client()

    time_machine.shift(timedelta(days=30, minutes=1))
    # Kept touched, so that the answers outlive the link and the link says it expired.
    Draft.objects.filter(pk=kept.pk).update(updated_at=NOON + timedelta(days=30))

    assert _expired(elsewhere.get(path))
    assert elsewhere.get("/test-valley/apply/your-details/")["Location"] == "/test-valley/"


@pytest.mark.parametrize("position", [0, 10, -2])
def test_a_tampered_link_says_it_is_not_right(client: Client, tvp: Partnership, position: int) -> None:
    _, path = _saved_link(client, tvp)
    token = path.split("/")[-2]
    changed = token[:position] + ("A" if token[position] != "A" else "B") + token[position + 1 :]
    elsewhere = Client()

    assert _not_right(elsewhere.get(path.replace(token, changed)))
    assert elsewhere.get("/test-valley/apply/your-details/")["Location"] == "/test-valley/"


def test_a_made_up_link_says_it_is_not_right(client: Client, tvp: Partnership) -> None:
    assert _not_right(client.get("/test-valley/resume/not-a-token/"))


def test_a_link_to_a_draft_already_sent_is_treated_as_expired(client: Client, tvp: Partnership) -> None:
    _, path = _saved_link(client, tvp, answers_for("victim", agency=agency_id(tvp)))
    Journey(client).submit()
    assert Application.objects.count() == 1
    elsewhere = Client()

    assert _expired(elsewhere.get(path))
    assert elsewhere.get("/test-valley/apply/check-answers/")["Location"] == "/test-valley/"
    assert Application.objects.count() == 1


def test_a_link_to_a_deleted_draft_opens_nothing(client: Client, tvp: Partnership) -> None:
    kept, path = _saved_link(client, tvp)
    kept.delete()

    assert _not_right(Client().get(path))


def test_a_link_opened_under_another_partnership_is_treated_as_expired(
    client: Client, tvp: Partnership
) -> None:
    _, path = _saved_link(client, tvp)
    other_partnership()

    assert _not_right(Client().get(path.replace("/test-valley/", "/other-borough/")))


def test_a_link_opens_only_its_own_draft(client: Client, tvp: Partnership) -> None:
    kept, path = _saved_link(client, tvp)
    token = path.split("/")[-2]

    with pytest.raises(ResumeRefused):
        draft_resume(token=token + "x", partnership=tvp)
    assert draft_resume(token=token, partnership=tvp)[0] == kept


# A link works once, and only the browser that opened it last has the draft ----------------------------


def _used(response: Any) -> bool:
    return response.status_code == 410 and "This link has already been used" in response.content.decode()


def _has_no_draft(browser: Client) -> bool:
    """True when `browser` is sent back to the start, as a browser without a draft is."""
    response = browser.get("/test-valley/apply/your-details/")
    return response.status_code == 302 and response["Location"] == "/test-valley/"


def test_whoever_asks_for_a_link_cannot_read_what_the_person_who_opened_it_types(
    client: Client, tvp: Partnership
) -> None:
    attacker = client
    _, path = _saved_link(attacker, tvp)
    victim = Client()

    victim.post(path)
    Journey(victim).answer("your-details/", your_details_post(name=VICTIM_NAME))

    assert _has_no_draft(attacker)
    assert attacker.get("/test-valley/apply/save/")["Location"] == "/test-valley/"
    for page in ("who/", "your-details/", "incidents/", "check-answers/"):
        assert VICTIM_NAME not in attacker.get(f"/test-valley/apply/{page}").content.decode()


def test_a_link_opens_the_draft_once_and_a_second_opening_says_it_was_used(
    client: Client, tvp: Partnership
) -> None:
    _, path = _saved_link(client, tvp)
    first, second = Client(), Client()
    assert first.post(path)["Location"] == "/test-valley/apply/your-details/"

    again = second.post(path)

    assert _used(again)
    page = again.content.decode()
    assert "Save and come back later" in page  # how to get a new link
    assert _has_no_draft(second)
    assert not _has_no_draft(first)


def test_the_browser_that_asked_for_the_link_cannot_open_it_after_someone_else_did(
    client: Client, tvp: Partnership
) -> None:
    _, path = _saved_link(client, tvp)
    Client().post(path)

    assert _used(client.get(path))
    assert _used(client.post(path))
    assert _has_no_draft(client)


def test_opening_a_newer_link_ends_the_draft_in_a_browser_that_opened_an_older_one(
    client: Client, tvp: Partnership
) -> None:
    _, first_path = _saved_link(client, tvp)
    earlier = Client()
    earlier.post(first_path)
    mail.outbox.clear()
    with _emails_sent():
        Journey(earlier).post("save/", {"email": APPLICANT_EMAIL})
    later = Client()

    later.post(resume_path(str(only_email().body)))

    assert _has_no_draft(earlier)
    assert _has_no_draft(client)
    assert not _has_no_draft(later)


def test_opening_one_link_ends_the_others_sent_for_the_same_draft(client: Client, tvp: Partnership) -> None:
    _, to_victim = _saved_link(client, tvp)
    mail.outbox.clear()
    with _emails_sent():
        Journey(client).post("save/", {"email": "someone.else@example.com"})
    to_attacker = resume_path(str(only_email().body))
    victim = Client()
    victim.post(to_victim)
    attacker = Client()

    response = attacker.post(to_attacker)

    assert response.status_code in (404, 410)
    assert _has_no_draft(attacker)
    assert not _has_no_draft(victim)


def test_the_browser_holding_the_draft_is_offered_to_carry_on_when_it_opens_the_link_again(
    client: Client, tvp: Partnership
) -> None:
    _, path = _saved_link(client, tvp)
    victim = Client()
    victim.post(path)

    again = victim.get(path)

    assert _used(again)
    assert 'href="/test-valley/apply/your-details/"' in again.content.decode()
    assert not _has_no_draft(victim)


def test_fetching_the_link_as_a_mail_scanner_does_leaves_it_working(client: Client, tvp: Partnership) -> None:
    _, path = _saved_link(client, tvp)

    first_look = Client().get(path)
    Client().get(path)

    assert first_look.status_code == 200
    assert "Carry on with your request" in first_look.content.decode()
    assert not _has_no_draft(client)
    assert Client().post(path)["Location"] == "/test-valley/apply/your-details/"


def test_opening_the_link_gives_the_browser_a_new_session(client: Client, tvp: Partnership) -> None:
    _, path = _saved_link(client, tvp)
    planted = Client()
    before = planted.session.session_key  # as if someone had set this browser's session cookie

    planted.post(path)

    assert planted.cookies["sessionid"].value != before
    assert not _has_no_draft(planted)


def test_the_link_is_kept_only_as_a_hash(client: Client, tvp: Partnership) -> None:
    kept, path = _saved_link(client, tvp)
    token = path.split("/")[-2]

    stored = [str(value) for row in ResumeLink.objects.filter(draft=kept).values() for value in row.values()]

    assert stored
    assert not any(token in value for value in stored)


# Old drafts are deleted -------------------------------------------------------------------------------


def test_drafts_untouched_for_30_days_are_deleted_and_newer_ones_kept(
    tvp: Partnership, time_machine: Any
) -> None:
    old = draft(tvp, HALF_DONE)
    time_machine.shift(timedelta(days=2))
    recent = draft(tvp, HALF_DONE)

    time_machine.shift(timedelta(days=29))

    assert drafts_delete_stale() == 1
    assert list(Draft.objects.all()) == [recent]
    assert not Draft.objects.filter(pk=old.pk).exists()


def test_a_draft_changed_recently_is_kept_however_old_it_is(tvp: Partnership, time_machine: Any) -> None:
    kept = draft(tvp, HALF_DONE)
    time_machine.shift(timedelta(days=25))
    draft_update(draft=kept, changes={"you": {"name": "x"}})

    time_machine.shift(timedelta(days=25))

    assert drafts_delete_stale() == 0
    assert Draft.objects.count() == 1


def test_a_draft_is_kept_for_exactly_30_days(tvp: Partnership, time_machine: Any) -> None:
    draft(tvp, HALF_DONE)

    time_machine.shift(timedelta(days=30))

    assert drafts_delete_stale() == 0
    time_machine.shift(timedelta(seconds=1))
    assert drafts_delete_stale() == 1


def test_deleting_an_old_sent_draft_keeps_its_application(
    client: Client, tvp: Partnership, time_machine: Any
) -> None:
    in_session(client, draft(tvp, answers_for("victim", agency=agency_id(tvp))))
    Journey(client).submit()

    time_machine.shift(timedelta(days=31))

    assert drafts_delete_stale() == 1
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    ("old", "said"),
    [(0, "Deleted 0 stale drafts"), (1, "Deleted 1 stale draft"), (2, "Deleted 2 stale drafts")],
)
def test_the_daily_command_deletes_old_drafts_and_says_how_many(
    tvp: Partnership, time_machine: Any, old: int, said: str
) -> None:
    for _ in range(old):
        draft(tvp, HALF_DONE)
    time_machine.shift(timedelta(days=31))
    fresh = draft(tvp, HALF_DONE)
    out = StringIO()

    call_command("delete_stale_drafts", stdout=out)

    assert out.getvalue().strip() == said
    assert list(Draft.objects.all()) == [fresh]
