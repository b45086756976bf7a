"""The group overview (groepsoverzicht) and the school's pupil list.

Both show care content (test levels, needs, care level), so the admin role,
which has none, gets a 404, like a user without a membership at the school.
Objects come through ``schools.access``: a group or pupil outside the user's
scope is simply not there.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from schools import access
from schools.models import Role

from ..forms import PupilFilterForm
from ..models import CARE_LEVELS, Enrolment
from ..overview import SORT_CARE_LEVEL, SORT_NAME, SORT_NEEDS, abbreviation, build_overview
from ..search import name_filter, search_text

PAGE_SIZE = 50
ASCENDING, DESCENDING = "op", "af"


def _require_care_role(request):
    membership = request.membership
    if membership is None or membership.role == Role.ADMIN:
        raise Http404


def _query(request, **changes):
    """The current query string with ``changes`` applied, as '?...'."""
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = value
    return f"?{params.urlencode()}"


def _in_sentence(label):
    """A column name inside a sentence: "Spelling" → "spelling", but an abbreviation such as "DMT" stays."""
    label = str(label)
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _sort_headers(request, overview):
    """One header per sortable column, with the link that sorts by it (again: the other way)."""
    headers = (
        [
            (SORT_NAME, _("Naam"), "", None),
            (SORT_CARE_LEVEL, _("Zorgniveau"), _("ZN"), None),
            (SORT_NEEDS, _("Onderwijsbehoeften"), "", None),
        ]
        + [(subject.code, subject.name, abbreviation(subject), subject) for subject in overview.columns]
        + [(test.code, test.name, test.abbreviation, None) for test in overview.tests]
    )
    result = []
    for key, label, short, subject in headers:
        active = key == overview.sort
        next_direction = ASCENDING if not active or overview.descending else DESCENDING
        result.append(
            {
                "key": key,
                "label": label,
                "in_sentence": _in_sentence(label),
                "abbreviation": short,
                "subject": subject,
                "url": _query(request, sorteer=key, richting=next_direction),
                "active": active,
                "aria_sort": ("descending" if overview.descending else "ascending") if active else "none",
            }
        )
    return result


@login_required
def group_overview(request, pk):
    _require_care_role(request)
    group = get_object_or_404(access.groups(request.user, request.school), pk=pk)
    overview = build_overview(group, access.pupils(request.user, request.school), subject=request.GET.get("vak"))
    overview.sort_by(request.GET.get("sorteer", SORT_NAME), request.GET.get("richting") == DESCENDING)
    audit.record(request, audit.AuditAction.VIEW, group, event="pupils.group_overview_viewed")
    headers = _sort_headers(request, overview)
    return render(
        request,
        "pupils/group_overview.html",
        {
            "group": group,
            "overview": overview,
            "name_header": headers[0],
            "fixed_headers": headers[1:3],
            "subject_headers": headers[3 : 3 + len(overview.columns)],
            "test_headers": headers[3 + len(overview.columns) :],
            "today": timezone.localdate(),
        },
    )


@login_required
def pupil_list(request):
    _require_care_role(request)
    user, school = request.user, request.school
    year = school.current_year()
    groups = list(access.groups(user, school).filter(school_year=year)) if year else []

    pupils = access.pupils(user, school)
    search = search_text(request.GET)
    pupils = pupils.filter(name_filter(search))
    filters = PupilFilterForm(request.GET, groups=groups)
    chosen_group = filters.group
    if chosen_group is not None:
        pupils = pupils.filter(enrolments__group=chosen_group)
    care_level = filters.care_level
    if care_level is not None:
        pupils = pupils.filter(care_level=care_level)

    current = Enrolment.objects.filter(school_year=year) if year else Enrolment.objects.none()
    pupils = pupils.order_by("surname", "first_name", "pk").prefetch_related(
        Prefetch("enrolments", queryset=current.select_related("group"), to_attr="current_enrolments")
    )
    page = Paginator(pupils, PAGE_SIZE).get_page(request.GET.get("pagina"))
    audit.record(request, audit.AuditAction.VIEW, event="pupils.pupil_list_viewed")
    return render(
        request,
        "pupils/pupil_list.html",
        {
            "page": page,
            "pupils": page.object_list,
            "groups": groups,
            "chosen_group": chosen_group,
            "care_levels": CARE_LEVELS,
            "care_level": care_level,
            "search": search,
            "is_filtered": bool(search or chosen_group or care_level),
            "school_year": year,
            "today": timezone.localdate(),
        },
    )
