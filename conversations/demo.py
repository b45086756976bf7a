"""Conversations of the demo school, following the seed: in July, before the school year, the
coordinator (ib) leads 15-minute start conversations with every group-8 pupil and parents over two
afternoons, with the teacher (leerkracht8) taking notes and ib keeping her own; child and parents
answer the usefulness question. In November the teacher leads the progress round with the child
present: on the first evening he asks mostly closed questions, on the second mostly open ones.
Both rounds are scheduled by the real scheduler. Deterministic."""

import datetime

from django.db import transaction
from django.utils import timezone

from pupils.models import EducationalNeed, NeedCategory, NeedSource, Subject
from schools.demo import MAIN_SCHOOL

from . import services
from .models import (
    Agreement,
    AskedQuestion,
    Conversation,
    ConversationModel,
    ConversationNeed,
    Kind,
    Note,
    Relation,
    Respondent,
    Round,
    RoundDay,
    ScaleAnswer,
)

# Which position in the July schedule could not come (the family was abroad); the other 29 were held.
JULY_CANCELLED = 17

GUARDIANS = [
    [Relation.MOTHER],
    [Relation.MOTHER, Relation.FATHER],
    [Relation.FATHER],
    [Relation.MOTHER],
    [Relation.CARER],
    [Relation.PARENT, Relation.PARENT],
]

# Per step (by order) what each listener wrote down. The teacher hears the classroom, ib the context.
IB_NOTES = {
    1: ["Open en vrolijk binnengekomen; vertelde over de camping.", "Wat stil in het begin, ontdooide bij voetbal."],
    2: [
        "Thuis weinig ruimte om huiswerk te maken; oudere zus helpt soms.",
        "Moeder werkt avonden; vader brengt en haalt.",
        "Veel verhuisd de laatste jaren; nu rustig.",
    ],
    3: [
        "Wil in groep 8 beter worden in werkwoorden; ouders willen een passend advies.",
        "Doel van het kind: breuken snappen. Ouders: meer zelfvertrouwen.",
        "Kind wil meer lezen; ouders vragen om duidelijke informatie over het advies.",
    ],
    4: ["Zet door als iets lukt; helpt graag anderen.", "Leest thuis strips; dat gaat vlot."],
    5: ["Compliment gegeven voor eerlijk vertellen wat lastig is.", "Compliment voor de inzet bij rekenen."],
    6: [
        "Schaal lezen: nu een 5, een 6 is als hij een tekst in één keer snapt.",
        "Schaal rekenen: 6; bij 7 kan hij procenten.",
    ],
    7: [
        "Wondervraag: 'dan kom ik met zin naar school en weet ik wat ik moet doen.'",
        "Eerste stap: elke dag 10 minuten lezen.",
    ],
}
TEACHER_NOTES = {
    1: ["Kwam samen met moeder; maakte meteen grapjes.", "Keek veel naar vader voordat hij antwoord gaf."],
    2: ["In groep 7 vaak afgeleid naast de deur; liever vooraan.", "Maakt weektaak meestal niet af."],
    3: ["Werkwoordspelling (d/t).", "Breuken en procenten.", "Begrijpend lezen: de hoofdzaak vinden."],
    4: ["Goed in samenwerken; rustig bij hulp van een maatje.", "Sterk in hoofdrekenen."],
    6: ["Zegt zelf een 5 voor lezen.", "Rekenen een 6."],
    7: ["Wil volgend jaar naar het vmbo-t of havo.", "Afspraak: elke dag lezen, ouders tekenen af."],
}

# (category, need text, subject code, goal): what the children said they need, in the seed's subjects.
NEEDS = [
    (
        NeedCategory.INSTRUCTION,
        "eerst voordoet hoe een werkwoord wordt ontleed en daarna samen oefent",
        "spelling",
        "werkwoorden goed te schrijven in een dictee",
    ),
    (
        NeedCategory.MATERIALS,
        "breuken en procenten laten zien met stroken en geld",
        "rekenen-wiskunde",
        "procentsommen uit het dagelijks leven op te lossen",
    ),
    (
        NeedCategory.TEACHER,
        "eerst nagaat of de tekst begrepen is, voordat de vragen aan de beurt zijn",
        "begrijpend-lezen",
        "de hoofdgedachte van een tekst te vinden",
    ),
    (NeedCategory.ENVIRONMENT, "rustig is, met een werkplek ver van de deur", "", "de weektaak af te maken"),
]
AGREEMENTS = [
    ("Elke dag tien minuten thuis lezen; ouders tekenen af.", Agreement.Owner.PARENTS),
    ("Vooraan zitten, naast een rustige klasgenoot.", Agreement.Owner.TEACHER),
    ("Om hulp vragen bij de instructietafel als het niet lukt.", Agreement.Owner.PUPIL),
]

# November: the teacher's questions on the first evening, and on the second after the feedback.
CLOSED_QUESTIONS = [
    "Heb je gemerkt dat we meer aan werkwoorden doen?",
    "Vind je rekenen nu leuker?",
    "Is het gelukt met de breuken?",
    "Ben je tevreden over je rapport?",
]
OPEN_QUESTIONS = [
    "Wat heb je gemerkt van de extra lessen werkwoorden?",
    "Hoe gaat het nu met breuken en procenten?",
    "Wat vind je zelf van je rapport?",
    "Wat heb je nodig om nog een stap verder te komen?",
]


def _weekday_on_or_after(day, weekday):
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _usefulness(conversation, *, pupil, parent):
    """The closing question, answered by the child and by a parent."""
    question = conversation.conversation_model.closing_question
    return [
        ScaleAnswer(conversation=conversation, respondent=who, question=question, is_usefulness=True, value=value)
        for who, value in ((Respondent.PUPIL, pupil), (Respondent.PARENT, parent))
    ]


def _make_up(cancelled, first_school_day, leader, note_taker):
    """The start conversation of the family that was away, held in the first week of the school year."""
    starts_at = timezone.make_aware(
        datetime.datetime.combine(_weekday_on_or_after(first_school_day, 2), datetime.time(15, 30))
    )
    make_up = Conversation.objects.create(
        pupil=cancelled.pupil,
        kind=cancelled.kind,
        conversation_model=cancelled.conversation_model,
        starts_at=starts_at,
        duration_minutes=15,
        status=Conversation.Status.HELD,
        leader=leader,
        note_taker=note_taker,
        pupil_present=True,
        guardians=[Relation.MOTHER.value],
        summary="Startgesprek ingehaald na de vakantie.",
        created_by=leader,
    )
    make_up.staff.add(leader, note_taker)
    ScaleAnswer.objects.bulk_create(_usefulness(make_up, pupil=8, parent=9))


def _round(group, name, kind, leader, note_taker, days, purpose):
    model = ConversationModel.objects.get(code="cauffman")
    round_ = Round.objects.create(
        group=group,
        kind=kind,
        name=name,
        conversation_model=model,
        slot_minutes=15,
        mode=Round.Mode.TOGETHER,
        leader=leader,
        pupil_invited=True,
        purpose=purpose,
        location=f"het lokaal van {group.name.lower()}",
        created_by=leader,
    )
    round_.staff.add(leader, note_taker)
    for date, start, end, breaks in days:
        RoundDay.objects.create(round=round_, date=date, start_time=start, end_time=end, breaks=breaks)
    services.plan_conversations(round_)
    return round_, list(round_.conversations.select_related("pupil").order_by("starts_at", "id"))


@transaction.atomic
def extend(demo):
    school_year = demo.years[MAIN_SCHOOL][-1]
    group = demo.groups[(MAIN_SCHOOL, "Groep 8")]
    ib, teacher = demo.users["ib"], demo.users["leerkracht8"]
    subjects = {s.code: s for s in Subject.objects.all()}
    steps = {step.order: step for step in ConversationModel.objects.get(code="cauffman").steps.all()}
    start_year = school_year.start_date.year

    july_first = _weekday_on_or_after(datetime.date(start_year, 7, 6), 0)  # the last Monday and Tuesday before summer
    july_days = [
        (july_first + datetime.timedelta(days=n), datetime.time(13, 0), datetime.time(17, 0), "15:00-15:15")
        for n in (0, 1)
    ]
    july, july_conversations = _round(
        group,
        "Startgesprekken groep 8",
        Kind.START,
        ib,
        teacher,
        july_days,
        "Voor de zomer maken we kennis met u en uw kind: wat gaat goed, wat wil uw kind leren in groep 8 "
        "en wat heeft het daarvoor nodig? Uw kind is bij het gesprek.",
    )
    notes, answers, links, agreements = [], [], [], []
    needs_by_pupil = {}
    for i, conversation in enumerate(july_conversations):
        if i == JULY_CANCELLED:
            conversation.status = Conversation.Status.CANCELLED
            conversation.summary = "Gezin was op vakantie; het gesprek is in de eerste schoolweek ingehaald."
            conversation.save()
            _make_up(conversation, school_year.start_date, ib, teacher)
            continue
        conversation.status = Conversation.Status.HELD
        conversation.guardians = [str(g) for g in GUARDIANS[i % len(GUARDIANS)]]
        conversation.pupil_present = True
        conversation.note_taker = teacher
        conversation.summary = "Kennismaking; doelen voor groep 8 en wat het kind daarvoor nodig heeft besproken."
        conversation.save()
        for order, texts in IB_NOTES.items():
            notes.append(Note(conversation=conversation, step=steps[order], author=ib, text=texts[i % len(texts)]))
        for order, texts in TEACHER_NOTES.items():
            # Two listeners hear different things: the teacher skips some steps and notes others his own way.
            if (i + order) % 4:
                notes.append(
                    Note(conversation=conversation, step=steps[order], author=teacher, text=texts[i % len(texts)])
                )
        answers += _usefulness(conversation, pupil=6 + (i * 7) % 5, parent=7 + (i * 3) % 4)
        if i % 3 != 2:
            category, text, subject, goal = NEEDS[i % len(NEEDS)]
            need = EducationalNeed.objects.create(
                pupil=conversation.pupil,
                author=ib,
                category=category,
                text=text,
                goal=goal,
                subject=subjects.get(subject),
                source=NeedSource.CONVERSATION,
            )
            # Written down at the conversation, not when the demo is loaded (the start page shows new needs).
            EducationalNeed.objects.filter(pk=need.pk).update(created_at=conversation.ends_at)
            links.append(ConversationNeed(conversation=conversation, need=need))
            needs_by_pupil[conversation.pupil_id] = need
        if i % 2 == 0:
            text, owner = AGREEMENTS[i % len(AGREEMENTS)]
            agreements.append(
                Agreement(
                    conversation=conversation,
                    text=text,
                    owner=owner,
                    due_date=school_year.start_date + datetime.timedelta(days=60),
                )
            )
    Note.objects.bulk_create(notes)
    ScaleAnswer.objects.bulk_create(answers)
    ConversationNeed.objects.bulk_create(links)
    Agreement.objects.bulk_create(agreements)

    november_first = _weekday_on_or_after(datetime.date(start_year, 11, 10), 1)  # Tuesday and Thursday evening
    november_days = [
        (november_first + datetime.timedelta(days=n), datetime.time(17, 30), datetime.time(21, 30), "19:30-19:45")
        for n in (0, 2)
    ]
    november, november_conversations = _round(
        group,
        "Voortgangsgesprekken groep 8",
        Kind.PROGRESS,
        teacher,
        ib,
        november_days,
        "We bespreken het rapport en het voorlopige advies voor het voortgezet onderwijs. "
        "Uw kind is er deze keer bij en vertelt zelf hoe het gaat.",
    )
    open_agreements = {a.conversation.pupil_id: a for a in Agreement.objects.filter(conversation__round=july)}
    questions, answers = [], []
    for i, conversation in enumerate(november_conversations):
        held = conversation.starts_at.date() < demo.today
        if not held:
            continue
        first_evening = conversation.starts_at.date() == november_days[0][0]
        conversation.status = Conversation.Status.HELD
        conversation.guardians = [str(g) for g in GUARDIANS[(i + 1) % len(GUARDIANS)]]
        conversation.summary = "Rapport en voorlopig advies besproken; het kind vertelde zelf over de extra lessen."
        if conversation.pupil_id in needs_by_pupil:
            conversation.input_noticed = [
                Conversation.Noticed.YES,
                Conversation.Noticed.PARTLY,
                Conversation.Noticed.NO,
            ][i % 3]
        conversation.save()
        asked = (CLOSED_QUESTIONS + OPEN_QUESTIONS[:1]) if first_evening else (OPEN_QUESTIONS + CLOSED_QUESTIONS[:1])
        for text in asked[: 3 + i % 3]:
            questions.append(AskedQuestion(conversation=conversation, text=text, asked_by=teacher))
        answers += _usefulness(
            conversation, pupil=(5 if first_evening else 7) + i % 3, parent=(6 if first_evening else 8) + i % 2
        )
        agreement = open_agreements.get(conversation.pupil_id)
        if agreement is not None:
            agreement.status = Agreement.Status.DONE if i % 3 else Agreement.Status.NOT_DONE
            agreement.checked_in = conversation
            agreement.save()
    for question in questions:  # save() classifies each question as open or closed
        question.save()
    ScaleAnswer.objects.bulk_create(answers)

    # The start page (issue 12): a round the teacher of group 8 leads in the coming two weeks, so that his
    # "Deze week" and the coordinator's "next round" show real conversations to prepare.
    report_first = _weekday_on_or_after(demo.today + datetime.timedelta(days=7), 1)  # a Tuesday, next week
    if report_first <= school_year.end_date:
        _round(
            group,
            "Rapportgesprekken groep 8",
            Kind.PROGRESS,
            teacher,
            ib,
            [
                (report_first + datetime.timedelta(days=n), datetime.time(17, 30), datetime.time(21, 30), "")
                for n in (0, 1)
            ],
            "We bespreken het rapport en hoe het gaat met de voorbereiding op het voortgezet onderwijs. "
            "Uw kind is erbij.",
        )
