"""The demo school, following the seed's case (see DOMAIN.md).

Deterministic: the same date gives the same data. Names are fictional and
combined from short lists. Later issues extend ``build()`` with their own data
through one function each; the accounts below stay stable.
"""

import datetime
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

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
    """A name no other demo pupil has (for the first 45 x 31 pupils): the two list lengths have no common
    factor, so ``index`` modulo each picks a different pair for every index. A school with seven pupils
    called Sara van den Berg reads as fake, and erasing one of them would leave her name behind."""
    first = FIRST_NAMES[(index * 7) % len(FIRST_NAMES)]
    prefix, surname = SURNAMES[(index * 11) % len(SURNAMES)]
    return first, prefix, surname


def exists():
    return School.objects.filter(name=MAIN_SCHOOL).exists()


YEARS_OF_HISTORY = 3  # school years before the current one, so there are three years of test results


@dataclass
class Demo:
    """What the schools part built; apps above extend it (see ``build``)."""

    today: datetime.date
    schools: dict = field(default_factory=dict)  # name -> School
    users: dict = field(default_factory=dict)  # username -> User
    years: dict = field(default_factory=dict)  # school name -> [SchoolYear], oldest first, current last
    groups: dict = field(default_factory=dict)  # (school name, group name) -> current Group


@transaction.atomic
def build(today=None):
    """Create the demo schools, then let every app with a ``demo`` module add its
    part (``extend(demo)``), in INSTALLED_APPS order. Returns the main school."""
    demo = Demo(today=today or timezone.localdate())
    demo.schools = {
        # Fictional addresses and numbers (the 0123 area code is not in use).
        MAIN_SCHOOL: School.objects.create(
            name=MAIN_SCHOOL,
            brin="99XX",
            address="Wilgenlaan 12",
            postcode="9999 AA",
            city="Lindeveen",
            phone="0123 45 67 89",
        ),
        SECOND_SCHOOL: School.objects.create(
            name=SECOND_SCHOOL,
            brin="99YY",
            address="Beukenstraat 3",
            postcode="9999 AB",
            city="Lindeveen",
            phone="0123 45 67 90",
        ),
    }
    for username, first, last, memberships in ACCOUNTS:
        user = User(username=username, first_name=first, last_name=last, email=f"{username}@demo.invalid")
        user.set_password(PASSWORD)
        user.save()
        demo.users[username] = user
        for school_name, role, bouw in memberships:
            Membership.objects.create(
                user=user,
                school=demo.schools[school_name],
                role=role,
                bouw_low=bouw[0] if bouw else None,
                bouw_high=bouw[1] if bouw else None,
            )

    start, end = school_year_bounds(demo.today)
    for school_name, group_specs in ((MAIN_SCHOOL, MAIN_GROUPS), (SECOND_SCHOOL, SECOND_GROUPS)):
        school = demo.schools[school_name]
        demo.years[school_name] = [
            _school_year(school, start.replace(year=start.year - back), end.replace(year=end.year - back))
            for back in range(YEARS_OF_HISTORY, -1, -1)
        ]
        for name, low, high, teacher, _size in group_specs:
            group = Group.objects.create(
                school_year=demo.years[school_name][-1], name=name, year_level_low=low, year_level_high=high
            )
            group.teachers.add(demo.users[teacher])
            demo.groups[(school_name, name)] = group

    for app in apps.get_app_configs():
        if app.name != "schools" and module_has_submodule(app.module, "demo"):
            import_module(f"{app.name}.demo").extend(demo)
    return demo.schools[MAIN_SCHOOL]


def _school_year(school, start, end):
    year = SchoolYear.objects.create(school=school, name=f"{start.year}-{end.year}", start_date=start, end_date=end)
    Period.objects.create(
        school_year=year, name="Periode 1", start_date=start, end_date=datetime.date(start.year + 1, 1, 31)
    )
    Period.objects.create(school_year=year, name="Periode 2", start_date=datetime.date(end.year, 2, 1), end_date=end)
    return year
