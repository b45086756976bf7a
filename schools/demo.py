"""The demo school, following the seed's case (see DOMAIN.md).

Deterministic: the same date gives the same data. Names are fictional and
combined from short lists. Later issues extend ``build()`` with their own data
through one function each; the accounts below stay stable.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import Group, Membership, Period, Role, School, SchoolYear, User

PASSWORD = "demo"
MAIN_SCHOOL = "Basisschool De Wilgenhoek"
SECOND_SCHOOL = "OBS Het Kompas"

FIRST_NAMES = [
    "Daan",
    "Sem",
    "Noah",
    "Liam",
    "Lucas",
    "Finn",
    "Levi",
    "Milan",
    "Bram",
    "Jesse",
    "Mohammed",
    "Youssef",
    "Adam",
    "Thijs",
    "Ryan",
    "Emma",
    "Julia",
    "Mila",
    "Sophie",
    "Tess",
    "Zoë",
    "Sara",
    "Nora",
    "Fenna",
    "Yara",
    "Lina",
    "Noor",
    "Aya",
    "Hira",
    "Evi",
    "Anouk",
    "Jayden",
    "Kevin",
    "Dewi",
    "Ilse",
    "Mees",
    "Fatima",
    "Rayan",
    "Isa",
    "Luuk",
    "Sanne",
    "Priya",
    "Mehmet",
    "Elif",
    "Jamal",
]
SURNAMES = [
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("", "Bakker"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Dijk"),
    ("", "Yilmaz"),
    ("", "El Amrani"),
    ("", "Kaya"),
    ("van der", "Linden"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dekker"),
    ("van", "Leeuwen"),
    ("", "Koster"),
    ("", "Prins"),
    ("", "Ouali"),
    ("van der", "Heijden"),
    ("", "Willems"),
    ("", "Şahin"),
    ("", "Kramer"),
    ("", "Postma"),
]

# name, first, last, e-mail local part, (school, role, bouw) memberships
ACCOUNTS = [
    ("ib", "Marieke", "de Haan", [(MAIN_SCHOOL, Role.COORDINATOR, None), (SECOND_SCHOOL, Role.COORDINATOR, None)]),
    ("directeur", "Hans", "Veldkamp", [(MAIN_SCHOOL, Role.MANAGEMENT, None)]),
    ("bouwcoordinator", "Ingrid", "Smeets", [(MAIN_SCHOOL, Role.MANAGEMENT, (5, 8))]),
    ("leerkracht8", "Tom", "Verbeek", [(MAIN_SCHOOL, Role.TEACHER, None)]),
    ("leerkracht5", "Esther", "Claassen", [(MAIN_SCHOOL, Role.TEACHER, None)]),
    ("rt", "Petra", "Nijhuis", [(MAIN_SCHOOL, Role.REMEDIAL, None)]),
    ("beheer", "Kees", "Wouters", [(MAIN_SCHOOL, Role.ADMIN, None)]),
    # Other teachers of the main school and the staff of the second school.
    ("leerkracht12", "Annelies", "Kok", [(MAIN_SCHOOL, Role.TEACHER, None)]),
    ("leerkracht3", "Sandra", "Maas", [(MAIN_SCHOOL, Role.TEACHER, None)]),
    ("leerkracht4", "Joyce", "Hermans", [(MAIN_SCHOOL, Role.TEACHER, None)]),
    ("leerkracht6", "Ruud", "Jacobs", [(MAIN_SCHOOL, Role.TEACHER, None)]),
    ("leerkracht7", "Ahmed", "Bouzid", [(MAIN_SCHOOL, Role.TEACHER, None)]),
    ("kompas.leerkracht", "Wendy", "Schouten", [(SECOND_SCHOOL, Role.TEACHER, None)]),
    ("kompas.directeur", "Gerard", "Lammers", [(SECOND_SCHOOL, Role.MANAGEMENT, None)]),
]
# The accounts the README lists; the others exist so every group has a teacher.
DEMO_LOGINS = ["ib", "directeur", "bouwcoordinator", "leerkracht8", "leerkracht5", "rt", "beheer"]

# (name, low, high, teacher, pupils) for the current year of the main school: 170 pupils.
MAIN_GROUPS = [
    ("Groep 1/2", 1, 2, "leerkracht12", 28),
    ("Groep 3", 3, 3, "leerkracht3", 20),
    ("Groep 4", 4, 4, "leerkracht4", 21),
    ("Groep 5", 5, 5, "leerkracht5", 22),
    ("Groep 6", 6, 6, "leerkracht6", 24),
    ("Groep 7", 7, 7, "leerkracht7", 25),
    ("Groep 8", 8, 8, "leerkracht8", 30),
]
SECOND_GROUPS = [
    ("Groep 1/2", 1, 2, "kompas.leerkracht", 12),
    ("Groep 3/4", 3, 4, "kompas.leerkracht", 14),
    ("Groep 5/6", 5, 6, "kompas.leerkracht", 13),
    ("Groep 7/8", 7, 8, "kompas.leerkracht", 15),
]
REMEDIAL_PUPILS_IN_GROUP_8 = 13


def school_year_bounds(today):
    """A Dutch school year runs from late August to mid July."""
    start_year = today.year if today.month >= 8 else today.year - 1
    return datetime.date(start_year, 8, 17), datetime.date(start_year + 1, 7, 16)


def pupil_name(index):
    first = FIRST_NAMES[(index * 7) % len(FIRST_NAMES)]
    prefix, surname = SURNAMES[(index * 11 + index // len(FIRST_NAMES)) % len(SURNAMES)]
    return first, prefix, surname


def exists():
    return School.objects.filter(name=MAIN_SCHOOL).exists()


@transaction.atomic
def build(today=None):
    """Create the demo schools. Returns the main school."""
    today = today or timezone.localdate()
    Pupil, Enrolment, RemedialAssignment = _pupil_models()

    users = {}
    schools = {
        MAIN_SCHOOL: School.objects.create(name=MAIN_SCHOOL, brin="99XX", city="Lindeveen"),
        SECOND_SCHOOL: School.objects.create(name=SECOND_SCHOOL, brin="99YY", city="Lindeveen"),
    }
    for username, first, last, memberships in ACCOUNTS:
        user = User(username=username, first_name=first, last_name=last, email=f"{username}@demo.invalid")
        user.set_password(PASSWORD)
        user.save()
        users[username] = user
        for school_name, role, bouw in memberships:
            Membership.objects.create(
                user=user,
                school=schools[school_name],
                role=role,
                bouw_low=bouw[0] if bouw else None,
                bouw_high=bouw[1] if bouw else None,
            )

    start, end = school_year_bounds(today)
    pupil_counter = 0
    for school_name, group_specs in ((MAIN_SCHOOL, MAIN_GROUPS), (SECOND_SCHOOL, SECOND_GROUPS)):
        school = schools[school_name]
        previous = _school_year(school, start.replace(year=start.year - 1), end.replace(year=end.year - 1))
        current = _school_year(school, start, end)
        for name, low, high, teacher, size in group_specs:
            group = Group.objects.create(school_year=current, name=name, year_level_low=low, year_level_high=high)
            group.teachers.add(users[teacher])
            for i in range(size):
                pupil_counter += 1
                # Spread the pupils of a combination group over its year levels.
                level = low + (i % (high - low + 1))
                first, prefix, surname = pupil_name(pupil_counter)
                born = datetime.date(start.year - level - 4, 1 + (pupil_counter * 5) % 12, 1 + (pupil_counter * 3) % 28)
                pupil = Pupil.objects.create(
                    school=school,
                    first_name=first,
                    name_prefix=prefix,
                    surname=surname,
                    date_of_birth=born,
                    source_id=f"{school.brin}-{pupil_counter:04d}",
                    date_in=datetime.date(born.year + 4, born.month, 1),
                )
                Enrolment.objects.create(pupil=pupil, group=group, year_level=level)
                if level > 1:
                    # A combination group keeps its name; a single group was the group below.
                    last_name, last_low, last_high = (
                        (name, low, high) if high > low else (f"Groep {level - 1}", level - 1, level - 1)
                    )
                    last_year_group, _created = Group.objects.get_or_create(
                        school_year=previous,
                        name=last_name,
                        defaults={"year_level_low": last_low, "year_level_high": last_high},
                    )
                    Enrolment.objects.create(pupil=pupil, group=last_year_group, year_level=level - 1)
    group_8 = Group.objects.get(school_year__school=schools[MAIN_SCHOOL], school_year__start_date=start, name="Groep 8")
    for pupil in Pupil.objects.filter(enrolments__group=group_8).order_by("surname", "first_name")[
        :REMEDIAL_PUPILS_IN_GROUP_8
    ]:
        RemedialAssignment.objects.create(
            pupil=pupil, staff=users["rt"], subject="begrijpend lezen, wekelijks", start_date=start
        )
    return schools[MAIN_SCHOOL]


def _school_year(school, start, end):
    year = SchoolYear.objects.create(school=school, name=f"{start.year}-{end.year}", start_date=start, end_date=end)
    Period.objects.create(
        school_year=year, name="Periode 1", start_date=start, end_date=datetime.date(start.year + 1, 1, 31)
    )
    Period.objects.create(school_year=year, name="Periode 2", start_date=datetime.date(end.year, 2, 1), end_date=end)
    return year


def _pupil_models():
    from django.apps import apps

    return (apps.get_model("pupils", m) for m in ("Pupil", "Enrolment", "RemedialAssignment"))
