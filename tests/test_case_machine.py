"""Random cases driven through the services by random people, checked after every step against what
the case core promises: the history only grows; every change has its audit entry; a recount from the
history equals the live figures; a step the rulebook does not allow is refused; every message is
queued exactly once; and no view of the case shows a person what their role may not see.

Hypothesis chooses the steps, who takes them and in what order, including steps taken by the wrong
person or at the wrong time; each run is one case of the demo partnership, rolled back at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from accounts.people import staff
from applications.builders import partnership, submitted
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from community_trigger.audit.models import AuditEntry
from community_trigger.casefile.selectors import case_view_of
from community_trigger.cases.models import Application, CaseEvent
from community_trigger.cases.selectors import case_actions_for, case_list_for
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide
from community_trigger.cases.services.intake import application_withdraw
from community_trigger.common.calendar import working_days_after
from community_trigger.consequences.dispatch import recount
from community_trigger.domain.access import Role
from community_trigger.domain.actions import Action, Standing, rulebook
from community_trigger.letters.models import Letter
from community_trigger.notifications.models import Message
from community_trigger.reviews.models import Escalation, Meeting, Recommendation, VictimInvolvement
from community_trigger.reviews.services import escalations, meetings, plans
from community_trigger.sharing.models import InformationRequest
from community_trigger.sharing.services import (
    Answer,
    information_answer,
    information_answer_record,
    information_request_all,
    information_request_due_date_change,
)
from community_trigger.statistics.models import Counted

pytestmark = pytest.mark.django_db(transaction=False)

PEOPLE = ["coordinator", "chair", "reviewer", "police_officer", "housing_officer", "auditor"]
APPLICANT = "applicant"


class Refused(Exception):
    """What the machine saw when a service turned a step down."""


def _refusal(error: Exception) -> bool:
    """A service's own refusal (one of the project's exceptions), as opposed to a crash."""
    return type(error).__module__.startswith("community_trigger.")


class CaseMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.people = {
            "coordinator": staff("cora"),
            "chair": staff("chad", role=Role.PANEL_CHAIR),
            "reviewer": staff("rhea", role=Role.PANEL_CHAIR),
            "police_officer": staff("otto", role=Role.AGENCY_OFFICER, agency_kind="police"),
            "housing_officer": staff("hana", role=Role.AGENCY_OFFICER, agency_kind="housing"),
            "auditor": staff("aude", role=Role.AUDITOR),
        }
        self.case = submitted(partnership())
        self.history: list[tuple[int, str, str, str]] = self._history()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # Taking a step ----------------------------------------------------------------------------------

    def _fresh(self) -> Application:
        return Application.objects.get(pk=self.case.pk)

    def _allowed(self, who: str, action: Action) -> bool:
        case = self._fresh()
        if who == APPLICANT:
            facts = case_actions_for(AnonymousUser(), case).facts
            return rulebook(facts, Standing(applicant=True))[action].available
        return case_actions_for(self.people[who], case)[action].available

    def _take(self, who: str, action: Action, step: Callable[[], Any]) -> None:
        """Take `step` as `who`; if the rulebook does not allow it, the service must refuse it and
        change nothing."""
        allowed = self._allowed(who, action)
        events = CaseEvent.objects.filter(application=self.case).count()
        try:
            with transaction.atomic():
                step()
        except Exception as error:
            if not _refusal(error):
                raise
            assert CaseEvent.objects.filter(application=self.case).count() == events
            return
        assert allowed, f"{who} could {action.value}, which the rulebook does not allow them now"

    def _meeting(self) -> Meeting | None:
        return Meeting.objects.filter(application=self.case).order_by("-starts_at", "-pk").first()

    # The steps ----------------------------------------------------------------------------------------

    @rule(who=st.sampled_from(PEOPLE))
    def acknowledge(self, who: str) -> None:
        self._take(
            who,
            Action.ACKNOWLEDGE,
            lambda: application_acknowledge(application=self._fresh(), actor=self.people[who]),
        )

    @rule(
        who=st.sampled_from(PEOPLE),
        outcome=st.sampled_from(["threshold_met", "threshold_not_met", "discretionary_review"]),
    )
    def decide(self, who: str, outcome: str) -> None:
        self._take(
            who,
            Action.DECIDE_THRESHOLD,
            lambda: threshold_decide(
                application=self._fresh(), outcome=outcome, reasons="As discussed.", actor=self.people[who]
            ),
        )

    @rule(who=st.sampled_from(PEOPLE))
    def request_information(self, who: str) -> None:
        self._take(
            who,
            Action.REQUEST_INFORMATION,
            lambda: information_request_all(application=self._fresh(), actor=self.people[who]),
        )

    @rule(who=st.sampled_from(PEOPLE), kind=st.sampled_from(["police", "housing"]))
    def answer(self, who: str, kind: str) -> None:
        request = InformationRequest.objects.filter(application=self.case, agency__kind=kind).first()
        if request is None:
            return
        self._take(
            who,
            Action.ANSWER_REQUEST,
            lambda: information_answer(
                request=request,
                checks={},
                action_taken="Patrols.",
                outcome="It carried on.",
                other_history="",
                risk="A risk to the victim.",
                risk_sensitive=True,
                actor=self.people[who],
            ),
        )

    @rule(who=st.sampled_from(PEOPLE), kind=st.sampled_from(["council", "health"]))
    def record_answer(self, who: str, kind: str) -> None:
        """An agency with nobody in the service answers by email: the coordinator records it."""
        request = InformationRequest.objects.filter(application=self.case, agency__kind=kind).first()
        if request is None:
            return
        self._take(
            who,
            Action.RECORD_ANSWER,
            lambda: information_answer_record(
                request=request,
                answer=Answer(checks={}, action_taken="Nothing held.", outcome="None."),
                sender_name="Jo Bloggs",
                sender_role="ASB team",
                received_via="email",
                received_at=timezone.now(),
                actor=self.people[who],
            ),
        )

    @rule(who=st.sampled_from(PEOPLE))
    def give_more_time(self, who: str) -> None:
        request = InformationRequest.objects.filter(application=self.case, answered_at=None).first()
        if request is None:
            return
        self._take(
            who,
            Action.CHANGE_DUE_DATE,
            lambda: information_request_due_date_change(
                request=request,
                due_by=working_days_after(timezone.localdate(), 25),
                reason="Agreed.",
                actor=self.people[who],
            ),
        )

    @rule()
    def withdraw(self) -> None:
        self._take(
            APPLICANT,
            Action.WITHDRAW,
            lambda: application_withdraw(application=self._fresh(), reason="Moved."),
        )

    @rule(who=st.sampled_from(PEOPLE))
    def arrange_meeting(self, who: str) -> None:
        police, housing = (self._agency(kind) for kind in ("police", "housing"))
        starts_at = timezone.now() - timedelta(hours=3)
        self._take(
            who,
            Action.ARRANGE_MEETING,
            lambda: meetings.meeting_schedule(
                application=self._fresh(),
                starts_at=starts_at,
                place="Beech Hurst, Andover",
                online_link="",
                chair=self.people["chair"],
                chair_independent=False,
                agencies=[police, housing],
                panel=[self.people["coordinator"], self.people["police_officer"]],
                victim_involvement=VictimInvolvement.INVITED,
                unanswered_reason="The victim cannot wait.",
                actor=self.people[who],
                now=starts_at - timedelta(minutes=1),
            ),
        )

    def _agency(self, kind: str) -> Any:
        return self.case.partnership.agencies.get(kind=kind)

    @rule(who=st.sampled_from(PEOPLE))
    def record_meeting(self, who: str) -> None:
        meeting = self._meeting()
        if meeting is None:
            return
        summaries = {agency.pk: "Done what it could." for agency in meeting.agencies.all()}
        self._take(
            who,
            Action.RECORD_MEETING,
            lambda: meetings.meeting_record(
                meeting=meeting,
                attendees="The panel.",
                summaries=summaries,
                findings="More can be done.",
                further_action_possible=True,
                actor=self.people[who],
                now=meeting.starts_at + timedelta(hours=2),
            ),
        )

    @rule(who=st.sampled_from(PEOPLE))
    def recommend(self, who: str) -> None:
        meeting = self._meeting()
        if meeting is None:
            return
        self._take(
            who,
            Action.ADD_RECOMMENDATION,
            lambda: plans.recommendation_add(
                meeting=meeting,
                agency=self._agency("police"),
                owner=self.people["police_officer"],
                action="Patrol every night for a month.",
                due_by=working_days_after(timezone.localdate(), 10),
                actor=self.people[who],
            ),
        )

    @rule(who=st.sampled_from(PEOPLE), to=st.sampled_from(["accepted", "declined", "in_progress", "done"]))
    def move_recommendation(self, who: str, to: str) -> None:
        recommendation = Recommendation.objects.filter(meeting__application=self.case).order_by("pk").first()
        if recommendation is None:
            return
        self._take(
            who,
            Action.UPDATE_RECOMMENDATION,
            lambda: plans.recommendation_update(
                recommendation=recommendation, to=to, reason="No officers free.", actor=self.people[who]
            ),
        )

    @rule(who=st.sampled_from(PEOPLE))
    def share_plan(self, who: str) -> None:
        self._on_meeting(
            who,
            Action.SHARE_PLAN,
            lambda meeting, actor: plans.action_plan_share(meeting=meeting, actor=actor),
        )

    @rule(who=st.sampled_from(PEOPLE))
    def record_comments(self, who: str) -> None:
        self._on_meeting(
            who,
            Action.RECORD_COMMENTS,
            lambda meeting, actor: plans.action_plan_comments(meeting=meeting, comments="Fine.", actor=actor),
        )

    @rule(who=st.sampled_from(PEOPLE))
    def finalise_plan(self, who: str) -> None:
        self._on_meeting(
            who,
            Action.FINALISE_PLAN,
            lambda meeting, actor: plans.action_plan_finalise(meeting=meeting, actor=actor),
        )

    @rule(who=st.sampled_from(PEOPLE))
    def send_outcome(self, who: str) -> None:
        self._on_meeting(
            who,
            Action.SEND_OUTCOME,
            lambda meeting, actor: plans.outcome_send(
                meeting=meeting, summary_for_applicant="More will be done.", actor=actor
            ),
        )

    def _on_meeting(self, who: str, action: Action, step: Callable[[Meeting, Any], Any]) -> None:
        meeting = self._meeting()
        if meeting is not None:
            self._take(who, action, lambda: step(meeting, self.people[who]))

    @rule(who=st.sampled_from(PEOPLE))
    def close(self, who: str) -> None:
        self._take(
            who, Action.CLOSE, lambda: plans.case_close(application=self._fresh(), actor=self.people[who])
        )

    @rule()
    def ask_for_an_escalation(self) -> None:
        self._take(
            APPLICANT,
            Action.RECORD_ESCALATION,
            lambda: escalations.escalation_request(
                application=self._fresh(),
                about=Escalation.About.APPLICATION,
                grounds=[Escalation.Ground.values[0]],
                details="Nobody called me back.",
            ),
        )

    @rule(who=st.sampled_from(PEOPLE), upheld=st.booleans())
    def decide_escalation(self, who: str, upheld: bool) -> None:
        escalation = Escalation.objects.filter(application=self.case, decided_at=None).first()
        if escalation is None:
            return
        self._take(
            who,
            Action.DECIDE_ESCALATION,
            lambda: escalations.escalation_decide(
                escalation=escalation, upheld=upheld, reasons="Looked at again.", actor=self.people[who]
            ),
        )

    @rule(steps=st.integers(min_value=1, max_value=8))
    def the_usual_way_forward(self, steps: int) -> None:
        """A few steps the usual way, by the people who take them, so that runs reach the review and
        what follows it, where the random steps by random people then go on."""
        for _ in range(steps):
            self._next_step()

    def _next_step(self) -> None:
        meeting = self._meeting()
        step = {
            "received": lambda: self.acknowledge("coordinator"),
            "acknowledged": lambda: self.decide("coordinator", "threshold_met"),
            "threshold_met": lambda: self.request_information("coordinator"),
            "discretionary_review": lambda: self.request_information("coordinator"),
            "information_requested": lambda: self.arrange_meeting("coordinator"),
            "review_scheduled": lambda: self.record_meeting("coordinator"),
            "outcome_sent": lambda: self.close("coordinator"),
            "escalated": lambda: self.decide_escalation("reviewer", upheld=True),
        }.get(self._fresh().state)
        if step is None and meeting is not None and meeting.held:
            if not meeting.recommendations.exists():
                step = lambda: self.recommend("coordinator")  # noqa: E731
            elif meeting.recommendations.filter(status="proposed").exists():
                step = lambda: self.move_recommendation("police_officer", "accepted")  # noqa: E731
            elif meeting.plan_shared_at is None:
                step = lambda: self.share_plan("coordinator")  # noqa: E731
            elif meeting.comments_recorded_at is None:
                step = lambda: self.record_comments("coordinator")  # noqa: E731
            elif meeting.plan_final_at is None:
                step = lambda: self.finalise_plan("coordinator")  # noqa: E731
            else:
                step = lambda: self.send_outcome("coordinator")  # noqa: E731
        if step is not None:
            step()

    # What must always hold -----------------------------------------------------------------------------

    def _history(self) -> list[tuple[int, str, str, str]]:
        return list(
            CaseEvent.objects.filter(application=self.case)
            .order_by("pk")
            .values_list("pk", "kind", "from_state", "to_state")
        )

    @invariant()
    def history_only_grows(self) -> None:
        now = self._history()
        assert now[: len(self.history)] == self.history
        self.history = now

    @invariant()
    def every_change_has_its_audit_entry(self) -> None:
        changes = AuditEntry.objects.filter(
            subject="application",
            subject_id=str(self.case.pk),
            action__in=[AuditEntry.Action.CREATE, AuditEntry.Action.CHANGE],
        ).count()
        letters = Letter.objects.filter(application=self.case).count()
        assert changes == len(self._history()) + letters

    @invariant()
    def a_recount_equals_the_live_figures(self) -> None:
        def rows() -> set[tuple[Any, ...]]:
            return set(
                Counted.objects.filter(partnership=self.case.partnership).values_list(
                    "application_id", "figure", "year_basis", "year_start"
                )
            )

        live = rows()
        recount([self.case.partnership_id])
        assert rows() == live

    @invariant()
    def every_message_is_queued_exactly_once(self) -> None:
        for letter in Letter.objects.filter(application=self.case):
            expected = 1 if letter.delivery == Letter.Delivery.EMAIL else 0
            assert Message.objects.filter(letter=letter).count() == expected
        keys = list(Message.objects.filter(case=self.case).values_list("key", flat=True))
        assert len(keys) == len(set(keys))

    @invariant()
    def no_view_shows_what_the_role_may_not_see(self) -> None:
        case = self._fresh()
        for user in self.people.values():
            if not case_list_for(user).filter(pk=case.pk).exists():
                continue
            view = case_view_of(user, case, purpose=AuditEntry.Purpose.CASE_PAGE)
            shown = view.disclosure
            if not shown.assessment:
                assert view.assessment is None
            if not shown.decision_reasons:
                assert all(decision.reasons == "" for decision in view.decisions)
            if not shown.event_reasons:
                assert all(event.reason == "" for event in view.events)
            if not shown.correspondence:
                assert not view.letters.exists()
            if not shown.contact_details:
                assert all(person.email == person.phone == person.address == "" for person in view.people)
            for answer in view.answers:
                own = answer.request.agency_id in shown.own_agencies
                if not (shown.whole_case or own):
                    assert answer.checks == []
                    assert answer.other_history == ""
                if answer.risk and not (shown.sensitive or own):
                    assert not answer.request.response.risk_sensitive


def test_random_cases_keep_every_promise_of_the_case_core() -> None:
    run_state_machine_as_test(
        CaseMachine,
        settings=settings(
            max_examples=15,
            stateful_step_count=30,
            report_multiple_bugs=False,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
