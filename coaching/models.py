"""Coaching trajectories of teachers. Strictly confidential: the content is for
the coach and the coachee only (schools.access.coaching_content); management
sees that a trajectory exists, who is coached by whom, its origin, mandate and
status (the fields of ``Trajectory`` marked EXISTENCE below), nothing more."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.editguard import Versioned
from schools.models import School

# Longest text a long note may hold: a page of writing, not an essay.
LONG_TEXT = 10_000

# --- The working relationship (Cauffman's flowchart) --------------------------------------------------------------


class Relationship(models.TextChoices):
    LIMITATION = "limitation", _("beperking")
    NON_COMMITTAL = "non_committal", _("vrijblijvend")
    SEARCHING = "searching", _("zoekend")
    CONSULTING = "consulting", _("consulterend")
    CO_EXPERT = "co_expert", _("co-expert")


# Order on a chart: from no working relationship to the richest one.
RELATIONSHIP_ORDER = [
    Relationship.LIMITATION,
    Relationship.NON_COMMITTAL,
    Relationship.SEARCHING,
    Relationship.CONSULTING,
    Relationship.CO_EXPERT,
]


def flowchart(is_problem, asks_for_help, request_workable, own_resources):
    """The four questions in order; the first 'no' decides. Returns a Relationship.

    1. Is it a problem (a solution is thinkable) rather than a limitation?
    2. Is there a request for help?  3. Is the request workable?
    4. Can the person use their own resources?
    """
    if not is_problem:
        return Relationship.LIMITATION
    if not asks_for_help:
        return Relationship.NON_COMMITTAL
    if not request_workable:
        return Relationship.SEARCHING
    if not own_resources:
        return Relationship.CONSULTING
    return Relationship.CO_EXPERT


class Intervention(models.Model):
    """An intervention that fits a working relationship; shown to the coach. Data the school may grow."""

    relationship = models.CharField(_("werkrelatie"), max_length=20, choices=Relationship.choices)
    text = models.CharField(_("interventie"), max_length=300)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")
        ordering = ["relationship", "order"]

    def __str__(self):
        return self.text


# --- 4SFC (Schlundt Bodien & Visser) ------------------------------------------------------------------------------


class GoalOwner(models.TextChoices):
    COACHEE = "coachee", _("de doelen van de leerkracht")
    ORGANISATION = "organisation", _("de doelen van de school")


class SolutionSource(models.TextChoices):
    INTERNAL = "internal", _("uit de leerkracht zelf")
    EXTERNAL = "external", _("van een expert of uit theorie")


class CoachRole(models.TextChoices):
    HELPING = "helping", _("helpen")
    STEERING = "steering", _("sturen")
    TRAINING = "training", _("trainen")
    INSTRUCTING = "instructing", _("instrueren")


def coach_role(goal_owner, solution_source):
    """Whose goals x where solutions come from -> the 4SFC role."""
    if goal_owner == GoalOwner.COACHEE:
        return CoachRole.HELPING if solution_source == SolutionSource.INTERNAL else CoachRole.TRAINING
    return CoachRole.STEERING if solution_source == SolutionSource.INTERNAL else CoachRole.INSTRUCTING


# --- The trajectory -----------------------------------------------------------------------------------------------


class Trajectory(Versioned):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("voorgesteld")
        ACTIVE = "active", _("loopt")
        PAUSED = "paused", _("gepauzeerd")
        CLOSED = "closed", _("afgesloten")

    class Origin(models.TextChoices):
        TEACHER_REQUEST = "teacher_request", _("eigen vraag van de leerkracht")
        MANAGEMENT_MANDATE = "management_mandate", _("mandaat van de directie")
        COORDINATOR_CONCERN = "coordinator_concern", _("zorg van de intern begeleider")

    # EXISTENCE: what management may see.
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("coach"), on_delete=models.PROTECT, related_name="coaching_as_coach"
    )
    coachee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leerkracht"),
        on_delete=models.PROTECT,
        related_name="coaching_as_coachee",
    )
    start_date = models.DateField(_("begindatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    origin = models.CharField(_("aanleiding"), max_length=30, choices=Origin.choices)
    mandate_given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mandaat gegeven door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mandate_given_on = models.DateField(_("mandaat gegeven op"), null=True, blank=True)
    mandate_scope = models.CharField(
        _("waar het mandaat over gaat"), max_length=300, blank=True, help_text=_("Het initiële mandaat.")
    )
    coachee_agreed_on = models.DateField(
        _("leerkracht stemde in op"),
        null=True,
        blank=True,
        help_text=_("Het circulaire mandaat: wanneer de leerkracht zelf instemde met coaching. Leeg: nog niet."),
    )
    # CONTENT: coach and coachee only.
    goal = models.TextField(_("Als leerkracht wil ik bereiken dat…"), blank=True, max_length=LONG_TEXT)
    can_already = models.TextField(_("Ik kan al…"), blank=True, max_length=LONG_TEXT)
    also_need = models.TextField(_("Ik heb ook nodig…"), blank=True, max_length=LONG_TEXT)

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coachingstraject")
        verbose_name_plural = _("coachingstrajecten")
        ordering = ["-start_date", "-id"]

    def __str__(self):
        # Shown in the audit log: names only, never content.
        return _("Coachingstraject %(coachee)s") % {"coachee": self.coachee}

    def clean(self):
        errors = {}
        if self.coach_id and self.coach_id == self.coachee_id:
            errors["coachee"] = _("De coach kan niet zichzelf coachen.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("De einddatum ligt vóór de begindatum.")
        if self.origin == self.Origin.MANAGEMENT_MANDATE and not self.mandate_given_by_id:
            errors["mandate_given_by"] = _("Bij een mandaat van de directie: wie gaf het mandaat?")
        if errors:
            raise ValidationError(errors)

    @property
    def has_circular_mandate(self):
        return self.coachee_agreed_on is not None

    # The teacher's three sentences, composed from what he typed (coaching/sentences.py).
    @property
    def goal_sentence(self):
        from .sentences import goal_sentence

        return goal_sentence(self.goal)

    @property
    def can_already_sentence(self):
        from .sentences import can_already_sentence

        return can_already_sentence(self.can_already)

    @property
    def also_need_sentence(self):
        from .sentences import also_need_sentence

        return also_need_sentence(self.also_need)


class SupportNeed(models.Model):
    """What the teacher needs, in the prompt phrases of DOMAIN.md ('ik heb nodig: kennis over…')."""

    class Kind(models.TextChoices):
        KNOWLEDGE = "knowledge", _("kennis over")
        SKILLS = "skills", _("vaardigheden om")
        SUPPORT_DURING = "support_during", _("ondersteuning tijdens")
        MATERIALS = "materials", _("materialen waarmee")
        COLLEAGUES = "colleagues", _("collega's die")
        COORDINATOR = "coordinator", _("een intern begeleider die")
        MANAGER = "manager", _("een leidinggevende die")
        HANDS = "hands", _("meer handen in de klas in de vorm van")
        PARENTS = "parents", _("ouders die")
        EXPERT = "expert", _("een externe deskundige die")
        SUPPORT_BY = "support_by", _("steun door")

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="support_needs")
    kind = models.CharField(_("ik heb nodig"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("aanvulling"), max_length=300)

    class Meta:
        verbose_name = _("ondersteuningsbehoefte")
        verbose_name_plural = _("ondersteuningsbehoeften")
        ordering = ["id"]

    def __str__(self):
        return str(_("Ondersteuningsbehoefte"))

    @property
    def sentence(self):
        """'Ik heb kennis nodig over het jonge kind.' (coaching/sentences/support_need.txt)"""
        from .sentences import support_need_sentence

        return support_need_sentence(self.kind, self.text)


class ContentRecord(Versioned):
    """A piece of trajectory content; its ``__str__`` never shows content (audit log). Guarded by its
    own version (core.editguard): a stale save from another tab writes nothing."""

    trajectory = models.ForeignKey(Trajectory, verbose_name=_("traject"), on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class RelationshipAssessment(ContentRecord):
    date = models.DateField(_("datum"))
    is_problem = models.BooleanField(_("Is het een probleem (er is een oplossing denkbaar) en geen beperking?"))
    asks_for_help = models.BooleanField(_("Is er een hulpvraag?"), null=True, blank=True)
    request_workable = models.BooleanField(_("Is de hulpvraag werkbaar?"), null=True, blank=True)
    own_resources = models.BooleanField(_("Kan de leerkracht eigen krachtbronnen inzetten?"), null=True, blank=True)
    result = models.CharField(_("werkrelatie"), max_length=20, choices=Relationship.choices, editable=False)
    note = models.TextField(_("toelichting"), blank=True, max_length=LONG_TEXT)
    # The coach's working note: the coachee sees it (page, chart, PDF) only once the coach shares it.
    shared_with_coachee = models.BooleanField(
        _("gedeeld met de leerkracht"),
        default=False,
        help_text=_(
            "Uit: de inschatting is jouw werkaantekening en de leerkracht ziet haar niet. "
            "Aan: de leerkracht ziet de uitkomst en de toelichting."
        ),
    )

    class Meta:
        verbose_name = _("inschatting werkrelatie")
        verbose_name_plural = _("inschattingen werkrelatie")
        ordering = ["date", "id"]
        default_related_name = "assessments"

    def __str__(self):
        return str(_("Inschatting werkrelatie"))

    def save(self, *args, **kwargs):
        self.result = flowchart(self.is_problem, self.asks_for_help, self.request_workable, self.own_resources)
        super().save(*args, **kwargs)

    def clean(self):
        # The questions are asked in order: a later answer needs every earlier answer to be 'yes'.
        answers = [self.is_problem, self.asks_for_help, self.request_workable, self.own_resources]
        names = ["is_problem", "asks_for_help", "request_workable", "own_resources"]
        for index in range(1, 4):
            earlier_yes = all(answers[:index])
            if earlier_yes and answers[index] is None:
                raise ValidationError({names[index]: _("Beantwoord deze vraag.")})


class Session(ContentRecord):
    date = models.DateField(_("datum"))
    notes = models.TextField(_("aantekeningen"), blank=True, max_length=LONG_TEXT)
    goal_owner = models.CharField(_("centraal staan"), max_length=20, choices=GoalOwner.choices)
    solution_source = models.CharField(_("de oplossingen komen"), max_length=20, choices=SolutionSource.choices)
    scaling = models.PositiveSmallIntegerField(
        _("schaalvraag (0-10)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=_("Hoe de leerkracht zichzelf nu beoordeelt."),
    )
    one_point_higher = models.TextField(_("wat één punt hoger zou zijn"), blank=True, max_length=LONG_TEXT)
    compliments = models.TextField(_("gegeven complimenten"), blank=True, max_length=LONG_TEXT)
    learning_moments = models.TextField(
        _("leermomenten"),
        blank=True,
        max_length=LONG_TEXT,
        help_text=_("Eén leermoment per regel: wat de leerkracht ontdekte."),
    )

    class Meta:
        verbose_name = _("coachingsgesprek")
        verbose_name_plural = _("coachingsgesprekken")
        ordering = ["date", "id"]
        default_related_name = "sessions"

    def __str__(self):
        return str(_("Coachingsgesprek"))

    @property
    def role(self):
        return coach_role(self.goal_owner, self.solution_source)

    @property
    def learning_moment_list(self):
        return [line.strip() for line in self.learning_moments.splitlines() if line.strip()]


class Agreement(ContentRecord):
    class Owner(models.TextChoices):
        COACHEE = "coachee", _("leerkracht")
        COACH = "coach", _("coach")
        BOTH = "both", _("samen")

    class FollowUp(models.TextChoices):
        OPEN = "open", _("nog open")
        KEPT = "kept", _("nagekomen")
        LATE = "late", _("te laat nagekomen")
        NOT_KEPT = "not_kept", _("niet nagekomen")

    session = models.ForeignKey(
        Session, verbose_name=_("afgesproken in"), on_delete=models.CASCADE, related_name="agreements"
    )
    text = models.CharField(_("afspraak"), max_length=300)
    owner = models.CharField(_("wie"), max_length=20, choices=Owner.choices, default=Owner.COACHEE)
    due_date = models.DateField(_("uiterlijk"), null=True, blank=True)
    follow_up = models.CharField(_("nagekomen?"), max_length=20, choices=FollowUp.choices, default=FollowUp.OPEN)
    checked_in = models.ForeignKey(
        Session,
        verbose_name=_("besproken in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checked_agreements",
    )

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["session__date", "id"]
        default_related_name = "agreements"

    def __str__(self):
        return str(_("Afspraak"))

    def clean(self):
        if self.session_id and self.trajectory_id and self.session.trajectory_id != self.trajectory_id:
            raise ValidationError({"session": _("Dit gesprek hoort niet bij dit traject.")})
        if self.checked_in_id and self.checked_in.trajectory_id != self.trajectory_id:
            raise ValidationError({"checked_in": _("Dit gesprek hoort niet bij dit traject.")})


class ClassroomVisit(ContentRecord):
    class Focus(models.TextChoices):
        INSTRUCTION = "instruction", _("instructie")
        DIFFERENTIATION = "differentiation", _("differentiatie")
        CLASSROOM_MANAGEMENT = "classroom_management", _("klassenmanagement")
        ATMOSPHERE = "atmosphere", _("sfeer")

    date = models.DateField(_("datum"))
    focus = models.CharField(_("focus"), max_length=30, choices=Focus.choices)
    observations = models.TextField(_("observaties"), max_length=LONG_TEXT)
    feedback = models.TextField(_("gegeven feedback"), blank=True, max_length=LONG_TEXT)

    class Meta:
        verbose_name = _("klassenbezoek")
        verbose_name_plural = _("klassenbezoeken")
        ordering = ["date", "id"]
        default_related_name = "visits"

    def __str__(self):
        return str(_("Klassenbezoek"))


class Letter(ContentRecord):
    """Linda Metcalf's letter: compliments, the coach's view, the perceived need, her role and offer."""

    date = models.DateField(_("datum"))
    compliments = models.TextField(_("complimenten"), max_length=LONG_TEXT)
    view_of_situation = models.TextField(_("hoe ik de situatie zie"), max_length=LONG_TEXT)
    perceived_need = models.TextField(_("wat ik denk dat je nodig hebt"), max_length=LONG_TEXT)
    coach_role = models.TextField(_("mijn rol"), max_length=LONG_TEXT)
    offer = models.TextField(_("wat ik je aanbied"), max_length=LONG_TEXT)

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        ordering = ["date", "id"]
        default_related_name = "letters"

    def __str__(self):
        return str(_("Brief"))


class Reflection(ContentRecord):
    """The teacher's own words: a reflection, or a point he says he learned."""

    class Kind(models.TextChoices):
        REFLECTION = "reflection", _("reflectie")
        LEARNED = "learned", _("wat ik geleerd heb")

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("datum"))
    text = models.TextField(_("tekst"), max_length=LONG_TEXT)

    class Meta:
        verbose_name = _("reflectie")
        verbose_name_plural = _("reflecties")
        ordering = ["date", "id"]
        default_related_name = "reflections"

    def __str__(self):
        return str(_("Reflectie"))
