from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW = "view", _("bekeken")
    CREATE = "create", _("aangemaakt")
    CHANGE = "change", _("gewijzigd")
    DELETE = "delete", _("verwijderd")
    EXPORT = "export", _("geëxporteerd")
    LOGIN = "login", _("ingelogd")
    LOGOUT = "logout", _("uitgelogd")
    LOGIN_FAILED = "login_failed", _("inlogpoging mislukt")


class AppendOnlyQuerySet(models.QuerySet):
    """Rows that are written once and never changed: the audit log and the revisions of care records.

    Bulk changes would bypass the models' save/delete guards, so they raise too. The one exception is
    erasure (AVG art. 17) and the retention run: ``core.audit.pseudonymise`` and ``core.history.forget``
    / ``core.history.redact`` call the private ``_rewrite`` and ``_forget`` below, and nothing else may
    (tests/core/test_append_only.py checks the callers).
    """

    what = "Rows"

    def update(self, **kwargs):
        raise PermissionError(f"{self.what} cannot be changed.")

    def delete(self):
        raise PermissionError(f"{self.what} cannot be deleted.")

    def _rewrite(self, **fields):
        return super().update(**fields)

    def _forget(self):
        return super().delete()[0]


class AuditQuerySet(AppendOnlyQuerySet):
    what = "Audit entries"


class RevisionQuerySet(AppendOnlyQuerySet):
    what = "Revisions"


class AppendOnly(models.Model):
    """A stored row is never saved again nor deleted (see AppendOnlyQuerySet for the one exception)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError(f"{type(self).objects.none().what} cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{type(self).objects.none().what} cannot be deleted.")


class AuditEntry(AppendOnly):
    """Who did what to which object, when, from where. Append-only.

    The entry outlives what it describes: the object is kept as content type,
    id and a text snapshot, and the school as a plain id (core knows nothing of
    schools), so deleting a pupil or a school never deletes its trail.
    """

    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user_repr = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    action = models.CharField(_("handeling"), max_length=20, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("soort object"), null=True, blank=True, on_delete=models.SET_NULL
    )
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    school_id = models.BigIntegerField(_("school"), null=True, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("adres"), null=True, blank=True)
    path = models.CharField(_("pagina"), max_length=500, blank=True)
    # What happened, as a code registered in an app's ``audit_events`` module and its data, turned
    # into text in the reader's language when shown (``description``). Entries written before events
    # existed keep their free text in ``detail``.
    event = models.CharField(_("gebeurtenis"), max_length=60, blank=True)
    data = models.JSONField(_("gegevens"), default=dict, blank=True)
    detail = models.CharField(_("toelichting"), max_length=500, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%d-%m-%Y %H:%M} {self.user_repr} {self.get_action_display()} {self.object_repr}"

    @property
    def description(self):
        """What happened, in the reader's language."""
        from .audit import describe

        return describe(self)


class Revision(AppendOnly):
    """One saved state of a care record: who changed it, when, and its fields after the change.

    Care records keep their history here (``core.history.save``); the previous
    state is the revision before, so what changed is derived, never stored twice.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user_repr = models.CharField(_("door"), max_length=150, blank=True)
    action = models.CharField(_("handeling"), max_length=20, choices=AuditAction.choices)
    data = models.JSONField(_("gegevens"), default=dict)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("versie")
        verbose_name_plural = _("versies")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} {self.at:%d-%m-%Y %H:%M}"
