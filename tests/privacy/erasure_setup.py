"""A pupil with at least one row of every kind the datamap knows, with history, audit entries, import
lines and her name in her school's free text: what an erasure has to find."""

import datetime
from decimal import Decimal

from django.test import RequestFactory
from django.utils import timezone

from conversations.models import ConversationNeed
from core import audit, history
from core.models import AuditAction
from groupplans.models import Goal, Placement
from privacy.models import LegalHold, RecordKind, Removal
from pupils.models import CareLevelChange, Factor, ImportBatch, SecondaryAdvice
from tests import factories as f


def _saved(obj, user):
    """Save through core.history (a revision), then log it as a page would."""
    history.save(obj, user, validate=False)
    request = RequestFactory().get(f"/leerlingen/{obj.pk}/")
    request.user = user
    audit.record(request, AuditAction.CREATE, obj, event="test.created", data={"pupil": str(_pupil(obj))})
    return obj


def _pupil(obj):
    for path in ("pupil", "conversation.pupil", "individual_plan.pupil", "need.pupil"):
        value = obj
        for part in path.split("."):
            value = getattr(value, part, None)
        if value is not None:
            return value
    return ""


def full_pupil(user, *, group, first_name="Zoë", prefix="van der", surname="Berg", source_id="LL-4711"):
    """The pupil, and {label: row} of one row of each kind about her."""
    school = group.school_year.school
    pupil = f.PupilFactory.build(
        school=school, first_name=first_name, name_prefix=prefix, surname=surname, source_id=source_id
    )
    _saved(pupil, user)
    rows = {"pupils.Pupil": pupil}
    rows["pupils.Enrolment"] = _saved(f.EnrolmentFactory.build(pupil=pupil, group=group), user)
    rows["pupils.RemedialAssignment"] = _saved(f.RemedialAssignmentFactory.build(pupil=pupil, staff=user), user)
    rows["pupils.Assessment"] = _saved(f.AssessmentFactory.build(pupil=pupil, score=Decimal(150)), user)
    rows["pupils.SecondaryAdvice"] = _saved(
        SecondaryAdvice(pupil=pupil, school_year=group.school_year, provisional="havo"), user
    )
    rows["pupils.Observation"] = _saved(
        f.ObservationFactory.build(pupil=pupil, author=user, text=f"{first_name} leest graag voor."), user
    )
    rows["pupils.Factor"] = _saved(Factor(pupil=pupil, author=user, kind=Factor.Kind.STIMULATING, text="Sport"), user)
    need = rows["pupils.EducationalNeed"] = _saved(f.NeedFactory.build(pupil=pupil, author=user), user)
    rows["pupils.CareLevelChange"] = _saved(
        CareLevelChange(pupil=pupil, author=user, level=2, reason=f"Zorg om {pupil.full_name}"), user
    )
    plan = f.GroupPlanFactory(group=group, reflection=f"Let op {first_name} {surname} bij het dictee.")
    history.save(plan, user, validate=False)
    instruction_group = f.InstructionGroupFactory(plan=plan)
    rows["groupplans.Placement"] = _saved(Placement(plan=plan, instruction_group=instruction_group, pupil=pupil), user)
    individual = rows["groupplans.IndividualPlan"] = _saved(
        f.IndividualPlanFactory.build(pupil=pupil, period=f.PeriodFactory(school_year=group.school_year)), user
    )
    rows["groupplans.Goal"] = _saved(
        Goal(individual_plan=individual, what="Foutloos schrijven", date=datetime.date(2026, 12, 1)), user
    )
    own_meeting = f.MeetingFactory(school=school, kind="pupil", notes=f"Over {pupil.full_name}")
    own_meeting.pupils.add(pupil)
    history.record([own_meeting], user, AuditAction.CREATE)
    rows["groupplans.Meeting"] = own_meeting
    rows["groupplans.Action"] = _saved(f.ActionFactory.build(meeting=own_meeting, owner=user), user)
    conversation = rows["conversations.Conversation"] = _saved(
        f.ConversationFactory.build(pupil=pupil, summary=f"{first_name} vertelde veel."), user
    )
    rows["conversations.ConversationNeed"] = _saved(ConversationNeed(conversation=conversation, need=need), user)
    rows["conversations.Note"] = _saved(f.NoteFactory.build(conversation=conversation, author=user), user)
    rows["conversations.ScaleAnswer"] = _saved(f.ScaleAnswerFactory.build(conversation=conversation), user)
    rows["conversations.AskedQuestion"] = _saved(f.AskedQuestionFactory.build(conversation=conversation), user)
    rows["conversations.Agreement"] = _saved(f.ConversationAgreementFactory.build(conversation=conversation), user)
    rows["privacy.LegalHold"] = LegalHold.objects.create(
        pupil=pupil,
        until=datetime.date(2026, 1, 31),
        reason=f"Klacht over {pupil.full_name}",
        created_by=user,
        ended_at=timezone.now(),
        ended_by=user,
    )
    rows["privacy.Removal"] = Removal.objects.create(pupil=pupil, kind=RecordKind.IMPORT_FILES)
    # A record deleted earlier: only its last revisions remain, and they name her.
    gone = f.ObservationFactory(pupil=pupil, author=user, text=f"Oud: {pupil.full_name}")
    history.save(gone, user)
    history.delete(gone, user)
    pupils_line = f"{source_id};{first_name};{prefix};{surname};14-03-2015;{group.name}\n"
    pupils_file(school, user, pupils_line + f"LL-0002;Ander;;Kind;01-02-2015;{group.name}\n")
    stored_import(
        school,
        user,
        ImportBatch.Kind.RESULTS,
        "Leerling nummer,toets,datum,score\r\n"
        f"{source_id},lvs-spelling,20-01-2026,150\r\nLL-0002,lvs-spelling,20-01-2026,140\r\n",
    )
    # She is searched for by name (the address holds it) and named in an entry about her group.
    request = RequestFactory().get("/leerlingen/", {"q": pupil.full_name})
    request.user = user
    audit.record(request, AuditAction.VIEW, event="pupils.pupil_list_viewed", school_id=school.pk)
    audit.record(request, AuditAction.CHANGE, group, event="test.moved", data={"pupil": pupil.full_name})
    return pupil, rows


def stored_import(school, user, kind, content):
    """An applied upload as the school keeps it."""
    name = "leerlingen.csv" if kind == ImportBatch.Kind.PUPILS else "toetsen.csv"
    return ImportBatch.objects.create(
        school=school, user=user, kind=kind, filename=name, content=content, status=ImportBatch.Status.APPLIED
    )


def pupils_file(school, user, lines):
    """A stored pupils file: the header and ``lines``."""
    header = "leerlingnummer;voornaam;tussenvoegsel;achternaam;geboortedatum;groep\n"
    return stored_import(school, user, ImportBatch.Kind.PUPILS, header + lines)
