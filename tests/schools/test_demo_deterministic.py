"""The demo is the same every time it is built (its own module: the other demo tests share one build)."""

from django.core.management import call_command

from pupils.models import Pupil
from schools import demo


def test_demo_is_deterministic(db):
    import datetime

    demo.build(today=datetime.date(2026, 11, 25))
    first = list(Pupil.objects.order_by("source_id").values_list("first_name", "surname", "date_of_birth"))
    call_command("load_demo", "--reset", stdout=open("/dev/null", "w"))
    second = list(Pupil.objects.order_by("source_id").values_list("first_name", "surname", "date_of_birth"))
    assert first == second
