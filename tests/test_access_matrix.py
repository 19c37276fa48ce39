"""Every staff URL, called by every persona, answers what that persona should get: the page (200), a
redirect (302: to sign in, or back to the case after an action), 403 for a case someone may see but
not act on, 404 for a case that is not theirs. A URL added without a row here fails the last test.
What leaves the page (the meeting pack, the letters, the CSV file) is also read, persona by persona."""

from __future__ import annotations

import csv
import io
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest
from accounts.people import PERSONAS, signed_in_as, staff, verified
from accounts.people import persona as persona_user
from applications.builders import agency_id, application_for, incident, partnership, report, submitted
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from earlywarning.findings import person
from earlywarning.findings import report as incident_report
from incidents.records import MAPPING, agency, csv_bytes, intake_on, opener, row

from community_trigger.applications.consent import CONSENT_WORDING_VERSION
from community_trigger.applications.services import entry_start
from community_trigger.cases.models import Application
from community_trigger.cases.sections import Section, case_section_url
from community_trigger.cases.services import case_transition
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide
from community_trigger.cases.services.intake import application_submit
from community_trigger.common.calendar import working_days_after
from community_trigger.datarequests.models import RequestKind
from community_trigger.datarequests.services import Requester, data_request_record
from community_trigger.diary.models import Entry, Visibility
from community_trigger.documents.selectors import Part, upload_target_for
from community_trigger.documents.services import Details, document_add
from community_trigger.domain.reporting_years import YearBasis, year_of
from community_trigger.domain.workflow import State
from community_trigger.earlywarning.models import Finding, Kind
from community_trigger.earlywarning.services import findings_detect
from community_trigger.incidents.models import IncidentRecord
from community_trigger.incidents.services import records_import, token_create
from community_trigger.oversight.models import AccessAlert
from community_trigger.retention.services import hold_place
from community_trigger.reviews.models import Recommendation
from community_trigger.reviews.services.escalations import escalation_request
from community_trigger.reviews.services.meetings import meeting_record, meeting_schedule
from community_trigger.reviews.services.plans import (
    action_plan_comments,
    action_plan_finalise,
    action_plan_share,
    outcome_send,
    recommendation_add,
    recommendation_update,
)
from community_trigger.sharing.models import InformationRequest, InformationResponse
from community_trigger.sharing.services import information_answer

pytestmark = pytest.mark.django_db

(COORDINATOR, ASKED_OFFICER, OTHER_OFFICER, CHAIR, AUDITOR, OTHER_PARTNERSHIP, ANONYMOUS) = PERSONAS


class World:
    """Two cases of the demo partnership, only its police force asked about each: one acknowledged
    (so it has a letter), one reviewed, with its outcome sent and an escalation asked for. The panel
    was the chair, the coordinator and the police officer, and the police own a recommendation."""

    def __init__(self, case: Application, people: dict[str, Any], coordinator: Any) -> None:
        self.case, self._people, self._coordinator = case, people, coordinator

    @cached_property
    def reviewed(self) -> Application:
        # Built only for the review's routes: taking a case through its review costs five letters.
        return _reviewed(self._coordinator, self._people)

    @cached_property
    def entry(self) -> str:
        """An application the coordinator started entering from a phone call."""
        received = {"channel": "phone", "date": timezone.localdate().isoformat()}
        return str(
            entry_start(partnership=partnership(), actor=self._people[COORDINATOR], received=received).pk
        )

    @property
    def reference(self) -> str:
        return self.case.reference

    def person(self, name: str) -> Any:
        """The member of staff who stands for the persona `name` in this world."""
        return self._people[name]

    @property
    def letter(self) -> int:
        return self.case.letters.get().pk

    @property
    def message(self) -> int:
        """The email of the case's acknowledgement letter, in the outbox."""
        return self.case.outbox.get().pk

    @property
    def police_request(self) -> int:
        return self.case.information_requests.get().pk

    @property
    def meeting(self) -> int:
        return self.reviewed.meetings.get().pk

    @property
    def recommendation(self) -> int:
        return Recommendation.objects.get(meeting__application=self.reviewed).pk

    @property
    def escalation(self) -> int:
        return self.reviewed.escalations.get().pk

    @cached_property
    def data_request(self) -> int:
        """An erasure request recorded by the coordinator, not yet decided."""
        requester = Requester(name="Alex Applicantson")
        return data_request_record(
            partnership=partnership(),
            actor=self._coordinator,
            kind=RequestKind.ERASURE,
            requester=requester,
            received_on=timezone.localdate(),
            received_via="email",
        ).pk

    @cached_property
    def police_answer(self) -> int:
        """The police's answer to the case's request (recorded as it stands, not through the form)."""
        asked = self.case.information_requests.get()
        answer = InformationResponse.objects.create(
            request=asked, action_taken="Patrols.", outcome="Quieter.", answered_by=self._coordinator
        )
        InformationRequest.objects.filter(pk=asked.pk).update(answered_at=answer.answered_at)
        return answer.pk

    @cached_property
    def diary_entry(self) -> int:
        """A note on the case that every agency on it may read."""
        return Entry.objects.create(
            application=self.case,
            kind="note",
            happened_at=timezone.now(),
            summary="Spoke to the applicant.",
            visibility=Visibility.AGENCIES,
            written_by=self._coordinator,
        ).pk

    @cached_property
    def document(self) -> int:
        """A document of the case that every agency on it may see."""
        target = upload_target_for(self._coordinator, self.reference, Part.CASE)
        return document_add(
            target=target,
            upload=SimpleUploadedFile("statement.txt", b"Noise every night."),
            details=Details(visibility=Visibility.AGENCIES),
            actor=self._coordinator,
        ).pk

    @cached_property
    def access_alert(self) -> int:
        """An unusual access alert about the police officer, for the data protection officer."""
        return AccessAlert.objects.create(
            key="matrix",
            partnership=partnership(),
            kind=AccessAlert.Kind.UNREQUESTED_CASE,
            day=timezone.localdate(),
            user=self._people[ASKED_OFFICER],
            application=self.case,
            created_at=timezone.now(),
        ).pk

    @cached_property
    def held(self) -> str:
        """The case, put on a legal hold by the coordinator: its reference."""
        hold_place(application=self.case, reason="A court case needs it.", actor=self._coordinator)
        return self.reference

    @cached_property
    def ended_year(self) -> str:
        """The last financial year, with one application received in it: a year to publish."""
        year = year_of(timezone.localdate(), YearBasis.FINANCIAL).previous()
        sent = timezone.make_aware(datetime.combine(year.first_day + timedelta(days=30), time(10)))
        police = agency_id(partnership())
        day = sent.date()
        reported = incident("i0", day - timedelta(days=3), report("you", police, day - timedelta(days=2)))
        application_submit(
            partnership=partnership(),
            answers=application_for("victim", agency=police, incidents=[reported]),
            consent_wording_version=CONSENT_WORDING_VERSION,
            now=sent,
        )
        return year.slug


def _staff_persona(name: str) -> Any:
    user = persona_user(name)
    assert user is not None
    return user


def _police_asked(case: Application) -> None:
    InformationRequest.objects.create(
        application=case,
        agency=case.partnership.agencies.get(kind="police"),
        due_by=timezone.localdate() + timedelta(days=10),
    )


def _world(people: dict[str, Any]) -> World:
    setter = staff("setter-upper")
    case = submitted(partnership())
    application_acknowledge(application=case, actor=setter)
    _police_asked(case)
    return World(case, people, setter)


def _reviewed(coordinator: Any, people: dict[str, Any]) -> Application:
    """A case taken through its review by `coordinator`, chaired and sat on by the personas."""
    case = submitted(partnership())
    application_acknowledge(application=case, actor=coordinator)
    threshold_decide(application=case, outcome="threshold_met", reasons="", actor=coordinator)
    case_transition(application=case, to=State.INFORMATION_REQUESTED, actor=coordinator, actor_label="Setter")
    _police_asked(case)
    starts = timezone.now() - timedelta(hours=3)
    police = case.partnership.agencies.get(kind="police")
    meeting = meeting_schedule(
        application=case,
        starts_at=starts,
        place="Beech Hurst",
        online_link="",
        chair=people[CHAIR],
        chair_independent=False,
        agencies=[police],
        panel=[people[COORDINATOR], people[ASKED_OFFICER]],
        victim_involvement="invited",
        unanswered_reason="The police will answer at the meeting.",
        actor=coordinator,
        now=starts - timedelta(days=1),
    )
    meeting_record(
        meeting=meeting,
        attendees="All",
        summaries={police.pk: "Patrols."},
        findings="Found.",
        further_action_possible=True,
        actor=coordinator,
    )
    made = recommendation_add(
        meeting=meeting,
        agency=police,
        owner=people[ASKED_OFFICER],
        action="patrol",
        due_by=working_days_after(timezone.localdate(), 14),
        actor=coordinator,
    )
    recommendation_update(recommendation=made, to="accepted", actor=coordinator)
    action_plan_share(meeting=meeting, actor=coordinator)
    action_plan_comments(meeting=meeting, comments="None.", actor=coordinator)
    action_plan_finalise(meeting=meeting, actor=coordinator)
    outcome_send(meeting=meeting, summary_for_applicant="Done.", actor=coordinator)
    case.refresh_from_db()
    escalation_request(application=case, about="review", grounds=["process"], details="Not followed.")
    return case


@dataclass(frozen=True)
class Route:
    method: str
    path: Callable[[World], str]
    statuses: dict[str, int]


def _data_request_page(page: str) -> Callable[[World], str]:
    return lambda w: f"/staff/data-protection/requests/{w.data_request}/{page}"


def everyone(status: int, *, anonymous: int) -> dict[str, int]:
    return {name: status for name in PERSONAS if name != ANONYMOUS} | {ANONYMOUS: anonymous}


# Who may see the case (the asked agency's officer among them), and who may not.
CASE_SEEN = {COORDINATOR: 200, ASKED_OFFICER: 200, CHAIR: 200, AUDITOR: 200}
NOT_THEIRS = {OTHER_OFFICER: 404, OTHER_PARTNERSHIP: 404, ANONYMOUS: 302}
# The figures' pages of the demo partnership: its coordinator's.
PUBLISHER = {
    COORDINATOR: 200,
    ASKED_OFFICER: 403,
    OTHER_OFFICER: 403,
    CHAIR: 403,
    AUDITOR: 403,
    OTHER_PARTNERSHIP: 404,
    ANONYMOUS: 302,
}
# An action only the coordinator takes: everyone else who sees the case is refused.
COORDINATOR_ACTS = {COORDINATOR: 302, ASKED_OFFICER: 403, CHAIR: 403, AUDITOR: 403, **NOT_THEIRS}

# Staff entry: refused to every role but the coordinator's; someone else's entry is not found.
NOT_STAFF_ENTRY = {
    ASKED_OFFICER: 403,
    OTHER_OFFICER: 403,
    CHAIR: 403,
    AUDITOR: 403,
    OTHER_PARTNERSHIP: 403,
    ANONYMOUS: 302,
}


def entry_page(page: str) -> Callable[[World], str]:
    return lambda world: f"/staff/applications/{world.entry}/{page}"


def own_entry(status: int) -> dict[str, int]:
    return everyone(404, anonymous=302) | {COORDINATOR: status}


ROUTES: dict[str, Route] = {
    # Signing in and out: a fully signed-in user is sent on; someone signed out is sent to sign in.
    "accounts:sign_in": Route("GET", lambda w: "/staff/sign-in/", everyone(302, anonymous=200)),
    "accounts:second_factor": Route(
        "GET", lambda w: "/staff/sign-in/second-factor/", everyone(302, anonymous=302)
    ),
    "accounts:code": Route("GET", lambda w: "/staff/sign-in/code/", everyone(302, anonymous=302)),
    "accounts:backup_code": Route(
        "GET", lambda w: "/staff/sign-in/backup-code/", everyone(302, anonymous=302)
    ),
    # Only for an account whose second factor is used up, before it is verified; others are sent on.
    "accounts:no_second_factor": Route(
        "GET", lambda w: "/staff/sign-in/no-second-factor/", everyone(302, anonymous=302)
    ),
    # Staff who signed in with a backup code may set up an authenticator app.
    "accounts:set_up": Route("GET", lambda w: "/staff/two-factor/set-up/", everyone(200, anonymous=302)),
    "accounts:sign_out": Route("GET", lambda w: "/staff/sign-out/", everyone(200, anonymous=302)),
    "accounts:signed_out": Route("GET", lambda w: "/staff/signed-out/", everyone(200, anonymous=200)),
    # One's own account.
    "accounts:home": Route("GET", lambda w: "/staff/", everyone(200, anonymous=302)),
    "accounts:account": Route("GET", lambda w: "/staff/account/", everyone(200, anonymous=302)),
    "accounts:password_change": Route("GET", lambda w: "/staff/password/", everyone(200, anonymous=302)),
    # Shows new backup codes once, straight after they are made; otherwise back to the account page.
    "accounts:backup_codes": Route(
        "GET", lambda w: "/staff/two-factor/backup-codes/", everyone(302, anonymous=302)
    ),
    "accounts:backup_codes_new": Route(
        "POST", lambda w: "/staff/two-factor/backup-codes/new/", everyone(302, anonymous=302)
    ),
    # Cases: the list holds only one's own, so everyone signed in may open it.
    "cases:list": Route("GET", lambda w: "/staff/cases/", everyone(200, anonymous=302)),
    "cases:export": Route("GET", lambda w: "/staff/cases/download.csv", everyone(200, anonymous=302)),
    "cases:detail": Route("GET", lambda w: f"/staff/cases/{w.reference}/", CASE_SEEN | NOT_THEIRS),
    # The case page's other sections: the letters and messages only for those who read the case's
    # correspondence (the officer of an asked agency does not); the rest as the summary (below).
    "cases:section": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reference}/letters-and-messages/",
        {COORDINATOR: 200, ASKED_OFFICER: 404, CHAIR: 200, AUDITOR: 200, **NOT_THEIRS},
    ),
    "cases:acknowledge": Route(
        "POST", lambda w: f"/staff/cases/{w.reference}/acknowledge/", COORDINATOR_ACTS
    ),
    "cases:decide": Route(
        "GET", lambda w: f"/staff/cases/{w.reference}/decision/", COORDINATOR_ACTS | {COORDINATOR: 200}
    ),
    "cases:request_information": Route(
        "POST", lambda w: f"/staff/cases/{w.reference}/information-requests/", COORDINATOR_ACTS
    ),
    # The coordinator gives an agency more time (this case waits for no answer yet: back to it).
    "cases:request_due_date": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reference}/information-requests/{w.police_request}/due-date/",
        COORDINATOR_ACTS,
    ),
    # Where it happens, who is said to be responsible, linking cases: the coordinator's pages.
    "related:place_new": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reference}/related/places/new/",
        COORDINATOR_ACTS | {COORDINATOR: 200},
    ),
    "related:perpetrator_new": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reference}/related/alleged-perpetrators/new/",
        COORDINATOR_ACTS | {COORDINATOR: 200},
    ),
    "related:link_new": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reference}/related/links/new/",
        COORDINATOR_ACTS | {COORDINATOR: 200},
    ),
    # The coordinator records an answer an agency sent by email, phone or letter.
    "cases:record_answer": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reference}/information-requests/{w.police_request}/record-answer/",
        COORDINATOR_ACTS | {COORDINATOR: 200},
    ),
    # Only an officer of an agency that was asked has anything to answer.
    "cases:answer": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reference}/answer/",
        {COORDINATOR: 404, ASKED_OFFICER: 200, CHAIR: 404, AUDITOR: 404, **NOT_THEIRS},
    ),
    # Giving the case to another coordinator: the coordinator's.
    "cases:owner_change": Route(
        "GET", lambda w: f"/staff/cases/{w.reference}/owner/", COORDINATOR_ACTS | {COORDINATOR: 200}
    ),
    # Letters to the applicant: for those who read the case's correspondence, not agency officers.
    "letters:pdf": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reference}/letters/{w.letter}.pdf",
        {COORDINATOR: 200, ASKED_OFFICER: 404, CHAIR: 200, AUDITOR: 200, **NOT_THEIRS},
    ),
    # The format the applicant needs letters in: the coordinator's to change, with a reason.
    "letters:format": Route(
        "GET", lambda w: f"/staff/cases/{w.reference}/letters/format/", COORDINATOR_ACTS | {COORDINATOR: 200}
    ),
    "letters:posted": Route(
        "POST", lambda w: f"/staff/cases/{w.reference}/letters/{w.letter}/posted/", COORDINATOR_ACTS
    ),
    "letters:resend": Route(
        "POST", lambda w: f"/staff/cases/{w.reference}/letters/{w.letter}/resend/", COORDINATOR_ACTS
    ),
    "notifications:send_again": Route(
        "POST", lambda w: f"/staff/cases/{w.reference}/messages/{w.message}/send-again/", COORDINATOR_ACTS
    ),
    # The review, on the reviewed case: its outcome sent, an escalation asked for.
    "reviews:schedule": Route(
        "GET", lambda w: f"/staff/cases/{w.reviewed.reference}/review/schedule/", COORDINATOR_ACTS
    ),
    # The coordinator changes a meeting still to come (this one has been held: back to the case).
    "reviews:meeting_change": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reviewed.reference}/review/meetings/{w.meeting}/change/",
        COORDINATOR_ACTS,
    ),
    # Only the panel (the chair, the coordinator and the police officer) opens the pack.
    "reviews:pack": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reviewed.reference}/review/meetings/{w.meeting}/pack.pdf",
        {COORDINATOR: 200, ASKED_OFFICER: 200, CHAIR: 200, AUDITOR: 404, **NOT_THEIRS},
    ),
    # The coordinator or the meeting's chair writes the record and the recommendations (both done).
    "reviews:record": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reviewed.reference}/review/meetings/{w.meeting}/record/",
        COORDINATOR_ACTS | {CHAIR: 302},
    ),
    "reviews:recommend": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reviewed.reference}/review/meetings/{w.meeting}/recommendations/add/",
        COORDINATOR_ACTS | {CHAIR: 302},
    ),
    # The addressed agency (the police) and the coordinator update a recommendation.
    "reviews:recommendation": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reviewed.reference}/review/recommendations/{w.recommendation}/",
        COORDINATOR_ACTS | {COORDINATOR: 200, ASKED_OFFICER: 200},
    ),
    # The coordinator or the meeting's chair rewords or re-dates a recommendation still open.
    "reviews:recommendation_change": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reviewed.reference}/review/recommendations/{w.recommendation}/change/",
        COORDINATOR_ACTS | {COORDINATOR: 200, CHAIR: 200},
    ),
    "reviews:plan_share": Route(
        "POST",
        lambda w: f"/staff/cases/{w.reviewed.reference}/review/meetings/{w.meeting}/plan/share/",
        COORDINATOR_ACTS,
    ),
    "reviews:plan_comments": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reviewed.reference}/review/meetings/{w.meeting}/plan/comments/",
        COORDINATOR_ACTS | {COORDINATOR: 200},
    ),
    # Final already: the coordinator is told so (409), everyone else refused as for any action.
    "reviews:plan_final": Route(
        "POST",
        lambda w: f"/staff/cases/{w.reviewed.reference}/review/meetings/{w.meeting}/plan/final/",
        COORDINATOR_ACTS | {COORDINATOR: 409},
    ),
    "reviews:outcome": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reviewed.reference}/review/meetings/{w.meeting}/outcome/",
        COORDINATOR_ACTS,
    ),
    # Escalated, with a recommendation still open: the coordinator is told why it cannot close.
    "reviews:close": Route(
        "POST",
        lambda w: f"/staff/cases/{w.reviewed.reference}/review/close/",
        COORDINATOR_ACTS | {COORDINATOR: 409},
    ),
    "reviews:escalation_new": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reviewed.reference}/review/escalations/new/",
        COORDINATOR_ACTS | {COORDINATOR: 200},
    ),
    # Only a reviewer who took no part decides: the chair chaired this panel, so is refused too.
    "reviews:escalation_decide": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reviewed.reference}/review/escalations/{w.escalation}/decide/",
        COORDINATOR_ACTS | {COORDINATOR: 403},
    ),
    # The case diary: read by whoever sees the case (each reads the entries theirs to read);
    # written by the coordinator, and by the officer of the agency asked about the case.
    "diary:list": Route("GET", lambda w: f"/staff/cases/{w.reference}/diary/", CASE_SEEN | NOT_THEIRS),
    "diary:add": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reference}/diary/new/",
        {COORDINATOR: 200, ASKED_OFFICER: 200, CHAIR: 403, AUDITOR: 403, **NOT_THEIRS},
    ),
    # Documents: the coordinator adds to any part; the asked agency's officer to the case and to their
    # own agency's answer; the chair to their meeting. Whoever sees a document downloads it.
    "documents:add": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reference}/documents/add/",
        COORDINATOR_ACTS | {COORDINATOR: 200, ASKED_OFFICER: 200},
    ),
    "documents:add_to_answer": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reference}/documents/add/answers/{w.police_answer}/",
        COORDINATOR_ACTS | {COORDINATOR: 200, ASKED_OFFICER: 200},
    ),
    "documents:add_to_meeting": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reviewed.reference}/documents/add/meetings/{w.meeting}/",
        COORDINATOR_ACTS | {COORDINATOR: 200, CHAIR: 200},
    ),
    "documents:add_to_entry": Route(
        "GET",
        lambda w: f"/staff/cases/{w.reference}/documents/add/diary/{w.diary_entry}/",
        COORDINATOR_ACTS | {COORDINATOR: 200},
    ),
    "documents:download": Route(
        "GET", lambda w: f"/staff/cases/{w.reference}/documents/{w.document}/", CASE_SEEN | NOT_THEIRS
    ),
    # Entering an application received by phone or post: for the partnership's coordinators.
    "entry:list": Route(
        "GET",
        lambda w: "/staff/applications/",
        {**NOT_STAFF_ENTRY, COORDINATOR: 200, OTHER_PARTNERSHIP: 200},
    ),
    "entry:new": Route(
        "GET", lambda w: "/staff/applications/new/test-valley/", {**NOT_STAFF_ENTRY, COORDINATOR: 200}
    ),
    # An entry is its author's alone: nobody else learns it exists. Pages not reached yet send its
    # author on to the first question still to answer.
    **{
        f"entry:{name}": Route("GET", entry_page(page), own_entry(status))
        for name, page, status in (
            ("continue", "", 302),
            ("received", "received/", 200),
            ("delete", "delete/", 200),
            ("complaints_procedure", "complaints-procedure/", 302),
            ("no_consent", "no-consent/", 200),
            ("step", "who/", 200),
            ("members", "members/", 302),
            ("member_add", "members/add/", 302),
            ("member", "members/m1/", 302),
            ("member_remove", "members/m1/remove/", 302),
            ("incidents", "incidents/", 302),
            ("incident_add", "incidents/add/", 302),
            ("incident", "incidents/i1/", 302),
            ("incident_remove", "incidents/i1/remove/", 302),
            ("reports", "incidents/i1/reports/", 302),
            ("report_add", "incidents/i1/reports/add/", 302),
            ("report", "incidents/i1/reports/r1/", 302),
            ("report_remove", "incidents/i1/reports/r1/remove/", 302),
            ("check_answers", "check-answers/", 302),
        )
    },
    # What falls due: each sees only what is on their own cases (an empty page for the rest).
    "deadlines:due": Route("GET", lambda w: "/staff/due/", everyone(200, anonymous=302)),
    # The audit log is the auditors' page.
    "audit:log": Route(
        "GET",
        lambda w: "/staff/audit/",
        {
            COORDINATOR: 403,
            ASKED_OFFICER: 403,
            OTHER_OFFICER: 403,
            CHAIR: 403,
            AUDITOR: 200,
            OTHER_PARTNERSHIP: 403,
            ANONYMOUS: 302,
        },
    ),
    # Searching it too (the search is kept in the session; the log names only its id).
    "audit:search": Route(
        "POST",
        lambda w: "/staff/audit/search/",
        {**everyone(403, anonymous=302), AUDITOR: 302},
    ),
    # Data protection: the hub is every member of staff's (each reads their own partnership's details);
    # who looked and the alerts are the data protection officer's (tests/oversight/test_access.py has
    # that persona); the team pages those who manage the partnership's staff, its coordinators.
    "oversight:hub": Route("GET", lambda w: "/staff/data-protection/", everyone(200, anonymous=302)),
    "oversight:alerts": Route(
        "GET", lambda w: "/staff/data-protection/access/", everyone(403, anonymous=302)
    ),
    "oversight:alert_review": Route(
        "GET",
        lambda w: f"/staff/data-protection/access/alerts/{w.access_alert}/",
        everyone(403, anonymous=302),
    ),
    "oversight:access": Route(
        "GET", lambda w: "/staff/data-protection/access/report/", everyone(403, anonymous=302)
    ),
    "oversight:access_search": Route(
        "POST", lambda w: "/staff/data-protection/access/report/search/", everyone(403, anonymous=302)
    ),
    "oversight:access_csv": Route(
        "GET", lambda w: "/staff/data-protection/access/report/download/", everyone(403, anonymous=302)
    ),
    "team:list": Route(
        "GET",
        lambda w: "/staff/team/",
        {**everyone(403, anonymous=302), COORDINATOR: 200, OTHER_PARTNERSHIP: 200},
    ),
    "team:leaving": Route(
        "GET",
        lambda w: f"/staff/team/{w.person(CHAIR).pk}/leaving/",
        {**everyone(403, anonymous=302), COORDINATOR: 200, OTHER_PARTNERSHIP: 404},
    ),
    # The published figures: the coordinator's pages. The partnership's own other staff are refused;
    # another partnership's coordinator finds nothing here (but has a list of their own).
    "statistics_staff:index": Route(
        "GET",
        lambda w: "/staff/statistics/",
        {**everyone(403, anonymous=302), COORDINATOR: 200, OTHER_PARTNERSHIP: 200},
    ),
    "statistics_staff:partnership": Route("GET", lambda w: "/staff/statistics/test-valley/", PUBLISHER),
    "statistics_staff:publish": Route(
        "GET", lambda w: f"/staff/statistics/test-valley/{w.ended_year}/publish/", PUBLISHER
    ),
    # Importing past cases: for those who manage cases (each into their own partnership). With nothing
    # uploaded, confirming sends them back to the upload page.
    "imports:page": Route(
        "GET",
        lambda w: "/staff/import/",
        {**everyone(403, anonymous=302), COORDINATOR: 200, OTHER_PARTNERSHIP: 200},
    ),
    # Data requests: for those who handle them (coordinators), each only their own partnership's; a
    # page for a step the request is not at (an erasure request has no export) answers 404.
    "datarequests:list": Route(
        "GET",
        lambda w: "/staff/data-protection/requests/",
        {**everyone(404, anonymous=302), COORDINATOR: 200, OTHER_PARTNERSHIP: 200},
    ),
    "datarequests:record": Route(
        "GET",
        lambda w: "/staff/data-protection/requests/new/",
        {**everyone(404, anonymous=302), COORDINATOR: 200, OTHER_PARTNERSHIP: 200},
    ),
    **{
        f"datarequests:{name}": Route(
            "GET",
            _data_request_page(page),
            {**everyone(404, anonymous=302), COORDINATOR: status},
        )
        for name, page, status in (
            ("detail", "", 200),
            ("extend", "extend/", 200),
            ("search", "search/", 200),
            ("redactions", "redactions/", 404),
            ("release", "release/", 200),
            ("download", "export.zip", 404),
            ("rectify", "rectify/", 404),
            ("erasure", "erasure/", 200),
            ("refusal_letter", "refusal-letter.pdf", 404),
        )
    },
    "imports:confirm": Route(
        "POST",
        lambda w: "/staff/import/confirm/",
        {**everyone(403, anonymous=302), COORDINATOR: 302, OTHER_PARTNERSHIP: 302},
    ),
    # The agencies' incident records: the coordinator's (and the data protection officer's, reading
    # only: tests/incidents/test_access.py); everyone else finds nothing. Another partnership's
    # coordinator has a list and an upload of their own.
    "incidents:list": Route(
        "GET",
        lambda w: "/staff/incidents/",
        {**everyone(404, anonymous=302), COORDINATOR: 200, OTHER_PARTNERSHIP: 200},
    ),
    "incidents:record": Route(
        "GET",
        lambda w: f"/staff/incidents/{_incident_record()}/",
        {**everyone(404, anonymous=302), COORDINATOR: 200},
    ),
    # The matrix's record is linked to no other: nothing to confirm or split, so 404 for everyone
    # (tests/incidents/test_linkage.py checks each persona on a linked record).
    "incidents:link_decision": Route(
        "POST",
        lambda w: f"/staff/incidents/{_incident_record()}/link/",
        {**everyone(404, anonymous=302)},
    ),
    "incidents:upload": Route(
        "GET",
        lambda w: "/staff/incidents/upload/",
        {**everyone(404, anonymous=302), COORDINATOR: 200, OTHER_PARTNERSHIP: 200},
    ),
    # With nothing uploaded, the columns send them back to the upload.
    "incidents:columns": Route(
        "POST",
        lambda w: "/staff/incidents/upload/columns/",
        {**everyone(404, anonymous=302), COORDINATOR: 302, OTHER_PARTNERSHIP: 302},
    ),
    "incidents:intake": Route(
        "GET",
        lambda w: "/staff/incidents/test-valley/intake/",
        {**everyone(404, anonymous=302), COORDINATOR: 200},
    ),
    "incidents:intake_off": Route(
        "POST",
        lambda w: "/staff/incidents/test-valley/intake/off/",
        {**everyone(404, anonymous=302), COORDINATOR: 302},
    ),
    "incidents:tokens": Route(
        "GET",
        lambda w: "/staff/incidents/test-valley/tokens/",
        {**everyone(404, anonymous=302), COORDINATOR: 200},
    ),
    "incidents:token_revoke": Route(
        "POST",
        lambda w: f"/staff/incidents/test-valley/tokens/{_incident_token()}/revoke/",
        {**everyone(404, anonymous=302), COORDINATOR: 302},
    ),
    # Retention: for those who manage it (coordinators, the data protection officer), each for their own
    # partnership; lifting a hold on this partnership's case is not found for anyone else's coordinator.
    "retention:page": Route(
        "GET",
        lambda w: "/staff/data-protection/retention/",
        {**everyone(403, anonymous=302), COORDINATOR: 200, OTHER_PARTNERSHIP: 200},
    ),
    "retention:hold": Route(
        "GET",
        lambda w: "/staff/data-protection/retention/hold/",
        {**everyone(403, anonymous=302), COORDINATOR: 200, OTHER_PARTNERSHIP: 200},
    ),
    "retention:lift": Route(
        "GET",
        lambda w: f"/staff/data-protection/retention/hold/{w.held}/lift/",
        {**everyone(403, anonymous=302), COORDINATOR: 200, OTHER_PARTNERSHIP: 404},
    ),
    # Early warning: the coordinator acts on findings (the data protection officer reads them:
    # tests/earlywarning/test_pages.py); an agency's officers see their own agency's second-report
    # tasks only (the task here is the police's, the asked agency's).
    "earlywarning:list": Route(
        "GET",
        lambda w: "/staff/early-warning/",
        {**everyone(404, anonymous=302), COORDINATOR: 200, OTHER_PARTNERSHIP: 200},
    ),
    "earlywarning:finding": Route(
        "GET",
        lambda w: f"/staff/early-warning/{_early_warning(Kind.PERSON)}/",
        {**everyone(404, anonymous=302), COORDINATOR: 200},
    ),
    "earlywarning:tasks": Route(
        "GET",
        lambda w: "/staff/early-warning/tasks/",
        {**everyone(404, anonymous=302), ASKED_OFFICER: 200, OTHER_OFFICER: 200},
    ),
    "earlywarning:task": Route(
        "GET",
        lambda w: f"/staff/early-warning/tasks/{_early_warning(Kind.SECOND_REPORT)}/",
        {**everyone(404, anonymous=302), ASKED_OFFICER: 200},
    ),
}


def _early_warning(kind: str) -> int:
    """A finding of `kind`: a person with three reports in six months; another whose second report
    within six months was made to the police."""
    robin, sam = person(), person()
    for office, month in (("council", 1), ("housing", 2), ("council", 3)):
        incident_report(office, date(2024, month, 5), by=robin)
    incident_report("housing", date(2024, 2, 9), by=sam)
    incident_report("police", date(2024, 3, 9), by=sam)
    findings_detect(partnership=partnership(), today=date(2024, 3, 20))
    return Finding.objects.get(kind=kind, reporter=robin if kind == Kind.PERSON else sam).pk


def _incident_record() -> int:
    """An incident record the demo partnership's police sent."""
    intake_on()
    records_import(
        agency=agency("police"),
        opener=opener(csv_bytes([row("P-1")])),
        name="p.csv",
        mapping=MAPPING,
        actor=None,
    )
    return IncidentRecord.objects.get().pk


def _incident_token() -> int:
    return token_create(agency=agency("police"), name="Police records system", actor=staff("tok"))[0].pk


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", ROUTES)
def test_each_persona_gets_what_they_should_from_each_staff_url(
    client: Client, route: str, persona: str
) -> None:
    world = _world_seen_by(client, persona)
    call = ROUTES[route]

    response = client.generic(call.method, call.path(world))

    assert response.status_code == call.statuses[persona]


def _world_seen_by(client: Client, persona: str) -> World:
    """The world, with `client` signed in as `persona`."""
    people = {name: _staff_persona(name) for name in (COORDINATOR, ASKED_OFFICER, CHAIR)}
    world = _world(people)
    if persona in people:
        verified(client, people[persona])
    else:
        signed_in_as(client, persona)
    return world


# What each persona reads in the renderings of a case that leave the page: the meeting pack, the
# letters and the CSV file (cases/selectors.py, `Disclosure`, decides for all three).

IMPACT = "I cannot sleep"  # the applicant's own account, as the builders give it
POLICE_RISK = "The neighbour keeps a loaded air rifle."
# Who reads what in the pack: the chair and the coordinator the whole case, the police officer on
# the panel their own agency's note marked sensitive but not the applicant's account.
PACK_READS = {COORDINATOR: {IMPACT, POLICE_RISK}, CHAIR: {IMPACT, POLICE_RISK}, ASKED_OFFICER: {POLICE_RISK}}


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "rendered.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return " ".join(text.split())


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reads_in_the_meeting_pack_only_what_they_may(
    client: Client, persona: str, tmp_path: Path
) -> None:
    world = _world_seen_by(client, persona)
    information_answer(
        request=world.reviewed.information_requests.get(),
        checks={},
        action_taken="Patrols.",
        outcome="Quieter.",
        other_history="",
        risk=POLICE_RISK,
        risk_sensitive=True,
        actor=world.person(ASKED_OFFICER),
    )

    response = client.get(ROUTES["reviews:pack"].path(world))

    assert response.status_code == ROUTES["reviews:pack"].statuses[persona]
    if response.status_code == 200:
        text = _pdf_text(response.content, tmp_path)
        assert {shown for shown in (IMPACT, POLICE_RISK) if shown in text} == PACK_READS[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_and_opens_the_letters_only_if_they_read_the_correspondence(
    client: Client, persona: str, tmp_path: Path
) -> None:
    world = _world_seen_by(client, persona)
    letter_url = ROUTES["letters:pdf"].path(world)

    page = client.get(ROUTES["cases:section"].path(world))
    response = client.get(letter_url)

    assert response.status_code == ROUTES["letters:pdf"].statuses[persona]
    listed = page.status_code == 200 and letter_url in page.content.decode()
    assert listed == (response.status_code == 200)
    if response.status_code == 200:
        assert world.reference in _pdf_text(response.content, tmp_path)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_downloads_only_the_cases_they_may_see(client: Client, persona: str) -> None:
    world = _world_seen_by(client, persona)
    housings = submitted(partnership())
    InformationRequest.objects.create(
        application=housings,
        agency=housings.partnership.agencies.get(kind="housing"),
        due_by=timezone.localdate() + timedelta(days=10),
    )
    expected = {
        COORDINATOR: {world.reference, housings.reference},
        CHAIR: {world.reference, housings.reference},
        AUDITOR: {world.reference, housings.reference},
        ASKED_OFFICER: {world.reference},  # the police officer: only the police's case
        OTHER_OFFICER: {housings.reference},  # the housing officer: only housing's
        OTHER_PARTNERSHIP: set(),
    }

    response = client.get(ROUTES["cases:export"].path(world))

    assert response.status_code == ROUTES["cases:export"].statuses[persona]
    if persona != ANONYMOUS:
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))[1:]  # type: ignore[attr-defined]
        assert {row[0] for row in rows} == expected[persona]


def test_each_row_of_the_matrix_names_every_persona() -> None:
    incomplete = [name for name, route in ROUTES.items() if set(route.statuses) != set(PERSONAS)]

    assert incomplete == []


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("section", [section for section in Section if section != Section.SUMMARY])
def test_each_section_of_the_case_page_opens_as_the_case_page_does(
    client: Client, persona: str, section: Section
) -> None:
    world = _world_seen_by(client, persona)
    expected = ROUTES["cases:section" if section == Section.LETTERS else "cases:detail"].statuses[persona]

    response = client.get(case_section_url(world.reference, section))

    assert response.status_code == expected
    if expected == 200:
        # Its sub navigation offers the sections this persona has, and no other.
        links = {
            link for link in Section if case_section_url(world.reference, link) in response.content.decode()
        }
        assert (Section.LETTERS in links) == (ROUTES["cases:section"].statuses[persona] == 200)


def test_every_staff_url_has_a_row_in_the_matrix() -> None:
    staff_urls = {name for route, name in _named_routes(get_resolver()) if route.startswith("staff/")}

    assert staff_urls - set(ROUTES) == set()
    assert set(ROUTES) - staff_urls == set()


def _named_routes(resolver: URLResolver, prefix: str = "", namespace: str = "") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _named_routes(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            found.append((prefix + str(entry.pattern), f"{namespace}{entry.name}"))
    return found
