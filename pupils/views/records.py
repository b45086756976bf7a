"""Adding to what the school knows of a pupil: observations, factors, needs,
care level and test results. Each form saves through core.history, so every
care record keeps who changed what and when."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core import audit, history
from core.forms import posted
from core.models import Revision
from schools import access

from .. import services
from ..forms import AdviceForm, AssessmentForm, CareLevelForm, FactorForm, NeedForm, ObservationForm
from ..models import Assessment, CareLevelChange, EducationalNeed, Factor, Observation, SecondaryAdvice


def _editable_pupil(request, pk):
    return get_object_or_404(access.editable_pupils(request.user, request.school), pk=pk)


def _record_view(request, pupil, form, title, success_message):
    """Validate, save with history, audit and return to the dossier; or show the form with its errors."""
    if request.method == "POST" and form.is_valid():
        action = audit.AuditAction.CREATE if form.instance.pk is None else audit.AuditAction.CHANGE
        record = services.save_record(form.save(commit=False), request.user)
        audit.record(request, action, record)
        messages.success(request, success_message)
        return redirect("pupils:dossier", pk=pupil.pk)
    return render(request, "pupils/record_form.html", {"pupil": pupil, "form": form, "title": title})


@login_required
def observation_create(request, pk):
    pupil = _editable_pupil(request, pk)
    form = ObservationForm(posted(request), instance=Observation(pupil=pupil, author=request.user))
    return _record_view(request, pupil, form, _("Observatie toevoegen"), _("De observatie is vastgelegd."))


@login_required
def factor_create(request, pk):
    pupil = _editable_pupil(request, pk)
    form = FactorForm(posted(request), instance=Factor(pupil=pupil, author=request.user))
    return _record_view(request, pupil, form, _("Factor toevoegen"), _("De factor is vastgelegd."))


@login_required
def need_create(request, pk):
    pupil = _editable_pupil(request, pk)
    form = NeedForm(posted(request), school=request.school, instance=EducationalNeed(pupil=pupil, author=request.user))
    return _record_view(
        request, pupil, form, _("Onderwijsbehoefte toevoegen"), _("De onderwijsbehoefte is vastgelegd.")
    )


@login_required
def need_update(request, pk):
    need = get_object_or_404(
        EducationalNeed.objects.filter(pupil__in=access.editable_pupils(request.user, request.school)).select_related(
            "pupil"
        ),
        pk=pk,
    )
    form = NeedForm(posted(request), school=request.school, instance=need)
    return _record_view(
        request, need.pupil, form, _("Onderwijsbehoefte wijzigen"), _("De onderwijsbehoefte is bijgewerkt.")
    )


@login_required
def assessment_create(request, pk):
    pupil = _editable_pupil(request, pk)
    form = AssessmentForm(posted(request), instance=Assessment(pupil=pupil))
    return _record_view(request, pupil, form, _("Toetsresultaat invoeren"), _("Het toetsresultaat is vastgelegd."))


@login_required
def advice(request, pk):
    """The secondary-school advice of this school year (group 8): provisional, final, test outcome."""
    pupil = _editable_pupil(request, pk)
    year = request.school.current_year()
    if year is None:
        raise Http404
    instance = SecondaryAdvice.objects.filter(pupil=pupil, school_year=year).first()
    form = AdviceForm(posted(request), instance=instance or SecondaryAdvice(pupil=pupil, school_year=year))
    return _record_view(request, pupil, form, _("Schooladvies vastleggen"), _("Het schooladvies is vastgelegd."))


@login_required
def care_level(request, pk):
    pupil = _editable_pupil(request, pk)
    form = CareLevelForm(posted(request), current=pupil.care_level)
    if request.method == "POST" and form.is_valid():
        change = services.set_care_level(pupil, form.cleaned_data["level"], form.cleaned_data["reason"], request.user)
        audit.record(request, audit.AuditAction.CHANGE, change)
        messages.success(request, _("Het zorgniveau is vastgelegd."))
        return redirect("pupils:dossier", pk=pupil.pk)
    changes = CareLevelChange.objects.filter(pupil=pupil).select_related("author")
    return render(
        request,
        "pupils/care_level_form.html",
        {"pupil": pupil, "form": form, "changes": changes, "title": _("Zorgniveau wijzigen")},
    )


RECORD_MODELS = (Observation, Factor, EducationalNeed, CareLevelChange, Assessment, SecondaryAdvice)


@login_required
def record_history(request, pk):
    """Every saved state of every care record of this pupil, newest first."""
    pupil = get_object_or_404(access.pupils(request.user, request.school), pk=pk)
    types = ContentType.objects.get_for_models(*RECORD_MODELS)
    revisions = Revision.objects.none()
    for model, content_type in types.items():
        ids = [str(i) for i in model.objects.filter(pupil=pupil).values_list("pk", flat=True)]
        revisions = revisions | Revision.objects.filter(content_type=content_type, object_id__in=ids)
    revisions = revisions.select_related("content_type").order_by("-at", "-id")[:500]
    audit.record(request, audit.AuditAction.VIEW, pupil, detail="wijzigingen")
    return render(request, "pupils/history.html", {"pupil": pupil, "revisions": history.with_changes(revisions)})
