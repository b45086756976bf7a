"""Choosing pupils in a form: by name, each with the group she is in this school year.

Only the pupils the user may read (``schools.access.pupils``) who are enrolled in the current school year
can be chosen; pupils a record already names (``keep``) stay choosable when they left or moved on, so that
changing an old record does not drop them. The search box behind the picker (``views/picker.py``) uses the
same rule, so a name it offers is always one the form accepts.
"""

from django.db.models import CharField, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import IdsField
from core.widgets import GroupedChoiceIterator, SearchSelectMultiple
from schools import access

from .models import Enrolment, Pupil
from .search import SEARCH_LENGTH, SEARCH_WORDS, name_filter

SEARCH_LIMIT = 20
# Pupils a record already names who are not in a group this school year are listed last.
NO_GROUP_ORDER = 99


def pickable_pupils(user, school, keep=()):
    """The pupils of ``school`` the user may choose now, plus ``keep`` (ids a record already names), each
    with ``picker_group`` (her group's name this school year, or None) and ordered by group, then name."""
    year = school.current_year()
    current = Enrolment.objects.filter(pupil=OuterRef("pk"), school_year=year) if year else None
    if year is None:
        chosen = Q(pk__in=[])
    else:
        enrolled = Enrolment.objects.filter(school_year=year).values("pupil_id")
        chosen = Q(pk__in=access.pupils(user, school).values("pk")) & Q(pk__in=enrolled)
    keep = [pk for pk in keep if pk is not None]
    if keep:
        chosen |= Q(pk__in=keep)
    pupils = Pupil.objects.filter(chosen, school=school)
    if current is None:
        pupils = pupils.annotate(picker_group=Value(None, output_field=CharField()), picker_order=Value(NO_GROUP_ORDER))
    else:
        pupils = pupils.annotate(
            picker_group=Subquery(current.values("group__name")[:1]),
            picker_order=Coalesce(
                Subquery(current.values("group__year_level_low")[:1]),
                Value(NO_GROUP_ORDER),
                output_field=IntegerField(),
            ),
        )
    return pupils.order_by("picker_order", "picker_group", "surname", "first_name", "pk")


def label(pupil):
    """'Sanne de Vries (Groep 8)': the name, and the group that tells two pupils of one name apart."""
    group = getattr(pupil, "picker_group", None)
    if group:
        return f"{pupil.full_name} ({group})"
    return f"{pupil.full_name} ({_('niet in een groep dit schooljaar')})"


def search(user, school, text, limit=SEARCH_LIMIT):
    """At most ``limit`` pupils the user may choose in whose name or group every word of ``text`` occurs
    ("visser 8" finds Mehmet Visser of group 8, not the three other Mehmet Vissers)."""
    words = text[:SEARCH_LENGTH].split()[:SEARCH_WORDS]
    if not words:
        return []
    condition = Q()
    for word in words:
        condition &= name_filter(word) | Q(picker_group__icontains=word)
    return list(pickable_pupils(user, school).filter(condition)[:limit])


def as_result(pupil):
    """One search result as the picker reads it (core.widgets.SearchSelectMultiple)."""
    group = getattr(pupil, "picker_group", None) or ""
    return {"value": str(pupil.pk), "text": label(pupil), "name": pupil.full_name, "optgroup": group}


class PupilsField(IdsField):
    """Several pupils of this school year, chosen by name (a search box; without JavaScript a list of
    them by group). A pupil outside the user's reach or not of this year is refused in Dutch."""

    iterator = GroupedChoiceIterator

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("widget", SearchSelectMultiple(search_url=reverse_lazy("pupils:pupil_picker")))
        super().__init__(queryset if queryset is not None else Pupil.objects.none(), **kwargs)
        message = _("Kies leerlingen van dit schooljaar die je mag zien.")
        self.error_messages["invalid_choice"] = message
        self.error_messages["invalid_pk_value"] = message

    def label_from_instance(self, obj):
        return label(obj)

    def group_of(self, obj):
        return getattr(obj, "picker_group", None) or _("Niet in een groep dit schooljaar")
