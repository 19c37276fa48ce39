"""Every letter in the format the applicant needs: each kind rendered in each format, printed and read
back from the PDF; large print at 16 pt and up; easy read decisions and outcomes with the decision, the
dates and the way to escalate; braille, audio and another language made standard, to arrange; and the
layout faults put right (a sign-off alone on a page, "10:00 a.m..")."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, date, datetime, time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from accounts.people import staff
from applications.builders import partnership, submitted
from django.template import engines
from django.utils import translation
from django.utils.translation import gettext

from community_trigger.cases.models import LetterFormat
from community_trigger.cases.services.decisions import application_acknowledge
from community_trigger.common.templatetags.sentences import clock, unstopped
from community_trigger.letters.models import Letter, LetterKind
from community_trigger.letters.rendering import letter_render, pdf_from_html, template_names

ESCALATE_BY = date(2027, 1, 4)
MEETING_AT = datetime(2027, 1, 14, 10, 0, tzinfo=UTC)  # 10am in London in January


def _context(**overrides: Any) -> dict[str, Any]:
    """Everything any kind of letter reads, as plain values: one context renders them all."""
    police = SimpleNamespace(name="Test Valley Police")
    recommendation = SimpleNamespace(
        agency=police, action="Visit the street every week.", due_by=date(2027, 2, 1), status="done"
    )
    values: dict[str, Any] = {
        "application": SimpleNamespace(
            reference="TVP-2026-0042", submitted_at=date(2026, 12, 1), due_by=date(2026, 12, 8)
        ),
        "partnership": SimpleNamespace(
            name="Test Valley Partnership",
            phone="01632 960 123",
            email="ct@testvalley.example",
            review_within_days=25,
            slug="test-valley",
        ),
        "partnership_address": "Beech Hurst, Andover, SP10 3AJ",
        "signatory": SimpleNamespace(is_person=True, name="Cora Staffer", job_title="", phone="", email=""),
        "recipient_name": "Alex Applicantson",
        "recipient_address": "1 High Street\nAndover\nSP10 3AJ",
        "subject": "A letter",
        "today": date(2026, 12, 7),
        "decision": SimpleNamespace(outcome="threshold_met", reasons="Three complaints in six months."),
        "escalate_by": ESCALATE_BY,
        "meeting": SimpleNamespace(
            starts_at=MEETING_AT,
            place="Beech Hurst",
            online_link="",
            chair_independent=True,
            victim_involvement="attending",
            not_invited_reason="",
            summary_for_applicant="The organisations should have shared what they knew sooner.",
            further_action_possible=True,
        ),
        "recommendations": [recommendation],
        "agreed": [recommendation],
        "recommendation": recommendation,
        "agencies": [police],
        "incidents": [SimpleNamespace(date=date(2026, 11, 2))],
        "comments_by": date(2027, 1, 28),
        "escalation": SimpleNamespace(
            upheld=False,
            asked_on=date(2027, 1, 2),
            about="review",
            reasons="The review followed the procedure.",
            referred_to_pcc_at=None,
        ),
        "of_a_decision": False,
        "done": True,
        "remaining": 0,
        "was_due_by": date(2027, 1, 20),
        "status_code": "",
        "status_lookup_url": "",
    }
    return {**values, **overrides}


# Words each kind of standard letter says, whatever the format it is printed in.
STANDARD_WORDS = {
    LetterKind.ACKNOWLEDGEMENT: "We have your request for a case review",
    LetterKind.THRESHOLD_DECISION: "A case review will be held",
    LetterKind.MEETING: "Your case review meeting",
    LetterKind.ACTION_PLAN: "What the organisations plan to do",
    LetterKind.OUTCOME: "The outcome of your case review",
    LetterKind.ESCALATION_DECISION: "We have not upheld your escalation",
    LetterKind.PLAN_UPDATE: "An action in your plan has been done",
    LetterKind.CLOSING: "Your case is closed",
}
EASY_READ_WORDS = {
    LetterKind.THRESHOLD_DECISION: "We will hold a case review",
    LetterKind.OUTCOME: "What your case review decided",
}


def _pdf(pdf: bytes, tmp_path: Path, *options: str) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", *options, str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def _words(pdf: bytes, tmp_path: Path) -> str:
    return " ".join(_pdf(pdf, tmp_path).split())


def _printed_size(pdf: bytes, tmp_path: Path, word: str) -> float:
    """The font size `word` is printed at, from the height of its box as pdftotext -bbox measures it
    (Liberation Sans's ascent and descent make a box 1.117 times the size of the font)."""
    boxes = re.findall(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">' + re.escape(word) + "<",
        _pdf(pdf, tmp_path, "-bbox"),
    )
    assert boxes, word
    low, high = boxes[0]
    return round((float(high) - float(low)) / 1.117, 1)


def _render(kind: str, letter_format: str, **overrides: Any) -> Any:
    return letter_render(
        kind=kind, partnership_slug="test-valley", context=_context(**overrides), letter_format=letter_format
    )


@pytest.mark.parametrize("letter_format", list(LetterFormat), ids=str)
@pytest.mark.parametrize("kind", list(LetterKind), ids=str)
def test_every_kind_of_letter_is_made_in_every_format_and_reads_back_from_its_pdf(
    kind: LetterKind, letter_format: LetterFormat, tmp_path: Path
) -> None:
    rendered = _render(kind, letter_format)
    pdf = pdf_from_html(rendered.html)
    text = _words(pdf, tmp_path)

    easy = letter_format == LetterFormat.EASY_READ and kind in EASY_READ_WORDS
    assert (EASY_READ_WORDS[kind] if easy else STANDARD_WORDS[kind]) in text
    assert "Our reference: TVP-2026-0042" in text
    assert "Alex Applicantson 1 High Street Andover SP10 3AJ" in text
    assert "Yours sincerely," in text
    assert ".." not in text
    large = letter_format in (LetterFormat.LARGE_PRINT, LetterFormat.EASY_READ)
    size = _printed_size(pdf, tmp_path, "Dear")
    assert size >= 16 if large else size < 16
    # Braille, audio and another language: the standard letter, for the partnership to turn into them.
    if letter_format.to_arrange:
        assert rendered.html == _render(kind, LetterFormat.STANDARD).html
    assert rendered.template.startswith("letters/easy_read/") == easy


def test_large_print_is_the_same_letter_in_bigger_type_in_one_column_that_reflows() -> None:
    standard = _render(LetterKind.OUTCOME, LetterFormat.STANDARD)
    large = _render(LetterKind.OUTCOME, LetterFormat.LARGE_PRINT)

    assert large.text == standard.text
    assert '<body class="large-print">' in large.html
    assert "<table" not in large.html
    css = re.search(r"\.large-print, \.easy-read \{([^}]*)\}", large.html)
    assert css
    assert "font-size: 16pt" in css.group(1)
    assert "line-height: 1.5" in css.group(1)


def test_the_large_print_letters_headings_are_larger_than_its_text(tmp_path: Path) -> None:
    pdf = pdf_from_html(_render(LetterKind.ACKNOWLEDGEMENT, LetterFormat.LARGE_PRINT).html)

    assert _printed_size(pdf, tmp_path, "happens") > _printed_size(pdf, tmp_path, "Dear") >= 16


@pytest.mark.parametrize(
    ("outcome", "decided"),
    [
        ("threshold_met", "So we will hold a case review."),
        ("discretionary_review", "But we have decided to hold a case review."),
        ("threshold_not_met", "So we will not hold a case review."),
    ],
)
def test_the_easy_read_decision_says_the_decision_the_next_steps_and_how_to_escalate(
    outcome: str, decided: str, tmp_path: Path
) -> None:
    decision = SimpleNamespace(outcome=outcome, reasons="Three complaints in six months.")
    rendered = _render(LetterKind.THRESHOLD_DECISION, LetterFormat.EASY_READ, decision=decision)
    text = _words(pdf_from_html(rendered.html), tmp_path)

    assert decided in text
    assert "Three complaints in six months." in text
    assert "This is called an escalation." in text
    assert "Ask us by 4 January 2027." in text
    assert "TVP-2026-0042" in text
    if outcome == "threshold_not_met":
        assert "you can ask for a case review again" in text
    else:
        assert "We aim to meet within 25 working days." in text
    # The email's words are the easy read letter's too.
    assert decided in rendered.text
    assert "Ask us by 4 January 2027." in rendered.text


def test_the_easy_read_outcome_says_what_was_found_what_will_be_done_by_when_and_how_to_escalate(
    tmp_path: Path,
) -> None:
    rendered = _render(LetterKind.OUTCOME, LetterFormat.EASY_READ)
    text = _words(pdf_from_html(rendered.html), tmp_path)

    assert "The organisations met on 14 January 2027." in text
    assert "should have shared what they knew sooner" in text
    assert "Test Valley Police will Visit the street every week. By 1 February 2027." in text
    assert "This is called an escalation." in text
    assert "Ask us by 4 January 2027." in text


def test_easy_read_of_a_letter_with_no_easy_read_wording_is_the_standard_letter_in_large_print() -> None:
    rendered = _render(LetterKind.MEETING, LetterFormat.EASY_READ)

    assert rendered.template == "letters/meeting.html"
    assert '<body class="large-print">' in rendered.html


def test_a_partnerships_own_easy_read_wording_comes_first_then_its_standard_wording() -> None:
    assert template_names("outcome", "tvp", LetterFormat.EASY_READ) == [
        "letters/tvp/easy_read/outcome.html",
        "letters/easy_read/outcome.html",
        "letters/tvp/outcome.html",
        "letters/outcome.html",
    ]
    assert template_names("outcome", "tvp", LetterFormat.LARGE_PRINT) == [
        "letters/tvp/outcome.html",
        "letters/outcome.html",
    ]


def test_the_easy_read_letters_are_in_welsh_for_a_welsh_speaker(tmp_path: Path) -> None:
    rendered = letter_render(
        kind=LetterKind.THRESHOLD_DECISION,
        partnership_slug="test-valley",
        context=_context(),
        language="cy",
        letter_format=LetterFormat.EASY_READ,
    )

    assert 'lang="cy"' in rendered.html
    with translation.override("cy"):
        assert gettext("This is called an escalation.") != "This is called an escalation."
        assert gettext("This is called an escalation.") in rendered.text


# Layout faults ---------------------------------------------------------------------------------------


def test_the_sign_off_is_never_alone_on_a_page(tmp_path: Path) -> None:
    """However long the letter, the page with "Yours sincerely" also has the letter's last paragraph."""
    for lines in range(8, 40, 3):
        summary = "\n".join(f"Finding number {n} about what the organisations did." for n in range(lines))
        meeting = SimpleNamespace(**{**vars(_context()["meeting"]), "summary_for_applicant": summary})
        pdf = pdf_from_html(_render(LetterKind.OUTCOME, LetterFormat.STANDARD, meeting=meeting).html)
        pages = _pdf(pdf, tmp_path).split("\f")
        (signed,) = [page for page in pages if "Yours sincerely," in page]
        assert "immediate danger" in signed, lines


def test_the_meeting_letter_gives_the_time_without_a_doubled_full_stop(tmp_path: Path) -> None:
    rendered = _render(LetterKind.MEETING, LetterFormat.STANDARD)

    assert "on Thursday 14 January 2027 at 10am." in _words(pdf_from_html(rendered.html), tmp_path)
    assert "at 10am." in rendered.text
    assert ".." not in rendered.text


@pytest.mark.parametrize(
    ("at", "said"),
    [
        (time(10, 0), "10am"),
        (time(14, 30), "2:30pm"),
        (time(12, 0), "midday"),
        (time(0, 0), "midnight"),
        (time(9, 5), "9:05am"),
    ],
)
def test_a_time_of_day_is_said_the_gov_uk_way(at: time, said: str) -> None:
    assert clock(at) == said


def test_a_value_inside_a_sentence_loses_its_own_full_stop() -> None:
    assert unstopped("Visit weekly.") == "Visit weekly"
    assert unstopped("1 High St. ") == "1 High St"
    assert unstopped("") == ""
    template = engines["django"].from_string("{% load sentences %}{{ action|unstopped }}.")
    assert template.render({"action": "Visit weekly."}) == "Visit weekly."


# The format carried from the case to its letters ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("need", "language", "style", "arrange"),
    [
        ("standard", "", "", ""),
        ("large_print", "", "large-print", ""),
        ("braille", "", "", "Arrange braille"),
        ("audio", "", "", "Arrange audio"),
        ("other_language", "Polish", "", "Arrange translation"),
    ],
)
def test_a_letter_is_made_in_the_format_kept_on_the_case(
    need: str, language: str, style: str, arrange: str
) -> None:
    case = submitted(partnership(), letter_format={"need": need, "language": language})
    assert (case.letter_format, case.letter_format_detail) == (need, language)

    application_acknowledge(application=case, actor=staff("cora"))

    letter = Letter.objects.get(application=case)
    assert letter.letter_format == need
    assert str(letter.arrange) == arrange
    assert letter.template == "letters/acknowledgement.html"
    assert bytes(letter.pdf).startswith(b"%PDF-")
