"""core.display.plain: a stored value as people read it, the same in a conflict box and in the history."""

import datetime

from django.utils import timezone

from core.display import plain


def test_yes_no_dates_and_times_read_as_people_write_them():
    assert (plain(True), plain(False)) == ("ja", "nee")
    assert plain(datetime.date(2026, 10, 5)) == "05-10-2026"
    assert plain(datetime.time(14, 30)) == "14:30"


def test_a_moment_is_shown_in_the_schools_time_zone():
    moment = datetime.datetime(2026, 10, 5, 12, 0, tzinfo=datetime.UTC)
    assert plain(moment) == "05-10-2026 14:00"  # Europe/Amsterdam, summer time
    assert timezone.get_current_timezone_name() == "Europe/Amsterdam"


def test_nothing_is_a_dash_and_other_values_stay_as_they_are():
    assert plain(None) == plain("") == plain([]) == "–"
    assert plain("tekst") == "tekst" and plain(7) == 7
