"""The schedule of a conversation round: which pupil, when, at which table.

    slots = day_slots(day, round_.slot_minutes)   # [(starts_at, ends_at)] of one day, breaks skipped
    result = plan(round_)                          # a slot for every unscheduled pupil of the group (nothing saved)
    errors = check_move(conversation, starts_at, staff)  # [] when a moved slot fits

A *table* is a set of staff who hold conversations together: in TOGETHER mode the
round has one table with all its staff (the leader leads, the others take notes);
in SPLIT mode each staff member is a table of her own and the tables run in parallel.

``plan`` never double-books anyone: the staff's conversations elsewhere (any round,
or none) are read in one query through ``availability.busy`` and their slots stay empty.
Siblings (the same ``Pupil.family`` in the school) get consecutive slots at one table,
so the parents come once; a pupil whose sibling already has a conversation that day
gets the slot right before or after it when that slot is free. Parents are never
expected in two places at once. The module writes nothing: ``services.plan_conversations``
saves what ``plan`` proposes, in one transaction (either every pupil gets a slot, or
nothing is saved).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pupils.models import Pupil

from .availability import TIME_HOLDING, busy, staff_conflicts
from .models import Conversation, Round


@dataclass
class Table:
    """Staff who sit together in a conversation; ``key`` is the column of the schedule."""

    key: int
    staff: list
    leader: object
    note_taker: object = None

    @property
    def label(self):
        return ", ".join(_name(user) for user in self.staff)


@dataclass
class Slot:
    """A pupil's proposed conversation: when, and at which table."""

    pupil: object
    table: Table
    starts_at: datetime.datetime
    ends_at: datetime.datetime


@dataclass
class Result:
    """What ``plan`` proposes (``placed``) and, once saved, what was planned (``created``), for the
    message on the page."""

    placed: list = field(default_factory=list)
    created: list = field(default_factory=list)
    already: int = 0

    @property
    def message(self):
        if not self.created:
            return _("Alle leerlingen van de groep hebben al een gesprek in deze ronde; er is niets nieuw gepland.")
        return ngettext("%(count)d gesprek gepland.", "%(count)d gesprekken gepland.", len(self.created)) % {
            "count": len(self.created)
        }


def _name(user):
    return user.get_full_name() or user.get_username()


def _aware(date, time):
    return timezone.make_aware(datetime.datetime.combine(date, time))


def _overlaps(start, end, intervals):
    return any(start < other_end and end > other_start for other_start, other_end in intervals)


def day_slots(day, minutes):
    """[(starts_at, ends_at)] aware datetimes of one ``RoundDay``: slots of ``minutes`` from the
    start time, skipping breaks (a slot that would run into a break starts after it), the last
    one ending by the end time."""
    length = datetime.timedelta(minutes=minutes)
    try:
        breaks = [(_aware(day.date, start), _aware(day.date, end)) for start, end in day.break_list()]
    except ValueError:
        breaks = []
    current, end = _aware(day.date, day.start_time), _aware(day.date, day.end_time)
    slots = []
    while current + length <= end:
        clash = next((b for b in breaks if current < b[1] and current + length > b[0]), None)
        if clash is not None:
            current = clash[1]
            continue
        slots.append((current, current + length))
        current += length
    return slots


def tables(round_):
    """The tables of ``round_`` (uses ``round_.staff.all()``, so a prefetch makes this free)."""
    staff = sorted(round_.staff.all(), key=lambda user: (user.pk != round_.leader_id, _name(user).lower(), user.pk))
    if not staff:
        return []
    if round_.mode == Round.Mode.SPLIT:
        return [Table(key=user.pk, staff=[user], leader=user) for user in staff]
    leader, *others = staff
    return [Table(key=0, staff=staff, leader=leader, note_taker=others[0] if others else None)]


def round_pupils(round_):
    """The pupils of the round's group (their enrolments in it), who have not left the school."""
    today = timezone.localdate()
    return (
        Pupil.objects.filter(enrolments__group_id=round_.group_id)
        .filter(Q(date_out__isnull=True) | Q(date_out__gte=today))
        .distinct()
        .order_by("surname", "name_prefix", "first_name", "pk")
    )


def scheduled_pupil_ids(round_):
    """Pupils of ``round_`` who have a planned or held conversation in it."""
    return set(Conversation.objects.filter(round=round_, status__in=TIME_HOLDING).values_list("pupil_id", flat=True))


@dataclass
class _Cell:
    table: int  # index into the tables list
    day: int
    index: int  # slot index within the day
    starts_at: datetime.datetime
    ends_at: datetime.datetime


class _Grid:
    """The free slots of every table, in time order (tables in parallel)."""

    def __init__(self, round_tables, days, minutes, busy_of, not_before=None):
        self.slots = [day_slots(day, minutes) for day in days]
        self.free = {}
        for t, table in enumerate(round_tables):
            taken = [interval for user in table.staff for interval in busy_of.get(user.pk, ())]
            for d, slots in enumerate(self.slots):
                for i, (start, end) in enumerate(slots):
                    if not_before is not None and start < not_before:
                        continue
                    if not _overlaps(start, end, taken):
                        self.free[(t, d, i)] = _Cell(t, d, i, start, end)
        self.order = sorted(self.free, key=lambda key: (key[1], key[2], key[0]))

    def __len__(self):
        return len(self.free)

    def runs(self, length, avoid):
        """Runs of ``length`` free, back-to-back slots at one table, earliest first, that do not
        overlap ``avoid`` (the family's other conversations)."""
        for key in self.order:
            if key not in self.free:
                continue
            t, d, i = key
            run = []
            for j in range(i, i + length):
                cell = self.free.get((t, d, j))
                if cell is None or (run and run[-1].ends_at != cell.starts_at):
                    break
                if _overlaps(cell.starts_at, cell.ends_at, avoid):
                    break
                run.append(cell)
            if len(run) == length:
                yield run

    def take(self, cells):
        for cell in cells:
            del self.free[(cell.table, cell.day, cell.index)]


def _units(pupils):
    """Pupils grouped per family (a family of one for a pupil without one), in list order."""
    families = {}
    units = []
    for pupil in pupils:
        key = pupil.family.strip()
        if key and key in families:
            families[key].append(pupil)
            continue
        unit = [pupil]
        units.append(unit)
        if key:
            families[key] = unit
    return units


def _place(unit, grid, family_times):
    """Cells for the pupils of ``unit`` (same order), or None for a pupil that fits nowhere."""
    key = unit[0].family.strip()
    avoid = family_times.get(key, []) if key else []
    # Next to a sibling's conversation of that day (another round, or an earlier run of this one).
    for start, end in avoid:
        for run in grid.runs(len(unit), avoid):
            if run[-1].ends_at == start or run[0].starts_at == end:
                return run
    run = next(grid.runs(len(unit), avoid), None)
    if run is not None:
        return run
    # No room for the family in one go: each child on its own, earliest first.
    cells, taken = [], list(avoid)
    for _pupil in unit:
        cell = next(grid.runs(1, taken), [None])[0]
        if cell is None:
            return None
        grid.take([cell])
        taken.append((cell.starts_at, cell.ends_at))
        cells.append(cell)
    for cell in cells:  # put back: the caller takes them
        grid.free[(cell.table, cell.day, cell.index)] = cell
    return cells


def _capacity_error(todo, free):
    pupils = ngettext(
        "Er is %(count)d leerling zonder gesprek",
        "Er zijn %(count)d leerlingen zonder gesprek",
        todo,
    ) % {"count": todo}
    slots = ngettext(
        "maar er is nog maar %(count)d plek vrij", "maar er zijn nog maar %(count)d plekken vrij", free
    ) % {"count": free}
    return _("%(pupils)s, %(slots)s. Voeg een dag toe of maak de gesprekken korter.") % {
        "pupils": pupils,
        "slots": slots,
    }


def plan(round_, not_before=None):
    """Propose a slot for every pupil of the round's group without a planned or held conversation
    in it (``Result.placed``, in time order); nothing is saved. ``round_`` comes with its group, staff
    and days (``services.plan_conversations`` reads it so, locked).

    ``not_before``: no slot starts earlier (the pages pass now: nobody is invited for a time that has
    passed); None plans every slot of the round's days, as the demo does to build last July's round.

    Raises ``ValidationError`` (Dutch) when the group has no pupils, the round has no staff or no
    days, or there are fewer free slots than pupils to plan.
    """
    pupils = list(round_pupils(round_))
    if not pupils:
        raise ValidationError(
            _("%(group)s heeft geen leerlingen, dus er valt niets te plannen.") % {"group": round_.group.name}
        )
    round_tables = tables(round_)
    if not round_tables:
        raise ValidationError(_("Kies eerst wie van school de gesprekken voeren."))
    days = list(round_.days.all())
    if not days:
        raise ValidationError(_("Voeg eerst een gespreksdag toe."))

    done = scheduled_pupil_ids(round_)
    todo = [pupil for pupil in pupils if pupil.pk not in done]
    result = Result(already=len(done))
    if not todo:
        return result

    window_start = min(_aware(day.date, day.start_time) for day in days)
    window_end = max(_aware(day.date, day.end_time) for day in days)
    staff_ids = [user.pk for table in round_tables for user in table.staff]
    busy_of = defaultdict(list)
    for conversation in busy(staff_ids, window_start, window_end).prefetch_related("staff"):
        interval = (conversation.starts_at, conversation.ends_at)
        people = {u.pk for u in conversation.staff.all()} | {conversation.leader_id, conversation.note_taker_id}
        for pk in people & set(staff_ids):
            busy_of[pk].append(interval)

    grid = _Grid(round_tables, days, round_.slot_minutes, busy_of, not_before)
    if not len(grid) and not_before is not None and window_end <= not_before:
        raise ValidationError(
            _("Alle gespreksdagen van deze ronde liggen in het verleden. Voeg eerst een nieuwe dag toe.")
        )
    if len(todo) > len(grid):
        raise ValidationError(_capacity_error(len(todo), len(grid)))

    # Conversations the families already have on these days (siblings elsewhere, or this round).
    families = {pupil.family.strip() for pupil in todo if pupil.family.strip()}
    family_times = defaultdict(list)
    if families:
        siblings = Conversation.objects.filter(
            pupil__school_id=pupils[0].school_id,
            pupil__family__in=families,
            status__in=TIME_HOLDING,
            starts_at__lt=window_end,
            ends_at__gt=window_start,
        ).values_list("pupil__family", "starts_at", "ends_at")
        for family, start, end in siblings:
            family_times[family.strip()].append((start, end))

    units = _units(todo)
    # Families with a sibling's conversation already on the days first, so the slot beside it is still free;
    # then the larger families, which need a longer run; then everyone else in name order.
    units.sort(key=lambda unit: (not family_times.get(unit[0].family.strip()), -len(unit)))
    placed = []
    for unit in units:
        cells = _place(unit, grid, family_times)
        if cells is None:
            # There were slots enough, but not at times that keep a family's conversations apart.
            raise ValidationError(
                _(
                    "Niet elk gezin past in het rooster zonder dat ouders op twee plekken tegelijk moeten zijn. "
                    "Voeg een dag toe of laat meer mensen apart gesprekken voeren."
                )
            )
        grid.take(cells)
        key = unit[0].family.strip()
        for pupil, cell in zip(unit, cells, strict=True):
            placed.append((pupil, cell))
            if key:
                family_times[key].append((cell.starts_at, cell.ends_at))

    cells = sorted(placed, key=lambda item: (item[1].starts_at, item[1].table))
    result.placed = [Slot(pupil, round_tables[cell.table], cell.starts_at, cell.ends_at) for pupil, cell in cells]
    return result


def check_move(conversation, starts_at, staff):
    """Dutch messages for moving ``conversation`` (of a round) to ``starts_at`` with ``staff``; [] when it fits."""
    round_ = conversation.round
    ends_at = starts_at + datetime.timedelta(minutes=conversation.duration_minutes)
    local_start, local_end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    errors = []
    if conversation.status == Conversation.Status.HELD:
        return [_("Dit gesprek is al gehouden; een gehouden gesprek verplaats je niet.")]
    day = next((d for d in round_.days.all() if d.date == local_start.date()), None)
    if day is None:
        dates = ", ".join(date_format(d.date, "j F") for d in round_.days.all())
        errors.append(
            _("Op %(date)s is er geen gespreksdag in deze ronde (de dagen zijn: %(dates)s).")
            % {"date": date_format(local_start.date(), "j F Y"), "dates": dates or "–"}
        )
    else:
        day_start, day_end = _aware(day.date, day.start_time), _aware(day.date, day.end_time)
        if starts_at < day_start:
            errors.append(
                _("Het gesprek begint vóór %(time)s, het begin van deze gespreksdag.")
                % {"time": day.start_time.strftime("%H:%M")}
            )
        if ends_at > day_end:
            errors.append(
                _("Het gesprek duurt tot %(until)s en loopt zo door na %(time)s, het einde van deze gespreksdag.")
                % {"until": local_end.strftime("%H:%M"), "time": day.end_time.strftime("%H:%M")}
            )
        try:
            breaks = day.break_list()
        except ValueError:
            breaks = []
        for start, end in breaks:
            if starts_at < _aware(day.date, end) and ends_at > _aware(day.date, start):
                errors.append(
                    _("Het gesprek valt in de pauze van %(start)s tot %(end)s.")
                    % {"start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")}
                )
    errors += staff_conflicts(staff, starts_at, ends_at, exclude_ids=[conversation.pk])
    family = conversation.pupil.family.strip()
    if family:
        # Parents cannot be at two tables at once.
        siblings = (
            Conversation.objects.filter(
                pupil__school_id=conversation.pupil.school_id,
                pupil__family=family,
                status__in=TIME_HOLDING,
                starts_at__lt=ends_at,
                ends_at__gt=starts_at,
            )
            .exclude(pk=conversation.pk)
            .exclude(pupil=conversation.pupil)
        )
        for sibling in siblings.select_related("pupil"):
            errors.append(
                _("Om %(time)s heeft %(pupil)s, uit hetzelfde gezin, al een gesprek.")
                % {"time": timezone.localtime(sibling.starts_at).strftime("%H:%M"), "pupil": sibling.pupil}
            )
    return errors


def schedule_grid(round_, conversations):
    """The schedule per day: ``[{"day", "columns": [label], "rows": [{"time", "cells": [[conversation]]}]}]``
    plus conversations on no day of the round. A row for every slot and every other start time."""
    round_tables = tables(round_)
    split = round_.mode == Round.Mode.SPLIT
    columns = [(table.key, table.label) for table in round_tables] or [(0, _("Gesprekken"))]
    column_keys = [key for key, _label in columns]
    by_day = defaultdict(list)
    outside = []
    days = list(round_.days.all())
    dates = {day.date for day in days}
    for conversation in conversations:
        local = timezone.localtime(conversation.starts_at)
        (by_day[local.date()] if local.date() in dates else outside).append(conversation)
    extra = {}  # a SPLIT conversation led by someone who is no longer at a table
    for conversation in conversations:
        if split and conversation.leader_id not in column_keys and conversation.leader_id not in extra:
            extra[conversation.leader_id] = str(conversation.leader or _("onbekend"))
    columns += list(extra.items())
    column_keys = [key for key, _label in columns]
    result = []
    for day in days:
        slots = day_slots(day, round_.slot_minutes)
        times = {timezone.localtime(start).time() for start, _end in slots}
        cells = defaultdict(list)
        for conversation in by_day[day.date]:
            time = timezone.localtime(conversation.starts_at).time()
            times.add(time)
            key = conversation.leader_id if split else column_keys[0]
            cells[(time, key)].append(conversation)
        rows = [{"time": time, "cells": [cells[(time, key)] for key in column_keys]} for time in sorted(times)]
        result.append({"day": day, "columns": [label for _key, label in columns], "rows": rows})
    return result, outside
