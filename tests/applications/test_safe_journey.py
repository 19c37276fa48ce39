"""Issue 13's journey: consent asked early and confirmed before anything is deleted, the save button
that keeps half-typed pages with a one-use code, post alone as a way to be contacted, and the checker
and the journey agreeing on the same facts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from community_trigger.agencies.models import Partnership
from community_trigger.applications.models import Draft, ResumeLink, hashed_code
from community_trigger.applications.services import draft_submit
from community_trigger.applications.views.pages import CheckerForm, _checker_document
from community_trigger.cases.models import Application, PersonRole
from community_trigger.domain.policy import builtin_policies
from community_trigger.domain.threshold import assess_document

from .builders import NOON, Journey, agency_id, answers_for, draft, in_session, partnership

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]


@pytest.fixture(autouse=True)
def _no_rate_limit_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tvp() -> Partnership:
    return partnership()


def _code_on(response: Any) -> str:
    return str(response.context["code"])


# Consent: asked second, and "no" deletes nothing until the person chooses --------------------------------


def test_consent_is_asked_straight_after_who_you_are(client: Client, tvp: Partnership) -> None:
    assert Journey(client).answer("who/", {"role": "victim"}) == "/test-valley/apply/consent/"


def test_no_to_sharing_asks_before_deleting_anything(client: Client, tvp: Partnership) -> None:
    browser = Journey(client)
    browser.answer("who/", {"role": "victim"})

    assert browser.answer("consent/", {"consent": "no"}) == "/test-valley/apply/no-consent/"
    page = browser.get("no-consent/")
    assert "Are you sure? Your answers will be deleted" in page.content.decode()
    assert Draft.objects.get().answers == {"role": "victim", "consent": "no"}


def test_choosing_to_delete_deletes_the_answers(client: Client, tvp: Partnership) -> None:
    browser = Journey(client)
    browser.answer("who/", {"role": "victim"})
    browser.answer("consent/", {"consent": "no"})

    page = browser.post("no-consent/", {"choice": "delete"})

    assert "Your answers have been deleted" in page.content.decode()
    assert not Draft.objects.exists()


def test_choosing_to_keep_gives_a_code_that_brings_the_answers_back_for_30_days(
    client: Client, tvp: Partnership, time_machine: Any
) -> None:
    browser = Journey(client)
    browser.answer("who/", {"role": "victim"})
    browser.answer("consent/", {"consent": "no"})

    assert browser.answer("no-consent/", {"choice": "keep"}) == "/test-valley/apply/saved/"
    code = _code_on(browser.get("saved/"))
    time_machine.move_to(NOON + timedelta(days=29), tick=False)
    elsewhere = Journey(Client())
    assert elsewhere.answer("return/", {"code": code}) == "/test-valley/apply/consent/"
    assert elsewhere.draft().answers["role"] == "victim"


# Save and come back later ------------------------------------------------------------------------------


def test_the_save_button_keeps_what_was_typed_even_when_it_is_not_yet_a_valid_answer(
    client: Client, tvp: Partnership
) -> None:
    browser = Journey(client)
    browser.answer("who/", {"role": "victim"})
    browser.answer("consent/", {"consent": "yes"})

    saved = browser.post("your-details/", {"name": "Alex Example", "town": "Andover", "save": "1"})

    assert saved["Location"] == "/test-valley/apply/saved/"
    code = _code_on(browser.get("saved/"))
    elsewhere = Journey(Client())
    assert elsewhere.answer("return/", {"code": code}) == "/test-valley/apply/your-details/"
    page = elsewhere.get("your-details/").content.decode()
    assert 'value="Alex Example"' in page
    assert 'value="Andover"' in page


def test_the_save_button_on_a_complete_page_keeps_the_answer(client: Client, tvp: Partnership) -> None:
    browser = Journey(client)
    browser.answer("who/", {"role": "victim"})

    browser.post("consent/", {"consent": "yes", "save": "1"})

    assert browser.draft().answers == {"role": "victim", "consent": "yes"}


def test_a_code_works_once_and_is_kept_only_as_a_keyed_hash(client: Client, tvp: Partnership) -> None:
    browser = Journey(client)
    browser.post("who/", {"role": "victim", "save": "1"})
    code = _code_on(browser.get("saved/"))

    assert len(code) == 9
    assert code[4] == "-"
    stored = ResumeLink.objects.get(kind=ResumeLink.Kind.CODE)
    assert stored.token_hash == hashed_code(code.replace("-", ""))
    assert code not in stored.token_hash
    Journey(Client()).answer("return/", {"code": code.lower().replace("-", " ")})
    again = Journey(Client()).post("return/", {"code": code})
    assert again.context["form"].errors["code"] == [
        "This code has already been used. If you saved again, use the newer code"
    ]


def test_a_code_expires_after_30_days(client: Client, tvp: Partnership, time_machine: Any) -> None:
    browser = Journey(client)
    browser.post("who/", {"role": "victim", "save": "1"})
    code = _code_on(browser.get("saved/"))
    time_machine.move_to(NOON + timedelta(days=30, seconds=1), tick=False)

    response = Journey(Client()).post("return/", {"code": code})

    assert response.context["form"].errors["code"] == [
        "This code has expired. Saved answers are kept for 30 days"
    ]


def test_a_mistyped_code_says_so(client: Client, tvp: Partnership) -> None:
    response = Journey(client).post("return/", {"code": "ABCD-EFG"})

    assert response.context["form"].errors["code"] == [
        "This code is not right: check you typed all 8 letters and numbers"
    ]


def test_the_code_can_be_sent_by_text_message_in_neutral_words(client: Client, tvp: Partnership) -> None:
    from community_trigger.notifications.models import Message

    browser = Journey(client)
    browser.post("who/", {"role": "victim", "save": "1"})
    code = _code_on(browser.get("saved/"))

    browser.post("save/", {"email": "", "mobile": "07700 900 982"})

    message = Message.objects.get(kind="save_code")
    assert message.channel == "text"
    assert message.to == "07700 900 982"
    assert message.values["code"] == code


# Post only, and the safe-contact answers on the applicant ----------------------------------------------


def test_a_request_by_post_only_is_sent_with_the_safe_contact_answers_on_the_applicant(
    client: Client, tvp: Partnership
) -> None:
    contact = {
        "channels": ["post"],
        "preferred": "post",
        "email": "",
        "phone": "",
        "avoid_times": "Weekends",
        "voicemail_safe": "no",
        "letters_home_safe": "no",
        "safe_alternative": "c/o Support Service, 3 Mill Lane",
    }
    answers = answers_for("victim", agency=agency_id(tvp), contact=contact)
    answers["you"] = {key: value for key, value in answers["you"].items() if key not in {"email", "phone"}}
    in_session(client, draft(tvp, answers))

    Journey(client).submit()

    applicant = Application.objects.get().people.get(role=PersonRole.APPLICANT)
    assert (applicant.email, applicant.phone, applicant.contact_preference) == ("", "", "post")
    assert applicant.safe_channels == ["post"]
    assert applicant.avoid_times == "Weekends"
    assert applicant.voicemail_safe is False
    assert applicant.letters_home_safe is False
    assert applicant.safe_alternative == "c/o Support Service, 3 Mill Lane"


# Staff conduct: both paths, and the checker and the journey agree ---------------------------------------


def test_a_request_also_about_staff_behaviour_is_shown_the_complaints_procedures_and_carries_on(
    client: Client, tvp: Partnership
) -> None:
    answers = answers_for("victim", agency=agency_id(tvp))
    del answers["staff_conduct"], answers["satisfaction"], answers["impact"]
    in_session(client, draft(tvp, answers))
    browser = Journey(client)

    assert browser.answer("staff-conduct/", {"staff_conduct": "yes"}) == (
        "/test-valley/apply/complaints-procedure/"
    )
    page = browser.get("complaints-procedure/").content.decode()
    assert "complaints procedure" in page
    assert 'href="/test-valley/apply/satisfaction/"' in page
    assert browser.draft().answers["staff_conduct"] == "yes"


def _journey_met(tvp: Partnership, *, reported: list[date], late: bool, satisfied: bool, staff: bool) -> bool:
    agency = agency_id(tvp)
    incidents = []
    for number, day in enumerate(reported):
        happened = day - timedelta(days=40 if late else 0)
        incidents.append(
            {
                "key": f"i{number}",
                "date": happened.isoformat(),
                "description": "Shouting",
                "location": "Outside",
                "harassment_alarm_distress": "yes",
                "hate": "no",
                "reports": [
                    {
                        "key": "r",
                        "by": "you",
                        "agency": agency,
                        "other_organisation": "",
                        "date": day.isoformat(),
                        "reference": "",
                    }
                ],
            }
        )
    answers = answers_for(
        "victim",
        agency=agency,
        incidents=incidents,
        satisfaction="satisfied" if satisfied else "not_satisfied",
        staff_conduct="yes" if staff else "no",
    )
    application = draft_submit(draft=draft(tvp, answers), status_url_for=lambda _: "")
    return bool(application.assessments.get().threshold_met)


def _checker_met(tvp: Partnership, *, count: int, recent: bool, late: bool, satisfied: bool) -> bool:
    policy = builtin_policies()[tvp.policy]
    kind = tvp.agencies.get(pk=agency_id(tvp)).kind
    form = CheckerForm(
        {
            "incidents": str(count),
            "agencies": [kind],
            "within_a_month": "no" if late else "yes",
            "when": "recent" if recent else "older",
            "satisfied": "yes" if satisfied else "no",
        },
        agencies=list(tvp.agencies.all()),
    )
    assert form.is_valid(), form.errors
    document = _checker_document(
        form.cleaned_data, policy.id, policy.report_within, policy.application_within
    )
    return bool(
        assess_document(document, policies={policy.id: policy}, default_policy=policy.id)["threshold_met"]
    )


@pytest.mark.parametrize(
    ("count", "late", "satisfied", "staff"),
    [
        (3, False, False, False),  # a victim unhappy with the council's response
        (3, False, False, True),  # ... who also says a member of staff was rude
        (1, False, False, False),  # too few reports
        (3, True, False, False),  # reported too late
        (3, False, True, False),  # satisfied with the action taken
    ],
)
def test_the_checker_and_the_journey_agree_on_the_same_facts(
    tvp: Partnership, count: int, late: bool, satisfied: bool, staff: bool
) -> None:
    today = NOON.date()
    reported = [today - timedelta(days=number) for number in range(count)]

    journey_says = _journey_met(tvp, reported=reported, late=late, satisfied=satisfied, staff=staff)
    checker_says = _checker_met(tvp, count=count, recent=True, late=late, satisfied=satisfied)

    assert journey_says == checker_says
