"""Letters to the applicant: made from the partnership's template, kept on the case as sent, emailed
with the PDF attached or left to print and post, and opened only by those who may read them."""

from __future__ import annotations

import subprocess
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import time_machine
from accounts.people import signed_in_as, staff, verified
from applications.builders import APPLICANT_NAME, partnership, submitted, you
from cases.case_page import section_page
from django.core import mail
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from community_trigger.agencies.models import Agency
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application
from community_trigger.cases.sections import Section
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide
from community_trigger.domain.workflow import State
from community_trigger.letters.models import Letter
from community_trigger.letters.rendering import html_to_text, pdf_from_html
from community_trigger.notifications.models import Message
from community_trigger.sharing.models import InformationRequest

pytestmark = pytest.mark.django_db

# A Monday, so the working days ahead are plain: the escalation window of 20 working days from
# 7 December 2026 runs over Christmas (25, 28 December and 1 January are bank holidays).
MONDAY = date(2026, 12, 7)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The words of a PDF as poppler's pdftotext reads them, line breaks folded."""
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return " ".join(text.split())


def _acknowledged(**overrides: Any) -> tuple[Application, Any]:
    case = submitted(partnership(), **overrides)
    coordinator = staff("cora")
    application_acknowledge(application=case, actor=coordinator)
    case.refresh_from_db()
    return case, coordinator


def test_an_applicant_with_an_email_address_is_emailed_the_letter_with_its_pdf(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks, tmp_path: Path
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case, _ = _acknowledged()

    letter = Letter.objects.get(application=case)
    (message,) = mail.outbox
    assert message.to == [you()["email"]]
    assert message.subject == f"Your request to Test Valley Partnership has arrived: {case.reference}"
    assert f"Dear {APPLICANT_NAME}," in message.body
    assert f"by {case.due_by:%-d %B %Y}" in message.body
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == (letter.filename, "application/pdf")
    assert content == bytes(letter.pdf)
    assert content.startswith(b"%PDF-")
    assert (letter.kind, letter.delivery) == (Letter.Kind.ACKNOWLEDGEMENT, Letter.Delivery.EMAIL)
    assert Message.objects.get(letter=letter).status == Message.Status.SENT
    assert letter.body_text == message.body


def test_the_printed_letter_carries_the_address_block_the_date_and_the_reference(tmp_path: Path) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case, _ = _acknowledged()

    text = pdf_text(bytes(Letter.objects.get(application=case).pdf), tmp_path)

    assert f"{APPLICANT_NAME} 1 High Street Andover SP10 3AJ" in text
    assert "7 December 2026" in text
    assert f"Our reference: {case.reference}" in text
    assert "We have your request for a case review" in text
    assert f"{case.reference}, page 1 of" in text


def test_an_applicant_who_asked_for_post_gets_a_letter_to_print_and_no_email(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case, coordinator = _acknowledged(you=you(contact_preference="post"))
    letter = Letter.objects.get(application=case)
    verified(client, coordinator)

    page = section_page(client, case.reference, Section.LETTERS)
    posted = client.post(f"/staff/cases/{case.reference}/letters/{letter.pk}/posted/")

    assert mail.outbox == []
    assert letter.delivery == Letter.Delivery.POST
    assert "To print and post" in page
    assert posted.status_code == 302
    letter.refresh_from_db()
    assert (letter.sent_at is not None, letter.posted_by) == (True, coordinator)
    assert AuditEntry.objects.filter(subject_id=str(case.pk), detail="acknowledgement letter posted").exists()
    assert "To print and post" not in section_page(client, case.reference, Section.LETTERS)


def test_an_applicant_with_no_email_address_gets_their_letters_by_post() -> None:
    case, _ = _acknowledged(you=you(email="", phone="01264 000 000", contact_preference="phone"))

    assert Letter.objects.get(application=case).delivery == Letter.Delivery.POST


def test_the_decision_letter_gives_the_reasons_and_the_last_day_to_ask_for_an_escalation(
    tmp_path: Path,
) -> None:
    case, coordinator = _acknowledged()
    with time_machine.travel(MONDAY, tick=False):
        threshold_decide(
            application=case,
            outcome="threshold_not_met",
            reasons="Two of the reports were made more than a month after the incident.",
            actor=coordinator,
        )

    letter = Letter.objects.get(application=case, kind=Letter.Kind.THRESHOLD_DECISION)
    text = pdf_text(bytes(letter.pdf), tmp_path)
    assert "A case review will not be held" in text
    assert "Two of the reports were made more than a month after the incident." in text
    # 20 working days from 7 December 2026, skipping 25 and 28 December and 1 January.
    assert "Ask us by 7 January 2027" in text
    assert letter.body_text.count("7 January 2027") == 1


def test_what_staff_typed_is_printed_as_words_never_as_markup(tmp_path: Path) -> None:
    case, coordinator = _acknowledged()

    threshold_decide(
        application=case, outcome="threshold_not_met", reasons="<b>Not</b> & <i>met</i>", actor=coordinator
    )

    letter = Letter.objects.get(application=case, kind=Letter.Kind.THRESHOLD_DECISION)
    assert "<b>Not</b> & <i>met</i>" in letter.body_text
    assert "<b>Not</b> & <i>met</i>" in pdf_text(bytes(letter.pdf), tmp_path)


def test_a_partnership_can_word_a_letter_its_own_way(settings: Settings, tmp_path: Path) -> None:
    own = tmp_path / "letters" / "test-valley"
    own.mkdir(parents=True)
    (own / "acknowledgement.html").write_text(
        '{% extends "letters/base.html" %}{% block heading %}Thank you{% endblock %}'
        "{% block body %}<p>Test Valley's own words for {{ application.reference }}.</p>{% endblock %}"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]

    case, _ = _acknowledged()
    letter = Letter.objects.get(application=case)

    assert letter.template == "letters/test-valley/acknowledgement.html"
    assert f"Test Valley's own words for {case.reference}." in letter.body_text
    assert "Contact us" in letter.body_text  # the shared letterhead and sign-off still frame it


def test_without_its_own_wording_a_partnership_sends_the_products_letter() -> None:
    case, _ = _acknowledged()

    assert Letter.objects.get(application=case).template == "letters/acknowledgement.html"


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("coordinator", 200),
        ("panel chair", 200),
        ("auditor", 200),
        ("officer of the asked agency", 404),
        ("other partnership", 404),
    ],
)
def test_only_staff_who_may_read_the_correspondence_open_a_letter(
    client: Client, name: str, status: int
) -> None:
    case, _ = _acknowledged()
    police = Agency.objects.get(partnership=case.partnership, kind="police")
    InformationRequest.objects.create(application=case, agency=police, due_by=MONDAY)
    letter = Letter.objects.get(application=case)
    user = signed_in_as(client, name)
    before = AuditEntry.objects.filter(actor=user, detail="acknowledgement letter").count()

    response = client.get(f"/staff/cases/{case.reference}/letters/{letter.pk}.pdf")

    assert response.status_code == status
    opened = AuditEntry.objects.filter(actor=user, detail="acknowledgement letter").count() - before
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content == bytes(letter.pdf)
        assert opened == 1
    else:
        assert opened == 0


def test_an_auditor_cannot_mark_a_letter_as_posted(client: Client) -> None:
    case, _ = _acknowledged(you=you(contact_preference="post"))
    letter = Letter.objects.get(application=case)
    signed_in_as(client, "auditor")

    response = client.post(f"/staff/cases/{case.reference}/letters/{letter.pk}/posted/")

    assert response.status_code == 403
    letter.refresh_from_db()
    assert letter.sent_at is None


def test_a_letter_of_another_case_is_not_found_through_this_one(client: Client) -> None:
    case, coordinator = _acknowledged()
    other_case = submitted(partnership())
    verified(client, coordinator)
    letter = Letter.objects.get(application=case)

    response = client.get(f"/staff/cases/{other_case.reference}/letters/{letter.pk}.pdf")

    assert response.status_code == 404


def test_making_a_pdf_never_reaches_the_network() -> None:
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_port}"
    try:
        pdf = pdf_from_html(
            f'<html><head><link rel="stylesheet" href="{address}/style.css"></head>'
            f'<body><p>Hello</p><img src="{address}/tracker.png" alt=""></body></html>'
        )
    finally:
        server.shutdown()

    assert pdf.startswith(b"%PDF-")
    assert asked == []


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One.</p><p>Two.</p>", "One.\n\nTwo.\n"),
        ("<h1>Title</h1><p>Line one<br>line two</p>", "Title\n\nLine one\nline two\n"),
        ("<ul><li>First</li><li>Second</li></ul>", "- First\n\n- Second\n"),
        (
            '<p>See <a href="https://example.org/x">the page</a>.</p>',
            "See the page (https://example.org/x).\n",
        ),
        ('<p><a href="https://example.org">https://example.org</a></p>', "https://example.org\n"),
        ("<head><title>Hidden</title><style>p {}</style></head><p>Shown &amp; kept</p>", "Shown & kept\n"),
        ("<p>Spread\n   over   lines</p>", "Spread over lines\n"),
    ],
)
def test_the_email_text_keeps_the_letters_paragraphs_lists_and_links(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_a_case_that_moved_on_keeps_its_earlier_letters() -> None:
    case, coordinator = _acknowledged()
    threshold_decide(application=case, outcome="threshold_met", reasons="", actor=coordinator)

    kinds = list(Letter.objects.filter(application=case).values_list("kind", flat=True))
    case.refresh_from_db()

    assert kinds == [Letter.Kind.ACKNOWLEDGEMENT, Letter.Kind.THRESHOLD_DECISION]
    assert case.state == State.THRESHOLD_MET
