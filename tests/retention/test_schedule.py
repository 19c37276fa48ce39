"""Which cases the schedule anonymises and when: closed cases after their years, threshold not met and
withdrawn after theirs (never with an escalation open), nothing held, nothing early; drafts by the
schedule's days; a schedule made with the privacy notice's years, and every change to it audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from accounts.people import staff, verified
from applications.builders import APPLICANT_NAME, draft, other_partnership, partnership
from django.test import Client

from community_trigger.applications.models import Draft
from community_trigger.applications.services import drafts_delete_stale
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application, Happened, Person
from community_trigger.domain.access import Role
from community_trigger.domain.workflow import State
from community_trigger.retention.anonymise import REMOVED, CaseOnHold, case_anonymise, person_erase
from community_trigger.retention.models import RetentionSchedule
from community_trigger.retention.selectors import expiring, schedule_for
from community_trigger.retention.services import HoldRefused, hold_lift, hold_place, schedule_save
from community_trigger.retention.tasks import retention_sweep
from retention.cases import ended

pytestmark = pytest.mark.django_db

DECIDED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TWO_YEARS_ON = datetime(2028, 11, 20, 12, 0, tzinfo=UTC)


def _sweep(on: datetime) -> None:
    with time_machine.travel(on, tick=False):
        retention_sweep.enqueue()


def _anonymised(case: Application) -> bool:
    case.refresh_from_db()
    return case.anonymised_at is not None


@pytest.mark.parametrize("to", [State.THRESHOLD_NOT_MET, State.WITHDRAWN, State.CLOSED])
def test_threshold_not_met_or_withdrawn_is_anonymised_two_years_after_and_not_a_day_before(to: State) -> None:
    case = ended(staff(), to, DECIDED)

    _sweep(TWO_YEARS_ON - timedelta(days=1))
    early = _anonymised(case)
    _sweep(TWO_YEARS_ON)

    assert (early, _anonymised(case)) == (False, True)
    assert Person.objects.filter(application=case).exclude(name=REMOVED).count() == 0
    assert case.events.filter(kind=Happened.ANONYMISED).count() == 1


def test_a_case_with_an_escalation_open_is_never_anonymised() -> None:
    case = ended(staff(), State.ESCALATED, DECIDED)

    _sweep(TWO_YEARS_ON + timedelta(days=3650))

    assert not _anonymised(case)
    assert Person.objects.filter(application=case, name=APPLICANT_NAME).exists()


def test_a_case_on_hold_is_kept_until_the_hold_is_lifted() -> None:
    coordinator = staff()
    case = ended(coordinator, State.WITHDRAWN, DECIDED)
    hold = hold_place(application=case, reason="The county court asked for it.", actor=coordinator)

    _sweep(TWO_YEARS_ON + timedelta(days=30))
    held = _anonymised(case)
    with pytest.raises(CaseOnHold):
        case_anonymise(application=case, why="erasure")
    with time_machine.travel(TWO_YEARS_ON + timedelta(days=31), tick=False):
        hold_lift(application=case, reason="The court case ended.", actor=coordinator)
    _sweep(TWO_YEARS_ON + timedelta(days=32))

    assert (held, _anonymised(case)) == (False, True)
    kinds = list(case.events.filter(kind__startswith="hold").values_list("kind", flat=True))
    assert kinds == [Happened.HOLD_PLACED, Happened.HOLD_LIFTED]
    hold.refresh_from_db()
    assert (hold.reason, hold.lift_reason) == (REMOVED, "")  # the reasons were words about the case


def test_a_hold_needs_a_reason_and_only_one_is_on_at_a_time() -> None:
    coordinator = staff()
    case = ended(coordinator, State.WITHDRAWN, DECIDED)

    with pytest.raises(HoldRefused):
        hold_place(application=case, reason="  ", actor=coordinator)
    hold_place(application=case, reason="An inquiry.", actor=coordinator)
    with pytest.raises(HoldRefused):
        hold_place(application=case, reason="Again.", actor=coordinator)
    with pytest.raises(HoldRefused):
        hold_lift(application=case, reason="", actor=coordinator)

    assert case.events.get(kind=Happened.HOLD_PLACED).reason == "An inquiry."


def test_only_someone_who_manages_retention_may_hold_a_case_whoever_calls_the_service() -> None:
    case = ended(staff(), State.WITHDRAWN, DECIDED)

    with pytest.raises(HoldRefused, match="You do not manage retention"):
        hold_place(application=case, reason="Mine.", actor=staff("otto", role=Role.AGENCY_OFFICER))

    assert not case.legal_holds.exists()


def test_the_page_lists_what_falls_due_within_30_days_and_not_what_is_held_or_later() -> None:
    coordinator = staff()
    soon = ended(coordinator, State.WITHDRAWN, DECIDED)
    later = ended(coordinator, State.WITHDRAWN, DECIDED + timedelta(days=40))
    held = ended(coordinator, State.THRESHOLD_NOT_MET, DECIDED)
    hold_place(application=held, reason="An inquiry.", actor=coordinator)

    due = expiring(partnership(), by=(TWO_YEARS_ON + timedelta(days=30)).date())

    assert [case.pk for case in due] == [soon.pk]
    assert later.pk not in [case.pk for case in expiring(partnership(), by=TWO_YEARS_ON.date())]


def test_a_new_partnerships_schedule_starts_from_the_defaults() -> None:
    elsewhere = other_partnership()

    schedule = schedule_for(elsewhere)

    assert (schedule.closed_years, schedule.not_met_years, schedule.draft_days, schedule.audit_years) == (
        6,
        2,
        30,
        7,
    )
    assert RetentionSchedule.objects.filter(partnership=elsewhere).count() == 1


def test_every_change_to_a_schedule_is_audited_in_words() -> None:
    admin_user = staff("ada", role=None, superuser=True)
    schedule = schedule_for(partnership())
    schedule.closed_years, schedule.draft_days = 5, 14

    schedule_save(schedule=schedule, actor=admin_user)

    entry = AuditEntry.objects.filter(subject="retentionschedule").latest("pk")
    assert entry.detail == "retention schedule: closed cases 6 → 5 years; unsent drafts 30 → 14 days"
    assert entry.actor == admin_user


def test_unsent_drafts_go_after_their_partnerships_days() -> None:
    with time_machine.travel(DECIDED, tick=False):
        kept_longer = draft(partnership())
        usual = draft(other_partnership())
    schedule = schedule_for(partnership())
    schedule.draft_days = 60
    schedule.save()

    with time_machine.travel(DECIDED + timedelta(days=31), tick=False):
        first = drafts_delete_stale()
    with time_machine.travel(DECIDED + timedelta(days=61), tick=False):
        second = drafts_delete_stale()

    assert (first, second) == (1, 1)
    assert not Draft.objects.filter(pk__in=[kept_longer.pk, usual.pk]).exists()


def test_erasing_one_person_leaves_the_case_and_everyone_else() -> None:
    coordinator = staff()
    case = ended(coordinator, State.WITHDRAWN, DECIDED, role="representative")
    victim = Person.objects.get(application=case, role="victim")
    applicant = Person.objects.get(application=case, role="applicant")

    assert person_erase(person=victim, actor=coordinator) is True
    assert person_erase(person=victim, actor=coordinator) is False

    victim.refresh_from_db()
    applicant.refresh_from_db()
    assert (victim.name, victim.email, victim.phone, victim.address) == (REMOVED, "", "", "")
    assert applicant.name == APPLICANT_NAME
    assert not _anonymised(case)
    event = case.events.get(kind=Happened.ANONYMISED)
    assert (event.facts["why"], event.facts["person"]) == ("erasure", victim.pk)
    entry = AuditEntry.objects.filter(subject="application", subject_id=str(case.pk)).latest("pk")
    assert entry.detail == "personal data removed (erasure request)"


def test_a_platform_administrator_changes_a_schedule_in_the_admin_and_it_is_audited() -> None:
    administrator = staff("ada", role=None, superuser=True)
    schedule = schedule_for(partnership())
    client = verified(Client(), administrator)
    change = f"/admin/retention/retentionschedule/{schedule.pk}/change/"

    page = client.get(change)
    saved = client.post(
        change,
        {
            "closed_years": "5",
            "not_met_years": "2",
            "draft_days": "30",
            "audit_years": "7",
            "data_request_years": "2",
        },
    )

    assert page.status_code == 200
    assert saved.status_code == 302
    schedule.refresh_from_db()
    assert schedule.closed_years == 5
    details = list(AuditEntry.objects.filter(subject="retentionschedule").values_list("detail", flat=True))
    assert "retention schedule: closed cases 6 → 5 years" in details
