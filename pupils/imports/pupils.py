"""The pupils file: one row per pupil with the group she is in this school year.

A pupil is found by her leerlingnummer (the number in the school's own system);
a pupil entered by hand without a number is found by name and date of birth and
gets the number. Empty optional cells never clear what the school already has.
The import adds and changes pupils and their group of the current school year; it
never removes a pupil or an enrolment.
"""

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools import access

from ..models import Enrolment, Pupil
from .plan import CHANGED, NEW, UNCHANGED, Plan, PlannedRow
from .reading import Column, Problem, parse_date

WHAT = gettext_lazy("leerlingenbestand")

COLUMNS = (
    Column(
        "leerlingnummer",
        "leerlingnummer",
        ("leerling nummer", "llnr", "ll nr", "leerlingnr", "leerling nr", "leerling id", "leerlingid", "nummer"),
        required=True,
    ),
    Column("voornaam", "voornaam", ("roepnaam",), required=True),
    Column("tussenvoegsel", "tussenvoegsel", ("tussenvoegsels", "voorvoegsel", "voorvoegsels", "tussenv")),
    Column("achternaam", "achternaam", ("familienaam", "geslachtsnaam"), required=True),
    Column(
        "geboortedatum",
        "geboortedatum",
        ("geb datum", "gebdatum", "geb dat", "geboren", "geboren op", "datum geboorte"),
        required=True,
    ),
    Column("groep", "groep", ("groepsnaam", "naam groep", "klas", "stamgroep"), required=True),
    Column("jaargroep", "jaargroep", ("leerjaar", "leerjaargroep")),
    Column(
        "datum_instroom",
        "datum instroom",
        ("instroomdatum", "instroom", "datum inschrijving", "inschrijfdatum", "ingeschreven op", "datum in"),
    ),
    # Brothers and sisters share a value (a family number): conversation rounds give them adjacent slots.
    Column("gezin", "gezin", ("gezinsnummer", "gezinsnr", "gezinscode", "familienummer", "familiecode")),
)

# Words that start a Dutch (or Flemish, French, German) surname and belong in the tussenvoegsel.
PREFIX_WORDS = {
    "van", "de", "der", "den", "het", "'t", "’t", "t", "ter", "ten", "te", "in", "op", "onder", "over", "aan",
    "bij", "uit", "uijt", "d'", "d’", "la", "le", "l'", "l’", "du", "des", "di", "da", "del", "dos", "vom", "von",
    "zu", "zum", "zur", "'s", "’s", "el", "al",
}  # fmt: skip

FIELD_COLUMNS = {
    "first_name": "voornaam",
    "name_prefix": "tussenvoegsel",
    "surname": "achternaam",
    "date_of_birth": "geboortedatum",
    "date_in": "datum_instroom",
    "source_id": "leerlingnummer",
    "family": "gezin",
}


def _spaces(value):
    return " ".join(value.split())


def split_prefix(surname):
    """'van der Berg' -> ('van der', 'Berg'); 'Berg, van der' -> ('van der', 'Berg'); 'Jansen' -> ('', 'Jansen')."""
    if "," in surname:
        base, _sep, after = surname.partition(",")
        words = after.split()
        if base.strip() and words and all(word.lower() in PREFIX_WORDS for word in words):
            return " ".join(word.lower() for word in words), _spaces(base)
        return "", surname
    words = surname.split()
    count = 0
    while count < len(words) - 1 and words[count].lower() in PREFIX_WORDS:
        count += 1
    return " ".join(word.lower() for word in words[:count]), " ".join(words[count:])


def group_key(name):
    """'Groep 7/8', 'groep 7/8', 'gr. 7/8' and '7/8' are the same group."""
    text = " ".join(name.lower().split())
    text = re.sub(r"^(groep|gr\.?)\s*", "", text)
    return text.replace(" ", "")


def _date_text(value):
    return f"{value:%d-%m-%Y}" if value else "–"


def validate(table, school, user):
    plan = Plan.for_table("pupils", table)
    year = school.current_year()
    if year is None:
        plan.problems.append(
            Problem(
                None,
                "",
                _(
                    "%(school)s heeft geen schooljaar dat vandaag loopt. Laat de beheerder eerst het schooljaar en "
                    "de groepen aanmaken."
                )
                % {"school": school},
            )
        )
        return plan

    groups = list(access.groups(user, school).filter(school_year=year))
    groups_by_id = {group.pk: group for group in groups}
    exact = {" ".join(group.name.lower().split()): group for group in groups}
    loose = {}
    for group in groups:
        loose.setdefault(group_key(group.name), []).append(group)
    # The right to import pupils (access.can_import) is the right to keep the school's pupil list:
    # every pupil of the school, also for the admin, who reads no care content.
    pupils = list(
        Pupil.objects.filter(school=school).only(
            "pk",
            "school_id",
            "source_id",
            "first_name",
            "name_prefix",
            "surname",
            "date_of_birth",
            "date_in",
            "date_out",
            "family",
        )
    )
    by_number = {pupil.source_id: pupil for pupil in pupils if pupil.source_id}
    unnumbered = {}
    for pupil in pupils:
        if not pupil.source_id:
            key = _identity(pupil.first_name, pupil.name_prefix, pupil.surname, pupil.date_of_birth)
            unnumbered.setdefault(key, []).append(pupil)
    enrolments = {
        enrolment.pupil_id: enrolment
        for enrolment in Enrolment.objects.filter(school_year=year, pupil__school=school).only(
            "pk", "pupil_id", "group_id", "school_year_id", "year_level"
        )
    }
    split_surnames = not table.has("tussenvoegsel")
    group_names = ", ".join(group.name for group in groups) or _("geen")
    seen = {}  # leerlingnummer -> line
    claimed = set()  # pupils without a number matched by name, so two rows cannot take the same one

    def check(row, problem):
        number = row.get("leerlingnummer")
        if not number:
            problem("leerlingnummer", _("Het leerlingnummer ontbreekt."))
        elif len(number) > 30:
            problem("leerlingnummer", _("Een leerlingnummer heeft hoogstens 30 tekens."))
        elif number in seen:
            problem(
                "leerlingnummer",
                _(
                    "Leerlingnummer %(number)s staat ook op regel %(line)s. Elke leerling mag maar één keer in het "
                    "bestand staan."
                )
                % {"number": number, "line": seen[number]},
            )
        else:
            seen[number] = row.line

        first_name = _spaces(row.get("voornaam"))
        prefix = _spaces(row.get("tussenvoegsel"))
        surname = _spaces(row.get("achternaam"))
        if surname and (split_surnames or (not prefix and "," in surname)):
            found_prefix, surname = split_prefix(surname)
            prefix = prefix or found_prefix
        if not first_name:
            problem("voornaam", _("De voornaam ontbreekt."))
        elif len(first_name) > 100:
            problem("voornaam", _("Een voornaam heeft hoogstens 100 tekens."))
        if not surname:
            problem("achternaam", _("De achternaam ontbreekt."))
        elif len(surname) > 100:
            problem("achternaam", _("Een achternaam heeft hoogstens 100 tekens."))
        if len(prefix) > 20:
            problem("tussenvoegsel", _("Een tussenvoegsel heeft hoogstens 20 tekens."))
        family = _spaces(row.get("gezin"))
        if len(family) > 30:
            problem("gezin", _("Een gezinsnummer heeft hoogstens 30 tekens."))

        date_of_birth = _date(row, "geboortedatum", problem, required=True)
        date_in = _date(row, "datum_instroom", problem)
        today = timezone.localdate()
        if date_of_birth and date_of_birth > today:
            problem(
                "geboortedatum",
                _("De geboortedatum %(date)s ligt in de toekomst.") % {"date": _date_text(date_of_birth)},
            )
        if date_of_birth and date_in and date_in < date_of_birth:
            problem("datum_instroom", _("De datum van instroom ligt vóór de geboortedatum."))

        group = None
        group_name = row.get("groep")
        if not group_name:
            problem("groep", _("De groep ontbreekt."))
        else:
            group = exact.get(" ".join(group_name.lower().split()))
            if group is None:
                candidates = loose.get(group_key(group_name), [])
                group = candidates[0] if len(candidates) == 1 else None
            if group is None:
                problem(
                    "groep",
                    _("Groep ‘%(name)s’ bestaat niet in schooljaar %(year)s. De groepen van dit jaar zijn: %(groups)s.")
                    % {"name": group_name, "year": year, "groups": group_names},
                )

        year_level = None
        level_text = row.get("jaargroep")
        if level_text:
            digits = re.findall(r"\d+", level_text)
            if len(digits) != 1 or not 1 <= int(digits[0]) <= 8:
                problem(
                    "jaargroep",
                    _("‘%(value)s’ is geen jaargroep; vul een getal van 1 tot en met 8 in.") % {"value": level_text},
                )
            else:
                year_level = int(digits[0])
        if group is not None:
            levels = group.year_levels
            allowed = _(" of ").join(str(level) for level in levels)
            if year_level is None and not level_text:
                if group.is_combination:
                    problem(
                        "jaargroep" if table.has("jaargroep") else "groep",
                        _("%(group)s is een combinatiegroep: vul de jaargroep in (%(levels)s).")
                        % {"group": group.name, "levels": allowed},
                    )
                else:
                    year_level = group.year_level_low
            elif year_level is not None and year_level not in levels:
                problem(
                    "jaargroep",
                    _("Jaargroep %(level)s hoort niet bij %(group)s (%(levels)s).")
                    % {"level": year_level, "group": group.name, "levels": allowed},
                )
        return number, first_name, prefix, surname, family, date_of_birth, date_in, group, year_level

    for row, values in plan.checked_rows(table, check):
        number, first_name, prefix, surname, family, date_of_birth, date_in, group, year_level = values
        # Which pupil this row is, and what would change.
        pupil = by_number.get(number)
        changes = []
        if pupil is None:
            matches = [
                candidate
                for candidate in unnumbered.get(_identity(first_name, prefix, surname, date_of_birth), [])
                if candidate.pk not in claimed
            ]
            if len(matches) == 1:
                pupil = matches[0]
                claimed.add(pupil.pk)
                pupil.source_id = number
                changes.append(_("leerlingnummer: %(number)s (gevonden op naam en geboortedatum)") % {"number": number})
        if pupil is None:
            pupil = Pupil(
                school=school,
                source_id=number,
                first_name=first_name,
                name_prefix=prefix,
                surname=surname,
                date_of_birth=date_of_birth,
                date_in=date_in,
                family=family,
            )
            action = NEW
            pupil_changed = True
        else:
            new_values = {
                "first_name": first_name,
                "name_prefix": prefix,
                "surname": surname,
                "date_of_birth": date_of_birth,
            }
            if date_in:
                new_values["date_in"] = date_in
            if family:
                new_values["family"] = family
            for field_name, value in new_values.items():
                old = getattr(pupil, field_name)
                if old != value:
                    label = table.header(FIELD_COLUMNS[field_name])
                    if field_name.startswith("date"):
                        changes.append(f"{label}: {_date_text(old)} → {_date_text(value)}")
                    else:
                        changes.append(f"{label}: ‘{old}’ → ‘{value}’")
                    setattr(pupil, field_name, value)
            pupil_changed = bool(changes)
            action = CHANGED if changes else UNCHANGED

        enrolment = enrolments.get(pupil.pk) if pupil.pk else None
        enrolment_changed = False
        if enrolment is None:
            enrolment = Enrolment(pupil=pupil, group=group, school_year=year, year_level=year_level)
            enrolment_changed = True
            if action != NEW:
                changes.append(_("groep: %(group)s") % {"group": _group_label(group, year_level)})
        elif enrolment.group_id != group.pk or enrolment.year_level != year_level:
            old_group = groups_by_id.get(enrolment.group_id) or enrolment.group
            changes.append(
                _("groep: %(old)s → %(new)s")
                % {"old": _group_label(old_group, enrolment.year_level), "new": _group_label(group, year_level)}
            )
            enrolment.group, enrolment.school_year, enrolment.year_level = group, year, year_level
            enrolment_changed = True
        if action == UNCHANGED and enrolment_changed:
            action = CHANGED

        plan.rows.append(
            PlannedRow(
                line=row.line,
                action=action,
                label=f"{number} {pupil.full_name} – {_group_label(group, year_level)}",
                changes=changes,
                payload={
                    "pupil": pupil if pupil_changed else None,
                    "enrolment": enrolment if enrolment_changed else None,
                },
            )
        )
    return plan


def _identity(first_name, prefix, surname, date_of_birth):
    return (first_name.lower(), prefix.lower(), surname.lower(), date_of_birth)


def _group_label(group, year_level):
    if group.is_combination and year_level:
        return _("%(group)s (jaargroep %(level)s)") % {"group": group.name, "level": year_level}
    return group.name


def _date(row, key, problem, required=False):
    """The date in the cell, or None (with a problem when it is required or not a date)."""
    value = row.get(key)
    if not value:
        if required:
            problem(key, _("De geboortedatum ontbreekt."))
        return None
    try:
        return parse_date(value)
    except ValueError as error:
        problem(key, str(error))
        return None
