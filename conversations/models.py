"""Conversations with pupils and parents, structured by a conversation model
(Cauffman's seven steps by default, Delfos' five phases as the second), and
rounds of conversations for a whole group with a schedule and invitation letters.

What users grow is data: conversation models, their steps and the question bank
(seeded in migration 0002). Each listener keeps her own notes per step (``Note``);
scaling answers, the questions the leader asked (classified open or closed by
``technique``), agreements and the needs the pupil named are kept per conversation.
A need is stored as a pupils ``EducationalNeed`` with source "gesprek" and linked
here (``ConversationNeed``), so the dossier and the group plan read it without
knowing about conversations. Every save of a care record goes through core.history.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.editguard import Versioned
from pupils.models import EducationalNeed, Pupil
from schools.models import Group, School

from .technique import Technique, classify

SCALE_MIN, SCALE_MAX = 0, 10
# Longest free text a form accepts (a form error beyond it, never a stored essay).
TEXT_MAX = 10000


# --- Structure as data ---------------------------------------------------------------------------------------------


class ConversationModel(models.Model):
    """A way to structure a conversation: an ordered list of steps with a guide each."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    description = models.TextField(_("toelichting"), blank=True)
    closing_question = models.CharField(
        _("nuttigheidsvraag"),
        max_length=300,
        help_text=_("De schaalvraag waarmee elk gesprek eindigt."),
    )
    is_default = models.BooleanField(_("standaard"), default=False)

    class Meta:
        verbose_name = _("gespreksmodel")
        verbose_name_plural = _("gespreksmodellen")
        ordering = ["-is_default", "name"]

    def __str__(self):
        return self.name

    @classmethod
    def default(cls):
        return cls.objects.filter(is_default=True).first() or cls.objects.first()


class Step(models.Model):
    model = models.ForeignKey(
        ConversationModel, verbose_name=_("gespreksmodel"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("volgorde"))
    title = models.CharField(_("stap"), max_length=100)
    guide = models.TextField(_("korte handreiking"), blank=True)

    class Meta:
        verbose_name = _("gespreksstap")
        verbose_name_plural = _("gespreksstappen")
        ordering = ["model", "order"]
        constraints = [models.UniqueConstraint(fields=["model", "order"], name="one_step_per_position")]

    def __str__(self):
        return f"{self.order}. {self.title}"


class BankQuestion(Versioned):
    """An example question for a step. Seeded ones belong to no school; a coordinator adds her school's own."""

    step = models.ForeignKey(Step, verbose_name=_("stap"), on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("vraag"), max_length=300)
    school = models.ForeignKey(
        School, verbose_name=_("school"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("vraag uit de vragenbank")
        verbose_name_plural = _("vragenbank")
        ordering = ["step__model", "step__order", "id"]

    def __str__(self):
        return self.text


# --- Rounds ---------------------------------------------------------------------------------------------------------


class Kind(models.TextChoices):
    START = "start", _("startgesprek")
    PROGRESS = "progress", _("voortgangs- of rapportgesprek")
    ADVICE = "advice", _("adviesgesprek voortgezet onderwijs")
    CHILD = "child", _("kindgesprek")
    PARENT = "parent", _("oudergesprek")
    OTHER = "other", _("ander gesprek")


class Round(Versioned):
    """A round of conversations for one group: days, hours, slot length, who takes part."""

    class Mode(models.TextChoices):
        TOGETHER = "together", _("samen: alle deelnemers bij elk gesprek")
        SPLIT = "split", _("verdeeld: elk gesprek met één van de deelnemers")

    group = models.ForeignKey(
        Group, verbose_name=_("groep"), on_delete=models.PROTECT, related_name="conversation_rounds"
    )
    kind = models.CharField(_("soort gesprek"), max_length=20, choices=Kind.choices, default=Kind.START)
    name = models.CharField(_("naam"), max_length=120)
    conversation_model = models.ForeignKey(
        ConversationModel, verbose_name=_("gespreksmodel"), on_delete=models.PROTECT, related_name="+"
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("minuten per gesprek"), default=15, validators=[MinValueValidator(5), MaxValueValidator(60)]
    )
    mode = models.CharField(_("bezetting"), max_length=20, choices=Mode.choices, default=Mode.TOGETHER)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("deelnemers van school"), related_name="+")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gespreksleider"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Als de deelnemers de gesprekken samen voeren: wie ze leidt. De anderen maken aantekeningen."),
    )
    pupil_invited = models.BooleanField(_("het kind is erbij"), default=True)
    location = models.CharField(
        _("lokaal of plek"),
        max_length=200,
        blank=True,
        help_text=_(
            "Voor de zin 'Het gesprek is in …' in de brief, bijvoorbeeld: het lokaal van groep 8, eerste verdieping."
        ),
    )
    purpose = models.TextField(
        _("doel van de gesprekken"), max_length=TEXT_MAX, help_text=_("Staat in de uitnodigingsbrief.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gespreksronde")
        verbose_name_plural = _("gespreksrondes")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} – {self.group}"

    @property
    def school_id(self):
        return self.group.school_year.school_id


def parse_breaks(text):
    """'12:00-12:30; 15:00-15:15' -> [(time, time)]; ValueError with a Dutch message on bad input."""
    breaks = []
    for part in filter(None, (p.strip() for p in text.replace(",", ";").split(";"))):
        try:
            start, end = (datetime.time.fromisoformat(t.strip().replace(".", ":").zfill(5)) for t in part.split("-"))
        except ValueError:
            raise ValueError(
                _("Schrijf een pauze als 12:00-12:30; meerdere pauzes gescheiden door een puntkomma.")
            ) from None
        if end <= start:
            raise ValueError(_("Een pauze moet eindigen na haar begin (%(part)s).") % {"part": part})
        breaks.append((start, end))
    return sorted(breaks)


class RoundDay(models.Model):
    round = models.ForeignKey(Round, verbose_name=_("ronde"), on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("van"))
    end_time = models.TimeField(_("tot"))
    breaks = models.CharField(_("pauzes"), max_length=100, blank=True, help_text=_("Bijvoorbeeld 17:30-18:00"))

    class Meta:
        verbose_name = _("gespreksdag")
        verbose_name_plural = _("gespreksdagen")
        ordering = ["round", "date"]
        constraints = [models.UniqueConstraint(fields=["round", "date"], name="one_day_per_date")]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.start_time:%H:%M}-{self.end_time:%H:%M}"

    def break_list(self):
        return parse_breaks(self.breaks)

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("De eindtijd moet na de begintijd liggen.")})
        try:
            breaks = parse_breaks(self.breaks)
        except ValueError as error:
            raise ValidationError({"breaks": str(error)}) from None
        if self.start_time and self.end_time:
            for start, end in breaks:
                if start < self.start_time or end > self.end_time:
                    raise ValidationError({"breaks": _("Een pauze valt buiten de tijden van deze dag.")})


# --- Conversations --------------------------------------------------------------------------------------------------


class Relation(models.TextChoices):
    MOTHER = "mother", _("moeder")
    FATHER = "father", _("vader")
    PARENT = "parent", _("ouder")
    CARER = "carer", _("verzorger")
    FOSTER = "foster", _("pleegouder")
    GUARDIAN = "guardian", _("voogd")
    OTHER = "other", _("ander familielid")


class Conversation(Versioned):
    class Status(models.TextChoices):
        PLANNED = "planned", _("gepland")
        HELD = "held", _("gehouden")
        CANCELLED = "cancelled", _("afgezegd")
        RESCHEDULE = "reschedule", _("opnieuw te plannen")

    class Noticed(models.TextChoices):
        YES = "yes", _("ja, dat merkte het kind")
        PARTLY = "partly", _("een beetje")
        NO = "no", _("nee, nog niet")

    pupil = models.ForeignKey(Pupil, verbose_name=_("leerling"), on_delete=models.CASCADE, related_name="conversations")
    round = models.ForeignKey(
        Round, verbose_name=_("ronde"), null=True, blank=True, on_delete=models.CASCADE, related_name="conversations"
    )
    kind = models.CharField(_("soort gesprek"), max_length=20, choices=Kind.choices)
    conversation_model = models.ForeignKey(
        ConversationModel, verbose_name=_("gespreksmodel"), on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(_("datum en tijd"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duur in minuten"), default=15, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    # Kept with the start so that overlap (double booking) is one indexed query.
    ends_at = models.DateTimeField(editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gespreksleider"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("notulist"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("deelnemers van school"), related_name="conversations_staffed"
    )
    pupil_present = models.BooleanField(_("het kind was erbij"), default=False)
    guardians = models.JSONField(_("ouders of verzorgers"), default=list, blank=True)
    purpose = models.TextField(_("doel en voorbereiding"), max_length=TEXT_MAX, blank=True)
    summary = models.TextField(_("samenvatting"), max_length=TEXT_MAX, blank=True)
    input_noticed = models.CharField(
        _("merkte het kind wat er met zijn inbreng is gedaan?"), max_length=10, choices=Noticed.choices, blank=True
    )
    input_noticed_notes = models.TextField(_("toelichting"), max_length=TEXT_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["starts_at", "ends_at"])]

    def __str__(self):
        local = timezone.localtime(self.starts_at) if self.starts_at else None
        when = f"{local:%d-%m-%Y %H:%M}" if local else ""
        return f"{self.get_kind_display()} {self.pupil} {when}".strip()

    def save(self, *args, **kwargs):
        if self.starts_at is not None:
            self.ends_at = self.starts_at + datetime.timedelta(minutes=self.duration_minutes or 0)
        super().save(*args, **kwargs)

    @property
    def school_id(self):
        return self.pupil.school_id

    def steps(self):
        """The steps of this conversation's model, in order."""
        return Step.objects.filter(model_id=self.conversation_model_id).order_by("order")

    def guardian_labels(self):
        labels = dict(Relation.choices)
        return [str(labels.get(code, code)) for code in self.guardians]


class Note(Versioned):
    """One listener's own notes on one step: the leader and the note-taker each keep theirs."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="notes")
    step = models.ForeignKey(Step, verbose_name=_("stap"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("aantekeningen"), max_length=TEXT_MAX, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("aantekening")
        verbose_name_plural = _("aantekeningen")
        ordering = ["conversation", "step__order", "author_id"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "step", "author"], name="one_note_per_author_step")
        ]

    def __str__(self):
        return f"{self.step.title} – {self.author}"

    @property
    def school_id(self):
        return self.conversation.school_id


class Respondent(models.TextChoices):
    PUPIL = "pupil", _("kind")
    PARENT = "parent", _("ouder")
    TEACHER = "teacher", _("leerkracht")


class ScaleAnswer(Versioned):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="scale_answers")
    respondent = models.CharField(_("wie antwoordt"), max_length=20, choices=Respondent.choices)
    question = models.CharField(_("schaalvraag"), max_length=300)
    is_usefulness = models.BooleanField(_("nuttigheidsvraag"), default=False)
    value = models.PositiveSmallIntegerField(
        _("antwoord (0-10)"), validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
    )

    class Meta:
        verbose_name = _("schaalvraag")
        verbose_name_plural = _("schaalvragen")
        ordering = ["conversation", "-is_usefulness", "id"]

    def __str__(self):
        return f"{self.get_respondent_display()}: {self.value}"

    @property
    def school_id(self):
        return self.conversation.school_id


class AskedQuestion(models.Model):
    """A question the leader asked, as she wrote it down; ``technique`` is set by conversations.technique."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="asked_questions")
    step = models.ForeignKey(
        Step, verbose_name=_("stap"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.CharField(_("gestelde vraag"), max_length=300)
    technique = models.CharField(_("soort vraag"), max_length=10, choices=Technique.choices, editable=False)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("gestelde vraag")
        verbose_name_plural = _("gestelde vragen")
        ordering = ["conversation", "id"]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        self.technique = classify(self.text)
        super().save(*args, **kwargs)

    @property
    def school_id(self):
        return self.conversation.school_id


class Agreement(Versioned):
    class Owner(models.TextChoices):
        PUPIL = "pupil", _("leerling")
        PARENTS = "parents", _("ouders")
        TEACHER = "teacher", _("leerkracht")
        COORDINATOR = "coordinator", _("intern begeleider")
        OTHER = "other", _("iemand anders")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("nagekomen")
        NOT_DONE = "not_done", _("niet nagekomen")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="agreements")
    text = models.CharField(_("afspraak"), max_length=300)
    owner = models.CharField(_("wie"), max_length=20, choices=Owner.choices)
    due_date = models.DateField(_("uiterlijk op"))
    status = models.CharField(_("opvolging"), max_length=10, choices=Status.choices, default=Status.OPEN)
    checked_in = models.ForeignKey(
        Conversation,
        verbose_name=_("besproken in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checked_agreements",
    )

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["due_date", "id"]

    def __str__(self):
        return self.text

    @property
    def school_id(self):
        return self.conversation.school_id


class ConversationNeed(models.Model):
    """Links a pupil need (source: gesprek) to the conversation it was named in."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="need_links")
    need = models.OneToOneField(EducationalNeed, on_delete=models.CASCADE, related_name="conversation_link")

    class Meta:
        verbose_name = _("onderwijsbehoefte uit een gesprek")
        verbose_name_plural = _("onderwijsbehoeften uit gesprekken")

    def __str__(self):
        return str(self.need)
