"""A whole request for a case review in Welsh, by the keyboard alone: from the language toggle to the
confirmation page, every page declaring Welsh and passing axe, and the request and its email kept Welsh."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application

from . import journey
from .accessibility import Audit
from .conftest import Tab
from .journey import CHECK_ANSWERS, Details, Incident, Keyboard, Report, days_ago, html_lang, said, speaking
from .test_keyboard_and_no_javascript import COUNT_MOUSE_PRESSES
from .test_welsh_toggle import TOGGLE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COUNCIL = "Test Valley Borough Council"
POLICE = "Hampshire and Isle of Wight Constabulary"
HOUSING = "Aster Group"

YOU = Details(
    name="Rhys Jones",
    address_line_1="3 Heol y Castell",
    town="Andover",
    postcode="SP10 3AJ",
    email="rhys@example.com",
)
# Three incidents, each reported to an organisation of the partnership within the last months: the
# threshold of three complaints is met.
INCIDENTS = (
    Incident(
        days_ago(50),
        "Gweiddi a churo ar fy nrws am 2yb",
        "Tu allan i 3 Heol y Castell",
        (Report("You", COUNCIL, days_ago(48), reference="TVBC-0101"),),
    ),
    Incident(
        days_ago(25),
        "Cerrig wedi eu taflu at fy ffenest",
        "Gardd gefn 3 Heol y Castell",
        (Report("You", POLICE, days_ago(24)),),
    ),
    Incident(
        days_ago(7),
        "Bygythiadau yn y stryd",
        "Heol y Castell",
        (Report("You", HOUSING, days_ago(6)),),
    ),
)

# Words the journey's pages must show in Welsh, not in English.
WELSH_FOR_CERTAIN = (
    journey.START_HEADING,
    "Start now",
    "Exit this page",
    "Continue",
    "Who are you?",
    "Your details",
    journey.CONTACT,
    "Add an incident",
    "Day",
    journey.SATISFACTION,
    journey.NOT_SATISFIED,
    CHECK_ANSWERS,
    "Accept and send",
    "Request sent",
)


def test_a_victim_asks_for_a_case_review_in_welsh_with_the_keyboard_alone(
    live_server: LiveServer, bilingual: Partnership, tab: Tab, audit: Audit
) -> None:
    page = tab.page
    page.context.add_init_script(COUNT_MOUSE_PRESSES)
    langs: list[str] = []

    def arrived(reached: Page) -> None:
        langs.append(html_lang(reached))
        audit.check(reached, f"in {langs[-1]}")

    keys = Keyboard(page, arrived=arrived)
    keys.open(f"{live_server.url}/test-valley/")
    assert langs == ["en"]
    keys.activate(page.locator(TOGGLE).get_by_role("link", name="Cymraeg"))
    assert html_lang(page) == "cy"

    in_english = journey.who_reported(INCIDENTS[0])
    with speaking("cy"):
        # The catalogue really has Welsh for these, so finding them on the pages proves the pages are Welsh.
        untranslated = [english for english in WELSH_FOR_CERTAIN if said(english) == english]
        assert untranslated == []
        assert journey.who_reported(INCIDENTS[0]) != in_english

        journey.request_as_a_victim(keys, live_server.url, YOU, INCIDENTS)
        expect(page.get_by_role("heading", level=1)).to_have_text(said(CHECK_ANSWERS))
        # The answers read back in Welsh: the safe ways, and the contact way chosen among them.
        contact_row = page.locator(".govuk-summary-list__row", has_text=said("Safe ways to contact you"))
        expect(contact_row.locator(".govuk-summary-list__value")).to_have_text(said("Email"))
        # Section titles, row keys, answers and the Change links read back in Welsh too.
        check_answers = ("About you", "Who you are", "I am the victim", "Harassment, alarm or distress")
        assert [english for english in check_answers if said(english) == english] == []
        main = page.locator("main")
        for english in check_answers:
            expect(main).to_contain_text(said(english))
            expect(main).not_to_contain_text(english)
        incident = said("Incident %(number)s") % {"number": 1}
        expect(page.get_by_role("heading", name=incident, exact=True)).to_be_visible()
        change_name = f"{said('Change')} {said('your name')}"
        expect(page.get_by_role("link", name=change_name, exact=True)).to_be_visible()
        expect(page.get_by_role("link", name="Change your name")).to_have_count(0)
        reference = journey.accept_and_send(keys)

        subject = said("Your request to %(partnership)s: %(reference)s") % {
            "partnership": bilingual.name,
            "reference": reference,
        }

    # Every page after the toggle, confirmation included, declared itself Welsh.
    assert len(langs) > 20
    assert set(langs[1:]) == {"cy"}, langs
    assert page.evaluate("sessionStorage.getItem('mousedowns')") == "0"
    assert min(keys.presses["Tab"], keys.presses["Space"], keys.presses["Enter"]) > 0
    application = Application.objects.get()
    assert application.reference == reference
    assert application.language == "cy"
    assert application.assessments.get().threshold_met is True
    (message,) = mail.outbox
    assert message.subject == subject
    assert subject != f"Your request to {bilingual.name}: {reference}"
    audit.assert_accessible()
    tab.assert_nothing_went_wrong()
