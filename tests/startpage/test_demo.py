"""Every demo role finds real work on its start page: the teacher of group 8 his overdue action, his plan
behind schedule, his open coaching agreement and the advice conversations he leads next week."""

import pytest
from django.urls import reverse

from schools import demo
from schools.models import School, User
from tests.demo_once import demo_per_module, load_demo

demo_data = demo_per_module(load_demo)


@pytest.fixture
def demo_school(demo_data, db):
    return School.objects.get(name=demo.MAIN_SCHOOL)


def start_page(login, username, school):
    response = login(User.objects.get(username=username), school).get(reverse("home"))
    assert response.status_code == 200
    return {section.key: section for section in response.context["sections"]}


def texts(section):
    return [item.text for item in section.items]


def test_every_demo_role_has_real_work_waiting(demo_school, login):
    teacher = start_page(login, "leerkracht8", demo_school)
    assert teacher["actions"].summary.startswith("1 actie is over tijd")
    assert any("Rekenen-wiskunde in Groep 8 loopt achter" in text for text in texts(teacher["plans"]))
    assert teacher["coaching"].items[0].urgency == "overdue"
    assert any(text.startswith("Rapportgesprekken groep 8:") for text in texts(teacher["conversations"]))
    assert teacher["new_records"].items

    ib = start_page(login, "ib", demo_school)
    assert ib["new_records"].items
    assert texts(ib["overdue_by_person"])[0].startswith("Tom Verbeek heeft 1 actie over tijd")
    assert texts(ib["rounds"])[0].startswith("Rapportgesprekken groep 8: 2 dagen vanaf ")
    assert len(ib["plans"].items) >= 4

    directeur = start_page(login, "directeur", demo_school)
    assert any(text.startswith("Eindresultaten 1F:") for text in texts(directeur["headline"]))
    assert texts(directeur["waiting"])[0].startswith("De halfjaarrapportage over de eerste helft van ")

    assert start_page(login, "bouwcoordinator", demo_school)["headline"].items

    rt = start_page(login, "rt", demo_school)
    assert len(rt["remedial_pupils"].items) == 13
    assert texts(rt["sessions"])[0].startswith("RT-groep begrijpend lezen in Groep 8: 1 keer per week, op woensdag")

    beheer = start_page(login, "beheer", demo_school)
    assert any("zonder tweestapsverificatie" in text for text in texts(beheer["admin"]))


def test_demo_week_shows_a_handful_of_new_records_by_different_colleagues(demo_school, login):
    """The demo's needs and observations were written through the school year: only a few of the last days
    are new, each by someone else, rather than every record as new today by one person."""
    ib = texts(start_page(login, "ib", demo_school)["new_records"])
    assert 2 <= len(ib) <= 5
    authors = {text.rsplit("vastgelegd door ", 1)[1] for text in ib}
    assert authors == {"Tom Verbeek", "Esther Claassen", "Petra Nijhuis"}
    for username, author in (("leerkracht8", "Petra Nijhuis"), ("leerkracht5", "Marieke de Haan")):
        new = texts(start_page(login, username, demo_school)["new_records"])
        assert 1 <= len(new) <= 3
        assert any(text.endswith(f"vastgelegd door {author}") for text in new)
    assert texts(start_page(login, "rt", demo_school)["new_records"])
