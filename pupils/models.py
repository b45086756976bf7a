from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.editguard import Versioned
from schools.models import Group, School, SchoolYear


class Pupil(Versioned):
    """A pupil of one school. Deliberately minimal (AVG data minimisation):
    no citizen service number, no address; only what the care work needs.

    ``version`` moves on with every change of the care level, so a care-level form loaded before a
    colleague's change is refused (pupils.services.set_care_level)."""

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="pupils")
    first_name = models.CharField(_("voornaam"), max_length=100)
    name_prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    surname = models.CharField(_("achternaam"), max_length=100)
    date_of_birth = models.DateField(_("geboortedatum"))
    source_id = models.CharField(
        _("leerlingnummer"), max_length=30, blank=True, help_text=_("Het nummer in het bronsysteem van de school.")
    )
    family = models.CharField(
        _("gezin"),
        max_length=30,
        blank=True,
        help_text=_("Broers en zussen op deze school krijgen hetzelfde kenmerk, bijvoorbeeld een gezinsnummer."),
    )
    date_in = models.DateField(_("datum instroom"), null=True, blank=True)
    date_out = models.DateField(_("datum uitstroom"), null=True, blank=True)
    # The current care level, kept here for lists; its history is CareLevelChange.
    care_level = models.PositiveSmallIntegerField(_("zorgniveau"), default=1, editable=False)

    class Meta:
        verbose_name = _("leerling")
        verbose_name_plural = _("leerlingen")
        ordering = ["surname", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "source_id"], condition=~models.Q(source_id=""), name="unique_pupil_source_id"
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return " ".join(part for part in (self.first_name, self.name_prefix, self.surname) if part)

    def clean(self):
        if self.date_in and self.date_out and self.date_out < self.date_in:
            raise ValidationError({"date_out": _("De datum van uitstroom ligt vóór de datum van instroom.")})


class Enrolment(models.Model):
    """A pupil's place in a group for one school year; together the pupil's group history."""

    pupil = models.ForeignKey(Pupil, verbose_name=_("leerling"), on_delete=models.CASCADE, related_name="enrolments")
    group = models.ForeignKey(Group, verbose_name=_("groep"), on_delete=models.PROTECT, related_name="enrolments")
    # Denormalised from group so the database can hold "one group per year".
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="enrolments"
    )
    year_level = models.PositiveSmallIntegerField(_("jaargroep"))

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        ordering = ["-school_year__start_date"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "school_year"], name="one_group_per_pupil_per_year"),
        ]

    def __str__(self):
        return f"{self.pupil} – {self.group} ({self.school_year})"

    def save(self, *args, **kwargs):
        self.school_year_id = self.group.school_year_id
        super().save(*args, **kwargs)

    def clean(self):
        if self.group_id:
            self.school_year_id = self.group.school_year_id
            if self.year_level and self.year_level not in self.group.year_levels:
                raise ValidationError({"year_level": _("Deze jaargroep hoort niet bij de gekozen groep.")})


class RemedialAssignment(models.Model):
    """A pupil assigned to a remedial teacher (e.g. weekly reading comprehension)."""

    pupil = models.ForeignKey(Pupil, verbose_name=_("leerling"), on_delete=models.CASCADE, related_name="remedial")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("remedial teacher"),
        on_delete=models.CASCADE,
        related_name="remedial_pupils",
    )
    subject = models.CharField(_("waarvoor"), max_length=100, blank=True)
    start_date = models.DateField(_("vanaf"))
    end_date = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("toewijzing remedial teaching")
        verbose_name_plural = _("toewijzingen remedial teaching")
        ordering = ["pupil"]

    def __str__(self):
        return f"{self.pupil} – {self.staff}"


# --- Test instruments, as data -----------------------------------------------------------------------------------


class Subject(models.Model):
    """A subject of tests and group plans (spelling, rekenen-wiskunde, werkhouding, ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_tested = models.BooleanField(
        _("wordt getoetst"), default=True, help_text=_("Uit: een vak zonder toetsen, zoals werkhouding.")
    )

    class Meta:
        verbose_name = _("vak")
        verbose_name_plural = _("vakken")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Scale(models.Model):
    """A scale in which an instrument reports levels: I-V, A-E, AVI, reference levels, ..."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        verbose_name = _("schaal")
        verbose_name_plural = _("schalen")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ScaleLevel(models.Model):
    """One level of a scale. ``rank`` orders the levels (higher is better), so the
    direction since the previous moment can be computed whatever the scale;
    ``below_norm`` marks the levels a school counts as insufficient."""

    scale = models.ForeignKey(Scale, verbose_name=_("schaal"), on_delete=models.CASCADE, related_name="levels")
    code = models.CharField(_("code"), max_length=20)
    rank = models.SmallIntegerField(_("rangorde"), help_text=_("Hoger is beter."))
    below_norm = models.BooleanField(_("onder de norm"), default=False)

    class Meta:
        verbose_name = _("niveau")
        verbose_name_plural = _("niveaus")
        ordering = ["scale", "-rank"]
        constraints = [models.UniqueConstraint(fields=["scale", "code"], name="unique_level_code_per_scale")]

    def __str__(self):
        return self.code


class InstrumentKind(models.TextChoices):
    MONITORING = "monitoring", _("methodeonafhankelijke toets (LVS)")
    READING_LEVEL = "reading_level", _("leesniveau (AVI/DMT)")
    TRANSITION = "transition", _("entree- of doorstroomtoets")
    METHOD = "method", _("methodetoets")


class Instrument(models.Model):
    """A test the school uses. Its kind decides which fields a result has."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    kind = models.CharField(_("soort"), max_length=20, choices=InstrumentKind.choices)
    subject = models.ForeignKey(
        Subject,
        verbose_name=_("vak"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instruments",
        help_text=_("Leeg bij een toets met meer domeinen, zoals de doorstroomtoets."),
    )
    scale = models.ForeignKey(Scale, verbose_name=_("schaal"), null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("toets")
        verbose_name_plural = _("toetsen")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    @property
    def has_moment(self):
        return self.kind == InstrumentKind.MONITORING


MOMENT_RE = r"^[ME][1-8]$"


class Assessment(models.Model):
    """One test result of one pupil."""

    pupil = models.ForeignKey(Pupil, verbose_name=_("leerling"), on_delete=models.CASCADE, related_name="assessments")
    instrument = models.ForeignKey(Instrument, verbose_name=_("toets"), on_delete=models.PROTECT)
    subject = models.ForeignKey(Subject, verbose_name=_("vak of domein"), on_delete=models.PROTECT)
    date = models.DateField(_("datum"))
    moment = models.CharField(
        _("toetsmoment"),
        max_length=2,
        blank=True,
        validators=[RegexValidator(MOMENT_RE, _("Een toetsmoment is M of E met een groep, bijvoorbeeld M5 of E7."))],
        help_text=_("M = midden (januari), E = eind (juni), met de groep: M5, E7."),
    )
    score = models.DecimalField(
        _("score"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Vaardigheidsscore, aantal woorden (DMT) of score op een methodetoets."),
    )
    percentage = models.PositiveSmallIntegerField(
        _("percentage goed"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    level = models.ForeignKey(ScaleLevel, verbose_name=_("niveau"), null=True, blank=True, on_delete=models.PROTECT)
    meets_norm = models.BooleanField(_("norm gehaald"), null=True, blank=True)

    class Meta:
        verbose_name = _("toetsresultaat")
        verbose_name_plural = _("toetsresultaten")
        ordering = ["date", "subject__order"]
        indexes = [models.Index(fields=["pupil", "subject", "date"])]
        constraints = [
            # Importing the same file twice changes nothing: one result per pupil, test, domain and date.
            models.UniqueConstraint(
                fields=["pupil", "instrument", "subject", "date"], name="one_result_per_pupil_test_domain_date"
            ),
        ]

    def __str__(self):
        label = self.moment or f"{self.date:%d-%m-%Y}"
        return f"{self.instrument} {self.subject} {label}: {self.result_display}"

    @property
    def result_display(self):
        parts = []
        if self.level_id:
            parts.append(self.level.code)
        if self.score is not None:
            # normalize() drops a trailing ".0": 128, not 128,0.
            parts.append(f"{self.score.normalize():f}".replace(".", ","))
        if self.percentage is not None:
            parts.append(f"{self.percentage}%")
        return " · ".join(parts) or "–"

    def clean(self):
        instrument = self.instrument if self.instrument_id else None
        if instrument is None:
            return
        errors = {}
        if instrument.subject_id and self.subject_id and self.subject_id != instrument.subject_id:
            errors["subject"] = _("Deze toets hoort bij %(subject)s.") % {"subject": instrument.subject}
        if self.level_id and self.level.scale_id != instrument.scale_id:
            errors["level"] = _("Dit niveau hoort niet bij de schaal van deze toets.")
        if instrument.kind == InstrumentKind.MONITORING:
            if not self.moment:
                errors["moment"] = _("Vul het toetsmoment in, bijvoorbeeld M5.")
            if self.score is None and not self.level_id:
                errors["score"] = _("Vul een vaardigheidsscore of een niveau in.")
        elif instrument.kind in (InstrumentKind.READING_LEVEL, InstrumentKind.TRANSITION):
            if not self.level_id:
                errors["level"] = _("Vul het niveau in.")
        elif instrument.kind == InstrumentKind.METHOD:
            if self.score is None and self.percentage is None:
                errors["score"] = _("Vul een score of een percentage in.")
        if errors:
            raise ValidationError(errors)

    @property
    def school_id(self):
        return self.pupil.school_id


class AdviceLevel(models.TextChoices):
    PRO = "pro", _("praktijkonderwijs")
    VMBO_B = "vmbo_b", _("vmbo basis")
    VMBO_BK = "vmbo_bk", _("vmbo basis/kader")
    VMBO_K = "vmbo_k", _("vmbo kader")
    VMBO_KGT = "vmbo_kgt", _("vmbo kader/gt")
    VMBO_GT = "vmbo_gt", _("vmbo gemengd/theoretisch")
    VMBO_GT_HAVO = "vmbo_gt_havo", _("vmbo-gt/havo")
    HAVO = "havo", _("havo")
    HAVO_VWO = "havo_vwo", _("havo/vwo")
    VWO = "vwo", _("vwo")


ADVICE_ORDER = {value: index for index, value in enumerate(AdviceLevel.values)}


class Exemption(models.TextChoices):
    """The inspectorate's grounds for leaving a pupil out of a school's end results (ontheffingsgronden)."""

    IQ_BELOW_75 = "iq_below_75", _("IQ lager dan 75")
    UNDER_FOUR_YEARS = "under_four_years", _("korter dan vier jaar in het Nederlandse onderwijs")
    EXEMPT_FROM_TEST = "exempt_from_test", _("vrijgesteld van de doorstroomtoets")


class SecondaryAdvice(Versioned):
    """The group-8 advice for secondary school, and what the transition test indicated."""

    class Comparison(models.TextChoices):
        HIGHER = "higher", _("toets hoger dan advies")
        AS_EXPECTED = "as_expected", _("zoals verwacht")
        LOWER = "lower", _("toets lager dan advies")

    pupil = models.ForeignKey(Pupil, verbose_name=_("leerling"), on_delete=models.CASCADE, related_name="advice")
    school_year = models.ForeignKey(SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT)
    provisional = models.CharField(_("voorlopig advies"), max_length=20, choices=AdviceLevel.choices, blank=True)
    final = models.CharField(_("definitief advies"), max_length=20, choices=AdviceLevel.choices, blank=True)
    test_indication = models.CharField(
        _("uitslag doorstroomtoets"),
        max_length=20,
        choices=AdviceLevel.choices,
        blank=True,
        help_text=_("Het schooladvies dat bij de uitslag van de doorstroomtoets hoort."),
    )
    reconsidered = models.CharField(
        _("advies na heroverweging"),
        max_length=20,
        choices=AdviceLevel.choices,
        blank=True,
        help_text=_("Alleen invullen als het advies na de uitslag is heroverwogen en bijgesteld."),
    )
    exemption = models.CharField(
        _("telt niet mee in de eindresultaten"),
        max_length=20,
        choices=Exemption.choices,
        blank=True,
        help_text=_("Een ontheffingsgrond van de inspectie: de leerling telt dan niet mee in de percentages."),
    )

    class Meta:
        verbose_name = _("schooladvies")
        verbose_name_plural = _("schooladviezen")
        constraints = [models.UniqueConstraint(fields=["pupil", "school_year"], name="one_advice_per_pupil_year")]

    def __str__(self):
        return f"{self.pupil}: {self.get_final_display() or self.get_provisional_display()}"

    @property
    def comparison(self):
        """The test outcome against the final (or else provisional) advice."""
        advice = self.final or self.provisional
        if not advice or not self.test_indication:
            return None
        difference = ADVICE_ORDER[self.test_indication] - ADVICE_ORDER[advice]
        if difference > 0:
            return self.Comparison.HIGHER
        if difference < 0:
            return self.Comparison.LOWER
        return self.Comparison.AS_EXPECTED

    @property
    def school_id(self):
        return self.pupil.school_id


# --- What the school knows of the pupil ---------------------------------------------------------------------------


class CareRecord(models.Model):
    """Fields every care record has. Saved through core.history so that it keeps its history."""

    pupil = models.ForeignKey(Pupil, verbose_name=_("leerling"), on_delete=models.CASCADE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def school_id(self):
        return self.pupil.school_id


class ObservationKind(models.TextChoices):
    CLASSROOM = "classroom", _("observatie in de klas")
    WORK = "work", _("analyse van werk")
    CONVERSATION = "conversation", _("gesprek")
    TEST = "test", _("toetsanalyse")
    OTHER = "other", _("overig")


class Observation(CareRecord):
    date = models.DateField(_("datum"))
    kind = models.CharField(_("soort"), max_length=20, choices=ObservationKind.choices)
    text = models.TextField(_("observatie"))

    class Meta:
        verbose_name = _("observatie")
        verbose_name_plural = _("observaties")
        ordering = ["-date", "-id"]
        default_related_name = "observations"

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d-%m-%Y}"


class Factor(CareRecord):
    class Kind(models.TextChoices):
        STIMULATING = "stimulating", _("stimulerend")
        HINDERING = "hindering", _("belemmerend")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("factor"), max_length=300)
    is_current = models.BooleanField(_("speelt nu"), default=True)

    class Meta:
        verbose_name = _("stimulerende of belemmerende factor")
        verbose_name_plural = _("stimulerende en belemmerende factoren")
        ordering = ["kind", "-created_at"]
        default_related_name = "factors"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text}"


class NeedCategory(models.TextChoices):
    """The HGW prompt phrases: 'Deze leerling heeft ... nodig'."""

    INSTRUCTION = "instruction", _("instructie die")
    TASKS = "tasks", _("opdrachten die")
    MATERIALS = "materials", _("leeractiviteiten of materialen die")
    ENVIRONMENT = "environment", _("een leeromgeving die")
    PLAY = "play", _("spel dat")
    FEEDBACK = "feedback", _("feedback die")
    CLASSMATES = "classmates", _("klasgenoten die")
    TEACHER = "teacher", _("een leerkracht die")
    PARENTS = "parents", _("ouders die")


class NeedSource(models.TextChoices):
    OBSERVATION = "observation", _("observatie")
    TEST = "test", _("toets")
    CONVERSATION = "conversation", _("gesprek")
    MEETING = "meeting", _("bespreking")


class EducationalNeed(Versioned, CareRecord):
    """What this pupil needs, in the HGW phrasing, to reach a goal."""

    category = models.CharField(_("de leerling heeft … nodig"), max_length=20, choices=NeedCategory.choices)
    text = models.CharField(_("onderwijsbehoefte"), max_length=300, help_text=_("Maak de zin af."))
    goal = models.CharField(_("om dit doel te bereiken"), max_length=300, blank=True)
    subject = models.ForeignKey(Subject, verbose_name=_("vak"), null=True, blank=True, on_delete=models.PROTECT)
    source = models.CharField(_("bron"), max_length=20, choices=NeedSource.choices)
    period = models.ForeignKey(
        "schools.Period", verbose_name=_("periode"), null=True, blank=True, on_delete=models.PROTECT
    )
    is_open = models.BooleanField(_("nog actueel"), default=True)

    class Meta:
        verbose_name = _("onderwijsbehoefte")
        verbose_name_plural = _("onderwijsbehoeften")
        ordering = ["-is_open", "category", "-created_at"]
        default_related_name = "needs"

    def __str__(self):
        return f"{self.get_category_display()} {self.text}"

    @property
    def sentence(self):
        """The need as one sentence about the pupil, its goal included: 'Sanne heeft instructie nodig
        die kort en visueel is, om zelfstandig te beginnen.' (pupils/sentences/need.txt)."""
        from pupils.sentences import need_sentence

        return need_sentence(self.pupil.first_name, self.get_category_display(), self.text, self.goal)


CARE_LEVELS = [
    (1, _("1 – algemene zorg in de groep")),
    (2, _("2 – extra zorg in de groep")),
    (3, _("3 – speciale zorg na intern onderzoek")),
    (4, _("4 – speciale zorg na extern onderzoek")),
    (5, _("5 – verwijzing naar speciaal (basis)onderwijs")),
]


class CareLevelChange(CareRecord):
    """Every change of a pupil's care level: who, when, why. The latest is on the pupil."""

    level = models.PositiveSmallIntegerField(_("zorgniveau"), choices=CARE_LEVELS)
    reason = models.TextField(_("reden"))

    class Meta:
        verbose_name = _("wijziging zorgniveau")
        verbose_name_plural = _("wijzigingen zorgniveau")
        ordering = ["-created_at", "-id"]
        default_related_name = "care_level_changes"

    def __str__(self):
        return f"{self.pupil}: {self.level}"


class ImportBatch(models.Model):
    """An uploaded CSV file between upload, preview and confirmation.

    The decoded text is kept so that the preview and the confirmation read the
    very same rows; confirming applies it in one transaction (all or nothing).
    """

    class Kind(models.TextChoices):
        PUPILS = "pupils", _("leerlingen en groepen")
        RESULTS = "results", _("toetsresultaten")

    class Status(models.TextChoices):
        PENDING = "pending", _("wacht op bevestiging")
        APPLIED = "applied", _("ingelezen")
        CANCELLED = "cancelled", _("geannuleerd")

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="imports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    filename = models.CharField(_("bestand"), max_length=255)
    content = models.TextField(_("inhoud"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)
    applied_at = models.DateTimeField(_("ingelezen op"), null=True, blank=True)
    summary = models.JSONField(_("samenvatting"), default=dict, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.filename}"
