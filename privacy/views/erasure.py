"""Erasure on request (AVG art. 17): the coordinator erases a pupil, or one record, after confirming.

Only the coordinator of the pupil's school (schools.access.erasable_pupils); for everyone else the pages
do not exist (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import audit
from schools import access

from ..events_erasure import counts_text, kind_count
from ..forms.erasure import ErasePupilForm, EraseRecordForm
from ..services import erasure


def _pupil(request, pk):
    return get_object_or_404(access.erasable_pupils(request.user, request.school), pk=pk)


def erased_message(summary):
    """'Er zijn 14 gegevens gewist: 1 leerling, 3 observaties en 10 aantekeningen.' Without the name."""
    text = ngettext(
        "Er is %(count)s gegeven gewist: %(what)s.",
        "Er zijn %(count)s gegevens gewist: %(what)s.",
        summary.total,
    ) % {"count": summary.total, "what": counts_text(summary.ordered_counts())}
    if summary.meetings_left:
        text += " " + ngettext(
            "%(count)s bespreking over meer leerlingen blijft bestaan, zonder deze leerling.",
            "%(count)s besprekingen over meer leerlingen blijven bestaan, zonder deze leerling.",
            summary.meetings_left,
        ) % {"count": summary.meetings_left}
    return text


@login_required
def erase_pupil(request, pk):
    pupil = _pupil(request, pk)
    form = ErasePupilForm(pupil, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            summary = erasure.erase_pupil(pupil, by=request.user, reason=form.cleaned_data["reason"])
        except erasure.UnderLegalHold as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("De leerling is gewist.") + " " + erased_message(summary))
            return redirect("pupils:pupil_list")
    if request.method != "POST":
        audit.record(request, audit.AuditAction.VIEW, pupil, event="privacy.erase_confirm_viewed")
    preview = erasure.plan_pupil(pupil)
    return render(
        request,
        "privacy/erase_pupil.html",
        {
            "pupil": pupil,
            "form": form,
            "kinds": [kind_count(label, count) for label, count in preview.ordered_counts().items()],
            "preview": preview,
            "name_shared": erasure.name_is_shared(pupil),
        },
    )


@login_required
def erase_records(request, pk):
    pupil = _pupil(request, pk)
    audit.record(request, audit.AuditAction.VIEW, pupil, event="privacy.erase_confirm_viewed")
    kinds = [
        (model._meta.verbose_name_plural, [(erasure.kind_slug(model), row) for row in rows])
        for model, rows in erasure.records_of(pupil)
    ]
    return render(request, "privacy/erase_records.html", {"pupil": pupil, "kinds": kinds})


@login_required
def erase_record(request, pk, kind, record):
    pupil = _pupil(request, pk)
    obj = erasure.record_of(pupil, kind, record)
    if obj is None:
        raise Http404
    form = EraseRecordForm(obj, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            summary = erasure.erase_record(obj, by=request.user, reason=form.cleaned_data["reason"])
        except erasure.UnderLegalHold as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, erased_message(summary))
            return redirect("privacy:erase_records", pupil.pk)
    preview = erasure.plan_record(obj)
    return render(
        request,
        "privacy/erase_record.html",
        {
            "pupil": pupil,
            "record": obj,
            "kind_name": obj._meta.verbose_name,
            "form": form,
            "kinds": [kind_count(label, count) for label, count in preview.ordered_counts().items()],
        },
    )
