"""Edit matrix rows of schools (see harness.py): the beheer change pages where two beheerders meet."""

from schools import services
from schools.models import Group, Membership, Role, School, SchoolYear, User

from .harness import Edit


def _colleague(model, **values):
    """Another beheerder's save of the same record, through the same service and claim, lands first."""

    def save(world, record):
        fresh = model.objects.get(pk=record.pk)
        for name, value in values.items():
            setattr(fresh, name, value)
        services.save_in_beheer(fresh, version=fresh.version)

    return save


def _object_id(world, record):
    return {"object_id": record.pk}


def _membership(world):
    return Membership.objects.get(user=world.user("teacher"), school=world.school)


# Typed and stored values as the admin page shows them: the typed one in the form, the stored one
# in the conflict block (includes/conflict.html).
def _stored(text):
    return f'<dd class="col-sm-8 mb-1">{text}</dd>'


ROWS = {
    "admin:schools_school_change": Edit(
        role="admin",
        url_kwargs=_object_id,
        record=lambda world: world.school,
        changes=lambda world, school: {"city": "Mijn Plaats"},
        colleague=_colleague(School, city="Plaats van de collega"),
        value=lambda school: School.objects.get(pk=school.pk).city,
        shown=lambda world, school: ('value="Mijn Plaats"', _stored("Plaats van de collega")),
    ),
    "admin:schools_schoolyear_change": Edit(
        role="admin",
        url_kwargs=_object_id,
        record=lambda world: world.groups["six"].school_year,
        changes=lambda world, year: {"name": "Mijn jaar"},
        colleague=_colleague(SchoolYear, name="Jaar collega"),
        value=lambda year: SchoolYear.objects.get(pk=year.pk).name,
        shown=lambda world, year: ('value="Mijn jaar"', _stored("Jaar collega")),
    ),
    "admin:schools_group_change": Edit(
        role="admin",
        url_kwargs=_object_id,
        record=lambda world: world.groups["six"],
        changes=lambda world, group: {"name": "Mijn groep"},
        colleague=_colleague(Group, name="Groep van de collega"),
        value=lambda group: Group.objects.get(pk=group.pk).name,
        shown=lambda world, group: ('value="Mijn groep"', _stored("Groep van de collega")),
    ),
    "admin:schools_membership_change": Edit(
        role="admin",
        url_kwargs=_object_id,
        record=_membership,
        changes=lambda world, membership: {"role": Role.MANAGEMENT},
        colleague=_colleague(Membership, role=Role.REMEDIAL),
        value=lambda membership: Membership.objects.get(pk=membership.pk).role,
        shown=lambda world, membership: (
            f'<option value="{Role.MANAGEMENT}" selected>',
            _stored(Role.REMEDIAL.label),
        ),
    ),
    "admin:schools_user_change": Edit(
        role="admin",
        url_kwargs=_object_id,
        record=lambda world: world.user("other_teacher"),
        changes=lambda world, user: {"email": "mijn@example.invalid"},
        colleague=_colleague(User, email="collega@example.invalid"),
        value=lambda user: User.objects.get(pk=user.pk).email,
        shown=lambda world, user: ('value="mijn@example.invalid"', _stored("collega@example.invalid")),
    ),
}

_ALL_SCHOOLS = "leest of beheert de beheerpagina's als geheel, wijzigt geen record"
_LIST = "lijst; wijzigt hier niets (de acties verwijderen of zetten een waarde, zie de wijzigpagina)"
_ADD = "maakt een nieuw record"
_HISTORY = "leest alleen (de geschiedenis van het record)"
_DELETE = "verwijdert een record: er blijft geen waarde over die een collega kwijtraakt"
_SUPERUSER = (
    "alleen voor de functioneel beheerder (superuser): gedeelde toetsgegevens van pupils, zonder versie "
    "(zie het verslag van issue 10)"
)
_READ_ONLY = "alleen lezen: het auditlog kan niemand wijzigen"

NOT_EDITS = {
    "health": "zegt alleen of de database antwoordt",
    "admin:index": _ALL_SCHOOLS,
    "admin:login": "stuurt door naar de eigen inlogpagina",
    "admin:logout": "logt uit via de eigen uitlogpagina",
    "admin:password_change": "zet een nieuw eigen wachtwoord; er valt niets te vergelijken",
    "admin:password_change_done": "leest alleen",
    "admin:autocomplete": "leest alleen (zoeksuggesties)",
    "admin:jsi18n": "leest alleen (vertalingen voor JavaScript)",
    "admin:view_on_site": "stuurt door naar de pagina van het record",
    "admin:app_list": _ALL_SCHOOLS,
    "admin:schools_school_changelist": _LIST,
    "admin:schools_school_add": _ADD,
    "admin:schools_school_history": _HISTORY,
    "admin:schools_school_delete": _DELETE,
    "admin:schools_schoolyear_changelist": _LIST,
    "admin:schools_schoolyear_add": _ADD,
    "admin:schools_schoolyear_history": _HISTORY,
    "admin:schools_schoolyear_delete": _DELETE,
    "admin:schools_group_changelist": _LIST,
    "admin:schools_group_add": _ADD,
    "admin:schools_group_history": _HISTORY,
    "admin:schools_group_delete": _DELETE,
    "admin:schools_membership_changelist": _LIST,
    "admin:schools_membership_add": _ADD,
    "admin:schools_membership_history": _HISTORY,
    "admin:schools_membership_delete": _DELETE,
    "admin:auth_user_password_change": (
        "zet een nieuw wachtwoord; het formulier toont het oude niet, er valt niets te vergelijken"
    ),
    "admin:schools_user_changelist": _LIST,
    "admin:schools_user_add": _ADD,
    "admin:schools_user_history": _HISTORY,
    "admin:schools_user_delete": _DELETE,
    "admin:core_auditentry_changelist": _READ_ONLY,
    "admin:core_auditentry_add": _READ_ONLY,
    "admin:core_auditentry_history": _READ_ONLY,
    "admin:core_auditentry_delete": _READ_ONLY,
    "admin:core_auditentry_change": _READ_ONLY,
    "admin:pupils_subject_changelist": _SUPERUSER,
    "admin:pupils_subject_add": _SUPERUSER,
    "admin:pupils_subject_history": _SUPERUSER,
    "admin:pupils_subject_delete": _SUPERUSER,
    "admin:pupils_subject_change": _SUPERUSER,
    "admin:pupils_scale_changelist": _SUPERUSER,
    "admin:pupils_scale_add": _SUPERUSER,
    "admin:pupils_scale_history": _SUPERUSER,
    "admin:pupils_scale_delete": _SUPERUSER,
    "admin:pupils_scale_change": _SUPERUSER,
    "admin:pupils_instrument_changelist": _SUPERUSER,
    "admin:pupils_instrument_add": _SUPERUSER,
    "admin:pupils_instrument_history": _SUPERUSER,
    "admin:pupils_instrument_delete": _SUPERUSER,
    "admin:pupils_instrument_change": _SUPERUSER,
    "admin:reports_threshold_changelist": _SUPERUSER,
    "admin:reports_threshold_add": _SUPERUSER,
    "admin:reports_threshold_history": _SUPERUSER,
    "admin:reports_threshold_delete": _SUPERUSER,
    "admin:reports_threshold_change": _SUPERUSER,
    "set_language": "zet alleen de taal van de bezoeker (cookie)",
    "home": "leest alleen",
    "switch_school": "kiest de school waarin je werkt (sessie), wijzigt geen record",
    "group_list": "leest alleen",
    "group_detail": "leest alleen",
    "audit_log": "leest alleen",
    "login": "inloggen: wijzigt geen record dat iemand bewerkt",
    "login_code": "inloggen met een code: wijzigt geen record dat iemand bewerkt",
    "logout": "uitloggen",
    "password_change": "zet een nieuw eigen wachtwoord; er valt niets te vergelijken",
    "password_change_done": "leest alleen",
    "password_reset": "stuurt een herstelmail",
    "password_reset_done": "leest alleen",
    "password_reset_confirm": "zet een nieuw wachtwoord met de link uit de mail; er valt niets te vergelijken",
    "password_reset_complete": "leest alleen",
    "two_factor_setup": "zet je eigen tweestapsverificatie aan (een waarde, geen formulier van anderen)",
    "two_factor_disable": "zet je eigen tweestapsverificatie uit (een waarde, geen formulier van anderen)",
}
