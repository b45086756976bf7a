"""What the progress reports keep of their own: the inspectorate's table of thresholds (installation-wide
data), a school's weging and ambitions per school year, and the half-yearly reports with management's texts.

Every figure itself is computed from the other apps' data (see ``reports.figures``); a finalized report
keeps the figures as they were that day in ``HalfYearReport.figures``, so a later import changes nothing.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.editguard import Versioned
from schools.models import School, SchoolYear

LONG_TEXT = 10_000
PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
# CBS publishes schoolwegingen roughly between 20 and 40; a little room on both sides.
WEGING = [MinValueValidator(Decimal(15)), MaxValueValidator(Decimal(50))]


class Threshold(models.Model):
    """One row of the inspectorate's signaleringswaarden: from this schoolweging up to the next row's, the
    share of pupils that should reach 1F and 1S/2F over three years. Shared by every school of the
    installation; the functional administrator (superuser) keeps it in step with the inspectorate."""

    weging_from = models.DecimalField(
        _("schoolweging vanaf"), max_digits=4, decimal_places=1, unique=True, validators=WEGING
    )
    share_1f = models.DecimalField(
        _("signaleringswaarde 1F (%)"), max_digits=4, decimal_places=1, default=Decimal(85), validators=PERCENT
    )
    share_1s2f = models.DecimalField(
        _("signaleringswaarde 1S/2F (%)"), max_digits=4, decimal_places=1, validators=PERCENT
    )

    class Meta:
        verbose_name = _("signaleringswaarde")
        verbose_name_plural = _("signaleringswaarden")
        ordering = ["weging_from"]

    def __str__(self):
        return _("vanaf schoolweging %(weging)s") % {"weging": f"{self.weging_from}".replace(".", ",")}


class YearTarget(Versioned):
    """A school's weging and its own ambitions for one school year, entered by management."""

    school_year = models.OneToOneField(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.CASCADE, related_name="report_target"
    )
    schoolweging = models.DecimalField(
        _("schoolweging"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=WEGING,
        help_text=_("Zoals het CBS die voor dit schooljaar heeft vastgesteld, bijvoorbeeld 33,4."),
    )
    ambition_1f = models.DecimalField(
        _("ambitie 1F (%)"), max_digits=4, decimal_places=1, null=True, blank=True, validators=PERCENT
    )
    ambition_1s2f = models.DecimalField(
        _("ambitie 1S/2F (%)"), max_digits=4, decimal_places=1, null=True, blank=True, validators=PERCENT
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("schoolweging en ambities")
        verbose_name_plural = _("schoolwegingen en ambities")

    def __str__(self):
        return str(self.school_year)

    @property
    def school_id(self):
        return self.school_year.school_id


class Half(models.IntegerChoices):
    FIRST = 1, _("eerste helft (tot en met de middentoetsen)")
    SECOND = 2, _("tweede helft (tot en met de eindtoetsen)")


class HalfYearReport(Versioned):
    """The half-yearly report (halfjaarrapportage) of a school, or of one bouw: figures plus the analysis
    and interventions management and the coordinator write per section. A draft shows live figures;
    finalizing stores them in ``figures`` and freezes the texts."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("concept")
        FINAL = "final", _("definitief")

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="half_year_reports"
    )
    half = models.PositiveSmallIntegerField(_("halfjaar"), choices=Half.choices)
    # The year levels the report covers: 1-8 for the whole school, 5-8 for a bouwcoördinator's bovenbouw.
    bouw_low = models.PositiveSmallIntegerField(_("van jaargroep"), default=1)
    bouw_high = models.PositiveSmallIntegerField(_("tot en met jaargroep"), default=8)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    figures = models.JSONField(_("cijfers bij het afronden"), default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgerond door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    finalized_at = models.DateTimeField(_("afgerond op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("halfjaarrapportage")
        verbose_name_plural = _("halfjaarrapportages")
        ordering = ["-school_year__start_date", "-half", "bouw_low"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "half", "bouw_low", "bouw_high"], name="one_report_per_half_and_bouw"
            ),
        ]

    def __str__(self):
        return f"{self.get_half_display()} {self.school_year}"

    def get_absolute_url(self):
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def is_final(self):
        return self.status == self.Status.FINAL

    @property
    def whole_school(self):
        return self.bouw_low == 1 and self.bouw_high == 8


class ReportText(Versioned):
    """Management's analysis and interventions for one section of a half-yearly report."""

    report = models.ForeignKey(HalfYearReport, on_delete=models.CASCADE, related_name="texts")
    section = models.CharField(_("onderdeel"), max_length=30, editable=False)
    analysis = models.TextField(_("analyse"), blank=True, max_length=LONG_TEXT)
    interventions = models.TextField(_("interventies"), blank=True, max_length=LONG_TEXT)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    class Meta:
        verbose_name = _("analyse en interventies")
        verbose_name_plural = _("analyses en interventies")
        constraints = [models.UniqueConstraint(fields=["report", "section"], name="one_text_per_report_section")]

    def __str__(self):
        return f"{self.report}: {self.section}"

    @property
    def school_id(self):
        return self.report.school_id
