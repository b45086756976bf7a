from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from schools.models import Group, School, SchoolYear


class Pupil(models.Model):
    """A pupil of one school. Deliberately minimal (AVG data minimisation):
    no citizen service number, no address; only what the care work needs."""

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="pupils")
    first_name = models.CharField(_("voornaam"), max_length=100)
    name_prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    surname = models.CharField(_("achternaam"), max_length=100)
    date_of_birth = models.DateField(_("geboortedatum"))
    source_id = models.CharField(
        _("leerlingnummer"), max_length=30, blank=True, help_text=_("Het nummer in het bronsysteem van de school.")
    )
    date_in = models.DateField(_("datum instroom"), null=True, blank=True)
    date_out = models.DateField(_("datum uitstroom"), null=True, blank=True)

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
