from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import access, startpage
from ..forms import SwitchSchoolForm
from ..middleware import SESSION_SCHOOL_KEY
from ..models import Role, User


def current_groups(request, year=None):
    """The user's visible groups of the current school year, with teachers and pupil counts."""
    if year is None:
        year = request.school.current_year() if request.school else None
    if year is None:
        return year, []
    groups = (
        access.groups(request.user, request.school)
        .filter(school_year=year)
        .annotate(pupil_count=Count("enrolments", distinct=True))
        .prefetch_related(Prefetch("teachers", queryset=User.objects.order_by("last_name")))
    )
    return year, list(groups)


@login_required
def home(request):
    """The start page, "Deze week": per role what waits this week, each item linking to where the work is
    done (schools.startpage, fed by every app), then the groups and the usual links."""
    context = {}
    if request.school is not None:
        visit = startpage.visit_of(request)
        context.update(visit=visit, sections=startpage.sections(visit))
        year, groups = current_groups(request, visit.current_year)
        context.update(school_year=year, groups=groups)
        role = request.membership.role
        context["can_read_audit"] = role in access.AUDIT_ROLES
        context["is_admin"] = role == Role.ADMIN
        context["can_read_report"] = access.report_reach(request.user, request.school) is not None
    return render(request, "schools/home.html", context)


@login_required
@require_POST
def switch_school(request):
    """Work in another of one's own schools: only the session changes."""
    form = SwitchSchoolForm(request.POST, memberships=request.memberships)
    if not form.is_valid():
        raise Http404
    request.session[SESSION_SCHOOL_KEY] = form.cleaned_data["school"]
    return redirect("home")
