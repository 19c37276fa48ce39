"""Every message to an applicant goes only the way they said is safe: each kind of message to each
preference, and no subject, envelope or first line says anything of anti-social behaviour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from accounts.people import staff, verified
from applications.builders import NOON, agency_id, answers_for, draft, partnership, submitted, you
from cases.case_page import section_page
from django.core import mail
from pytest_django import DjangoCaptureOnCommitCallbacks

from community_trigger.applications.services import resume_link_send
from community_trigger.cases.models import Application, Person, PersonRole
from community_trigger.cases.sections import Section
from community_trigger.letters.models import Letter, LetterKind
from community_trigger.letters.services import letter_send
from community_trigger.notifications import text
from community_trigger.notifications.messages import ApplicationReceived, ResumeLinkEmail, Sender
from community_trigger.notifications.models import Message
from community_trigger.notifications.routing import SafeContact
from community_trigger.notifications.services import message_send_safely

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

EMAIL = you()["email"]
PHONE = "07700 900123"
HOME = "1 High Street\nAndover\nSP10 3AJ"
ELSEWHERE = "c/o Hampshire Women's Aid\nPO Box 1\nWinchester"


@dataclass(frozen=True)
class Preference:
    """What a person said is safe, and where each purpose's message must then go (None: held)."""

    name: str
    fields: dict[str, Any]
    notice: tuple[str, str] | None
    letter: tuple[str, str] | None


PREFERENCES = [
    Preference(
        "email",
        {"safe_channels": ["email"], "contact_preference": "email"},
        ("email", EMAIL),
        ("email", EMAIL),
    ),
    Preference("text", {"safe_channels": ["text"], "contact_preference": "text"}, ("text", PHONE), None),
    Preference(
        "post home",
        {"safe_channels": ["post"], "contact_preference": "post", "letters_home_safe": True},
        None,
        ("post", HOME),
    ),
    Preference(
        "post elsewhere",
        {
            "safe_channels": ["post"],
            "contact_preference": "post",
            "letters_home_safe": False,
            "safe_alternative": ELSEWHERE,
        },
        None,
        ("post", ELSEWHERE),
    ),
    Preference(
        "post, no safe address",
        {"safe_channels": ["post"], "contact_preference": "post", "letters_home_safe": False},
        None,
        None,
    ),
    Preference("phone calls only", {"safe_channels": ["phone"], "contact_preference": "phone"}, None, None),
    Preference(
        "text preferred, email too",
        {"safe_channels": ["email", "text"], "contact_preference": "text"},
        ("text", PHONE),
        ("email", EMAIL),
    ),
    Preference(
        "post preferred, email too",
        {"safe_channels": ["email", "post"], "contact_preference": "post", "letters_home_safe": None},
        ("email", EMAIL),
        ("post", HOME),
    ),
    Preference(
        "never asked",
        {"safe_channels": [], "contact_preference": "email"},
        ("email", EMAIL),
        ("email", EMAIL),
    ),
]
IDS = [preference.name for preference in PREFERENCES]


def _applicant_with(application: Application, preference: Preference) -> Person:
    Person.objects.filter(application=application, role=PersonRole.APPLICANT).update(
        email=EMAIL, phone=PHONE, address="1 High Street\nAndover", postcode="SP10 3AJ", **preference.fields
    )
    return application.people.get(role=PersonRole.APPLICANT)


def _sent(key: str) -> tuple[str, str] | None:
    """Where the message with `key` went once the worker ran: (channel, address), or None if held."""
    message = Message.objects.get(key=key)
    if message.status == Message.Status.HELD:
        assert message.to == ""
        return None
    assert message.status == Message.Status.SENT
    if message.channel == Message.Channel.TEXT:
        (sent_text,) = text.outbox
        assert sent_text.to == message.to
        return ("text", sent_text.to)
    (email,) = mail.outbox
    return ("email", email.to[0])


@pytest.mark.parametrize("preference", PREFERENCES, ids=IDS)
def test_the_confirmation_goes_only_the_safe_way(
    preference: Preference, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    application = submitted(partnership())
    person = _applicant_with(application, preference)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        message_send_safely(
            key="application_received:1",
            contact=SafeContact.of_person(person),
            content=ApplicationReceived(
                reference=application.reference,
                partnership=Sender(name="Test Valley Partnership"),
                acknowledge_by=date(2026, 11, 27),
            ),
            case_id=application.pk,
        )

    assert _sent("application_received:1") == preference.notice


@pytest.mark.parametrize("preference", PREFERENCES, ids=IDS)
def test_the_resume_link_goes_only_the_safe_way(
    preference: Preference, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    tvp = partnership()
    fields = preference.fields
    contact = {
        "channels": fields["safe_channels"],
        "preferred": fields["contact_preference"],
        "letters_home_safe": {True: "yes", False: "no", None: ""}[fields.get("letters_home_safe")],
        "safe_alternative": fields.get("safe_alternative", ""),
    }
    answers = answers_for("victim", agency=agency_id(tvp))
    answers["you"]["phone"] = PHONE
    answers["contact"] = contact
    kept = draft(tvp, answers)

    with django_capture_on_commit_callbacks(execute=True):
        resume_link_send(draft=kept, to=EMAIL, path_for=lambda token: f"/test-valley/resume/{token}/")

    assert _sent(Message.objects.get().key) == preference.notice


@pytest.mark.parametrize("kind", list(Letter.Kind), ids=[str(kind) for kind in Letter.Kind])
@pytest.mark.parametrize("preference", PREFERENCES, ids=IDS)
def test_each_letter_goes_only_the_safe_way(
    preference: Preference,
    kind: LetterKind,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    application = submitted(partnership())
    _applicant_with(application, preference)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        letter = letter_send(application=application, kind=kind, context={})

    if preference.letter is None:
        assert letter.recipient_address == ""
        assert Message.objects.get(letter=letter).status == Message.Status.HELD
    elif preference.letter[0] == "post":
        assert (letter.delivery, letter.recipient_address) == (Letter.Delivery.POST, preference.letter[1])
        assert not Message.objects.filter(letter=letter).exists()
        assert mail.outbox == []
    else:
        assert letter.delivery == Letter.Delivery.EMAIL
        assert _sent(f"letter:{letter.pk}") == preference.letter
    assert text.outbox == []
    if preference.fields.get("letters_home_safe") is False:
        assert "High Street" not in letter.recipient_address


@pytest.mark.parametrize("kind", list(Letter.Kind), ids=[str(kind) for kind in Letter.Kind])
def test_no_letter_says_anti_social_behaviour_on_its_subject_envelope_or_first_lines(
    kind: LetterKind, tmp_path: Path
) -> None:
    application = submitted(partnership())
    _applicant_with(application, PREFERENCES[2])

    letter = letter_send(application=application, kind=kind, context={})

    first_lines = letter.body_text.split("\n\n")[:3]
    for words in [letter.subject, letter.recipient_address, *first_lines]:
        assert "anti-social" not in words.lower()
        assert "asb" not in words.lower().split()
    assert "Test Valley Partnership" in letter.subject


def test_no_message_subject_or_text_says_anti_social_behaviour() -> None:
    messages = [
        ApplicationReceived(
            reference="TVP-2026-0001",
            partnership=Sender(name="Test Valley Partnership"),
            acknowledge_by=date(2026, 11, 27),
        ),
        ResumeLinkEmail(
            partnership_name="Test Valley Partnership", link="https://x.test/r/", expires=date(2026, 11, 27)
        ),
    ]
    for message in messages:
        for words in (message.subject(), message.text()):
            assert "anti-social" not in words.lower()
            assert "case review" not in words.lower()
            assert "Test Valley Partnership" in words
        assert message.text().startswith("Message from Test Valley Partnership")
    assert "Your reference is TVP-2026-0001" in messages[0].text()


def test_a_held_message_shows_on_the_case_page_for_staff(client: Any) -> None:
    application = submitted(partnership())
    _applicant_with(application, PREFERENCES[4])
    letter_send(
        application=application,
        kind=Letter.Kind.ACKNOWLEDGEMENT,
        context={},
    )
    verified(client, staff("cara"))

    page = section_page(client, application.reference, Section.SUMMARY)

    assert "Not sent: no safe way to contact them" in page
    assert "A letter to the applicant" in page


def test_the_case_page_opens_with_how_to_contact_the_applicant_safely(client: Any) -> None:
    application = submitted(partnership())
    Person.objects.filter(application=application, role=PersonRole.APPLICANT).update(
        safe_channels=["phone", "post"],
        contact_preference="phone",
        avoid_times="Weekday evenings, when he is home",
        voicemail_safe=False,
        letters_home_safe=False,
        safe_alternative=ELSEWHERE,
    )
    verified(client, staff("cara"))

    page = section_page(client, application.reference, Section.SUMMARY)

    # It opens the summary, before the case's own details.
    panel = page[page.index("Contacting the applicant safely") : page.index('id="case-owner"')]
    assert page.index("Contacting the applicant safely") < page.index('<dl class="govuk-summary-list">')
    assert "Phone, Post" in panel
    assert "Weekday evenings, when he is home" in panel
    assert "No: do not leave a voicemail" in panel
    assert "No: do not post anything to their home" in panel
    assert "Hampshire Women&#x27;s Aid" in panel


def test_a_draft_reads_its_addresses_from_the_contacting_you_safely_page(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    # The journey keeps the phone number with the safe ways, not with the name: the text still finds it.
    tvp = partnership()
    answers = answers_for("victim", agency=agency_id(tvp))
    answers["you"].pop("phone", None)
    answers["contact"] = {"channels": ["text"], "preferred": "text", "phone": PHONE}
    kept = draft(tvp, answers)

    with django_capture_on_commit_callbacks(execute=True):
        resume_link_send(draft=kept, to=EMAIL, path_for=lambda token: f"/test-valley/resume/{token}/")

    assert _sent(Message.objects.get().key) == ("text", PHONE)
    assert (
        SafeContact.of_answers(answers | {"contact": {**answers["contact"], "email": EMAIL}}).safe_email == ""
    )
