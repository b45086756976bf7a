import pytest
from django.urls import reverse

from tests import factories as f


def page_text(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "role,sees,does_not_see",
    [
        ("coordinator", ["Groep 6", "Groep 3", "Auditlog"], ["Mijn leerlingen"]),
        ("teacher", ["Mijn groepen", "Groep 6"], ["Groep 3", "Auditlog"]),
        ("management", ["Groep 6", "Groep 3", "alle groepen van de school"], ["Auditlog"]),
        ("bouw", ["Groep 6", "bouw groep 5–8"], ["Groep 3"]),
        ("remedial", ["Mijn leerlingen", "Dirk van Drie"], ["Sam Zes", "Auditlog"]),
        ("admin", ["Zorginhoud over leerlingen zie je niet", "Beheer", "Auditlog"], []),
    ],
)
def test_home_page_fits_the_role(world, login, role, sees, does_not_see):
    text = page_text(login(world.user(role), world.school).get(reverse("home")))
    for fragment in sees:
        assert fragment in text, fragment
    for fragment in does_not_see:
        assert fragment not in text, fragment


def test_home_without_membership_says_so(db, login):
    text = page_text(login(f.UserFactory()).get(reverse("home")))
    assert "hoort nog bij geen enkele school" in text


def test_school_switcher_changes_the_school_and_is_remembered(world, login):
    client = login(world.user("coordinator"))
    assert "Groep 6" in page_text(client.get(reverse("home")))
    response = client.post(reverse("switch_school"), {"school": world.second_school.pk})
    assert response.status_code == 302
    text = page_text(client.get(reverse("home")))
    assert "Groep 7/8" in text and "Groep 6" not in text
    assert 'id="schoolkeuze"' in text


def test_switching_to_a_school_one_does_not_work_at_is_a_404(world, login):
    client = login(world.user("teacher"))
    assert client.post(reverse("switch_school"), {"school": world.second_school.pk}).status_code == 404
    assert client.post(reverse("switch_school"), {"school": "abc"}).status_code == 404


@pytest.mark.parametrize("value", ["²", "1" * 23, "-1", ""])
def test_a_school_that_cannot_be_an_id_is_no_choice(world, login, value):
    client = login(world.user("coordinator"), world.school)
    assert client.post(reverse("switch_school"), {"school": value}).status_code == 404


def test_a_school_in_other_digits_is_no_choice(world, login):
    client = login(world.user("coordinator"), world.school)
    other_digits = str(world.second_school.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert client.post(reverse("switch_school"), {"school": other_digits}).status_code == 404
    assert client.get(reverse("home")).context["request"].school == world.school


def test_group_of_another_school_is_a_404_even_for_its_own_coordinator_until_she_switches(world, login):
    client = login(world.user("coordinator"), world.school)
    url = reverse("group_detail", args=[world.groups["second"].pk])
    assert client.get(url).status_code == 404
    client.post(reverse("switch_school"), {"school": world.second_school.pk})
    assert "Kim Kompas" in page_text(client.get(url))


def test_group_detail_lists_pupils_the_user_may_see(world, login):
    text = page_text(
        login(world.user("coordinator"), world.school).get(reverse("group_detail", args=[world.groups["three"].pk]))
    )
    assert "Dirk van Drie" in text and "1 leerling" in text


def test_teacher_does_not_see_last_years_group(world, login):
    client = login(world.user("teacher"), world.school)
    assert client.get(reverse("group_detail", args=[world.groups["last_year_five"].pk])).status_code == 404


def test_english_only_when_chosen(world, login):
    client = login(world.user("teacher"), world.school)
    assert "Mijn groepen" in page_text(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "My groups" in page_text(client.get(reverse("home")))


def test_group_pages_keep_a_query_budget_whatever_the_number_of_groups(world, login, django_assert_max_num_queries):
    year = world.groups["six"].school_year
    for n in range(25):
        group = f.GroupFactory(school_year=year, name=f"Groep extra {n}", year_level_low=1 + n % 8)
        group.teachers.add(world.user("other_teacher"))
        f.EnrolmentFactory(group=group, pupil=f.PupilFactory(school=world.school))
    client = login(world.user("coordinator"), world.school)
    # The start page's own sections have their budgets in tests/startpage/test_query_budgets.py.
    for name, budget in (("home", 30), ("group_list", 12)):
        with django_assert_max_num_queries(budget):
            text = page_text(client.get(reverse(name)))
        assert "Groep extra 24" in text
    many = world.groups["six"]
    for _ in range(30):
        f.EnrolmentFactory(group=many, pupil=f.PupilFactory(school=world.school))
    with django_assert_max_num_queries(14):
        page_text(client.get(reverse("group_detail", args=[many.pk])))
