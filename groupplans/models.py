"""The HGW cycle at group level: group plans per group, period and subject moving
through observe -> understand -> plan -> realise -> evaluate; instruction groups,
SMART goals (shared with individual action plans), meetings and their actions.

Plans are filled from what the school already knows (pupils app: results, needs,
factors) and link to it rather than copy it; the observe phase freezes the group
overview into ``observe_snapshot`` when it closes. Every save goes through
core.history, so every change keeps who, when and what.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.editguard import Versioned
from pupils.models import Instrument, Pupil, ScaleLevel, Subject
from schools.models import Group, Period, School

# The longest text a form accepts: pages of notes, not a pasted book.
LONG_TEXT = 10_000


class Phase(models.TextChoices):
    OBSERVE = "observe", _("waarnemen")
    UNDERSTAND = "understand", _("begrijpen")
    PLAN = "plan", _("plannen")
    REALISE = "realise", _("realiseren")
    EVALUATE = "evaluate", _("evalueren")
    DONE = "done", _("afgerond")


PHASE_ORDER = [Phase.OBSERVE, Phase.UNDERSTAND, Phase.PLAN, Phase.REALISE, Phase.EVALUATE, Phase.DONE]


class GroupPlan(Versioned):
    group = models.ForeignKey(Group, verbose_name=_("groep"), on_delete=models.PROTECT, related_name="plans")
    period = models.ForeignKey(Period, verbose_name=_("periode"), on_delete=models.PROTECT, related_name="plans")
    subject = models.ForeignKey(Subject, verbose_name=_("vak"), on_delete=models.PROTECT, related_name="plans")
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices, default=Phase.OBSERVE)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("plan van de vorige periode"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_plans",
    )
    observe_snapshot = models.JSONField(_("groepsoverzicht bij het afsluiten van waarnemen"), default=dict, blank=True)
    observe_notes = models.TextField(_("wat opvalt in de gegevens"), blank=True, max_length=LONG_TEXT)
    reflection = models.TextField(_("wat vraagt deze groep van mij?"), blank=True, max_length=LONG_TEXT)
    execution_notes = models.TextField(_("aantekeningen bij de uitvoering"), blank=True, max_length=LONG_TEXT)
    evaluation_notes = models.TextField(_("evaluatie van de periode"), blank=True, max_length=LONG_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewijzigd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("groepsplan")
        verbose_name_plural = _("groepsplannen")
        ordering = ["group__year_level_low", "group__name", "subject__order"]
        constraints = [
            models.UniqueConstraint(fields=["group", "period", "subject"], name="one_plan_per_group_period_subject")
        ]

    def __str__(self):
        return f"{self.group} – {self.subject} – {self.period.name}"

    @property
    def school_id(self):
        return self.group.school_year.school_id

    @property
    def phase_index(self):
        return PHASE_ORDER.index(self.phase)

    def clean(self):
        if self.group_id and self.period_id and self.period.school_year_id != self.group.school_year_id:
            raise ValidationError({"period": _("Deze periode hoort niet bij het schooljaar van de groep.")})


class InstructionGroup(Versioned):
    class Kind(models.TextChoices):
        INTENSIVE = "intensive", _("intensieve instructie")
        BASIC = "basic", _("basisinstructie")
        EXTENDED = "extended", _("verdiept aanbod")
        CUSTOM = "custom", _("eigen groep")

    plan = models.ForeignKey(GroupPlan, on_delete=models.CASCADE, related_name="instruction_groups")
    name = models.CharField(_("naam"), max_length=100)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.CUSTOM)
    order = models.PositiveSmallIntegerField(default=0)
    content = models.TextField(_("inhoud (wat)"), blank=True, max_length=LONG_TEXT)
    approach = models.TextField(_("aanpak (hoe)"), blank=True, max_length=LONG_TEXT)
    materials = models.TextField(_("materialen"), blank=True, max_length=LONG_TEXT)
    times_per_week = models.PositiveSmallIntegerField(
        _("keer per week"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    minutes = models.PositiveSmallIntegerField(
        _("minuten per keer"), null=True, blank=True, validators=[MinValueValidator(5), MaxValueValidator(120)]
    )
    who = models.CharField(_("wie geeft het"), max_length=100, blank=True)
    where = models.CharField(_("waar"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("instructiegroep")
        verbose_name_plural = _("instructiegroepen")
        ordering = ["plan", "order", "id"]

    def __str__(self):
        return self.name

    @property
    def has_organisation(self):
        return bool(self.times_per_week and self.minutes and self.who)


class InstructionDefaults(Versioned):
    """How a school usually organises one kind of instruction group: set once by the coordinator
    (``/groepsplannen/standaarden/``), filled into every new instruction group of that kind, where the
    teacher can still change it. A school without its own gets the documented values of
    ``groupplans.services.defaults.DOCUMENTED`` the first time they are needed."""

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("soort"), max_length=20, choices=InstructionGroup.Kind.choices)
    content = models.TextField(_("inhoud (wat)"), blank=True, max_length=LONG_TEXT)
    approach = models.TextField(_("aanpak (hoe)"), blank=True, max_length=LONG_TEXT)
    times_per_week = models.PositiveSmallIntegerField(
        _("keer per week"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    minutes = models.PositiveSmallIntegerField(
        _("minuten per keer"), null=True, blank=True, validators=[MinValueValidator(5), MaxValueValidator(120)]
    )
    where = models.CharField(_("waar"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    class Meta:
        verbose_name = _("standaardorganisatie")
        verbose_name_plural = _("standaardorganisatie per soort instructiegroep")
        ordering = ["school", "kind"]
        constraints = [models.UniqueConstraint(fields=["school", "kind"], name="one_default_per_school_and_kind")]

    def __str__(self):
        return self.get_kind_display()


class Placement(Versioned):
    """A pupil in an instruction group. ``plan`` is repeated so the database can
    hold 'a pupil sits in exactly one instruction group of a plan'."""

    plan = models.ForeignKey(GroupPlan, on_delete=models.CASCADE, related_name="placements")
    instruction_group = models.ForeignKey(InstructionGroup, on_delete=models.CASCADE, related_name="placements")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="placements")

    class Meta:
        verbose_name = _("plaatsing")
        verbose_name_plural = _("plaatsingen")
        constraints = [models.UniqueConstraint(fields=["plan", "pupil"], name="one_instruction_group_per_pupil")]

    def __str__(self):
        return f"{self.pupil} – {self.instruction_group}"

    def save(self, *args, **kwargs):
        self.plan_id = self.instruction_group.plan_id
        super().save(*args, **kwargs)


class IndividualPlan(Versioned):
    """A handelingsplan for a pupil at care level 3 or higher."""

    pupil = models.ForeignKey(Pupil, verbose_name=_("leerling"), on_delete=models.CASCADE, related_name="action_plans")
    period = models.ForeignKey(Period, verbose_name=_("periode"), on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(Subject, verbose_name=_("vak"), null=True, blank=True, on_delete=models.PROTECT)
    approach = models.TextField(_("aanpak"), max_length=LONG_TEXT)
    who = models.CharField(_("wie voert het uit"), max_length=200)
    evaluation = models.TextField(_("evaluatie"), blank=True, max_length=LONG_TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("handelingsplan")
        verbose_name_plural = _("handelingsplannen")
        ordering = ["-period__start_date", "id"]

    def __str__(self):
        return _("Handelingsplan %(pupil)s") % {"pupil": self.pupil}

    @property
    def school_id(self):
        return self.pupil.school_id

    def clean(self):
        # Checked when the plan is written: the evaluation must still be possible after the level went down.
        if self._state.adding and self.pupil_id and self.pupil.care_level < 3:
            raise ValidationError(_("Een handelingsplan is voor leerlingen met zorgniveau 3 of hoger."))
        if self.pupil_id and self.period_id and self.period.school_year.school_id != self.pupil.school_id:
            raise ValidationError({"period": _("Deze periode hoort niet bij de school van de leerling.")})


class Goal(Versioned):
    """A SMART goal: what, measured by a test with a target level or score, by a date.
    Belongs to an instruction group or to an individual plan."""

    class Evaluation(models.TextChoices):
        ACHIEVED = "achieved", _("behaald")
        PARTLY = "partly", _("deels behaald")
        NOT_ACHIEVED = "not_achieved", _("niet behaald")

    instruction_group = models.ForeignKey(
        InstructionGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="goals"
    )
    individual_plan = models.ForeignKey(
        IndividualPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="goals"
    )
    what = models.TextField(_("wat moet bereikt worden"), max_length=LONG_TEXT)
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("gemeten met"), on_delete=models.PROTECT, null=True, blank=False
    )
    target_level = models.ForeignKey(
        ScaleLevel, verbose_name=_("streefniveau"), null=True, blank=True, on_delete=models.PROTECT
    )
    target_score = models.DecimalField(
        _("streefscore"), max_digits=7, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    date = models.DateField(_("datum"), null=True, blank=False)
    evaluation = models.CharField(_("evaluatie"), max_length=20, choices=Evaluation.choices, blank=True)
    evaluation_proposed = models.CharField(
        _("voorstel uit de toetsgegevens"), max_length=20, choices=Evaluation.choices, blank=True
    )
    evaluation_remark = models.TextField(_("toelichting bij de evaluatie"), blank=True, max_length=LONG_TEXT)

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(instruction_group__isnull=False) & Q(individual_plan__isnull=True))
                | (Q(instruction_group__isnull=True) & Q(individual_plan__isnull=False)),
                name="goal_belongs_to_one_plan",
            )
        ]

    def __str__(self):
        return self.what[:80]

    def clean(self):
        errors = {}
        if not self.instrument_id:
            errors["instrument"] = _("Een SMART-doel heeft een meetinstrument: met welke toets meet je het?")
        elif self.target_level_id is None and self.target_score is None:
            errors["target_level"] = _("Geef een streefniveau of een streefscore op.")
        elif self.target_level_id and self.target_level.scale_id != self.instrument.scale_id:
            errors["target_level"] = _("Dit niveau hoort niet bij de schaal van deze toets.")
        if not self.date:
            errors["date"] = _("Een SMART-doel heeft een datum: wanneer moet het bereikt zijn?")
        if errors:
            raise ValidationError(errors)


class Meeting(Versioned):
    class Kind(models.TextChoices):
        GROUP = "group", _("groepsbespreking")
        PUPIL = "pupil", _("leerlingbespreking")
        CARE_TEAM = "care_team", _("zorgteamoverleg")

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("datum"))
    group = models.ForeignKey(Group, verbose_name=_("groep"), null=True, blank=True, on_delete=models.PROTECT)
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("deelnemers"), related_name="+")
    pupils = models.ManyToManyField(Pupil, verbose_name=_("besproken leerlingen"), blank=True, related_name="meetings")
    notes = models.TextField(_("aantekeningen"), blank=True, max_length=LONG_TEXT)
    decisions = models.TextField(_("besluiten"), blank=True, max_length=LONG_TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("bespreking")
        verbose_name_plural = _("besprekingen")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d-%m-%Y}"


class Action(Versioned):
    meeting = models.ForeignKey(Meeting, verbose_name=_("bespreking"), on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("actie"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="actions"
    )
    due_date = models.DateField(_("uiterlijk"))
    done = models.BooleanField(_("gedaan"), default=False)
    done_at = models.DateTimeField(_("gedaan op"), null=True, blank=True)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["done", "due_date", "id"]

    def __str__(self):
        return self.text

    @property
    def school_id(self):
        return self.meeting.school_id
