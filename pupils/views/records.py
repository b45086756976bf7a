"""Adding to what the school knows of a pupil: observations, factors, needs, care level, school
advice and test results. Each view parses the form and calls one service (pupils.services), which
saves through core.history; a record two people may edit is saved through the edit guard, and a
stale save shows the stored values beside what the user typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core import audit, editguard
from core.forms import posted
from schools import access

from .. import services
from ..forms import AdviceForm, AssessmentForm, CareLevelForm, FactorForm, NeedForm, ObservationForm
from ..history import pupil_history
from ..models import Assessment, CareLevelChange, EducationalNeed, Factor, Observation, SecondaryAdvice


def _editable_pupil(request, pk):
    return get_object_or_404(access.editable_pupils(request.user, request.school), pk=pk)


def _form_page(request, pupil, form, title, conflict=None):
    return render(
        request, "pupils/record_form.html", {"pupil": pupil, "form": form, "title": title, "conflict": conflict}
    )


def _saved(request, action, record, pupil, message):
    audit.record(request, action, record)
    messages.success(request, message)
    return redirect("pupils:dossier", pk=pupil.pk)


def _create_view(request, pupil, form, service, title, success_message):
    """A new record: validate, save through ``service``, audit and return to the dossier; or show the form."""
    if request.method == "POST" and form.is_valid():
        record = service(form, request.user)
        return _saved(request, audit.AuditAction.CREATE, record, pupil, success_message)
    return _form_page(request, pupil, form, title)


@login_required
def observation_create(request, pk):
    pupil = _editable_pupil(request, pk)
    form = ObservationForm(posted(request), instance=Observation(pupil=pupil, author=request.user))
    return _create_view(
        request,
        pupil,
        form,
        services.add_observation,
        _("Observatie toevoegen"),
        _("De observatie is vastgelegd."),
    )


@login_required
def factor_create(request, pk):
    pupil = _editable_pupil(request, pk)
    form = FactorForm(posted(request), instance=Factor(pupil=pupil, author=request.user))
    return _create_view(request, pupil, form, services.add_factor, _("Factor toevoegen"), _("De factor is vastgelegd."))


@login_required
def need_create(request, pk):
    pupil = _editable_pupil(request, pk)
    form = NeedForm(posted(request), school=request.school, instance=EducationalNeed(pupil=pupil, author=request.user))
    return _create_view(
        request,
        pupil,
        form,
        services.add_need,
        _("Onderwijsbehoefte toevoegen"),
        _("De onderwijsbehoefte is vastgelegd."),
    )


def _needs(request):
    return EducationalNeed.objects.filter(
        pupil__in=access.editable_pupils(request.user, request.school)
    ).select_related("pupil")


@login_required
def need_update(request, pk):
    need = get_object_or_404(_needs(request), pk=pk)
    title = _("Onderwijsbehoefte wijzigen")
    form = NeedForm(posted(request), school=request.school, instance=need)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.update_need(form, request.user)
        except editguard.Stale:
            current = get_object_or_404(_needs(request), pk=pk)
            form, conflict = editguard.refused(NeedForm, current, request.POST, school=request.school)
            return _form_page(request, current.pupil, form, title, conflict)
        return _saved(request, audit.AuditAction.CHANGE, need, need.pupil, _("De onderwijsbehoefte is bijgewerkt."))
    return _form_page(request, need.pupil, form, title)


@login_required
def assessment_create(request, pk):
    pupil = _editable_pupil(request, pk)
    form = AssessmentForm(posted(request), instance=Assessment(pupil=pupil))
    return _create_view(
        request,
        pupil,
        form,
        services.add_assessment,
        _("Toetsresultaat invoeren"),
        _("Het toetsresultaat is vastgelegd."),
    )


@login_required
def advice(request, pk):
    """The secondary-school advice of this school year (group 8): provisional, final, test outcome."""
    pupil = _editable_pupil(request, pk)
    year = request.school.current_year()
    if year is None:
        raise Http404
    title = _("Schooladvies vastleggen")
    instance = SecondaryAdvice.objects.filter(pupil=pupil, school_year=year).first()
    form = AdviceForm(posted(request), instance=instance or SecondaryAdvice(pupil=pupil, school_year=year))
    if request.method == "POST" and form.is_valid():
        action = audit.AuditAction.CREATE if instance is None else audit.AuditAction.CHANGE
        try:
            saved = services.set_advice(form, request.user)
        except editguard.Stale:
            current = SecondaryAdvice.objects.get(pupil=pupil, school_year=year)
            form, conflict = editguard.refused(AdviceForm, current, request.POST)
            return _form_page(request, pupil, form, title, conflict)
        return _saved(request, action, saved, pupil, _("Het schooladvies is vastgelegd."))
    return _form_page(request, pupil, form, title)


@login_required
def care_level(request, pk):
    pupil = _editable_pupil(request, pk)
    form = CareLevelForm(posted(request), instance=pupil)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = services.set_care_level(
                pupil, data["level"], data["reason"], request.user, version=data["version"]
            )
        except editguard.Stale:
            pupil = _editable_pupil(request, pk)
            latest = CareLevelChange.objects.filter(pupil=pupil).first()
            stored = {
                "level": latest.get_level_display() if latest else pupil.care_level,
                "reason": latest.reason if latest else "–",
            }
            form, conflict = editguard.refused(CareLevelForm, pupil, request.POST, stored=stored)
        else:
            return _saved(request, audit.AuditAction.CHANGE, change, pupil, _("Het zorgniveau is vastgelegd."))
    changes = CareLevelChange.objects.filter(pupil=pupil).select_related("author")
    return render(
        request,
        "pupils/care_level_form.html",
        {"pupil": pupil, "form": form, "changes": changes, "title": _("Zorgniveau wijzigen"), "conflict": conflict},
    )


@login_required
def record_history(request, pk):
    """Every saved state of every care record of this pupil, newest first, in people's words."""
    pupil = get_object_or_404(access.pupils(request.user, request.school), pk=pk)
    entries = pupil_history(pupil)
    audit.record(request, audit.AuditAction.VIEW, pupil, event="pupils.history_viewed")
    return render(request, "pupils/history.html", {"pupil": pupil, "revisions": entries})
