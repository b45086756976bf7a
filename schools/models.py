import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.editguard import Versioned

YEAR_LEVELS = [(n, _("groep %(n)s") % {"n": n}) for n in range(1, 9)]


class User(Versioned, AbstractUser):
    """A member of staff. What they may see follows from their memberships."""

    totp_secret = models.CharField(_("geheime sleutel tweestapsverificatie"), max_length=64, blank=True)
    totp_enabled_at = models.DateTimeField(_("tweestapsverificatie aan sinds"), null=True, blank=True)
    totp_last_step = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def has_two_factor(self):
        return bool(self.totp_secret and self.totp_enabled_at)


class School(Versioned, models.Model):
    name = models.CharField(_("naam"), max_length=200)
    brin = models.CharField(_("BRIN-nummer"), max_length=6, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    # Contact: on the invitation letters to parents (conversations.letters).
    address = models.CharField(_("adres"), max_length=200, blank=True, help_text=_("Straat en huisnummer."))
    postcode = models.CharField(_("postcode"), max_length=7, blank=True, help_text=_("Bijvoorbeeld 1234 AB."))
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    require_two_factor = models.BooleanField(
        _("tweestapsverificatie verplicht"),
        default=False,
        help_text=_("Alle medewerkers van deze school moeten met een code uit een authenticator-app inloggen."),
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("scholen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def current_year(self, on=None):
        on = on or timezone.localdate()
        return self.school_years.filter(start_date__lte=on, end_date__gte=on).first()


class SchoolYear(Versioned, models.Model):
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="school_years")
    name = models.CharField(_("naam"), max_length=20, help_text=_("Bijvoorbeeld 2026-2027."))
    start_date = models.DateField(_("begindatum"))
    end_date = models.DateField(_("einddatum"))

    class Meta:
        verbose_name = _("schooljaar")
        verbose_name_plural = _("schooljaren")
        ordering = ["school", "-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="unique_school_year_name"),
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="school_year_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("De einddatum moet na de begindatum liggen.")})
        if self.start_date and self.end_date and self.school_id:
            overlapping = SchoolYear.objects.filter(
                school_id=self.school_id, start_date__lte=self.end_date, end_date__gte=self.start_date
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(_("Dit schooljaar overlapt met een ander schooljaar van deze school."))

    def contains(self, day: datetime.date) -> bool:
        return self.start_date <= day <= self.end_date


class Period(models.Model):
    """A plan period of a school year (a group plan runs per period)."""

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.CASCADE, related_name="periods"
    )
    name = models.CharField(_("naam"), max_length=50, help_text=_("Bijvoorbeeld: periode 1 (aug-jan)."))
    start_date = models.DateField(_("begindatum"))
    end_date = models.DateField(_("einddatum"))

    class Meta:
        verbose_name = _("periode")
        verbose_name_plural = _("periodes")
        ordering = ["school_year", "start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gt=models.F("start_date")), name="period_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.name} {self.school_year}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("De einddatum moet na de begindatum liggen.")})
        year = self.school_year if self.school_year_id else None
        if year and self.start_date and self.end_date:
            if not (year.contains(self.start_date) and year.contains(self.end_date)):
                raise ValidationError(_("Een periode moet binnen haar schooljaar vallen."))


class Group(Versioned, models.Model):
    """A class in one school year. Year levels are a range so that combination
    groups such as 7/8 are one group; a management member limited to a bouw
    sees the groups whose range overlaps the bouw."""

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="groups"
    )
    name = models.CharField(_("naam"), max_length=50, help_text=_("Bijvoorbeeld: groep 7/8 of 5A."))
    year_level_low = models.PositiveSmallIntegerField(_("laagste jaargroep"), choices=YEAR_LEVELS)
    year_level_high = models.PositiveSmallIntegerField(_("hoogste jaargroep"), choices=YEAR_LEVELS)
    teachers = models.ManyToManyField("User", verbose_name=_("leerkrachten"), related_name="taught_groups", blank=True)

    class Meta:
        verbose_name = _("groep")
        verbose_name_plural = _("groepen")
        ordering = ["school_year", "year_level_low", "year_level_high", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "name"], name="unique_group_name_per_year"),
            models.CheckConstraint(
                condition=Q(year_level_high__gte=models.F("year_level_low")), name="group_year_levels_ordered"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def school_id(self):
        return self.school_year.school_id

    @property
    def year_levels(self):
        return list(range(self.year_level_low, self.year_level_high + 1))

    @property
    def is_combination(self):
        return self.year_level_high > self.year_level_low

    def clean(self):
        if self.year_level_low and self.year_level_high and self.year_level_high < self.year_level_low:
            raise ValidationError({"year_level_high": _("De hoogste jaargroep mag niet lager zijn dan de laagste.")})


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("intern begeleider")
    TEACHER = "teacher", _("leerkracht")
    MANAGEMENT = "management", _("directie / bouwcoördinator")
    REMEDIAL = "remedial", _("remedial teacher")
    ADMIN = "admin", _("beheerder")


class Membership(Versioned, models.Model):
    """One user's role at one school. A coordinator often has two."""

    user = models.ForeignKey(User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    bouw_low = models.PositiveSmallIntegerField(
        _("bouw vanaf groep"),
        choices=YEAR_LEVELS,
        null=True,
        blank=True,
        help_text=_("Alleen voor een bouwcoördinator: de laagste groep van de bouw."),
    )
    bouw_high = models.PositiveSmallIntegerField(
        _("bouw tot en met groep"),
        choices=YEAR_LEVELS,
        null=True,
        blank=True,
        help_text=_("Alleen voor een bouwcoördinator: de hoogste groep van de bouw."),
    )
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["school", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="one_membership_per_school"),
            models.CheckConstraint(
                condition=(Q(bouw_low__isnull=True) & Q(bouw_high__isnull=True))
                | (Q(bouw_low__isnull=False) & Q(bouw_high__isnull=False) & Q(bouw_high__gte=models.F("bouw_low"))),
                name="bouw_complete_and_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.school}"

    @property
    def has_bouw(self):
        return self.bouw_low is not None

    @property
    def role_label(self):
        """The role as the user calls it: management limited to a bouw is a bouwcoördinator."""
        if self.role == Role.MANAGEMENT:
            return _("bouwcoördinator") if self.has_bouw else _("directie")
        return self.get_role_display()

    def clean(self):
        if (self.bouw_low is None) != (self.bouw_high is None):
            raise ValidationError(_("Vul voor een bouw zowel de eerste als de laatste groep in."))
        if self.bouw_low is not None:
            if self.role != Role.MANAGEMENT:
                raise ValidationError(_("Alleen directie en bouwcoördinatoren kunnen tot een bouw beperkt worden."))
            if self.bouw_high < self.bouw_low:
                raise ValidationError(
                    {"bouw_high": _("De laatste groep van de bouw mag niet lager zijn dan de eerste.")}
                )


class LoginFailure(models.Model):
    """A failed attempt, kept for throttling (see schools.throttle): a login, a code, or a reset mail asked for.

    ``device`` is the nonce of the known-device cookie the attempt came with, empty for an unknown device.
    """

    class Scope(models.TextChoices):
        LOGIN = "login", _("inloggen")
        CODE = "code", _("code bij inloggen")
        DISABLE = "disable", _("code bij uitzetten tweestapsverificatie")
        RESET = "reset", _("wachtwoord-herstelmail")

    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.LOGIN)
    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    device = models.CharField(max_length=32, blank=True, default="")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("mislukte inlogpoging")
        verbose_name_plural = _("mislukte inlogpogingen")
        indexes = [models.Index(fields=["scope", "username", "at"], name="loginfailure_scope_user_at")]

    def __str__(self):
        return f"{self.username} {self.ip_address} {self.at:%Y-%m-%d %H:%M}"


class LoginLock(models.Model):
    """An account name closed to logins from unknown devices after very many failures (see schools.throttle).
    It ends by a password reset or by the beheerder; known devices still log in."""

    username = models.CharField(max_length=150, unique=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("geblokkeerd account")
        verbose_name_plural = _("geblokkeerde accounts")

    def __str__(self):
        return self.username


class StartPageVisit(models.Model):
    """When a user last opened the start page of a school, and the visit before that: the start page shows
    what changed since the previous visit. A visit counts as new after an hour, so that reloading the page
    does not empty the list."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    last_seen_at = models.DateTimeField(_("laatst bekeken"))
    previous_seen_at = models.DateTimeField(_("vorige keer bekeken"), null=True, blank=True)

    class Meta:
        verbose_name = _("bezoek aan de startpagina")
        verbose_name_plural = _("bezoeken aan de startpagina")
        constraints = [models.UniqueConstraint(fields=["user", "school"], name="one_start_page_visit_per_school")]

    def __str__(self):
        return f"{self.user} – {self.school}"
