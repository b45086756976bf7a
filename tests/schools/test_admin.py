"""The beheer screens (Django admin at /beheer/): a school's admin manages only
their own school; superusers manage everything. See schools/admin.py."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.models import AuditAction, AuditEntry
from schools.models import Group, Membership, Role, School, SchoolYear, User
from tests import factories as f

PASSWORD = "Zeer-Geheim-wachtwoord-2026"


@pytest.fixture
def beheer(world, login):
    """The client, signed in as the admin of ``world.school``."""
    return login(world.user("admin"), world.school)


@pytest.fixture
def superuser(db):
    return f.UserFactory(username="support", is_superuser=True)


def changelist(client, model_name, **params):
    response = client.get(reverse(f"admin:schools_{model_name}_changelist"), params)
    assert response.status_code == 200
    return sorted(str(obj) for obj in response.context["cl"].result_list)


def form_field(response, name):
    return response.context["adminform"].form.fields.get(name)


def membership_management_form(total=1, initial=0):
    return {
        "memberships-TOTAL_FORMS": str(total),
        "memberships-INITIAL_FORMS": str(initial),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }


# --- Entry ---------------------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_app_login_with_next(client, db):
    response = client.get("/beheer/schools/group/")
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/beheer/schools/group/"


def test_admin_login_page_sends_anonymous_to_the_app_login(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["teacher", "coordinator", "management", "remedial"])
def test_staff_without_beheer_rights_get_a_404_not_a_login_loop(world, login, role):
    client = login(world.user(role), world.school)
    for url in ("/beheer/", reverse("admin:login"), "/beheer/schools/user/", "/beheer/schools/"):
        assert client.get(url).status_code == 404, url


def test_is_staff_alone_gives_no_entry(world, login):
    user = world.user("teacher")
    user.is_staff = True
    user.save()
    assert login(user).get("/beheer/").status_code == 404


def test_an_inactive_admin_membership_gives_no_entry(world, login):
    Membership.objects.filter(user=world.user("admin")).update(is_active=False)
    assert login(world.user("admin")).get("/beheer/").status_code == 404


def test_school_admin_sees_the_beheer_index_with_the_school_models(beheer):
    response = beheer.get("/beheer/")
    assert response.status_code == 200
    models = {model["object_name"] for app in response.context["app_list"] for model in app["models"]}
    assert models == {"School", "SchoolYear", "Group", "Membership", "User"}


def test_superuser_enters_even_before_the_first_school_exists(client, superuser):
    assert not School.objects.exists()
    client.force_login(superuser)
    assert client.get("/beheer/").status_code == 200
    assert client.get(reverse("admin:schools_school_add")).status_code == 200


def test_admin_logout_logs_out_through_the_app(beheer, world):
    response = beheer.post(reverse("admin:logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert beheer.get("/beheer/").status_code == 302
    assert AuditEntry.objects.filter(action=AuditAction.LOGOUT, user=world.user("admin")).exists()


# --- Scope of the changelists --------------------------------------------------------------------------------------


def test_school_admin_sees_only_own_school_users(beheer, world):
    users = changelist(beheer, "user")
    expected = [str(world.user(key)) for key in ("coordinator", "teacher", "other_teacher", "management", "bouw")]
    expected += [str(world.user(key)) for key in ("remedial", "admin", "other_coordinator")]
    assert users == sorted(expected)
    assert str(world.user("outsider")) not in users


def test_school_admin_sees_only_own_school_groups_and_school_years(beheer, world):
    assert changelist(beheer, "group") == ["Groep 3", "Groep 5", "Groep 6"]
    assert changelist(beheer, "schoolyear") == sorted(str(y) for y in world.school.school_years.all())
    assert changelist(beheer, "school") == ["De Wilg"]
    memberships = changelist(beheer, "membership")
    assert len(memberships) == 8 and all(m.endswith("De Wilg") for m in memberships)


def test_superuser_sees_everything(client, world, superuser):
    client.force_login(superuser)
    assert len(changelist(client, "group")) == Group.objects.count() == 5
    assert len(changelist(client, "school")) == 3
    assert str(world.user("outsider")) in changelist(client, "user")


def test_user_list_shows_roles_at_own_school_only(beheer, world):
    response = beheer.get(reverse("admin:schools_user_changelist"))
    content = response.content.decode()
    assert "intern begeleider (De Wilg)" in content
    assert "Het Kompas" not in content  # the coordinator's second school is none of this admin's business


def test_list_filters_offer_no_other_schools(beheer, world):
    content = beheer.get(reverse("admin:schools_group_changelist")).content.decode()
    assert "Het Kompas" not in content and "De Verre School" not in content
    coordinators = sorted(str(world.user(key)) for key in ("coordinator", "other_coordinator"))
    assert changelist(beheer, "user", rol=Role.COORDINATOR) == coordinators


def test_admin_of_two_schools_filters_on_school(beheer, world):
    f.MembershipFactory(user=world.user("admin"), school=world.second_school, role=Role.ADMIN)
    content = beheer.get(reverse("admin:schools_group_changelist")).content.decode()
    assert "Het Kompas" in content and "De Verre School" not in content
    assert changelist(beheer, "group", school=world.second_school.pk) == ["Groep 7/8"]
    assert changelist(beheer, "group", school=world.foreign_school.pk) == []
    # The coordinator also works at Het Kompas, but not as a remedial teacher there.
    assert changelist(beheer, "user", rol=Role.REMEDIAL) == [str(world.user("remedial"))]


def test_filtering_through_to_many_relations_from_the_url_is_refused(beheer, world):
    url = reverse("admin:schools_user_changelist")
    assert beheer.get(url, {"taught_groups": world.groups["foreign"].pk}).status_code == 400
    assert beheer.get(url, {"memberships__school": world.second_school.pk}).status_code == 400


@pytest.mark.parametrize("model_name", ["user", "group", "membership", "schoolyear", "school"])
def test_changelist_queries_do_not_grow_with_rows(beheer, world, django_assert_max_num_queries, model_name):
    for n in range(8):
        user = f.UserFactory(username=f"extra{n}")
        f.MembershipFactory(user=user, school=world.school)
        group = f.GroupFactory(school_year=world.groups["six"].school_year, name=f"Extra {n}")
        group.teachers.add(user)
    with django_assert_max_num_queries(14):
        beheer.get(reverse(f"admin:schools_{model_name}_changelist"))


# --- Objects out of scope ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["foreign", "second"])
def test_school_admin_cannot_open_another_schools_group(beheer, world, key):
    pk = world.groups[key].pk
    for view in ("change", "delete", "history"):
        assert beheer.get(reverse(f"admin:schools_group_{view}", args=[pk])).status_code == 404


def test_a_group_that_does_not_exist_is_a_404_not_a_redirect(beheer):
    assert beheer.get(reverse("admin:schools_group_change", args=[999999])).status_code == 404


def test_school_admin_cannot_change_another_schools_group_by_post(beheer, world):
    group = world.groups["foreign"]
    response = beheer.post(
        reverse("admin:schools_group_change", args=[group.pk]),
        {
            "school_year": group.school_year_id,
            "name": "Gekaapt",
            "year_level_low": 4,
            "year_level_high": 4,
            "version": group.version,
        },
    )
    assert response.status_code == 404
    group.refresh_from_db()
    assert group.name == "Groep 4"


def test_view_on_site_only_for_objects_in_scope(beheer, world, monkeypatch):
    monkeypatch.setattr(Group, "get_absolute_url", lambda self: f"/groepen/{self.pk}/", raising=False)
    content_type = ContentType.objects.get_for_model(Group)
    own = beheer.get(reverse("admin:view_on_site", args=[content_type.pk, world.groups["six"].pk]))
    assert own.status_code == 302 and own.url.endswith(f"/groepen/{world.groups['six'].pk}/")
    foreign = beheer.get(reverse("admin:view_on_site", args=[content_type.pk, world.groups["foreign"].pk]))
    assert foreign.status_code == 404


# --- The school itself ---------------------------------------------------------------------------------------------


def test_school_admin_may_require_two_factor_but_not_add_or_delete_schools(beheer, world):
    assert beheer.get(reverse("admin:schools_school_add")).status_code == 404
    assert beheer.get(reverse("admin:schools_school_delete", args=[world.school.pk])).status_code == 404
    url = reverse("admin:schools_school_change", args=[world.school.pk])
    data = {"name": "De Wilg", "brin": "", "city": "", "require_two_factor": "on", "version": world.school.version}
    response = beheer.post(url, data)
    assert response.status_code == 302
    world.school.refresh_from_db()
    assert world.school.require_two_factor
    # From now on the admin, too, sets up two-step verification first.
    assert beheer.get("/beheer/").url == reverse("two_factor_setup")
    entry = AuditEntry.objects.get(action=AuditAction.CHANGE, school_id=world.school.pk)
    assert entry.user == world.user("admin") and entry.event == "schools.beheer_changed"
    assert entry.data == {"model": "schools.school", "fields": ["require_two_factor"], "related": {}}
    assert entry.description == "beheer: tweestapsverificatie verplicht gewijzigd"


# --- Users ---------------------------------------------------------------------------------------------------------


def add_user_data(world, **extra):
    return {
        "username": "nieuwe-juf",
        "first_name": "Nieuwe",
        "last_name": "Juf",
        "email": "nieuwe-juf@example.invalid",
        "usable_password": "true",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **membership_management_form(),
        "memberships-0-school": world.school.pk,
        "memberships-0-role": Role.TEACHER,
        "memberships-0-is_active": "on",
        **extra,
    }


def test_school_admin_creates_a_user_with_a_membership_at_their_school(beheer, world):
    response = beheer.post(reverse("admin:schools_user_add"), add_user_data(world))
    assert response.status_code == 302, response.context and response.context["errors"]
    user = User.objects.get(username="nieuwe-juf")
    assert user.check_password(PASSWORD)
    assert not user.is_superuser and not user.is_staff
    assert list(user.memberships.values_list("school", "role")) == [(world.school.pk, Role.TEACHER)]
    assert "Nieuwe Juf" in changelist(beheer, "user")
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, school_id=world.school.pk, object_id=user.pk).exists()


def test_a_new_user_needs_a_role_at_the_school(beheer, world):
    data = add_user_data(world, **membership_management_form(total=0))
    response = beheer.post(reverse("admin:schools_user_add"), data)
    assert response.status_code == 200
    assert not User.objects.filter(username="nieuwe-juf").exists()


def test_school_admin_cannot_create_a_membership_at_another_school(beheer, world):
    data = add_user_data(world, **{"memberships-0-school": world.foreign_school.pk})
    response = beheer.post(reverse("admin:schools_user_add"), data)
    assert response.status_code == 200
    assert not User.objects.filter(username="nieuwe-juf").exists()


def test_school_admin_cannot_see_or_grant_superuser(beheer, world):
    teacher = world.user("teacher")
    url = reverse("admin:schools_user_change", args=[teacher.pk])
    response = beheer.get(url)
    assert response.status_code == 200
    for field in ("is_superuser", "is_staff", "groups", "user_permissions", "totp_secret", "totp_enabled_at"):
        assert form_field(response, field) is None, field
        assert f'name="{field}"' not in response.content.decode()
    data = {
        "username": teacher.username,
        "first_name": teacher.first_name,
        "last_name": teacher.last_name,
        "email": teacher.email,
        "is_active": "on",
        "is_superuser": "on",
        "is_staff": "on",
        "totp_secret": "JBSWY3DPEHPK3PXP",
        "version": teacher.version,
        **membership_management_form(total=1, initial=1),
        "memberships-0-id": teacher.memberships.get().pk,
        "memberships-0-version": teacher.memberships.get().version,
        "memberships-0-user": teacher.pk,
        "memberships-0-school": world.school.pk,
        "memberships-0-role": Role.TEACHER,
        "memberships-0-is_active": "on",
    }
    response = beheer.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    teacher.refresh_from_db()
    assert not teacher.is_superuser and not teacher.is_staff and teacher.totp_secret == ""


def test_school_admin_sets_a_password_through_the_admin_form(beheer, world):
    teacher = world.user("teacher")
    url = reverse("admin:auth_user_password_change", args=[teacher.pk])
    assert beheer.get(url).status_code == 200
    response = beheer.post(url, {"usable_password": "true", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.check_password(PASSWORD)


def test_user_who_also_works_elsewhere_is_read_only_for_the_school_admin(beheer, world):
    coordinator = world.user("coordinator")  # also works at Het Kompas
    assert beheer.get(reverse("admin:schools_user_change", args=[coordinator.pk])).status_code == 200
    assert beheer.get(reverse("admin:auth_user_password_change", args=[coordinator.pk])).status_code == 404
    assert beheer.get(reverse("admin:schools_user_delete", args=[coordinator.pk])).status_code == 404
    data = {"username": "gekaapt", "version": coordinator.version}
    response = beheer.post(reverse("admin:schools_user_change", args=[coordinator.pk]), data)
    assert response.status_code == 404
    coordinator.refresh_from_db()
    assert coordinator.username == "ib-test"
    # Their role at this school is the admin's to manage.
    membership = coordinator.memberships.get(school=world.school)
    assert beheer.get(reverse("admin:schools_membership_change", args=[membership.pk])).status_code == 200


def test_superusers_are_read_only_for_a_school_admin(beheer, world, superuser):
    f.MembershipFactory(user=superuser, school=world.school, role=Role.COORDINATOR)
    assert beheer.get(reverse("admin:schools_user_change", args=[superuser.pk])).status_code == 200
    assert beheer.get(reverse("admin:auth_user_password_change", args=[superuser.pk])).status_code == 404


@pytest.mark.parametrize("key", ["coordinator", "support"])
def test_bulk_delete_leaves_read_only_users_alone(beheer, world, superuser, key):
    f.MembershipFactory(user=superuser, school=world.school, role=Role.COORDINATOR)
    user = superuser if key == "support" else world.user(key)
    deletable = world.user("remedial")
    data = {"action": "delete_selected", "_selected_action": [user.pk, deletable.pk], "post": "yes"}
    response = beheer.post(reverse("admin:schools_user_changelist"), data)
    assert response.status_code == 404
    assert User.objects.filter(pk__in=[user.pk, deletable.pk]).count() == 2


def test_bulk_delete_of_own_schools_users(beheer, world):
    teacher = world.user("remedial")
    data = {"action": "delete_selected", "_selected_action": [teacher.pk], "post": "yes"}
    response = beheer.post(reverse("admin:schools_user_changelist"), data)
    assert response.status_code == 302
    assert not User.objects.filter(pk=teacher.pk).exists()
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, object_id=teacher.pk, school_id=world.school.pk)


def test_superuser_sees_the_permission_fields(client, world, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:schools_user_change", args=[world.user("teacher").pk]))
    assert form_field(response, "is_superuser") is not None
    assert form_field(response, "totp_secret") is None


def test_user_delete_page_shows_no_care_content(beheer, world):
    remedial = world.user("remedial")  # assigned to Dirk van Drie
    response = beheer.get(reverse("admin:schools_user_delete", args=[remedial.pk]))
    assert response.status_code == 200
    assert "Dirk" not in response.content.decode()


def test_group_delete_is_refused_while_pupils_are_enrolled_without_naming_them(beheer, world):
    response = beheer.get(reverse("admin:schools_group_delete", args=[world.groups["six"].pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert response.context["protected"] == [
        "Nog in gebruik door gegevens die je in beheer niet ziet, bijvoorbeeld over leerlingen."
    ]
    assert "Sam" not in content


# --- Choices in forms ----------------------------------------------------------------------------------------------


def test_foreign_key_choices_hold_only_own_school(beheer, world):
    response = beheer.get(reverse("admin:schools_group_add"))
    years = set(form_field(response, "school_year").queryset)
    assert years == set(world.school.school_years.all())
    teachers = set(form_field(response, "teachers").queryset)
    assert world.user("teacher") in teachers and world.user("outsider") not in teachers

    response = beheer.get(reverse("admin:schools_membership_add"))
    assert list(form_field(response, "school").queryset) == [world.school]
    assert form_field(response, "school").initial == world.school.pk
    assert world.user("outsider") not in set(form_field(response, "user").queryset)

    response = beheer.get(reverse("admin:schools_schoolyear_add"))
    assert list(form_field(response, "school").queryset) == [world.school]


def test_posting_another_schools_year_for_a_group_is_refused(beheer, world):
    data = {"school_year": world.groups["foreign"].school_year_id, "name": "Groep 9", "year_level_low": 5}
    response = beheer.post(reverse("admin:schools_group_add"), {**data, "year_level_high": 5})
    assert response.status_code == 200
    assert "school_year" in response.context["adminform"].form.errors
    assert not Group.objects.filter(name="Groep 9").exists()


def test_group_teachers_must_work_at_the_groups_school(client, world, superuser):
    client.force_login(superuser)
    group = world.groups["six"]
    url = reverse("admin:schools_group_change", args=[group.pk])
    assert world.user("outsider") not in set(form_field(client.get(url), "teachers").queryset)
    other_school_year = world.groups["foreign"].school_year
    response = client.post(
        reverse("admin:schools_group_add"),
        {
            "school_year": other_school_year.pk,
            "name": "Groep 1",
            "year_level_low": 1,
            "year_level_high": 1,
            "teachers": [world.user("teacher").pk],
        },
    )
    assert response.status_code == 200
    assert "teachers" in response.context["adminform"].form.errors


def test_school_admin_adds_a_group_with_a_teacher(beheer, world):
    year = world.groups["six"].school_year
    data = {"school_year": year.pk, "name": "Groep 7", "year_level_low": 7, "year_level_high": 7}
    response = beheer.post(reverse("admin:schools_group_add"), {**data, "teachers": [world.user("teacher").pk]})
    assert response.status_code == 302
    assert list(Group.objects.get(name="Groep 7").teachers.all()) == [world.user("teacher")]


# --- School years --------------------------------------------------------------------------------------------------


def periods_form(*periods):
    data = {
        "periods-TOTAL_FORMS": str(len(periods)),
        "periods-INITIAL_FORMS": "0",
        "periods-MIN_NUM_FORMS": "0",
        "periods-MAX_NUM_FORMS": "1000",
    }
    for index, (name, start, end) in enumerate(periods):
        data.update({f"periods-{index}-name": name, f"periods-{index}-start_date": start})
        data[f"periods-{index}-end_date"] = end
    return data


def test_school_admin_adds_a_school_year_with_periods(beheer, world):
    data = {"school": world.school.pk, "name": "2040-2041", "start_date": "2040-08-20", "end_date": "2041-07-15"}
    periods = periods_form(("Periode 1", "2040-08-20", "2041-01-31"), ("Periode 2", "2041-02-01", "2041-07-15"))
    response = beheer.post(reverse("admin:schools_schoolyear_add"), {**data, **periods})
    assert response.status_code == 302, response.context and response.context["errors"]
    year = SchoolYear.objects.get(name="2040-2041")
    assert year.school == world.school and year.periods.count() == 2


def test_a_period_outside_a_new_school_year_is_refused(beheer, world):
    data = {"school": world.school.pk, "name": "2040-2041", "start_date": "2040-08-20", "end_date": "2041-07-15"}
    periods = periods_form(("Periode 1", "2040-08-20", "2041-09-30"))
    response = beheer.post(reverse("admin:schools_schoolyear_add"), {**data, **periods})
    assert response.status_code == 200
    assert not SchoolYear.objects.filter(name="2040-2041").exists()


def test_school_admin_cannot_add_a_school_year_to_another_school(beheer, world):
    data = {"school": world.foreign_school.pk, "name": "2040-2041", "start_date": "2040-08-20"}
    response = beheer.post(
        reverse("admin:schools_schoolyear_add"), {**data, "end_date": "2041-07-15", **periods_form()}
    )
    assert response.status_code == 200
    assert not SchoolYear.objects.filter(name="2040-2041").exists()


# --- Audit log -----------------------------------------------------------------------------------------------------


def test_audit_log_is_read_only_and_for_superusers_only(client, beheer, world, superuser):
    entry = AuditEntry.objects.create(action=AuditAction.VIEW, school_id=world.school.pk, detail="x")
    assert beheer.get(reverse("admin:core_auditentry_changelist")).status_code == 404
    client.force_login(superuser)
    assert client.get(reverse("admin:core_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditentry_change", args=[entry.pk])).status_code == 200
    assert client.get(reverse("admin:core_auditentry_add")).status_code == 404
    assert client.get(reverse("admin:core_auditentry_delete", args=[entry.pk])).status_code == 404


def test_deleting_a_coached_teacher_is_refused_without_revealing_the_coaching(beheer, world):
    # A trajectory protects its coachee; the refusal must not tell the admin that coaching exists.
    teacher = world.user("other_teacher")
    response = beheer.get(reverse("admin:schools_user_delete", args=[teacher.pk]))
    page = response.content.decode()
    assert "oaching" not in page
    data = {"action": "delete_selected", "_selected_action": [teacher.pk], "post": "yes"}
    page = beheer.post(reverse("admin:schools_user_changelist"), data, follow=True).content.decode()
    assert "oaching" not in page
    assert User.objects.filter(pk=teacher.pk).exists()


def test_beheerder_resets_two_factor_after_a_lost_phone(beheer, world):
    from core.models import AuditEntry as Entry

    teacher, coordinator = world.user("other_teacher"), world.user("coordinator")
    for user in (teacher, coordinator):
        User.objects.filter(pk=user.pk).update(totp_secret="JBSWY3DPEHPK3PXP", totp_enabled_at="2026-09-01T08:00Z")
    data = {"action": "reset_two_factor", "_selected_action": [teacher.pk, coordinator.pk]}
    page = beheer.post(reverse("admin:schools_user_changelist"), data, follow=True).content.decode()
    assert "Tweestapsverificatie gereset voor 1 account(s)." in page
    assert "1 account(s) overgeslagen" in page
    teacher.refresh_from_db()
    coordinator.refresh_from_db()
    assert not teacher.has_two_factor and teacher.totp_secret == ""
    # The coordinator also works at another school: not this beheerder's account to reset.
    assert coordinator.has_two_factor
    entry = Entry.objects.get(event="schools.two_factor_reset", object_id=str(teacher.pk))
    assert entry.description == "beheer: tweestapsverificatie gereset" and entry.school_id == world.school.pk


def test_the_school_admin_sets_the_address_and_phone_for_the_letters(beheer, world):
    url = reverse("admin:schools_school_change", args=[world.school.pk])
    page = beheer.get(url).content.decode()
    for label in ("Adres", "Postcode", "Plaats", "Telefoonnummer"):
        assert label in page, label
    data = {
        "name": "De Wilg",
        "brin": "",
        "address": "Wilgenlaan 12",
        "postcode": "9999 AA",
        "city": "Lindeveen",
        "phone": "0123 45 67 89",
        "version": world.school.version,
    }
    assert beheer.post(url, data).status_code == 302
    world.school.refresh_from_db()
    assert (world.school.address, world.school.postcode, world.school.city, world.school.phone) == (
        "Wilgenlaan 12",
        "9999 AA",
        "Lindeveen",
        "0123 45 67 89",
    )
