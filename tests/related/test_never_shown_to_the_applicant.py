"""Where the incidents happen and who is said to be responsible are for the partnership's staff: no
letter, email or status page the applicant (or anyone outside the partnership) receives ever shows
them, at any step of the procedure."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from accounts.people import verified
from applications.builders import partnership, submitted
from cases.case_page import whole_case
from django.core import mail
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks
from reviews.builders import held, scheduled, team, with_final_plan

from community_trigger.applications.services import status_token
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide
from community_trigger.letters.models import Letter, LetterKind
from community_trigger.related.services import perpetrator_add, place_add
from community_trigger.reviews.models import Recommendation
from community_trigger.reviews.services.escalations import escalation_decide, escalation_request
from community_trigger.reviews.services.plans import case_close, outcome_send, recommendation_update
from community_trigger.sharing.models import InformationRequest
from community_trigger.sharing.services import information_answer, information_request_all

pytestmark = pytest.mark.django_db

# Made-up words that appear nowhere else in the service's wording, so any sighting is a leak.
NAMES = "Jonquil Smythers"
DESCRIPTION = "Drives a lime green campervan"
ADDRESS = "7 Quarrymoor Lane"
PLACE = "Wolverdene Recreation Ground"
SECRETS = (NAMES, "Smythers", DESCRIPTION, ADDRESS, "Quarrymoor", PLACE, "Wolverdene", "SO20 6QJ")


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def _leaks(text: str) -> list[str]:
    folded = " ".join(text.split()).lower()
    return [secret for secret in SECRETS if secret.lower() in folded]


def test_no_letter_email_or_status_page_shows_the_places_or_the_people_said_to_be_responsible(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks, tmp_path: Path
) -> None:
    people = team()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case = submitted(partnership())
        place_add(application=case, actor=people.coordinator, address=PLACE, postcode="SO20 6QJ")
        perpetrator_add(
            application=case,
            actor=people.coordinator,
            names=NAMES,
            description=DESCRIPTION,
            address=ADDRESS,
            postcode="SO20 6QJ",
        )
        application_acknowledge(application=case, actor=people.coordinator)
        threshold_decide(application=case, outcome="threshold_met", reasons="", actor=people.coordinator)
        information_request_all(application=case, actor=people.coordinator)
        for officer, kind in ((people.police_officer, "police"), (people.housing_officer, "housing")):
            information_answer(
                request=InformationRequest.objects.get(application=case, agency__kind=kind),
                checks={},
                action_taken="Patrols.",
                outcome="It carried on.",
                other_history="",
                risk="",
                risk_sensitive=False,
                actor=officer,
            )
        case.refresh_from_db()
        meeting = held(people, scheduled(people, case))
        with_final_plan(people, meeting)
        outcome_send(meeting=meeting, summary_for_applicant="More will be done.", actor=people.coordinator)
        case.refresh_from_db()
        escalation = escalation_request(application=case, about="review", grounds=["process"], details="Why?")
        escalation_decide(escalation=escalation, upheld=False, reasons="Followed.", actor=people.reviewer)
        # Post is the only safe way to reach them now: the news that an action is done comes by letter.
        case.people.filter(role="applicant").update(safe_channels=["post"], contact_preference="post")
        for recommendation in Recommendation.objects.filter(meeting__application=case, status="accepted"):
            recommendation_update(recommendation=recommendation, to="done", actor=people.coordinator)
        case.refresh_from_db()
        case_close(application=case, actor=people.coordinator)

    letters = list(Letter.objects.filter(application=case))
    assert {letter.kind for letter in letters} == set(LetterKind)
    for letter in letters:
        assert _leaks(letter.body_text) == [], letter.kind
        assert _leaks(letter.recipient_address) == [], letter.kind
        assert _leaks(_pdf_text(bytes(letter.pdf), tmp_path)) == [], letter.kind
    assert mail.outbox
    for email in mail.outbox:
        alternatives = " ".join(str(content) for content, _ in getattr(email, "alternatives", []))
        assert _leaks(f"{email.subject} {email.body} {alternatives}") == [], email.subject
    status = client.get(f"/test-valley/status/{status_token(case)}/")
    assert status.status_code == 200
    assert _leaks(status.content.decode()) == []
    # The words are there to be found where they belong: on the coordinator's case page.
    staff_page = whole_case(verified(Client(), people.coordinator), case.reference)
    assert set(_leaks(staff_page)) == set(SECRETS)
