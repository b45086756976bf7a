"""The dossier as JSON, for a parent's access request (inzageverzoek).

    data = to_json(build_dossier(pupil, user, school))

Everything the dossier page shows, with every stored revision of the pupil and of her records
(deleted records included), as the revisions were stored. The structure is documented in
docs/dossier.md; change both together.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from core.display import plain
from core.models import Revision
from schools import access

from . import access_request
from .models import (
    Assessment,
    CareLevelChange,
    EducationalNeed,
    Enrolment,
    Factor,
    Observation,
    Pupil,
    RemedialAssignment,
    SecondaryAdvice,
)

SCHEMA = "wat-helpt/leerlingdossier"
# 2: ``not_included`` became a list of {what, reason}; ``complete``, ``records`` and ``viewed_and_exported``
# were added (every stored record in words, for the access request: pupils.access_request).
SCHEMA_VERSION = 2


def _iso(value):
    return value.isoformat() if value is not None else None


def _person(user):
    return str(user) if user is not None else None


def _revisions(dossier):
    """Every stored revision of the pupil and her records, deleted records included (one query)."""
    pupil = dossier.pupil
    models = [Pupil, Enrolment, RemedialAssignment, Assessment, SecondaryAdvice, Observation, Factor]
    models += [EducationalNeed, CareLevelChange]
    types = ContentType.objects.get_for_models(*models)
    owned = {
        Pupil: [pupil],
        Enrolment: dossier.enrolments,
        RemedialAssignment: dossier.remedial,
        Assessment: dossier.assessments,
        SecondaryAdvice: dossier.advice,
        Observation: dossier.observations,
        Factor: dossier.factors,
        EducationalNeed: dossier.needs,
        CareLevelChange: dossier.care_level_changes,
    }
    condition = Q(content_type__in=[types[m] for m in models if m is not Pupil], data__pupil=pupil.pk)
    for model, objects in owned.items():
        if objects:
            condition |= Q(content_type=types[model], object_id__in=[str(o.pk) for o in objects])
    grouped = defaultdict(list)
    for revision in Revision.objects.filter(condition).order_by("at", "id"):
        grouped[(revision.content_type_id, revision.object_id)].append(
            {
                "at": _iso(revision.at),
                "by": revision.user_repr,
                "action": revision.action,
                "data": revision.data,
            }
        )
    return types, owned, grouped


def to_json(dossier):
    """The whole dossier as plain JSON-ready data (schema: docs/dossier.md)."""
    types, owned, grouped = _revisions(dossier)
    listed = set()

    def history(obj):
        key = (types[type(obj)].pk, str(obj.pk))
        listed.add(key)
        return grouped.get(key, [])

    pupil = dossier.pupil
    member = access.membership(dossier.user, dossier.school)
    data = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "exported_at": _iso(dossier.generated_at),
        "exported_by": {
            "username": dossier.user.get_username(),
            "name": _person(dossier.user),
            "role": member.role if member else None,
        },
        "school": {"id": dossier.school.pk, "name": dossier.school.name, "brin": dossier.school.brin},
        "pupil": {
            "id": pupil.pk,
            "first_name": pupil.first_name,
            "name_prefix": pupil.name_prefix,
            "surname": pupil.surname,
            "full_name": pupil.full_name,
            "date_of_birth": _iso(pupil.date_of_birth),
            "pupil_number": pupil.source_id,
            "date_in": _iso(pupil.date_in),
            "date_out": _iso(pupil.date_out),
            "care_level": pupil.care_level,
            "care_level_label": dossier.care_level_label,
            "revisions": history(pupil),
        },
        "enrolments": [
            {
                "id": e.pk,
                "school_year": e.school_year.name,
                "start_date": _iso(e.school_year.start_date),
                "end_date": _iso(e.school_year.end_date),
                "group": e.group.name,
                "year_level": e.year_level,
                "teachers": [str(t) for t in e.group.teachers.all()],
                "current": e == dossier.current,
                "revisions": history(e),
            }
            for e in dossier.enrolments
        ],
        "remedial_assignments": [
            {
                "id": r.pk,
                "remedial_teacher": _person(r.staff),
                "subject": r.subject,
                "start_date": _iso(r.start_date),
                "end_date": _iso(r.end_date),
                "revisions": history(r),
            }
            for r in dossier.remedial
        ],
        "care_level_changes": [
            {
                "id": c.pk,
                "level": c.level,
                "level_label": c.get_level_display(),
                "reason": c.reason,
                "author": _person(c.author),
                "created_at": _iso(c.created_at),
                "revisions": history(c),
            }
            for c in dossier.care_level_changes
        ],
        "educational_needs": [
            {
                "id": n.pk,
                "category": n.category,
                "category_label": n.get_category_display(),
                "text": n.text,
                "goal": n.goal,
                "sentence": str(n.sentence),
                "subject": n.subject.code if n.subject_id else None,
                "source": n.source,
                "period": str(n.period) if n.period_id else None,
                "is_open": n.is_open,
                "author": _person(n.author),
                "created_at": _iso(n.created_at),
                "revisions": history(n),
            }
            for n in dossier.needs
        ],
        "factors": [
            {
                "id": f.pk,
                "kind": f.kind,
                "kind_label": f.get_kind_display(),
                "text": f.text,
                "is_current": f.is_current,
                "author": _person(f.author),
                "created_at": _iso(f.created_at),
                "revisions": history(f),
            }
            for f in dossier.factors
        ],
        "observations": [
            {
                "id": o.pk,
                "date": _iso(o.date),
                "kind": o.kind,
                "kind_label": o.get_kind_display(),
                "text": o.text,
                "author": _person(o.author),
                "created_at": _iso(o.created_at),
                "revisions": history(o),
            }
            for o in dossier.observations
        ],
        "assessments": [
            {
                "id": a.pk,
                "instrument": {"code": a.instrument.code, "name": a.instrument.name, "kind": a.instrument.kind},
                "subject": {"code": a.subject.code, "name": a.subject.name},
                "date": _iso(a.date),
                "moment": a.moment,
                "score": float(a.score) if a.score is not None else None,
                "percentage": a.percentage,
                "level": (
                    {"scale": a.instrument.scale.code if a.instrument.scale_id else None, "code": a.level.code}
                    if a.level_id
                    else None
                ),
                "meets_norm": a.meets_norm,
                "revisions": history(a),
            }
            for a in dossier.assessments
        ],
        "secondary_advice": [
            {
                "id": s.pk,
                "school_year": s.school_year.name,
                "provisional": s.provisional or None,
                "final": s.final or None,
                "test_indication": s.test_indication or None,
                "reconsidered": s.reconsidered or None,
                "exemption": s.exemption or None,
                "comparison": s.comparison.value if s.comparison else None,
                "revisions": history(s),
            }
            for s in dossier.advice
        ],
        "timeline": [
            {
                "date": _iso(item.date),
                "kind": str(item.kind),
                "title": str(item.title),
                "text": str(item.text),
                "author": str(item.author),
            }
            for item in dossier.timeline
        ],
    }
    by_type = {ct.pk: model for model, ct in types.items()}
    data["deleted_records"] = [
        {"type": by_type[ct_id]._meta.model_name, "id": object_id, "revisions": revisions}
        for (ct_id, object_id), revisions in sorted(grouped.items())
        if (ct_id, object_id) not in listed
    ]
    data.update(_access_request(dossier.access_request or access_request.gather(pupil, dossier.user, dossier.school)))
    return data


def _access_request(request):
    """Every stored record in words, who viewed or exported the data, and what is left out and why."""
    return {
        "complete": request.complete,
        "about_this_export": access_request.about_text(request),
        "records": [
            {
                "type": section.label,
                "title": section.title,
                "items": [
                    {
                        "id": record.pk,
                        "title": record.title,
                        "deleted": record.deleted,
                        "fields": [{"field": n, "label": lbl, "value": v} for n, lbl, v in record.fields],
                        "history": [
                            {
                                "at": _iso(change.at),
                                "when": plain(change.at),
                                "by": change.by,
                                "action": change.action,
                                "changes": [{"label": lbl, "old": old, "new": new} for lbl, old, new in change.fields],
                            }
                            for change in record.history
                        ],
                    }
                    for record in section.records
                ],
            }
            for section in request.sections
        ],
        "viewed_and_exported": [
            {"at": _iso(v.at), "when": plain(v.at), "by": v.by, "action": v.action, "what": v.what}
            for v in request.viewed
        ],
        "not_included": [
            {"what": what, "reason": reason, "text": access_request.not_included_text(what, reason)}
            for what, reason in request.not_included
        ],
    }
