"""The test results file: one row per result (pupil, test, domain, date).

A result is found by pupil, test, domain and date (the database holds one per
combination), so importing a file again changes nothing. Each row is checked
with the same rules as a result entered by hand (``Assessment.clean``).
Empty cells never clear what the school already has.
"""

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools import access

from ..models import Assessment, Instrument, ScaleLevel, Subject
from .plan import CHANGED, NEW, UNCHANGED, Plan, PlannedRow
from .reading import Column, Problem, normalise, parse_date, parse_decimal, parse_whole_number, parse_yes_no

WHAT = gettext_lazy("bestand met toetsresultaten")

COLUMNS = (
    Column(
        "leerlingnummer",
        "leerlingnummer",
        ("leerling nummer", "llnr", "ll nr", "leerlingnr", "leerling nr", "leerling id", "leerlingid"),
        required=True,
    ),
    Column("toets", "toets", ("toetsnaam", "toetscode", "instrument", "naam toets"), required=True),
    Column("vak", "vak", ("domein", "onderdeel", "vakgebied", "leergebied", "vak of domein")),
    Column("datum", "datum", ("toetsdatum", "afnamedatum", "datum afname", "afgenomen op"), required=True),
    Column("toetsmoment", "toetsmoment", ("moment", "afnamemoment", "toets moment")),
    Column("score", "score", ("vaardigheidsscore", "vs", "ruwe score")),
    Column("niveau", "niveau", ("referentieniveau", "avi niveau", "avi-niveau", "niveau i-v", "niveau a-e")),
    Column("percentage", "percentage", ("percentage goed", "pct", "procent", "perc")),
    Column("norm_gehaald", "norm gehaald", ("norm", "norm behaald", "gehaald")),
)

# Assessment field -> column key, to put a ValidationError of the model on the right column.
FIELD_COLUMNS = {
    "subject": "vak",
    "moment": "toetsmoment",
    "score": "score",
    "percentage": "percentage",
    "level": "niveau",
    "meets_norm": "norm_gehaald",
    "date": "datum",
}
COMPARED = ("moment", "score", "percentage", "level_id", "meets_norm")
UPDATED_FIELDS = ["moment", "score", "percentage", "level", "meets_norm"]


def level_key(code):
    """'iv', ' IV ' and 'Iv' are IV; 'avi start' is AVI-Start; '< 1f' is <1F."""
    return re.sub(r"[\s\-_.]", "", code.upper())


class Catalogue:
    """Tests, subjects and levels by every name a file may use for them (three queries)."""

    def __init__(self):
        self.instruments = {}
        for instrument in Instrument.objects.select_related("subject", "scale"):
            for name in (instrument.code, instrument.name):
                self.instruments.setdefault(normalise(name), instrument)
        self.subjects = {}
        self.subject_list = list(Subject.objects.filter(is_tested=True))
        for subject in self.subject_list:
            for name in (subject.code, subject.name):
                self.subjects.setdefault(normalise(name), subject)
        self.levels = {}  # scale id -> {key: level}
        self.levels_by_id = {}
        self.scale_levels = {}  # scale id -> [codes], best first
        for level in ScaleLevel.objects.select_related("scale").order_by("scale_id", "-rank"):
            self.levels_by_id[level.pk] = level
            self.scale_levels.setdefault(level.scale_id, []).append(level.code)
            keys = self.levels.setdefault(level.scale_id, {})
            keys.setdefault(level_key(level.code), level)
        # Parts of a combined level ('2F' of '2F/1S') and AVI levels without 'AVI' are accepted when unambiguous.
        for keys in self.levels.values():
            extra = {}
            for level in list(keys.values()):
                for part in level.code.split("/"):
                    extra.setdefault(level_key(part), set()).add(level)
                if level_key(level.code).startswith("AVI"):
                    extra.setdefault(level_key(level.code)[3:], set()).add(level)
            for key, found in extra.items():
                if key and key not in keys and len(found) == 1:
                    keys[key] = found.pop()

    def instrument(self, text):
        return self.instruments.get(normalise(text))

    def subject(self, text):
        key = normalise(text)
        found = self.subjects.get(key)
        if found is None and len(key) >= 4:
            starting = {subject for name, subject in self.subjects.items() if name.startswith(key)}
            found = starting.pop() if len(starting) == 1 else None
        return found

    def level(self, scale_id, text):
        return self.levels.get(scale_id, {}).get(level_key(text))


def _number_text(value):
    """152,5 and 140 (not 140,0), as a Dutch teacher writes them."""
    return format(value.normalize(), "f").replace(".", ",")


def _result_text(assessment, catalogue):
    parts = []
    if assessment.level_id:
        parts.append(catalogue.levels_by_id[assessment.level_id].code)
    if assessment.score is not None:
        parts.append(_number_text(assessment.score))
    if assessment.percentage is not None:
        parts.append(f"{assessment.percentage}%")
    return " · ".join(parts) or "–"


def _value_text(field_name, value, catalogue):
    if value is None or value == "":
        return "–"
    if field_name == "level_id":
        return catalogue.levels_by_id[value].code
    if field_name == "meets_norm":
        return _("ja") if value else _("nee")
    if field_name == "score":
        return _number_text(value)
    return str(value)


def validate(table, school, user):
    plan = Plan.for_table("results", table)
    catalogue = Catalogue()
    pupils = {
        source_id: (pk, " ".join(part for part in (first, prefix, surname) if part))
        for pk, source_id, first, prefix, surname in access.editable_pupils(user, school)
        .exclude(source_id="")
        .values_list("pk", "source_id", "first_name", "name_prefix", "surname")
    }
    today = timezone.localdate()

    def check(row, problem):
        number = row.get("leerlingnummer")
        pupil = None
        if not number:
            problem("leerlingnummer", _("Het leerlingnummer ontbreekt."))
        else:
            pupil = pupils.get(number)
            if pupil is None:
                problem(
                    "leerlingnummer",
                    _(
                        "Leerlingnummer %(number)s is niet bekend bij %(school)s. Lees eerst de leerlingen in, "
                        "of controleer het nummer."
                    )
                    % {"number": number, "school": school},
                )

        instrument = None
        instrument_text = row.get("toets")
        if not instrument_text:
            problem("toets", _("De toets ontbreekt."))
        else:
            instrument = catalogue.instrument(instrument_text)
            if instrument is None:
                problem(
                    "toets",
                    _("Toets ‘%(value)s’ is onbekend. Bekende toetsen: %(known)s.")
                    % {
                        "value": instrument_text,
                        "known": ", ".join(sorted({i.code for i in catalogue.instruments.values()})),
                    },
                )

        subject = None
        subject_text = row.get("vak")
        if subject_text:
            subject = catalogue.subject(subject_text)
            if subject is None:
                problem(
                    "vak",
                    _("Vak ‘%(value)s’ is onbekend. Bekende vakken: %(known)s.")
                    % {"value": subject_text, "known": ", ".join(s.code for s in catalogue.subject_list)},
                )
        if instrument is not None and not subject_text:
            subject = instrument.subject
            if subject is None:
                problem(
                    "vak" if table.has("vak") else "toets",
                    _(
                        "%(instrument)s heeft meer domeinen: vul in de kolom vak het domein in, bijvoorbeeld "
                        "lezen, taalverzorging of rekenen-wiskunde."
                    )
                    % {"instrument": instrument.name},
                )

        date = None
        date_text = row.get("datum")
        if not date_text:
            problem("datum", _("De datum ontbreekt."))
        else:
            try:
                date = parse_date(date_text)
            except ValueError as error:
                problem("datum", str(error))
            else:
                if date > today:
                    problem("datum", _("De datum %(value)s ligt in de toekomst.") % {"value": date_text})

        values = {}
        moment = row.get("toetsmoment").upper().replace(" ", "")
        if moment:
            values["moment"] = moment
        for key, field_name, parse in (
            ("score", "score", parse_decimal),
            ("percentage", "percentage", parse_whole_number),
            ("norm_gehaald", "meets_norm", parse_yes_no),
        ):
            text = row.get(key)
            if text:
                try:
                    values[field_name] = parse(text)
                except ValueError as error:
                    problem(key, str(error))
        level_text = row.get("niveau")
        if level_text and instrument is not None:
            if instrument.scale_id is None:
                problem("niveau", _("%(instrument)s heeft geen niveaus.") % {"instrument": instrument.name})
            else:
                level = catalogue.level(instrument.scale_id, level_text)
                if level is None:
                    problem(
                        "niveau",
                        _("Niveau ‘%(value)s’ hoort niet bij de schaal %(scale)s (%(levels)s).")
                        % {
                            "value": level_text,
                            "scale": instrument.scale.name,
                            "levels": ", ".join(catalogue.scale_levels.get(instrument.scale_id, [])),
                        },
                    )
                else:
                    values["level"] = level

        return pupil, instrument, subject, date, values

    # (row, pupil, instrument, subject, date, values) of the rows without problems so far
    candidates = [(row, *checked) for row, checked in plan.checked_rows(table, check)]

    if not candidates:
        return plan

    # The results these rows may change: one query, bounded by test and date rather than by a list of pupils.
    existing = {
        (a.pupil_id, a.instrument_id, a.subject_id, a.date): a
        for a in Assessment.objects.filter(
            pupil__school=school,
            instrument_id__in={c[2].pk for c in candidates},
            date__range=(min(c[4] for c in candidates), max(c[4] for c in candidates)),
        ).only("pk", "pupil_id", "instrument_id", "subject_id", "date", *UPDATED_FIELDS)
    }
    seen = {}
    for row, (pupil_id, pupil_name), instrument, subject, date, values in candidates:
        key = (pupil_id, instrument.pk, subject.pk, date)
        if key in seen:
            plan.problems.append(
                Problem(
                    row.line,
                    "",
                    _(
                        "Het resultaat van leerling %(number)s voor %(instrument)s %(subject)s op %(date)s staat "
                        "ook op regel %(line)s."
                    )
                    % {
                        "number": row.get("leerlingnummer"),
                        "instrument": instrument.name,
                        "subject": subject.name,
                        "date": f"{date:%d-%m-%Y}",
                        "line": seen[key],
                    },
                )
            )
            continue
        seen[key] = row.line
        old = existing.get(key)
        if old is None:
            assessment = Assessment(pupil_id=pupil_id, instrument=instrument, subject=subject, date=date)
            before = None
        else:
            assessment = old
            before = {name: getattr(old, name) for name in COMPARED}
            assessment.instrument, assessment.subject = instrument, subject
            if assessment.level_id:
                assessment.level = catalogue.levels_by_id[assessment.level_id]
        for field_name, value in values.items():
            setattr(assessment, field_name, value)
        try:
            assessment.clean_fields(exclude=["pupil", "instrument", "subject", "level"])
            assessment.clean()
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                column = table.header(FIELD_COLUMNS.get(field_name, "")) if field_name != NON_FIELD_ERRORS else ""
                plan.problems.extend(Problem(row.line, column, message) for message in messages)
            continue

        changes = []
        if before is None:
            action = NEW
        else:
            for name in COMPARED:
                new_value = getattr(assessment, name)
                if before[name] != new_value:
                    column = table.header(FIELD_COLUMNS[name.removesuffix("_id")])
                    changes.append(
                        f"{column}: {_value_text(name, before[name], catalogue)} → "
                        f"{_value_text(name, new_value, catalogue)}"
                    )
            action = CHANGED if changes else UNCHANGED
        label_moment = assessment.moment or f"{date:%d-%m-%Y}"
        plan.rows.append(
            PlannedRow(
                line=row.line,
                action=action,
                label=f"{row.get('leerlingnummer')} {pupil_name} – {instrument.name} {subject.name} {label_moment}: "
                f"{_result_text(assessment, catalogue)}",
                changes=changes,
                payload={"assessment": assessment if action != UNCHANGED else None},
            )
        )
    return plan
