"""The school's organisation per kind of instruction group (``/groepsplannen/standaarden/``): what every
new instruction group of that kind starts with. The coordinator sets it once; others: 404.

A kind the school has not set yet shows the documented values (``services.defaults.DOCUMENTED``); its
first save stores it for the school. Saving goes through the edit guard: a colleague's save in between
is refused and shown beside the user's input."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import editguard
from core.forms import posted
from schools import access

from .. import services
from ..forms import InstructionDefaultsForm
from ..models import InstructionDefaults, InstructionGroup


def _school(request):
    if not access.has_role(request.user, request.school, access.COORDINATOR_ONLY):
        raise Http404
    return request.school


@login_required
def defaults_list(request):
    school = _school(request)
    rows = services.school_defaults(school)
    return render(
        request,
        "groupplans/defaults_list.html",
        {"rows": [rows[kind] for kind in InstructionGroup.Kind.values], "title": _("Standaardorganisatie")},
    )


def _row(school, kind):
    if kind not in InstructionGroup.Kind.values:
        raise Http404
    return services.school_defaults(school)[kind]


@login_required
def defaults_edit(request, kind):
    school = _school(request)
    row = _row(school, kind)
    form = InstructionDefaultsForm(posted(request), instance=row)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_defaults(form, request.user, request=request)
        except editguard.Stale:
            current = InstructionDefaults.objects.get(school=school, kind=kind)
            form, conflict = editguard.refused(InstructionDefaultsForm, current, request.POST)
        else:
            messages.success(
                request,
                _("De standaardorganisatie van %(kind)s is opgeslagen. Nieuwe instructiegroepen krijgen deze waarden.")
                % {"kind": row.get_kind_display()},
            )
            return redirect("groupplans:defaults_list")
    return render(
        request,
        "groupplans/defaults_form.html",
        {"form": form, "row": row, "conflict": conflict, "title": row.get_kind_display().capitalize()},
    )
