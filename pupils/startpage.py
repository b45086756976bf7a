"""The pupils' part of the start page: what colleagues recorded about one's pupils since the last visit
(needs and observations; for the coordinator also care-level changes and imports: never logins or page
views), and the remedial teacher's own pupils. Registered in PupilsConfig.ready(); see schools/startpage.py."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.sentences import compose
from schools import access
from schools.models import Role
from schools.startpage import Item, Section, Urgency, person_name

from .models import CareLevelChange, EducationalNeed, Enrolment, ImportBatch, Observation

NEW_ROLES = (Role.TEACHER, Role.COORDINATOR, Role.REMEDIAL)


def _join(parts):
    if len(parts) < 2:
        return "".join(parts)
    return _("%(first)s en %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def new_records(visit):
    """Needs and observations of the user's pupils recorded by others since the last visit; the coordinator
    also sees care-level changes and applied imports of the school. Two queries (four for the coordinator)."""
    if visit.role not in NEW_ROLES:
        return None
    coordinator = visit.role == Role.COORDINATOR
    readable = access.pupils(visit.user, visit.school)
    recent = {"created_at__gte": visit.since}
    fields = ("pupil", "author")
    others = {"author": visit.user}
    needs = list(
        EducationalNeed.objects.filter(pupil__in=readable.values("pk"), **recent)
        .exclude(**others)
        .select_related(*fields)
        .order_by("-created_at", "-pk")
    )
    observations = list(
        Observation.objects.filter(pupil__in=readable.values("pk"), **recent)
        .exclude(**others)
        .select_related(*fields)
        .order_by("-created_at", "-pk")
    )
    levels, imports = [], []
    if coordinator:
        levels = list(
            CareLevelChange.objects.filter(pupil__school=visit.school, **recent)
            .exclude(**others)
            .select_related(*fields)
            .order_by("-created_at", "-pk")
        )
        imports = list(
            ImportBatch.objects.filter(
                school=visit.school, status=ImportBatch.Status.APPLIED, applied_at__gte=visit.since
            )
            .select_related("user")
            .defer("content")
            .order_by("-applied_at")
        )
    items = []
    for record in levels:
        text = compose(
            "pupils/sentences/start_care_level.txt",
            pupil=record.pupil.full_name,
            level=record.level,
            author=person_name(record.author),
        )
        items.append(
            (record.created_at, Item(text, reverse("pupils:dossier", args=[record.pupil_id]), None, Urgency.NEW))
        )
    for need in needs:
        text = compose(
            "pupils/sentences/start_new_need.txt", pupil=need.pupil.full_name, author=person_name(need.author)
        )
        url = reverse("pupils:dossier", args=[need.pupil_id])
        items.append((need.created_at, Item(text, url, timezone.localdate(need.created_at), Urgency.NEW)))
    for observation in observations:
        text = compose(
            "pupils/sentences/start_new_observation.txt",
            pupil=observation.pupil.full_name,
            kind=observation.get_kind_display(),
            author=person_name(observation.author),
        )
        url = reverse("pupils:dossier", args=[observation.pupil_id])
        items.append((observation.created_at, Item(text, url, observation.date, Urgency.NEW)))
    for batch in imports:
        text = compose(
            "pupils/sentences/start_import.txt",
            kind=batch.get_kind_display(),
            filename=batch.filename,
            author=person_name(batch.user),
        )
        url = reverse("pupils:import_preview", args=[batch.pk]) if batch.user_id == visit.user.pk else ""
        items.append((batch.applied_at, Item(text, url, timezone.localdate(batch.applied_at), Urgency.NEW)))
    items.sort(key=lambda pair: pair[0], reverse=True)

    parts = []
    if needs:
        parts.append(
            ngettext("%(count)d onderwijsbehoefte", "%(count)d onderwijsbehoeften", len(needs)) % {"count": len(needs)}
        )
    if observations:
        parts.append(
            ngettext("%(count)d observatie", "%(count)d observaties", len(observations)) % {"count": len(observations)}
        )
    if levels:
        parts.append(
            ngettext("%(count)d wijziging van een zorgniveau", "%(count)d wijzigingen van zorgniveaus", len(levels))
            % {"count": len(levels)}
        )
    if imports:
        parts.append(ngettext("%(count)d import", "%(count)d imports", len(imports)) % {"count": len(imports)})
    section = Section(
        "new_records",
        _("Nieuw in de school") if coordinator else _("Nieuw bij mijn leerlingen"),
        items=[item for _at, item in items],
        empty_text=_("Collega's hebben sindsdien niets nieuws vastgelegd.")
        if coordinator
        else _("Collega's hebben sindsdien niets nieuws over je leerlingen vastgelegd."),
        order=8 if coordinator else 50,
    )
    if parts:
        section.summary = _("Nieuw: %(parts)s.") % {"parts": _join(parts)}
    return section.limit()


def remedial_pupils(visit):
    """The remedial teacher's pupils: for what, until when, in which group. Two queries."""
    if visit.role != Role.REMEDIAL:
        return None
    today = visit.today
    assignments = list(
        visit.user.remedial_pupils.filter(pupil__school=visit.school, start_date__lte=today)
        .exclude(end_date__lt=today)
        .select_related("pupil")
        .order_by("pupil__surname", "pupil__first_name", "pk")
    )
    year = visit.current_year
    groups = {}
    if year is not None and assignments:
        groups = dict(
            Enrolment.objects.filter(school_year=year, pupil__in=[a.pupil_id for a in assignments]).values_list(
                "pupil", "group__name"
            )
        )
    section = Section(
        "remedial_pupils",
        _("Mijn leerlingen"),
        empty_text=_("Er zijn nog geen leerlingen aan je toegewezen."),
        order=10,
        more_url=reverse("pupils:pupil_list"),
        more_text=_("Leerling zoeken"),
    )
    for assignment in assignments:
        text = compose(
            "pupils/sentences/start_remedial_pupil.txt",
            pupil=assignment.pupil.full_name,
            group=groups.get(assignment.pupil_id, ""),
            subject=assignment.subject,
            end_date=formats.date_format(assignment.end_date, "j F") if assignment.end_date else "",
        )
        section.items.append(Item(text, reverse("pupils:dossier", args=[assignment.pupil_id]), None, Urgency.INFO))
    return section.limit(20)


PROVIDERS = [new_records, remedial_pupils]
