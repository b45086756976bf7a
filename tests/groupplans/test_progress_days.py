"""The day a phase should have been closed is the inverse of the share of the period passed."""

import datetime
from types import SimpleNamespace

from groupplans.progress import day_at_share, elapsed_share

PERIOD = SimpleNamespace(start_date=datetime.date(2026, 9, 1), end_date=datetime.date(2027, 1, 31))


def test_the_day_at_half_the_period_is_the_day_half_of_it_has_passed():
    day = day_at_share(PERIOD, 0.5)
    assert day == datetime.date(2026, 11, 16)  # 152 days: 76 after 1 September
    assert elapsed_share(PERIOD, day) <= 0.5 < elapsed_share(PERIOD, day + datetime.timedelta(days=1))


def test_the_whole_period_ends_on_its_last_day():
    assert day_at_share(PERIOD, 1.0) == PERIOD.end_date
    assert day_at_share(PERIOD, 0.0) == PERIOD.start_date
