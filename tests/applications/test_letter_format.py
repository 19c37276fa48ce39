"""The format an applicant needs our letters in: asked once in the journey (online and in staff entry),
shown on check answers, kept on the case; a coordinator can change it, with a reason in the history."""

from __future__ import annotations

import pytest
from accounts.people import error_messages, staff, verified
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from community_trigger.agencies.models import Partnership
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application, CaseEvent, Happened, LetterFormat
from community_trigger.domain.access import Role
from community_trigger.letters.services import FormatRefused, letter_format_change

from .builders import (
    NOON,
    Journey,
    agency_id,
    contact_post,
    other_partnership,
    partnership,
    submitted,
    your_details_post,
)
from .test_staff_entry import start_entry

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

PAGE = "letter-format/"


@pytest.fixture
def tvp() -> Partnership:
    return partnership()


def _up_to_the_question(client: Client) -> Journey:
    browser = Journey(client)
    browser.answer("who/", {"role": "victim"})
    browser.answer("consent/", browser.consent_post)
    browser.answer("your-details/", your_details_post())
    assert browser.answer("contact/", contact_post()) == f"/test-valley/apply/{PAGE}"
    return browser


def test_the_question_comes_after_contacting_you_safely_and_offers_every_format(
    client: Client, tvp: Partnership
) -> None:
    browser = _up_to_the_question(client)

    html = browser.get(PAGE).content.decode()

    assert "What format do you need our letters in?" in html
    for words in ("Standard print", "Large print", "Easy read", "Braille", "Audio", "Another language"):
        assert words in html
    assert "Which language?" in html


def test_nothing_chosen_is_explained_in_the_error_summary(client: Client, tvp: Partnership) -> None:
    browser = _up_to_the_question(client)

    response = browser.post(PAGE, {})

    assert response.status_code == 200
    assert error_messages(response) == ["Select the format you need our letters in"]
    assert "govuk-error-summary" in response.content.decode()


def test_another_language_needs_the_language_and_keeps_the_choice(client: Client, tvp: Partnership) -> None:
    browser = _up_to_the_question(client)

    response = browser.post(PAGE, {"need": "other_language", "language": ""})

    assert error_messages(response) == ["Enter the language you need our letters in"]
    assert 'value="other_language" checked' in response.content.decode()


def test_a_language_typed_before_choosing_another_format_is_not_kept(
    client: Client, tvp: Partnership
) -> None:
    browser = _up_to_the_question(client)

    browser.answer(PAGE, {"need": "large_print", "language": "Polish"})

    assert browser.draft().answers["letter_format"] == {"need": "large_print", "language": ""}


def test_the_choice_is_shown_on_check_answers_and_kept_on_the_case(client: Client, tvp: Partnership) -> None:
    browser = Journey(client)
    browser.to_check_answers("victim", agency_id(tvp))
    browser.answer(f"{PAGE}?change=1", {"need": "other_language", "language": "Polish"})

    html = browser.get("check-answers/").content.decode()
    assert "Another language: Polish" in html
    assert "the format you need our letters in" in html
    browser.submit()

    case = Application.objects.get()
    assert (case.letter_format, case.letter_format_detail) == ("other_language", "Polish")


def test_the_question_is_asked_in_welsh(client: Client, tvp: Partnership) -> None:
    tvp.languages = ["en", "cy"]  # a partnership that offers Welsh
    tvp.save(update_fields=["languages"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    browser = _up_to_the_question(client)
    html = browser.get(PAGE).content.decode()

    with translation.override("cy"):
        question = gettext("What format do you need our letters in?")
        large = gettext("Large print")
    assert question != "What format do you need our letters in?"
    assert question in html
    assert large in html


def test_staff_entry_asks_the_same_question(client: Client, tvp: Partnership) -> None:
    verified(client, staff("cara"))
    entry = start_entry(client)
    entry.consent_post = {"consent_method": "by_phone"}
    entry.start("victim")

    assert entry.draft().answers["letter_format"] == {"need": "standard", "language": ""}
    response = entry.post(PAGE, {"need": "braille"})
    assert response.status_code == 302
    assert entry.draft().answers["letter_format"] == {"need": "braille", "language": ""}
    assert entry.get(PAGE).status_code == 200


# A coordinator changes it -----------------------------------------------------------------------------


def _format_page(case: Application) -> str:
    return f"/staff/cases/{case.reference}/letters/format/"


def test_the_coordinator_changes_the_format_with_a_reason_kept_in_the_history(
    client: Client, tvp: Partnership
) -> None:
    case = submitted(tvp)
    verified(client, staff("cora"))

    response = client.post(
        _format_page(case), {"letter_format": "large_print", "language": "", "reason": "She phoned to ask"}
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.letter_format == LetterFormat.LARGE_PRINT
    event = CaseEvent.objects.get(application=case, kind=Happened.LETTER_FORMAT_CHANGED)
    assert event.facts == {"letter_format": "large_print", "was": "standard"}
    assert event.reason == "She phoned to ask"
    assert AuditEntry.objects.filter(
        subject_id=str(case.pk), action=AuditEntry.Action.CHANGE, detail="letter format"
    ).exists()
    page = client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert "Letters needed in" in page
    assert "Large print" in page


def test_the_case_page_flags_a_format_the_partnership_must_arrange(client: Client, tvp: Partnership) -> None:
    case = submitted(tvp, letter_format={"need": "other_language", "language": "Polish"})
    verified(client, staff("cora"))

    page = client.get(f"/staff/cases/{case.reference}/").content.decode()

    assert "Another language: Polish" in page
    assert "Arrange translation" in page
    assert _format_page(case) in page


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"letter_format": "", "reason": "Asked"}, "Select the format the applicant needs letters in"),
        (
            {"letter_format": "other_language", "language": "", "reason": "Asked"},
            "Enter the language the applicant needs letters in",
        ),
        ({"letter_format": "easy_read", "reason": ""}, "Enter why the format is changing"),
        (
            {"letter_format": "standard", "reason": "Asked"},
            "The applicant's letters are already in this format",
        ),
    ],
)
def test_a_change_that_is_not_right_is_explained_and_what_was_typed_kept(
    client: Client, tvp: Partnership, posted: dict[str, str], message: str
) -> None:
    case = submitted(tvp)
    verified(client, staff("cora"))

    response = client.post(_format_page(case), posted)

    assert response.status_code == 200
    assert error_messages(response) == [message]
    assert "govuk-error-summary" in response.content.decode()
    if posted.get("reason"):
        assert posted["reason"] in response.content.decode()
    assert not CaseEvent.objects.filter(kind=Happened.LETTER_FORMAT_CHANGED).exists()


def test_a_case_of_another_partnership_is_not_found(client: Client, tvp: Partnership) -> None:
    theirs = submitted(other_partnership())
    verified(client, staff("cora"))

    assert client.get(_format_page(theirs)).status_code == 404
    assert client.post(_format_page(theirs), {"letter_format": "braille", "reason": "x"}).status_code == 404


def test_only_someone_who_manages_the_case_may_change_it(tvp: Partnership) -> None:
    case = submitted(tvp)
    officer = staff("olly", role=Role.AGENCY_OFFICER, agency_kind="police")

    with pytest.raises(FormatRefused):
        letter_format_change(
            application=case, letter_format=LetterFormat.BRAILLE, reason="Asked", actor=officer
        )
    case.refresh_from_db()
    assert case.letter_format == LetterFormat.STANDARD
