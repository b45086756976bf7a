"""How long the school keeps each kind of record (retention terms), and the pupils whose terms are
extended (legal holds). Terms are data: the legal ones come with the installation (migration
0002, sources in docs/privacy-retention.md); a school may shorten them, never lengthen them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.editguard import Versioned
from pupils.models import Pupil
from schools.models import School


class RecordKind(models.TextChoices):
    """What the retention run removes, each with its own term (privacy.services.retention says which
    stored models belong to which kind)."""

    DOSSIER = "dossier", _("leerlingdossier: zorg en begeleiding")
    CONVERSATIONS = "conversations", _("gesprekken met leerling en ouders")
    END_RESULTS = "end_results", _("toetsresultaten, doorstroomtoets en schooladvies")
    ENROLMENT = "enrolment", _("leerlingadministratie: naam, inschrijving en uitschrijving")
    COACHING = "coaching", _("coachingstrajecten van leerkrachten")
    IMPORT_FILES = "import_files", _("geüploade importbestanden")


class TermStart(models.TextChoices):
    """From when a term runs."""

    LEFT = "left", _("na de datum van uitstroom")
    SCHOOL_YEAR_END = "school_year_end", _("na het einde van het schooljaar van uitstroom")
    RECORD = "record", _("na de datum van het gegeven")


class Basis(models.TextChoices):
    """How firm the term is: a law, a norm the sector keeps, or a choice this app makes and explains."""

    LAW = "law", _("wet")
    SECTOR_NORM = "sector_norm", _("norm in de sector")
    OWN_CHOICE = "own_choice", _("eigen keuze, onderbouwd")


class RetentionTerm(models.Model):
    """The term of one kind of record as the law (or the sector's norm) sets it: the longest a school
    may keep it, and, where a law obliges the school to keep it, the shortest."""

    kind = models.CharField(_("soort gegevens"), max_length=20, choices=RecordKind.choices, unique=True)
    months = models.PositiveSmallIntegerField(_("bewaartermijn in maanden"))
    minimum_months = models.PositiveSmallIntegerField(
        _("minimaal te bewaren in maanden"),
        default=0,
        help_text=_("Hoe lang de wet de school verplicht deze gegevens te bewaren; 0 als er geen plicht is."),
    )
    start = models.CharField(_("termijn loopt"), max_length=20, choices=TermStart.choices)
    basis = models.CharField(_("grondslag"), max_length=20, choices=Basis.choices)
    source = models.CharField(_("bron"), max_length=300)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        ordering = ["order"]

    def __str__(self):
        return self.get_kind_display()


class SchoolTerm(Versioned):
    """A school's own, shorter term for one kind of record."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="retention_terms"
    )
    term = models.ForeignKey(RetentionTerm, verbose_name=_("bewaartermijn"), on_delete=models.CASCADE)
    months = models.PositiveSmallIntegerField(_("bewaartermijn van de school in maanden"))

    class Meta:
        verbose_name = _("bewaartermijn van de school")
        verbose_name_plural = _("bewaartermijnen van de school")
        constraints = [models.UniqueConstraint(fields=["school", "term"], name="one_term_per_school_and_kind")]

    def __str__(self):
        return f"{self.school}: {self.term} ({self.months})"

    def clean(self):
        if self.months is None or not self.term_id:
            return
        if self.months > self.term.months:
            raise ValidationError({"months": too_long(self.term)})
        if self.months < self.term.minimum_months:
            raise ValidationError({"months": too_short(self.term)})


def too_long(term):
    """Why a school's term may not be longer: the model and the form say it in the same words."""
    return _(
        "Een school mag een bewaartermijn inkorten, niet verlengen. De langste termijn voor deze gegevens is "
        "%(months)s maanden."
    ) % {"months": term.months}


def too_short(term):
    return _(
        "De wet verplicht de school deze gegevens minstens %(months)s maanden te bewaren; korter kan dus niet."
    ) % {"months": term.minimum_months}


class LegalHoldQuerySet(models.QuerySet):
    def active(self, on):
        """Holds that keep the pupil's data on ``on``: not ended, and running until that day or later."""
        return self.filter(ended_at__isnull=True, until__gte=on)


class LegalHold(Versioned):
    """The school keeps one pupil's data past its terms, until a date and for a stated reason (for
    example a complaint or objection that is still running). The retention run skips the pupil.

    Versioned: ending it names the version the user saw, so a colleague's change in between is not
    ended blindly."""

    pupil = models.ForeignKey(Pupil, verbose_name=_("leerling"), on_delete=models.CASCADE, related_name="legal_holds")
    until = models.DateField(_("bewaren tot en met"))
    reason = models.TextField(_("reden"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beëindigd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("verlengde bewaartermijn")
        verbose_name_plural = _("verlengde bewaartermijnen")
        ordering = ["until", "pk"]

    def __str__(self):
        return _("%(pupil)s: bewaren tot en met %(until)s") % {"pupil": self.pupil, "until": f"{self.until:%d-%m-%Y}"}

    @property
    def school_id(self):
        return self.pupil.school_id


class Removal(models.Model):
    """One kind of a pupil's records that the retention run removed, so that it is not due again.
    The pupil's own row goes last (with the enrolment data), and these rows with it."""

    pupil = models.ForeignKey(Pupil, verbose_name=_("leerling"), on_delete=models.CASCADE, related_name="removals")
    kind = models.CharField(_("soort gegevens"), max_length=20, choices=RecordKind.choices)
    at = models.DateTimeField(_("verwijderd op"), auto_now_add=True)
    summary = models.JSONField(_("samenvatting"), default=dict, blank=True)

    class Meta:
        verbose_name = _("verwijdering na bewaartermijn")
        verbose_name_plural = _("verwijderingen na bewaartermijn")
        constraints = [models.UniqueConstraint(fields=["pupil", "kind"], name="one_removal_per_pupil_and_kind")]

    def __str__(self):
        return f"{self.pupil}: {self.get_kind_display()}"
