"""The question pages through the test client: what they keep, what they forget, where they lead."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from community_trigger.agencies.models import Partnership
from community_trigger.applications.models import Draft
from community_trigger.cases.models import Application, Person

from .builders import (
    INCIDENT_DAYS,
    NOON,
    PERSONAL,
    UUID_PATTERN,
    Journey,
    agency_id,
    answers_for,
    draft,
    in_session,
    incident,
    incident_post,
    member_post,
    partnership,
    report,
    your_details_post,
)

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

START = "/test-valley/"


@pytest.fixture(autouse=True)
def _no_rate_limit_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tvp() -> Partnership:
    return partnership()


@pytest.fixture
def browser(client: Client, tvp: Partnership) -> Journey:
    return Journey(client)


def _with_draft(client: Client, tvp: Partnership, answers: dict[str, Any]) -> Journey:
    in_session(client, draft(tvp, answers))
    return Journey(client)


def _nothing_kept() -> None:
    assert Draft.objects.count() == 0
    assert Person.objects.count() == 0
    assert Application.objects.count() == 0


# Starting, and the first page -------------------------------------------------------------------------


def test_the_start_button_leads_to_the_first_question(browser: Journey) -> None:
    response = browser.client.get("/test-valley/apply/")

    assert response["Location"] == "/test-valley/apply/who/"


def test_the_start_button_takes_someone_with_a_draft_to_the_first_page_they_have_not_answered(
    client: Client, tvp: Partnership
) -> None:
    in_session(client, draft(tvp, {"role": "victim", "consent": "yes"}))

    assert client.get("/test-valley/apply/")["Location"] == "/test-valley/apply/your-details/"


def test_showing_the_first_question_keeps_nothing(browser: Journey) -> None:
    response = browser.get("who/")

    assert response.status_code == 200
    assert Draft.objects.count() == 0


def test_a_first_answer_with_errors_keeps_nothing(browser: Journey) -> None:
    response = browser.post("who/", {})

    assert response.status_code == 200
    assert response.context["form"].errors == {"role": ["Select who you are"]}
    assert Draft.objects.count() == 0


def test_a_valid_first_answer_starts_a_draft_and_leads_to_consent(browser: Journey) -> None:
    location = browser.answer("who/", {"role": "victim"})

    assert location == "/test-valley/apply/consent/"
    assert list(Draft.objects.values_list("answers", flat=True)) == [{"role": "victim"}]


def test_a_later_page_without_a_draft_goes_back_to_the_start_page(browser: Journey) -> None:
    assert browser.get("consent/")["Location"] == START
    assert browser.post("consent/", {"consent": "yes"})["Location"] == START
    assert browser.get("incidents/")["Location"] == START
    assert browser.get("check-answers/")["Location"] == START
    assert Draft.objects.count() == 0


def test_a_page_that_does_not_exist_is_not_found(browser: Journey) -> None:
    browser.answer("who/", {"role": "victim"})

    assert browser.get("favourite-colour/").status_code == 404


def test_a_partnership_that_does_not_exist_is_not_found(client: Client) -> None:
    assert client.get("/nowhere/apply/who/").status_code == 404


# Saying no to sharing, or that it is also about staff: nothing is lost -----------------------------------


def test_changing_consent_to_no_later_keeps_everything_until_the_person_chooses(browser: Journey) -> None:
    browser.start("victim")
    before = browser.draft().answers

    location = browser.answer("consent/", {"consent": "no"})

    assert location == "/test-valley/apply/no-consent/"
    assert browser.client.get(location).status_code == 200
    assert browser.draft().answers == {**before, "consent": "no"}


def test_saying_a_request_is_also_about_staff_keeps_everything_and_carries_on(
    browser: Journey, tvp: Partnership
) -> None:
    browser.start("victim")
    browser.add_incident(INCIDENT_DAYS[0], ("you", agency_id(tvp), INCIDENT_DAYS[1]))
    browser.answer("incidents/", {"add_another": "no"})

    assert browser.answer("staff-conduct/", {"staff_conduct": "yes"}) == (
        "/test-valley/apply/complaints-procedure/"
    )
    assert browser.answer("satisfaction/", {"satisfaction": "not_satisfied"}) == "/test-valley/apply/impact/"
    assert Application.objects.count() == 0
    assert browser.draft().answers["staff_conduct"] == "yes"


# Changing the role, removing people -------------------------------------------------------------------


def test_changing_from_a_group_to_a_victim_removes_the_members_and_their_reports(
    client: Client, tvp: Partnership
) -> None:
    browser = _with_draft(client, tvp, answers_for("group_representative", agency=agency_id(tvp)))

    browser.answer("who/", {"role": "victim"})

    answers = browser.draft().answers
    assert answers["role"] == "victim"
    assert "members" not in answers
    assert "members_done" not in answers
    assert [r["by"] for i in answers["incidents"] for r in i["reports"]] == ["you"]


def test_an_incident_left_without_reports_by_a_role_change_must_be_reported_again(
    client: Client, tvp: Partnership
) -> None:
    police = agency_id(tvp)
    answers = answers_for("group_representative", agency=police)
    answers["incidents"][0]["reports"] = [report("member:m0", police, INCIDENT_DAYS[1])]
    browser = _with_draft(client, tvp, answers)

    browser.answer("who/", {"role": "victim"})

    kept = browser.draft().answers
    assert kept["incidents"][0]["reports"] == []
    assert kept["incidents_done"] is False


def test_changing_from_acting_for_a_victim_to_being_the_victim_removes_the_victim_and_their_reports(
    client: Client, tvp: Partnership
) -> None:
    browser = _with_draft(client, tvp, answers_for("representative", agency=agency_id(tvp)))

    browser.answer("who/", {"role": "victim"})

    answers = browser.draft().answers
    assert "victim" not in answers
    assert [[r["by"] for r in i["reports"]] for i in answers["incidents"]] == [["you"], [], []]
    assert answers["incidents_done"] is False


def test_choosing_the_same_role_again_changes_nothing(client: Client, tvp: Partnership) -> None:
    answers = answers_for("group_representative", agency=agency_id(tvp))
    browser = _with_draft(client, tvp, answers)

    browser.answer("who/", {"role": "group_representative"})

    assert browser.draft().answers == answers


def test_removing_a_member_removes_their_reports_too(client: Client, tvp: Partnership) -> None:
    browser = _with_draft(client, tvp, answers_for("group_representative", agency=agency_id(tvp)))

    assert "Their 1 report will be removed too." in browser.get("members/m0/remove/").content.decode()
    location = browser.answer("members/m0/remove/", {"add_another": "yes"})

    answers = browser.draft().answers
    assert location == "/test-valley/apply/members/"
    assert [m["key"] for m in answers["members"]] == ["m1", "m2", "m3"]
    assert "member:m0" not in [r["by"] for r in answers["incidents"][0]["reports"]]
    assert answers["members_done"] is False


def test_answering_no_to_removing_a_member_keeps_them(client: Client, tvp: Partnership) -> None:
    answers = answers_for("group_representative", agency=agency_id(tvp))
    browser = _with_draft(client, tvp, answers)

    browser.answer("members/m0/remove/", {"add_another": "no"})

    assert browser.draft().answers == answers


def test_removing_a_member_who_does_not_exist_is_not_found(client: Client, tvp: Partnership) -> None:
    browser = _with_draft(client, tvp, answers_for("group_representative", agency=agency_id(tvp)))

    assert browser.post("members/nobody/remove/", {"add_another": "yes"}).status_code == 404


def test_adding_a_member_keeps_them_and_asks_again_whether_the_list_is_complete(
    client: Client, tvp: Partnership
) -> None:
    browser = _with_draft(client, tvp, answers_for("group_representative", agency=agency_id(tvp)))

    location = browser.answer("members/add/", member_post("Fay Memberley"))

    answers = browser.draft().answers
    assert location == "/test-valley/apply/members/"
    assert [m["name"] for m in answers["members"]][-1] == "Fay Memberley"
    assert answers["members_done"] is False


# Incidents and their reports --------------------------------------------------------------------------


def test_an_incident_leads_straight_to_who_reported_it(client: Client, tvp: Partnership) -> None:
    browser = Journey(client)
    browser.start("victim")

    location = browser.answer("incidents/add/", incident_post(INCIDENT_DAYS[0]))

    key = browser.key_after(location, "incidents")
    assert location == f"/test-valley/apply/incidents/{key}/reports/add/"


def test_saying_there_are_no_more_incidents_is_refused_while_one_has_no_report(
    client: Client, tvp: Partnership
) -> None:
    answers = answers_for("victim", agency=agency_id(tvp))
    answers["incidents"].append(incident("bare", INCIDENT_DAYS[2]))
    answers["incidents_done"] = False
    browser = _with_draft(client, tvp, answers)

    response = browser.post("incidents/", {"add_another": "no"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "add_another": ["Add who reported the incident on 9 November 2026, or remove that incident"]
    }
    assert browser.draft().answers["incidents_done"] is False


def test_with_every_incident_reported_saying_there_are_no_more_moves_on(
    client: Client, tvp: Partnership
) -> None:
    answers = {**answers_for("victim", agency=agency_id(tvp)), "incidents_done": False}
    browser = _with_draft(client, tvp, answers)

    assert browser.answer("incidents/", {"add_another": "no"}) == "/test-valley/apply/staff-conduct/"
    assert browser.draft().answers["incidents_done"] is True


def test_moving_an_incident_later_than_its_reports_drops_those_reports(
    client: Client, tvp: Partnership
) -> None:
    browser = _with_draft(client, tvp, answers_for("victim", agency=agency_id(tvp)))

    location = browser.answer("incidents/i0/", incident_post(INCIDENT_DAYS[2]))

    assert location == "/test-valley/apply/incidents/i0/reports/add/"
    assert browser.draft().answers["incidents"][0]["reports"] == []


def test_removing_an_incident_removes_it_and_its_reports(client: Client, tvp: Partnership) -> None:
    browser = _with_draft(client, tvp, answers_for("victim", agency=agency_id(tvp)))

    browser.answer("incidents/i0/remove/", {"add_another": "yes"})

    answers = browser.draft().answers
    assert [i["key"] for i in answers["incidents"]] == ["i1", "i2"]
    assert answers["incidents_done"] is False


def test_a_report_of_an_incident_that_does_not_exist_is_not_found(client: Client, tvp: Partnership) -> None:
    browser = _with_draft(client, tvp, answers_for("victim", agency=agency_id(tvp)))

    assert browser.get("incidents/nothing/reports/add/").status_code == 404


# No skipping ahead ------------------------------------------------------------------------------------

LATER_PAGES = [
    "victim/",
    "members/",
    "members/add/",
    "incidents/",
    "incidents/add/",
    "staff-conduct/",
    "satisfaction/",
    "impact/",
    "check-answers/",
]


@pytest.mark.parametrize("page", LATER_PAGES)
def test_a_later_page_opened_by_its_address_leads_to_the_first_unanswered_one(
    client: Client, tvp: Partnership, page: str
) -> None:
    browser = _with_draft(client, tvp, {"role": "victim", "consent": "yes"})

    response = browser.get(page)

    assert response.status_code == 302
    assert response["Location"] == "/test-valley/apply/your-details/"


@pytest.mark.parametrize("page", LATER_PAGES[3:])
def test_a_later_page_cannot_be_answered_by_posting_to_it_either(
    client: Client, tvp: Partnership, page: str
) -> None:
    browser = _with_draft(client, tvp, {"role": "victim", "consent": "yes"})

    response = browser.post(page, {"add_another": "no", "satisfaction": "satisfied", "staff_conduct": "no"})

    assert response["Location"] == "/test-valley/apply/your-details/"
    assert browser.draft().answers == {"role": "victim", "consent": "yes"}
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "page"), [("victim", "victim/"), ("victim", "members/"), ("representative", "members/")]
)
def test_a_page_for_another_role_leads_back_into_the_journey(
    client: Client, tvp: Partnership, role: str, page: str
) -> None:
    browser = _with_draft(client, tvp, answers_for(role, agency=agency_id(tvp)))

    assert browser.get(page)["Location"] == "/test-valley/apply/check-answers/"


def test_pages_already_answered_can_be_opened_again(client: Client, tvp: Partnership) -> None:
    browser = _with_draft(client, tvp, answers_for("victim", agency=agency_id(tvp)))

    pages = ["who/", "consent/", "your-details/", "contact/", "incidents/", "staff-conduct/", "satisfaction/"]
    for page in pages:
        assert browser.get(page).status_code == 200, page


def test_an_answered_page_shows_the_answer_kept(client: Client, tvp: Partnership) -> None:
    browser = _with_draft(client, tvp, answers_for("victim", agency=agency_id(tvp)))

    form = browser.get("your-details/").context["form"]

    assert form["name"].value() == "Alex Applicantson"
    assert form["postcode"].value() == "SP10 3AJ"


# Changing an answer from check answers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "data"),
    [
        ("your-details/", your_details_post(name="Alex Changed")),
        ("satisfaction/", {"satisfaction": "no_action"}),
        ("impact/", {"impact": "Changed", "vulnerability": "", "support": ""}),
        ("who/", {"role": "victim"}),
    ],
)
def test_a_change_from_check_answers_goes_back_to_check_answers(
    client: Client, tvp: Partnership, page: str, data: dict[str, str]
) -> None:
    browser = _with_draft(client, tvp, answers_for("victim", agency=agency_id(tvp)))

    assert browser.answer(f"{page}?change=1", data) == "/test-valley/apply/check-answers/"


def test_the_same_answer_without_change_goes_on_to_the_next_page(client: Client, tvp: Partnership) -> None:
    browser = _with_draft(client, tvp, answers_for("victim", agency=agency_id(tvp)))

    assert browser.answer("your-details/", your_details_post()) == "/test-valley/apply/contact/"


def test_a_change_that_needs_new_answers_goes_on_to_them_instead_of_check_answers(
    client: Client, tvp: Partnership
) -> None:
    browser = _with_draft(client, tvp, answers_for("victim", agency=agency_id(tvp)))

    browser.answer("who/?change=1", {"role": "representative"})

    assert browser.get("check-answers/")["Location"] == "/test-valley/apply/victim/"


def test_changing_a_member_from_check_answers_comes_back_through_the_member_list(
    client: Client, tvp: Partnership
) -> None:
    browser = _with_draft(client, tvp, answers_for("group_representative", agency=agency_id(tvp)))

    assert browser.answer("members/m1/?change=1", member_post("Cal Changed")) == (
        "/test-valley/apply/members/?change=1"
    )
    assert browser.answer("members/?change=1", {"add_another": "no"}) == "/test-valley/apply/check-answers/"


def test_check_answers_shows_every_answer(client: Client, tvp: Partnership) -> None:
    browser = _with_draft(client, tvp, answers_for("representative", agency=agency_id(tvp)))

    html = browser.get("check-answers/").content.decode()

    for shown in ["Alex Applicantson", "Vic Victimsworth", "SP10 3AJ", "Daughter", "2 November 2026"]:
        assert shown in html
    assert "Hampshire and Isle of Wight Constabulary" in html


# Forgery and privacy ----------------------------------------------------------------------------------


def test_a_post_without_the_csrf_token_is_refused(tvp: Partnership) -> None:
    strict = Client(enforce_csrf_checks=True)

    response = strict.post("/test-valley/apply/who/", {"role": "victim"})

    assert response.status_code == 403
    assert Draft.objects.count() == 0


def test_a_post_with_the_csrf_token_from_the_page_is_accepted(tvp: Partnership) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.get("/test-valley/apply/who/")
    token = strict.cookies["csrftoken"].value

    response = strict.post("/test-valley/apply/who/", {"role": "victim", "csrfmiddlewaretoken": token})

    assert response.status_code == 302


@pytest.mark.parametrize("role", ["victim", "representative", "group_representative"])
def test_no_personal_data_and_no_draft_id_ever_appears_in_an_address_the_journey_leads_to(
    client: Client, tvp: Partnership, role: str
) -> None:
    browser = Journey(client)
    browser.to_check_answers(role, agency_id(tvp))
    draft_id = browser.draft().pk
    browser.submit()
    browser.client.get(browser.locations[-1])

    assert len(browser.locations) > 15
    assert browser.locations[-1] == "/test-valley/apply/confirmation/"
    for location in browser.locations:
        assert not any(word.lower() in location.lower() for word in PERSONAL), location
        assert "@" not in location, location
        assert str(draft_id) not in location, location
        assert draft_id.hex not in location, location
        assert not UUID_PATTERN.search(location), location


def test_check_answers_shows_what_was_typed_as_text_never_as_markup(client: Client, tvp: Partnership) -> None:
    answers = answers_for("victim", agency=agency_id(tvp))
    answers["incidents"][0]["description"] = "They shouted <script>alert(1)</script>"
    browser = _with_draft(client, tvp, answers)

    html = browser.get("check-answers/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "They shouted &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_check_answers_keeps_the_line_breaks_of_what_happened(client: Client, tvp: Partnership) -> None:
    answers = answers_for("victim", agency=agency_id(tvp))
    answers["incidents"][0]["description"] = "First they shouted.\nThen they threw a bottle."
    browser = _with_draft(client, tvp, answers)

    html = browser.get("check-answers/").content.decode()

    assert "First they shouted.<br>Then they threw a bottle." in html


def test_the_consent_page_names_every_agency_the_information_goes_to(
    client: Client, tvp: Partnership
) -> None:
    answers = answers_for("victim", agency=agency_id(tvp))
    del answers["consent"]
    browser = _with_draft(client, tvp, answers)

    html = browser.get("consent/").content.decode()

    assert (
        "Test Valley Partnership will share the information in this request with Test Valley Borough "
        "Council, Hampshire and Isle of Wight Integrated Care Board, Aster Group and Hampshire and Isle of "
        "Wight Constabulary."
    ) in html
