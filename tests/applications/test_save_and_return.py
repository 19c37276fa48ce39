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
from django.test import Client

from community_trigger.agencies.models import Partnership
from community_trigger.applications.models import Draft
from community_trigger.applications.services import (
    draft_from_resume_token,
    draft_update,
    drafts_delete_stale,
    resume_token,
)
from community_trigger.cases.models import Application

from .builders import (
    APPLICANT_EMAIL,
    NOON,
    UUID_PATTERN,
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

HALF_DONE = {"single_organisation": "no", "role": "victim"}


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
    response = Journey(client).post("save/", {"email": APPLICANT_EMAIL})
    assert response["Location"] == "/test-valley/apply/saved/"
    return kept, resume_path(str(only_email().body))


def _expired(response: Any) -> bool:
    return response.status_code == 404 and "This link has expired" in response.content.decode()


# Saving -----------------------------------------------------------------------------------------------


def test_the_save_page_without_a_draft_goes_to_the_start_page(client: Client, tvp: Partnership) -> None:
    assert client.get("/test-valley/apply/save/")["Location"] == "/test-valley/"


def test_the_save_page_offers_the_email_address_already_given(client: Client, tvp: Partnership) -> None:
    in_session(client, draft(tvp, answers_for("victim", agency=agency_id(tvp))))

    form = client.get("/test-valley/apply/save/").context["form"]

    assert form["email"].value() == APPLICANT_EMAIL


def test_saving_emails_a_link_to_carry_on_that_works_for_seven_days(client: Client, tvp: Partnership) -> None:
    _, path = _saved_link(client, tvp)

    email = only_email()
    assert email.to == [APPLICANT_EMAIL]
    assert email.subject == "Your saved request for a case review"
    assert "The link works until 27 November 2026." in email.body
    assert path.startswith("/test-valley/resume/")
    assert "It works until 27 November 2026." in client.get("/test-valley/apply/saved/").content.decode()


def test_the_link_carries_no_draft_id_in_plain_sight(client: Client, tvp: Partnership) -> None:
    kept, path = _saved_link(client, tvp)

    assert str(kept.pk) not in path
    assert kept.pk.hex not in path
    assert not UUID_PATTERN.search(path)


def test_saving_without_an_email_address_asks_for_one(client: Client, tvp: Partnership) -> None:
    in_session(client, draft(tvp, HALF_DONE))

    response = Journey(client).post("save/", {"email": ""})

    assert response.status_code == 200
    assert response.context["form"].errors == {"email": ["Enter the email address to send the link to"]}
    assert mail.outbox == []


# Coming back ------------------------------------------------------------------------------------------


def test_the_link_opens_the_draft_in_another_browser_where_it_was_left(
    client: Client, tvp: Partnership
) -> None:
    kept, path = _saved_link(client, tvp)
    elsewhere = Client()

    response = elsewhere.get(path)

    assert response["Location"] == "/test-valley/apply/your-details/"
    assert elsewhere.get("/test-valley/apply/your-details/").status_code == 200
    Journey(elsewhere).answer("your-details/", your_details_post())
    kept.refresh_from_db()
    assert kept.answers["you"]["name"] == "Alex Applicantson"


def test_the_link_still_works_on_its_seventh_day(client: Client, tvp: Partnership, time_machine: Any) -> None:
    _, path = _saved_link(client, tvp)

    time_machine.shift(timedelta(days=7) - timedelta(minutes=1))

    assert Client().get(path)["Location"] == "/test-valley/apply/your-details/"


def test_a_link_older_than_seven_days_has_expired(
    client: Client, tvp: Partnership, time_machine: Any
) -> None:
    _, path = _saved_link(client, tvp)
    elsewhere = Client()

    time_machine.shift(timedelta(days=7, minutes=1))

    assert _expired(elsewhere.get(path))
    assert elsewhere.get("/test-valley/apply/your-details/")["Location"] == "/test-valley/"


@pytest.mark.parametrize("position", [0, 10, -2])
def test_a_tampered_link_is_treated_as_expired(client: Client, tvp: Partnership, position: int) -> None:
    _, path = _saved_link(client, tvp)
    token = path.split("/")[-2]
    changed = token[:position] + ("A" if token[position] != "A" else "B") + token[position + 1 :]
    elsewhere = Client()

    assert _expired(elsewhere.get(path.replace(token, changed)))
    assert elsewhere.get("/test-valley/apply/your-details/")["Location"] == "/test-valley/"


def test_a_made_up_link_is_treated_as_expired(client: Client, tvp: Partnership) -> None:
    assert _expired(client.get("/test-valley/resume/not-a-token/"))


def test_a_link_to_a_draft_already_sent_is_treated_as_expired(client: Client, tvp: Partnership) -> None:
    _, path = _saved_link(client, tvp, answers_for("victim", agency=agency_id(tvp)))
    Journey(client).submit()
    assert Application.objects.count() == 1
    elsewhere = Client()

    assert _expired(elsewhere.get(path))
    assert elsewhere.get("/test-valley/apply/check-answers/")["Location"] == "/test-valley/"
    assert Application.objects.count() == 1


def test_a_link_to_a_deleted_draft_is_treated_as_expired(client: Client, tvp: Partnership) -> None:
    kept, path = _saved_link(client, tvp)
    kept.delete()

    assert _expired(Client().get(path))


def test_a_link_opened_under_another_partnership_is_treated_as_expired(
    client: Client, tvp: Partnership
) -> None:
    _, path = _saved_link(client, tvp)
    other_partnership()

    assert _expired(Client().get(path.replace("/test-valley/", "/other-borough/")))


def test_a_resume_token_is_read_back_only_for_its_own_draft(tvp: Partnership) -> None:
    kept = draft(tvp, HALF_DONE)

    assert draft_from_resume_token(resume_token(kept)) == kept
    assert draft_from_resume_token(resume_token(kept) + "x") is None


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
