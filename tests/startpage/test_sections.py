"""What each role finds on its start page ("Deze week"): its own work, linking to where it is done."""

import re

from django.urls import reverse

from schools import startpage


def sections_of(login, week, key):
    response = login(week.user(key), week.school).get(reverse("home"))
    assert response.status_code == 200
    return {section.key: section for section in response.context["sections"]}, response.content.decode()


def texts(section):
    return [item.text for item in section.items]


def test_teacher_sees_his_overdue_and_coming_actions_not_later_or_done_ones(week, login):
    sections, page = sections_of(login, week, "teacher")
    actions = sections["actions"]
    assert texts(actions) == ["Werkwoordspelling 0", "Materiaal bestellen 0"]
    assert [item.urgency for item in actions.items] == [startpage.Urgency.OVERDUE, startpage.Urgency.SOON]
    assert actions.summary == "1 actie is over tijd en 1 staat voor de komende twee weken."
    assert all(item.url == reverse("groupplans:action_list") for item in actions.items)
    assert "Later 0" not in page and "Klaar 0" not in page and "Toets 0" not in page


def test_teacher_sees_his_plan_behind_schedule_linking_to_its_phase(week, login):
    sections, _page = sections_of(login, week, "teacher")
    plan = week.plans[("behind", 0)]
    [item] = sections["plans"].items
    assert item.text.startswith("Spelling in Groep 8 loopt achter: de fase waarnemen had af moeten zijn bij 20 %")
    assert item.url == reverse("groupplans:plan_phase", args=[plan.pk, "observe"])


def test_a_phase_due_within_two_weeks_is_announced_to_the_teacher(week, login):
    import datetime

    today = startpage.timezone.localdate()
    period = week.plans[("behind", 0)].period
    period.start_date, period.end_date = today, today + datetime.timedelta(days=100)
    period.save()  # observe closes at 20 % of the period: in 20 days, not within two weeks
    sections, _page = sections_of(login, week, "teacher")
    assert sections["plans"].items == []
    assert sections["plans"].empty_text.startswith("Je groepsplannen lopen op schema")
    period.end_date = today + datetime.timedelta(days=50)
    period.save()  # now in 10 days
    sections, _page = sections_of(login, week, "teacher")
    [item] = sections["plans"].items
    assert item.text.startswith("Spelling in Groep 8: sluit de fase waarnemen af vóór ")
    assert item.date == today + datetime.timedelta(days=10)


def test_teacher_sees_his_open_coaching_agreement_and_the_conversations_to_hold(week, login):
    sections, _page = sections_of(login, week, "teacher")
    [agreement] = sections["coaching"].items
    assert agreement.text == "Jouw afspraak: Instructie in drie groepjes 0"
    assert agreement.urgency == startpage.Urgency.OVERDUE
    assert agreement.url == reverse("coaching:trajectory_detail", args=[week.trajectory.pk])
    conversations = texts(sections["conversations"])
    assert conversations[0].startswith("1 gesprek is voorbij maar nog niet vastgelegd")
    assert re.match(r"Adviesgesprekken: 1 gesprek op \w+ \d+ \w+ om 15:00; jij leidt het gesprek\.", conversations[1])
    assert sections["conversations"].items[1].url == reverse("conversations:round_detail", args=[week.round.pk])


def test_teacher_sees_what_colleagues_recorded_about_his_pupils_not_his_own_notes(week, login):
    sections, _page = sections_of(login, week, "teacher")
    new = sections["new_records"]
    assert new.summary == "Nieuw: 1 onderwijsbehoefte en 1 observatie."
    assert sorted(texts(new)) == [
        "Sanne0 de Vries: nieuwe onderwijsbehoefte, vastgelegd door Ilse Bakker",
        "Sanne0 de Vries: observatie in de klas, vastgelegd door Petra Nijhuis",
    ]
    pupil = week.pupils[("eight", 0)]
    assert {item.url for item in new.items} == {reverse("pupils:dossier", args=[pupil.pk])}


def test_teacher_does_not_see_other_groups_or_school_wide_sections(week, login):
    sections, page = sections_of(login, week, "teacher")
    assert "overdue_by_person" not in sections and "rounds" not in sections and "admin" not in sections
    assert "Daan0" not in page and "Groep 5 loopt" not in page


def test_coordinator_sees_changes_in_the_school_overdue_actions_by_person_and_the_next_round(week, login):
    sections, page = sections_of(login, week, "coordinator")
    new = sections["new_records"]
    assert new.summary == ("Nieuw: 1 onderwijsbehoefte, 2 observaties, 1 wijziging van een zorgniveau en 1 import.")
    assert "Daan0 Jansen: nu zorgniveau 2, vastgelegd door Esther Claassen" in texts(new)
    assert "Import van leerlingen en groepen uit leerlingen.csv ingelezen door Kees Wouters" in texts(new)
    # Her own need is no news to her.
    assert not any("vastgelegd door Ilse Bakker" in text for text in texts(new))
    people = texts(sections["overdue_by_person"])
    assert people[0].startswith("Esther Claassen heeft 1 actie over tijd, sinds ")
    assert people[1].startswith("Tom Verbeek heeft 1 actie over tijd, sinds ")
    teacher = week.user("teacher")
    assert sections["overdue_by_person"].items[1].url.endswith(f"?eigenaar={teacher.pk}")
    [round_] = texts(sections["rounds"])
    assert round_.startswith("Adviesgesprekken (Groep 8): op ") and round_.endswith(", 1 gesprek gepland.")
    assert texts(sections["plans"])[0].startswith("Spelling in Groep 8 loopt achter")
    [agreement] = texts(sections["coaching"])
    assert agreement == "Afspraak van Tom Verbeek: Instructie in drie groepjes 0"


def test_management_sees_headline_figures_and_what_waits(week, login):
    from reports.models import HalfYearReport

    HalfYearReport.objects.create(school=week.school, school_year=week.year, half=1)
    sections, page = sections_of(login, week, "management")
    headline = texts(sections["headline"])
    assert "1 van de 2 groepsplannen loopt op schema (50 %)." in headline
    assert any(re.fullmatch(r"\d+ van de \d+ leerlingen (heeft|hebben) zorgniveau 3 of hoger\.", t) for t in headline)
    waiting = texts(sections["waiting"])
    assert waiting[0].startswith("De halfjaarrapportage over de eerste helft van ")
    assert f"De schoolweging en de ambities voor {week.year.name} zijn nog niet ingevuld." in waiting
    [mandate] = texts(sections["mandates"])
    assert mandate == (
        "Coaching van Esther Claassen door Ilse Bakker is voorgesteld en wacht op een mandaat van de directie."
    )
    assert "actions" not in sections  # nothing of her own: no empty list


def test_bouw_coordinator_sees_her_bouw_and_is_not_asked_to_set_the_targets(week, login):
    sections, _page = sections_of(login, week, "bouw")
    assert "1 van de 2 groepsplannen loopt op schema (50 %)." in texts(sections["headline"])
    assert not any("ambities" in text for text in texts(sections["waiting"]))


def test_remedial_teacher_sees_her_pupils_and_her_sessions(week, login):
    sections, page = sections_of(login, week, "remedial")
    assert texts(sections["remedial_pupils"]) == ["Sanne0 de Vries (Groep 8): begrijpend lezen"]
    [session] = texts(sections["sessions"])
    assert session == (
        "RT-groep begrijpend lezen in Groep 8: 1 keer per week, op woensdag, 45 minuten per keer, "
        "met 1 leerling van jou."
    )
    assert "Daan0" not in page


def test_admin_sees_groups_and_accounts_that_need_attention_and_no_care_content(week, login):
    sections, page = sections_of(login, week, "admin")
    assert list(sections) == ["admin"]
    admin = texts(sections["admin"])
    assert "Groep 1/2 heeft nog geen leerkracht en geen leerlingen." in admin
    assert "7 medewerkers loggen in zonder tweestapsverificatie." in admin
    assert "Sanne0" not in page


def test_admin_is_told_when_there_is_no_current_year_or_the_next_one_is_missing(week, login):
    import datetime

    year = week.year
    today = startpage.timezone.localdate()
    year.end_date = today + datetime.timedelta(days=20)
    year.save()
    sections, _page = sections_of(login, week, "admin")
    assert any("het volgende schooljaar is nog niet aangemaakt" in text for text in texts(sections["admin"]))
    year.start_date, year.end_date = today + datetime.timedelta(days=5), today + datetime.timedelta(days=300)
    year.save()
    sections, _page = sections_of(login, week, "admin")
    assert texts(sections["admin"])[0] == "Er is geen schooljaar dat vandaag loopt: leg het huidige schooljaar vast."


def test_locked_accounts_are_shown_to_the_admin(week, login):
    from schools.models import LoginLock

    LoginLock.objects.create(username="start-teacher")
    LoginLock.objects.create(username="iemand-van-elders")
    sections, _page = sections_of(login, week, "admin")
    assert (
        "1 account is geblokkeerd voor inloggen vanaf onbekende apparaten na heel veel mislukte pogingen: "
        "start-teacher. Een nieuw wachtwoord of de actie ‘Blokkade voor inloggen opheffen’ maakt het weer vrij."
    ) in texts(sections["admin"])


def test_an_empty_week_says_so(db, login):
    from tests import factories as f

    school = f.SchoolFactory()
    f.SchoolYearFactory(school=school)
    teacher = f.MembershipFactory(school=school).user
    response = login(teacher, school).get(reverse("home"))
    page = response.content.decode()
    assert "Je hebt geen acties die over tijd zijn of de komende twee weken klaar moeten zijn." in page
    assert "Er staan geen coachingsafspraken open." in page
