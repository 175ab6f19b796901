"""The deadline core: standings and the reminder schedule, with weekends, holidays and a 17:00 deadline."""

from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from parindex.deadlines.core import Level, Schedule, Standing, slots, standing

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def local(text):
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=VN)


def test_standings():
    due = local("04/12/2026 17:00")
    assert standing(due, None, local("04/12/2026 16:59")) is Standing.PENDING
    assert standing(due, None, local("04/12/2026 17:01")) is Standing.OVERDUE
    assert standing(due, local("04/12/2026 17:00"), local("09/12/2026 08:00")) is Standing.ON_TIME
    assert standing(due, local("05/12/2026 09:00"), local("09/12/2026 08:00")) is Standing.LATE


def test_a_friday_1700_deadline_gets_the_expected_reminders_on_working_days():
    plan = slots(local("04/12/2026 17:00"), Schedule(), VN)
    got = [(s.step, s.at.strftime("%a %d/%m %H:%M"), s.level.value) for s in plan]
    assert got == [
        (1, "Fri 27/11 08:00", "unit"),  # 7 days before
        (2, "Wed 02/12 08:00", "unit"),  # 2 days before
        (3, "Fri 04/12 08:00", "unit"),  # on the day
        (4, "Mon 07/12 08:00", "unit"),  # +2 days is a Sunday: Monday
        (5, "Wed 09/12 08:00", "unit"),
        (6, "Fri 11/12 08:00", "unit"),  # the third past the deadline
        (7, "Mon 14/12 08:00", "head"),  # then the head
        (8, "Wed 16/12 08:00", "leadership"),  # then the leadership
        (9, "Fri 18/12 08:00", "leadership"),
        (10, "Mon 21/12 08:00", "leadership"),
        (11, "Wed 23/12 08:00", "leadership"),
    ]


def test_reminders_before_a_monday_deadline_move_back_over_the_weekend_and_a_holiday():
    plan = slots(local("07/09/2026 17:00"), Schedule(before_days=(2,)), VN, days_off={date(2026, 9, 4)})
    # 2 days before is Saturday 5/9; Friday 4/9 is a holiday: Thursday 3/9.
    assert plan[0].at == local("03/09/2026 08:00")
    assert plan[1].at == local("07/09/2026 08:00")


def test_a_deadline_before_the_morning_reminder_is_reminded_an_hour_ahead():
    plan = slots(local("10/12/2026 07:30"), Schedule(before_days=()), VN)
    assert plan[0].at == local("10/12/2026 06:30")


@given(
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31)),
    st.lists(st.integers(1, 20), max_size=3),
    st.integers(1, 5),
    st.integers(0, 4),
)
def test_the_schedule_is_ordered_and_never_on_a_weekend_or_before_the_deadline_late(naive, before, every, escalate):
    due = naive.replace(tzinfo=VN)
    schedule = Schedule(before_days=tuple(before), every_days_after=every, escalate_after=escalate)
    plan = slots(due, schedule, VN)
    moments = [s.at for s in plan]
    assert moments == sorted(moments)
    assert len(set(moments)) == len(moments)
    assert [s.step for s in plan] == list(range(1, len(plan) + 1))
    for s in plan:
        assert (s.at > due) == s.after_deadline or (not s.after_deadline and s.at < due)
        if s.at.minute == 0 and s.at.hour == 8:
            assert s.at.weekday() < 5
    after = [s for s in plan if s.after_deadline]
    assert [s.level for s in after[:escalate]] == [Level.UNIT] * min(escalate, len(after))
    if len(after) > escalate:
        assert after[escalate].level is Level.HEAD
    assert all(b.at - a.at >= timedelta(days=1) for a, b in pairwise(after))
