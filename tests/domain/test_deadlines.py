"""Which reminder a day brings for a deadline, and who a capability reaches: rules in pure Python."""

from __future__ import annotations

from datetime import date

import pytest

from community_trigger.domain.access import Capability, Role, roles_with
from community_trigger.domain.deadlines import ReminderMoment, reminder_due

CHRISTMAS_2026 = frozenset({date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)})
TUESDAY = date(2026, 11, 24)
BEFORE, ON_THE_DAY = ReminderMoment.BEFORE, ReminderMoment.ON_THE_DAY


@pytest.mark.parametrize(
    ("today", "reminder"),
    [
        (date(2026, 11, 19), None),  # Thursday: 3 working days ahead
        (date(2026, 11, 20), BEFORE),  # Friday: 2 working days ahead (Monday, Tuesday)
        (date(2026, 11, 21), None),  # Saturday: nobody is at work to read it
        (date(2026, 11, 23), BEFORE),  # Monday: still timely, should Friday's run have been missed
        (TUESDAY, ON_THE_DAY),
        (date(2026, 11, 25), None),  # overdue: the due list shows it, no more emails
    ],
)
def test_a_reminder_comes_two_working_days_before_and_on_the_day(
    today: date, reminder: ReminderMoment | None
) -> None:
    assert reminder_due(TUESDAY, today, 2, frozenset()) is reminder


def test_bank_holidays_count_neither_as_days_before_nor_as_days_to_send_on() -> None:
    due = date(2026, 12, 29)

    assert reminder_due(due, date(2026, 12, 22), 2, CHRISTMAS_2026) is None
    assert reminder_due(due, date(2026, 12, 23), 2, CHRISTMAS_2026) is BEFORE
    assert reminder_due(due, date(2026, 12, 28), 2, CHRISTMAS_2026) is None


@pytest.mark.parametrize(("days_before", "first"), [(1, date(2026, 11, 23)), (5, date(2026, 11, 17))])
def test_how_many_working_days_before_is_the_callers_choice(days_before: int, first: date) -> None:
    assert reminder_due(TUESDAY, first, days_before, frozenset()) is BEFORE
    assert reminder_due(TUESDAY, date(2026, 11, 16), days_before, frozenset()) is None


def test_a_capability_reaches_every_role_that_grants_it() -> None:
    assert roles_with(Capability.MANAGE_CASES) == {Role.COORDINATOR}
    assert roles_with(Capability.ANSWER_INFORMATION_REQUESTS) == {Role.AGENCY_OFFICER}
    assert roles_with(Capability.SEE_ALL_PARTNERSHIP_CASES) == {
        Role.COORDINATOR,
        Role.PANEL_CHAIR,
        Role.AUDITOR,
    }
