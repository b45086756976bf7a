"""CSV import: upload, preview with every problem per row, confirm (all or nothing) or cancel.

Who may import which kind is ``access.can_import``; a batch is only ever fetched
through ``access.imports`` (one's own, of a kind one may import), so someone
else's batch is a 404. A user without any import right gets a 404 on both pages.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import audit
from core.forms import posted, posted_files
from schools import access

from .. import services
from ..forms import ImportUploadForm
from ..imports import UnreadableFile, apply, check
from ..imports.plan import CHANGED, NEW, Plan
from ..imports.reading import Problem
from ..models import ImportBatch

PROBLEMS_SHOWN = 1000  # more than this many and the file needs fixing at its source anyway
ROWS_SHOWN = 200
RECENT_BATCHES = 10


def importable_kinds(request):
    return [kind for kind in ImportBatch.Kind.values if access.can_import(request.user, request.school, kind)]


def _counts_text(counts):
    return (
        ngettext(
            "%(rows)s regel, waarvan %(new)s nieuw, %(changed)s gewijzigd en %(unchanged)s ongewijzigd",
            "%(rows)s regels, waarvan %(new)s nieuw, %(changed)s gewijzigd en %(unchanged)s ongewijzigd",
            counts["rows"],
        )
        % counts
    )


@login_required
def upload(request):
    kinds = importable_kinds(request)
    if not kinds:
        raise Http404
    batches = access.imports(request.user, request.school)
    form = ImportUploadForm(posted(request), posted_files(request), kinds=kinds)
    conflict = None
    if request.method == "POST" and form.is_valid():

        def on_created(batch):
            audit.record(
                request,
                audit.AuditAction.CREATE,
                batch,
                event="pupils.import_uploaded",
                data={"kind": batch.kind, "file": batch.filename, "rows": batch.summary["rows"]},
            )

        batch, conflict = services.upload_import(
            request.user,
            request.school,
            form.cleaned_data["kind"],
            form.cleaned_data["file"].name,
            form.text,
            len(form.table.rows),
            on_created=on_created,
        )
        if conflict is None:
            return redirect("pupils:import_preview", pk=batch.pk)
    context = {
        "form": form,
        "conflict": conflict,
        "pending": batches.filter(status=ImportBatch.Status.PENDING),
        "recent": batches.exclude(status=ImportBatch.Status.PENDING)[:RECENT_BATCHES],
        "kinds": kinds,
    }
    return render(request, "pupils/import_upload.html", context)


@login_required
def preview(request, pk):
    if not importable_kinds(request):
        raise Http404
    batch = get_object_or_404(access.imports(request.user, request.school), pk=pk)
    batch.school = request.school
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "cancel":
            return _cancel(request, batch)
        if action == "confirm":
            return _confirm(request, batch)
        return redirect("pupils:import_preview", pk=batch.pk)
    plan = None
    if batch.status == ImportBatch.Status.PENDING:
        plan = _check(request, batch)
    return _render_preview(request, batch, plan)


def _check(request, batch):
    try:
        return check(batch.kind, batch.content, batch.school, request.user)
    except UnreadableFile as error:  # the header checked out at upload; only a changed column list gets here
        return Plan(kind=batch.kind, problems=[Problem(None, "", error.message)])


def _render_preview(request, batch, plan, status=200):
    context = {"batch": batch, "plan": plan}
    if plan is not None:
        listed = [row for row in plan.rows if row.action in (NEW, CHANGED)]
        context.update(
            counts=plan.counts,
            problems=plan.problems[:PROBLEMS_SHOWN],
            problems_hidden=max(0, len(plan.problems) - PROBLEMS_SHOWN),
            listed=listed[:ROWS_SHOWN],
            listed_hidden=max(0, len(listed) - ROWS_SHOWN),
            can_confirm=plan.ok and plan.rows,
            headers=list(plan.headers.values()),
        )
    return render(request, "pupils/import_preview.html", context, status=status)


def _cancel(request, batch):
    if services.cancel_import(batch):
        audit.record(
            request,
            audit.AuditAction.CHANGE,
            batch,
            event="pupils.import_cancelled",
            data={"kind": batch.kind, "file": batch.filename},
        )
        messages.info(
            request, _("De import van %(file)s is geannuleerd; er is niets ingelezen.") % {"file": batch.filename}
        )
        return redirect("pupils:import_upload")
    return _handled_already(request, batch, cancelling=True)


def _handled_already(request, batch, cancelling=False):
    """A second click or a second tab: say what happened to the import meanwhile."""
    batch.refresh_from_db(fields=["status"])
    if batch.status == ImportBatch.Status.CANCELLED:
        messages.warning(
            request, _("Deze import is al geannuleerd, bijvoorbeeld in een ander tabblad. Er is niets ingelezen.")
        )
    elif cancelling:
        messages.warning(
            request, _("Deze import is al ingelezen, bijvoorbeeld in een ander tabblad. Annuleren kan niet meer.")
        )
    else:
        messages.info(request, _("Deze import was al verwerkt. Er is niets dubbel ingelezen."))
    return redirect("pupils:import_preview", pk=batch.pk)


def _confirm(request, batch):
    def on_applied(plan):
        audit.record(
            request,
            audit.AuditAction.CREATE,
            batch,
            event="pupils.import_applied",
            data={"kind": batch.kind, "file": batch.filename, **plan.counts},
        )

    try:
        plan = services.confirm_import(batch, request.user, on_applied=on_applied)
    except apply.AlreadyHandled:
        return _handled_already(request, batch)
    except apply.HasProblems as error:
        messages.error(
            request, _("Het bestand heeft problemen. Er is niets ingelezen; los ze op en upload het bestand opnieuw.")
        )
        return _render_preview(request, batch, error.plan)
    except UnreadableFile as error:
        messages.error(request, error.message)
        return redirect("pupils:import_preview", pk=batch.pk)
    except apply.ConcurrentImport:
        messages.error(
            request,
            _(
                "Tegelijk met deze import is een andere import ingelezen. Er is niets opgeslagen; bekijk de controle "
                "hieronder opnieuw en bevestig nog eens."
            ),
        )
        return redirect("pupils:import_preview", pk=batch.pk)
    messages.success(
        request,
        _("%(file)s is ingelezen: %(counts)s.") % {"file": batch.filename, "counts": _counts_text(plan.counts)},
    )
    return redirect("pupils:import_preview", pk=batch.pk)
