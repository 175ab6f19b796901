"""The suite runs on its own clock: a test that forgot to freeze the time still never sees the wall clock."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from parindex.conftest import suite_now


def test_the_suite_runs_on_its_own_clock_not_the_wall_clock() -> None:
    moment = suite_now()
    # Time ticks from the suite's moment, so a whole run stays within hours of it, whatever the real date is.
    for now in (timezone.now(), datetime.now(moment.tzinfo)):  # clock-ok: what the frozen clock says
        assert moment <= now < moment + timedelta(hours=6)
    assert date.today() in (moment.date(), moment.date() + timedelta(days=1))  # clock-ok: the frozen date
