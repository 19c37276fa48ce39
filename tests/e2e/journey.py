"""The public journey, page by page, as a person works it: with a pointer or with the keyboard alone.

Each `answer_...` function checks it is on the page it expects (its heading, and "Exit this page"),
answers it and moves on; staff entry asks the same questions on the same pages, so they serve it too.
`Hands` says how: `Pointer` fills and clicks, `Keyboard` only tabs, types, presses Space on options and
Enter on buttons and links. After every page load the hands call `arrived(page)`, which a test uses to
scan each page with axe.

The helpers are written with the English words; `speaking("cy")` makes them look for the Welsh ones
instead, each found through the service's own catalogue by `said`, so a journey can be run in Welsh.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import Locator, Page, expect

from community_trigger.common import dates

# Through the service's own exit, which ends the session on its way to https://www.bbc.co.uk/weather.
EXIT_THIS_PAGE_URL = "/leave/"
START_HEADING = "Ask for an anti-social behaviour case review"


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


# The language the pages are expected to speak; `speaking` changes it for a while.
_speaking: ContextVar[str] = ContextVar("speaking", default="en")


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Within this, the helpers expect the pages in `language` ("en" or "cy")."""
    token = _speaking.set(language)
    try:
        yield
    finally:
        _speaking.reset(token)


def said(english: str) -> str:
    """What the pages say for `english` (a msgid, exactly as the code or template marks it) in the
    language being spoken. Words the catalogue does not know, such as names, come back unchanged."""
    with translation.override(_speaking.get()):
        return gettext(english)


def said_counted(singular: str, plural: str, count: int, **values: object) -> str:
    """A `blocktranslate count` phrase in the language being spoken, with its placeholders filled."""
    with translation.override(_speaking.get()):
        return ngettext(singular, plural, count) % values


def long_date(day: date) -> str:
    """As GOV.UK writes dates, and as the pages show them: 7 March 2026 (7 Mawrth 2026 in Welsh)."""
    with translation.override(_speaking.get()):
        return dates.long_date(day)


@dataclass(frozen=True)
class Details:
    """Someone's name, address and contact details, as typed into "your details" or the victim's."""

    name: str
    address_line_1: str
    town: str
    postcode: str
    email: str = ""
    phone: str = ""
    address_line_2: str = ""


@dataclass(frozen=True)
class Member:
    """A person in the group, as typed into "Add a person in the group"."""

    name: str
    email: str = ""
    phone: str = ""
    satisfied: str = "No"


@dataclass(frozen=True)
class Report:
    """Someone telling an organisation about an incident. `by` and `to` are the options' words."""

    by: str
    to: str
    on: date
    reference: str = ""
    other_organisation: str = ""


@dataclass(frozen=True)
class Incident:
    on: date
    description: str
    location: str
    reports: tuple[Report, ...]
    harassment_alarm_distress: str = "Yes"
    hate: str = "No"


# How the hands work ------------------------------------------------------------------------------


def _nothing(page: Page) -> None:
    return None


class Hands(ABC):
    """Works the controls of a page. After each page load it calls `arrived(page)`.

    With `empty_first`, every question page is first sent with nothing answered, and the page must
    come back with GOV.UK's error pattern before it is answered properly.
    """

    def __init__(
        self, page: Page, *, arrived: Callable[[Page], None] = _nothing, empty_first: bool = False
    ) -> None:
        self.page = page
        self.arrived = arrived
        self.empty_first = empty_first

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.arrived(self.page)

    def activate(self, control: Locator) -> None:
        """Press a button or follow a link, and wait for the page it leads to."""
        with self.page.expect_navigation():
            self._activate(control)
        self.arrived(self.page)

    @abstractmethod
    def type_into(self, field: Locator, text: str) -> None: ...

    @abstractmethod
    def choose(self, option: Locator) -> None:
        """Select a radio, or tick a checkbox."""

    @abstractmethod
    def _activate(self, control: Locator) -> None: ...


class Pointer(Hands):
    """A mouse (or a finger): click what is wanted, fill in what is asked."""

    def type_into(self, field: Locator, text: str) -> None:
        field.fill(text)

    def choose(self, option: Locator) -> None:
        option.check()

    def _activate(self, control: Locator) -> None:
        control.click()


# Where the element is relative to the focus: "here", "group" (a radio of the same group), "after"
# (later in the page, so Tab) or "before" (so Shift+Tab).
_WHERE_FROM_FOCUS = """target => {
    const focused = document.activeElement;
    if (focused === target) return "here";
    if (!focused || focused === document.body) return "after";
    if (focused.type === "radio" && target.type === "radio" && focused.name === target.name
        && focused.form === target.form) return "group";
    return focused.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING ? "after" : "before";
}"""
_STEPS_IN_GROUP = """target => {
    const radios = [...target.form.querySelectorAll(`input[type=radio][name="${target.name}"]`)];
    return radios.indexOf(target) - radios.indexOf(document.activeElement);
}"""
_DESCRIBE_FOCUS = """() => {
    const focused = document.activeElement;
    return focused ? `${focused.tagName} #${focused.id} ${focused.textContent.trim().slice(0, 40)}` : "none";
}"""


class Keyboard(Hands):
    """The keyboard alone: Tab and Shift+Tab to move, arrows within a group of radios, Space to select,
    typing, and Enter on a button or link. Nothing here clicks."""

    MOST_KEY_PRESSES = 80

    def __init__(
        self, page: Page, *, arrived: Callable[[Page], None] = _nothing, empty_first: bool = False
    ) -> None:
        super().__init__(page, arrived=arrived, empty_first=empty_first)
        self.presses: Counter[str] = Counter()  # how often each key was pressed, typing aside

    def type_into(self, field: Locator, text: str) -> None:
        self._focus(field)
        if field.input_value():
            # Replace what is there, as a person would: select it all and type over it.
            self._press("ControlOrMeta+A")
            self._press("Backspace")
        self.page.keyboard.type(text)

    def choose(self, option: Locator) -> None:
        self._focus(option)
        if not option.is_checked():
            self._press("Space")
        assert option.is_checked()

    def _activate(self, control: Locator) -> None:
        self._focus(control)
        self._press("Enter")

    def _press(self, key: str) -> None:
        self.presses[key] += 1
        self.page.keyboard.press(key)

    def _focus(self, target: Locator) -> None:
        for _ in range(self.MOST_KEY_PRESSES):
            where = target.evaluate(_WHERE_FROM_FOCUS)
            if where == "here":
                return
            if where == "group":
                steps = target.evaluate(_STEPS_IN_GROUP)
                # Arrows move the selection along the group (and select as they go).
                for _ in range(abs(steps)):
                    self._press("ArrowDown" if steps > 0 else "ArrowUp")
                continue
            self._press("Tab" if where == "after" else "Shift+Tab")
        focused = self.page.evaluate(_DESCRIBE_FOCUS)
        raise AssertionError(f"could not reach {target} with Tab; the focus is on {focused}")


def html_lang(page: Page) -> str:
    """The language the page declares on its <html>."""
    return str(page.evaluate("document.documentElement.lang"))


# What every page of the journey has ---------------------------------------------------------------


def expect_page(page: Page, heading: str) -> None:
    """On the page with this heading, with "Exit this page" at the top (a plain link: no JS needed).
    The same question pages in staff entry, under /staff/, have no "Exit this page": the person at the
    keyboard is a member of staff, not someone who may need to leave in a hurry."""
    try:
        expect(page.get_by_role("heading", level=1)).to_have_text(said(heading))
    except AssertionError as wrong_page:
        # Most often the last page refused its answers: say what it said.
        problems = page.locator(".govuk-error-summary li").all_inner_texts()
        raise AssertionError(
            f"not on {said(heading)!r} but on {page.url}, showing errors {problems}"
        ) from wrong_page
    exit_button = page.get_by_role("button", name=said("Exit this page"))
    if urlsplit(page.url).path.startswith("/staff/"):
        expect(exit_button).to_have_count(0)
        return
    expect(exit_button).to_be_visible()
    expect(exit_button).to_have_attribute("href", EXIT_THIS_PAGE_URL)


def expect_errors(page: Page) -> list[str]:
    """The page shows GOV.UK's error pattern: "Error: " in the title, the summary at the top whose
    every link leads to a field on the page, and an error by each field. Returns the summary's words."""
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text(said("There is a problem"))
    links = summary.get_by_role("link")
    messages = [text.strip() for text in links.all_inner_texts()]
    assert messages, "the error summary lists no errors"
    for link in links.all():
        target = (link.get_attribute("href") or "").removeprefix("#")
        expect(page.locator(f'[id="{target}"]')).to_have_count(1)
    field_errors = [
        text.removeprefix("Error:").strip() for text in page.locator(".govuk-error-message").all_inner_texts()
    ]
    assert field_errors == messages
    return messages


def expect_field_error(page: Page, message: str) -> None:
    """`message` is in the error summary and next to its field."""
    expect(page.locator(".govuk-error-summary").get_by_role("link", name=message)).to_be_visible()
    expect(page.locator(".govuk-error-message", has_text=message)).to_be_visible()


def _question(page: Page, legend: str) -> Locator:
    """A fieldset (radios, checkboxes, a date) by its legend."""
    return page.get_by_role("group", name=said(legend), exact=True)


def _continue(hands: Hands, text: str = "Continue") -> None:
    hands.activate(hands.page.get_by_role("button", name=said(text), exact=True))


def _empty_first(hands: Hands, heading: str) -> None:
    if hands.empty_first:
        _continue(hands)
        expect_page(hands.page, heading)
        expect_errors(hands.page)


def _choose(hands: Hands, legend: str, option: str) -> None:
    hands.choose(_question(hands.page, legend).get_by_label(said(option), exact=True))


def _type_date(hands: Hands, legend: str, day: str, month: str, year: str) -> None:
    group = _question(hands.page, legend)
    for part, value in (("Day", day), ("Month", month), ("Year", year)):
        hands.type_into(group.get_by_label(said(part), exact=True), value)


def type_date(hands: Hands, legend: str, day: date) -> None:
    _type_date(hands, legend, str(day.day), str(day.month), str(day.year))


def type_impossible_date(hands: Hands, legend: str, year: int) -> None:
    _type_date(hands, legend, "31", "2", str(year))


# The pages, in order ------------------------------------------------------------------------------


def start(hands: Hands, base_url: str) -> None:
    """From the service's address to the first question, by the start page's "Start now"."""
    hands.open(base_url + "/")
    expect_page(hands.page, START_HEADING)
    hands.activate(hands.page.get_by_role("button", name=said("Start now")))


STAFF_CONDUCT = "Is your request also about how a member of staff behaved towards you?"


def answer_staff_conduct(hands: Hands, answer: str = "No") -> None:
    """Asked after the incidents; "Yes" leads to the complaints procedures, with the way on."""
    expect_page(hands.page, STAFF_CONDUCT)
    _empty_first(hands, STAFF_CONDUCT)
    _choose(hands, STAFF_CONDUCT, answer)
    _continue(hands)


ROLES = {
    "victim": "I am the victim of the anti-social behaviour",
    "representative": "I am acting for the victim",
    "group_representative": "I am acting for a group of residents or a community group",
}


def answer_who(hands: Hands, role: str) -> None:
    expect_page(hands.page, "Who are you?")
    _empty_first(hands, "Who are you?")
    _choose(hands, "Who are you?", ROLES[role])
    _continue(hands)


def type_address(hands: Hands, details: Details, *, email_label: str, phone_label: str) -> None:
    page = hands.page
    hands.type_into(page.get_by_label(said("Full name"), exact=True), details.name)
    hands.type_into(page.get_by_label(said("Address line 1"), exact=True), details.address_line_1)
    if details.address_line_2:
        hands.type_into(page.get_by_label(said("Address line 2 (optional)")), details.address_line_2)
    hands.type_into(page.get_by_label(said("Town or city"), exact=True), details.town)
    hands.type_into(page.get_by_label(said("Postcode"), exact=True), details.postcode)
    if details.email and email_label:
        hands.type_into(page.get_by_label(said(email_label), exact=True), details.email)
    if details.phone and phone_label:
        hands.type_into(page.get_by_label(said(phone_label), exact=True), details.phone)


def answer_your_details(
    hands: Hands, you: Details, *, contact_by: str = "Email", help_needed: str = "", send: bool = True
) -> None:
    """Fill in "Your details" and then "Contacting you safely"; with send=False, stop before pressing
    Continue on "Your details"."""
    expect_page(hands.page, "Your details")
    _empty_first(hands, "Your details")
    type_address(hands, you, email_label="", phone_label="")
    if help_needed:
        hands.type_into(
            hands.page.get_by_label(said("Do you need any help to take part? (optional)")), help_needed
        )
    if send:
        _continue(hands)
        answer_contact(hands, you, contact_by=contact_by)


CONTACT = "Contacting you safely"
SAFE_WAYS = "Which ways is it safe for us to contact you?"
PREFERRED = "Which of these would you most like us to use?"
PHONE_LABEL = "Your phone number (if text messages or calls are safe)"


def answer_contact(
    hands: Hands,
    you: Details,
    *,
    contact_by: str = "Email",
    ways: tuple[str, ...] = (),
    send: bool = True,
    letters_in: str = "Standard print",
) -> None:
    """Tick the safe ways (`contact_by`, `ways`, and email or phone when `you` gives them), type the
    addresses they need, and choose `contact_by` as the preferred way; once sent, the next page's
    format for letters is `letters_in`."""
    page = hands.page
    expect_page(page, CONTACT)
    _empty_first(hands, CONTACT)
    ticked = {contact_by, *ways}
    if you.email:
        ticked.add("Email")
    if you.phone and not {"Phone", "Text message"} & ticked:
        ticked.add("Phone")
    email = page.get_by_label(said("Your email address"), exact=True)
    for way in ("Email", "Text message", "Phone", "Post"):
        if way in ticked:
            hands.choose(_question(page, SAFE_WAYS).get_by_label(said(way), exact=True))
    # The email address is asked only once email is ticked as safe.
    if "Email" in ticked:
        expect(email).to_be_visible()
    else:
        expect(email).to_be_hidden()
    if "Email" in ticked and you.email:
        hands.type_into(email, you.email)
    if you.phone:
        hands.type_into(page.get_by_label(said(PHONE_LABEL), exact=True), you.phone)
    _choose(hands, PREFERRED, contact_by)
    if send:
        _continue(hands)
        answer_letter_format(hands, letters_in)


LETTER_FORMAT = "What format do you need our letters in?"


def answer_letter_format(hands: Hands, need: str = "Standard print", *, language: str = "") -> None:
    """Choose the format letters are needed in; with "Another language", type which."""
    expect_page(hands.page, LETTER_FORMAT)
    _empty_first(hands, LETTER_FORMAT)
    _choose(hands, LETTER_FORMAT, need)
    if language:
        hands.type_into(hands.page.get_by_label(said("Which language?"), exact=True), language)
    _continue(hands)


VICTIM_AGREED = "How did the victim agree to you asking for a review for them?"


def answer_victim(
    hands: Hands, victim: Details, *, relationship: str, agreed: str = "By email", send: bool = True
) -> None:
    expect_page(hands.page, "The victim's details")
    _empty_first(hands, "The victim's details")
    type_address(
        hands,
        victim,
        email_label="The victim's email address (optional)",
        phone_label="The victim's phone number (optional)",
    )
    if relationship:
        hands.type_into(hands.page.get_by_label(said("Your relationship to the victim")), relationship)
    _choose(hands, VICTIM_AGREED, agreed)
    if send:
        _continue(hands)


def add_member(hands: Hands, member: Member) -> None:
    page = hands.page
    expect_page(page, "Add a person in the group")
    _empty_first(hands, "Add a person in the group")
    hands.type_into(page.get_by_label(said("Full name"), exact=True), member.name)
    if member.email:
        hands.type_into(page.get_by_label(said("Email address"), exact=True), member.email)
    if member.phone:
        hands.type_into(page.get_by_label(said("Phone number"), exact=True), member.phone)
    hands.choose(_question(page, "Sharing their information").get_by_role("checkbox"))
    _choose(
        hands, "Are they satisfied with the action taken about the anti-social behaviour?", member.satisfied
    )
    _continue(hands)


def members_added(count: int) -> str:
    return said_counted(
        "You have added %(members)s person", "You have added %(members)s people", count, members=count
    )


def answer_add_another(hands: Hands, heading: str, question: str, answer: str) -> None:
    """The list pages (people, incidents, reports) and the "Are you sure you want to remove" pages."""
    expect_page(hands.page, heading)
    _empty_first(hands, heading)
    _choose(hands, question, answer)
    _continue(hands)


ANOTHER_PERSON = "Do you need to add another person?"
ANOTHER_INCIDENT = "Do you need to add another incident?"
REPORTED_AGAIN = "Was this incident reported again, by someone else or to another organisation?"
INCIDENT_WHEN = "When did it happen?"
REPORT_WHEN = "When was it reported?"


def incidents_added(count: int) -> str:
    return said_counted(
        "You have added %(incidents)s incident",
        "You have added %(incidents)s incidents",
        count,
        incidents=count,
    )


def reports_of(incident: Incident) -> str:
    return said("Reports of the incident on %(date)s") % {"date": long_date(incident.on)}


def fill_incident(hands: Hands, incident: Incident, *, send: bool = True) -> None:
    page = hands.page
    type_date(hands, INCIDENT_WHEN, incident.on)
    hands.type_into(page.get_by_label(said("What happened?")), incident.description)
    hands.type_into(page.get_by_label(said("Where did it happen?")), incident.location)
    _choose(
        hands, "Did it cause you or others harassment, alarm or distress?", incident.harassment_alarm_distress
    )
    _choose(hands, "Do you think it was motivated by hate?", incident.hate)
    if send:
        _continue(hands)


def answer_incident(hands: Hands, incident: Incident) -> None:
    expect_page(hands.page, "Add an incident")
    _empty_first(hands, "Add an incident")
    fill_incident(hands, incident)


def who_reported(incident: Incident) -> str:
    return said("Who reported the incident on %(date)s?") % {"date": long_date(incident.on)}


def reported_by(who: str) -> str:
    """The choice's words for a reporter named as the report lists show them: "You" is "Reported by you"."""
    if who == "You":
        return said("Reported by you")
    if who == "You, on their behalf":
        return said("Reported by you, on their behalf")
    return said("Reported by %(name)s") % {"name": who}


def fill_report(hands: Hands, report: Report, *, send: bool = True) -> None:
    page = hands.page
    _choose(hands, "Who made the report?", reported_by(report.by))
    _choose(hands, "Who was it reported to?", report.to)
    # "Which other organisation?" is revealed only under "Another organisation", script or none.
    other = page.get_by_label(said("Which other organisation?"))
    if report.to == "Another organisation":
        expect(other).to_be_visible()
        hands.type_into(other, report.other_organisation)
    else:
        expect(other).to_be_hidden()
    type_date(hands, REPORT_WHEN, report.on)
    if report.reference:
        hands.type_into(page.get_by_label(said("Reference number (optional)")), report.reference)
    if send:
        _continue(hands)


def answer_report(hands: Hands, incident: Incident, report: Report) -> None:
    expect_page(hands.page, who_reported(incident))
    _empty_first(hands, who_reported(incident))
    fill_report(hands, report)


def add_incident_and_reports(hands: Hands, incident: Incident) -> None:
    """An incident, every report of it, and "No" to "reported again"; ends on the list of incidents."""
    answer_incident(hands, incident)
    for number, report in enumerate(incident.reports, start=1):
        answer_report(hands, incident, report)
        more = "Yes" if number < len(incident.reports) else "No"
        answer_add_another(hands, reports_of(incident), REPORTED_AGAIN, more)


def add_incidents(hands: Hands, incidents: tuple[Incident, ...], *, added_before: int = 0) -> None:
    """Every incident with its reports, then "No" to another incident; ends on the satisfaction page."""
    for number, incident in enumerate(incidents, start=added_before + 1):
        add_incident_and_reports(hands, incident)
        more = "Yes" if number < added_before + len(incidents) else "No"
        answer_add_another(hands, incidents_added(number), ANOTHER_INCIDENT, more)


SATISFACTION = "How do you feel about the action taken?"
SATISFACTION_FOR_VICTIM = "How does the victim feel about the action taken?"
NOT_SATISFIED = "Action was taken but I am not satisfied with it"
NO_ACTION = "No action was taken"


def answer_satisfaction(hands: Hands, answer: str = NOT_SATISFIED, *, heading: str = SATISFACTION) -> None:
    expect_page(hands.page, heading)
    _empty_first(hands, heading)
    _choose(hands, heading, answer)
    _continue(hands)


IMPACT = "How it affects you and the support you want"


def answer_impact(hands: Hands, *, impact: str = "", vulnerability: str = "", support: str = "") -> None:
    page = hands.page
    expect_page(page, IMPACT)
    for label, text in (
        ("How does the anti-social behaviour affect you? (optional)", impact),
        ("Is there anything that makes you more vulnerable to it? (optional)", vulnerability),
        ("What support would help you? (optional)", support),
    ):
        if text:
            hands.type_into(page.get_by_label(said(label)), text)
    _continue(hands)


CONSENT = "Do you agree to your information being shared in this way?"


def answer_consent(hands: Hands, answer: str = "Yes") -> None:
    expect_page(hands.page, "Sharing your information")
    _empty_first(hands, "Sharing your information")
    _choose(hands, CONSENT, answer)
    _continue(hands)


CHECK_ANSWERS = "Check your answers before sending your request"


def change_answer(hands: Hands, hidden_words: str) -> None:
    """Follow the Change link whose hidden words (for screen readers) are `hidden_words`."""
    expect_page(hands.page, CHECK_ANSWERS)
    change = f"{said('Change')} {said(hidden_words)}"
    hands.activate(hands.page.get_by_role("link", name=change, exact=True))


def accept_and_send(hands: Hands) -> str:
    """Send the request from check answers; returns the reference the confirmation shows."""
    expect_page(hands.page, CHECK_ANSWERS)
    hands.activate(hands.page.get_by_role("button", name=said("Accept and send")))
    return read_reference(hands.page)


def read_reference(page: Page) -> str:
    """The reference on the confirmation page (which has "Exit this page" too)."""
    expect_page(page, "Request sent")
    panel = page.locator(".govuk-panel--confirmation")
    return panel.locator("strong").inner_text().strip()


def save_for_later(hands: Hands) -> str:
    """Press "Save and come back later" on any question page; returns the code the saved page shows."""
    hands.activate(hands.page.get_by_role("button", name=said("Save and come back later")))
    expect_page(hands.page, "Your answers are saved")
    return hands.page.locator("#save-code").inner_text().strip()


def return_with_code(hands: Hands, base_url: str, code: str) -> None:
    """Open "Return to a saved request" and enter `code`."""
    hands.open(base_url + "/test-valley/apply/return/")
    expect_page(hands.page, "Return to a saved request")
    hands.type_into(hands.page.get_by_label(said("Your code"), exact=True), code)
    _continue(hands)


def request_as_a_victim(
    hands: Hands, base_url: str, you: Details, incidents: tuple[Incident, ...], *, consent: str = "Yes"
) -> None:
    """The whole journey for a victim, from the service's address to check answers (or, without
    consent, to the page that asks whether to delete the answers or keep them)."""
    start(hands, base_url)
    answer_who(hands, "victim")
    answer_consent(hands, consent)
    if consent != "Yes":
        return
    answer_your_details(hands, you)
    add_incidents(hands, incidents)
    answer_staff_conduct(hands, "No")
    answer_satisfaction(hands, NOT_SATISFIED)
    answer_impact(hands)
