"""Beheer screens, scoped per school: see schools/admin_site.py for entry rules.

A school's beheerder (a membership with role admin) manages the accounts,
memberships, school years and groups of the schools they administer, and sees
nothing of other schools; a superuser manages everything. The scoping lives in
``schools/admin_scoping.py``; the edit guard of the change pages in
``schools/admin_guard.py``.

Care data (pupils and everything built on them) is deliberately not registered
here: the admin role needs no access to care content (DOMAIN.md).
"""

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.models import Group as PermissionGroup
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import editguard
from core.forms import BaseInlineFormSet
from core.models import AuditEntry

from . import services, throttle
from .admin_guard import GuardedAdminMixin, GuardedInlineMixin
from .admin_scoping import (
    NotFoundMixin,
    SchoolFilter,
    SchoolScopedAdmin,
    SchoolScopedAdminMixin,
    SchoolScopedInline,
)
from .admin_site import beheer_school_ids
from .models import Group, Membership, Period, Role, School, SchoolYear, User

# Django's permission groups play no part here (roles come from memberships),
# and a second "Groepen" next to the school's groups would only confuse.
if admin.site.is_registered(PermissionGroup):
    admin.site.unregister(PermissionGroup)


# --- Schools -------------------------------------------------------------------------------------------------------


@admin.register(School)
class SchoolAdmin(GuardedAdminMixin, SchoolScopedAdmin):
    """A school's beheerder may change their school (e.g. require two-step
    verification); adding and deleting schools is for superusers."""

    school_field = "pk"
    list_display = ("name", "brin", "city", "require_two_factor")
    list_filter = ("require_two_factor",)
    search_fields = ("name", "brin", "city")
    fields = ("name", "brin", "address", "postcode", "city", "phone", "require_two_factor")

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class PeriodInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        year = self.instance
        # For a saved year Period.clean checks this itself; a new year has no pk yet.
        if year.pk is not None or not (year.start_date and year.end_date):
            return
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            start, end = data.get("start_date"), data.get("end_date")
            if data.get("DELETE") or not (start and end):
                continue
            if not (year.contains(start) and year.contains(end)):
                form.add_error(None, _("Een periode moet binnen haar schooljaar vallen."))


# Stacked, not tabular: a tabular inline names its fields only in column headers, so a screen reader reads
# its inputs without a label (axe, issue 15); stacked rows label every field and fit a narrow screen.
class PeriodInline(SchoolScopedInline, admin.StackedInline):
    model = Period
    formset = PeriodInlineFormSet
    school_field = "school_year__school"
    fields = ("name", "start_date", "end_date")
    extra = 0


@admin.register(SchoolYear)
class SchoolYearAdmin(GuardedAdminMixin, SchoolScopedAdmin):
    school_field = "school"
    list_display = ("name", "school", "start_date", "end_date")
    list_filter = (SchoolFilter,)
    search_fields = ("name",)
    list_select_related = ("school",)
    fields = ("school", "name", "start_date", "end_date")
    inlines = [PeriodInline]


class GroupAdminForm(editguard.GuardedForm):
    class Meta:
        model = Group
        fields = ("school_year", "name", "year_level_low", "year_level_high", "teachers")

    def clean(self):
        cleaned = super().clean()
        year, teachers = cleaned.get("school_year"), cleaned.get("teachers")
        if year is not None and teachers:
            strangers = teachers.exclude(memberships__school_id=year.school_id)
            if strangers:
                self.add_error(
                    "teachers",
                    _("Deze leerkrachten werken niet op %(school)s: %(names)s.")
                    % {"school": year.school, "names": ", ".join(str(user) for user in strangers)},
                )
        return cleaned


def users_of_school(school_id):
    return User.objects.filter(pk__in=Membership.objects.filter(school_id=school_id).values("user"))


@admin.register(Group)
class GroupAdmin(GuardedAdminMixin, SchoolScopedAdmin):
    school_field = "school_year__school"
    form = GroupAdminForm
    list_display = ("name", "school_year", "year_levels_display", "teacher_names", "school_display")
    list_filter = (("school_year", admin.RelatedOnlyFieldListFilter), SchoolFilter)
    search_fields = ("name", "teachers__first_name", "teachers__last_name", "teachers__username")
    list_select_related = ("school_year__school",)
    filter_horizontal = ("teachers",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("teachers")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "teachers" in form.base_fields:
            # Teachers of a group: the staff of that group's school.
            form.base_fields["teachers"].queryset = users_of_school(obj.school_year.school_id)
        return form

    @admin.display(description=_("jaargroepen"))
    def year_levels_display(self, group):
        if group.is_combination:
            return f"{group.year_level_low}/{group.year_level_high}"
        return str(group.year_level_low)

    @admin.display(description=_("leerkrachten"))
    def teacher_names(self, group):
        return ", ".join(str(teacher) for teacher in group.teachers.all())

    @admin.display(description=_("school"), ordering="school_year__school__name")
    def school_display(self, group):
        return group.school_year.school


@admin.register(Membership)
class MembershipAdmin(GuardedAdminMixin, SchoolScopedAdmin):
    school_field = "school"
    list_display = ("user", "school", "role", "bouw_display", "is_active")
    list_filter = ("role", "is_active", SchoolFilter)
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email")
    list_select_related = ("user", "school")
    fields = ("user", "school", "role", "bouw_low", "bouw_high", "is_active")

    @admin.display(description=_("bouw"))
    def bouw_display(self, membership):
        if not membership.has_bouw:
            return "–"
        return _("groep %(low)s t/m %(high)s") % {"low": membership.bouw_low, "high": membership.bouw_high}


# --- Users ---------------------------------------------------------------------------------------------------------


class MembershipInlineFormSet(BaseInlineFormSet):
    # Set by MembershipInline.get_formset: a beheerder's users need a role at their school.
    require_membership = False

    def clean(self):
        super().clean()
        if not self.require_membership or any(self.errors):
            return
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if not kept:
            raise ValidationError(_("Geef de gebruiker minstens één rol op je school."))


class MembershipInline(GuardedInlineMixin, SchoolScopedInline, admin.StackedInline):  # stacked: see PeriodInline
    model = Membership
    formset = MembershipInlineFormSet
    school_field = "school"
    fields = ("school", "role", "bouw_low", "bouw_high", "is_active", "version")
    verbose_name = _("rol op school")
    verbose_name_plural = _("rollen op school")

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj is not None else 1

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.require_membership = not request.user.is_superuser
        return formset


class UserChangeForm(auth_forms.UserChangeForm, editguard.GuardedForm):
    class Meta(auth_forms.UserChangeForm.Meta):
        model = User


class UserRoleFilter(admin.SimpleListFilter):
    """Role at the beheerder's schools (not at other schools of the same user)."""

    title = _("rol")
    parameter_name = "rol"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        memberships = Membership.objects.filter(role=self.value())
        if not request.user.is_superuser:
            memberships = memberships.filter(school__in=beheer_school_ids(request))
        return queryset.filter(pk__in=memberships.values("user"))


@admin.register(User)
class UserAdmin(GuardedAdminMixin, SchoolScopedAdminMixin, auth_admin.UserAdmin):
    """Accounts of the staff of the beheerder's schools.

    A beheerder never sees nor sets is_superuser, is_staff, Django's groups and
    permissions, or the two-step verification secret. They may change (and
    delete, and set the password of) only accounts that work at none but their
    schools and are not superusers: otherwise a school's beheerder could take
    over an account that also opens another school.
    """

    school_field = "memberships__school"
    form = UserChangeForm
    inlines = [MembershipInline]
    list_display = ("username", "full_name", "email", "roles", "is_active", "two_factor", "last_login")
    list_filter = (UserRoleFilter, SchoolFilter, "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    ordering = ("last_name", "first_name", "username")
    readonly_fields = ("two_factor", "last_login", "date_joined")
    actions = ["reset_two_factor", "unlock_login"]

    beheer_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoonlijke gegevens"), {"fields": ("first_name", "last_name", "email")}),
        (_("Toegang"), {"fields": ("is_active", "two_factor", "last_login", "date_joined")}),
    )
    superuser_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoonlijke gegevens"), {"fields": ("first_name", "last_name", "email")}),
        (_("Toegang"), {"fields": ("is_active", "two_factor", "last_login", "date_joined")}),
        (_("Rechten"), {"fields": ("is_superuser", "is_staff", "groups", "user_permissions")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "first_name", "last_name", "email", "usable_password", "password1", "password2"),
            },
        ),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        return self.superuser_fieldsets if request.user.is_superuser else self.beheer_fieldsets

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return (*self.list_filter, "is_superuser")
        return self.list_filter

    def get_queryset(self, request):
        memberships = Membership.objects.select_related("school").order_by("school__name", "role")
        if not request.user.is_superuser:
            memberships = memberships.filter(school__in=beheer_school_ids(request))
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="beheer_memberships"))
        )

    def in_scope(self, request, obj, entirely=False):
        if entirely and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().in_scope(request, obj, entirely=entirely)

    @admin.display(description=_("naam"), ordering="last_name")
    def full_name(self, user):
        return user.get_full_name()

    @admin.display(description=_("rollen"))
    def roles(self, user):
        memberships = getattr(user, "beheer_memberships", None)
        if memberships is None:
            return ""
        return "; ".join(
            f"{membership.get_role_display()} ({membership.school})"
            + ("" if membership.is_active else f" – {_('inactief')}")
            for membership in memberships
        )

    @admin.display(description=_("tweestapsverificatie"), boolean=True)
    def two_factor(self, user):
        return user.has_two_factor

    @admin.action(description=_("Tweestapsverificatie resetten (bijvoorbeeld na een verloren telefoon)"))
    def reset_two_factor(self, request, queryset):
        """Switch off two-step verification, so the user sets it up again; a school that
        requires it sends them to the set-up page at their next login."""
        reset = skipped = 0
        for user in queryset:
            if not self.in_scope(request, user, entirely=True):
                skipped += 1  # also works at another school, or a superuser: not this beheerder's to reset
                continue
            if user.has_two_factor:
                services.reset_two_factor(request, user, self.audit_school_ids(request, user))
                reset += 1
        self.message_user(request, _("Tweestapsverificatie gereset voor %(n)s account(s).") % {"n": reset})
        if skipped:
            self.message_user(
                request,
                _("%(n)s account(s) overgeslagen: die werken ook op een andere school.") % {"n": skipped},
                level="warning",
            )

    @admin.action(description=_("Blokkade voor inloggen opheffen (na heel veel mislukte pogingen)"))
    def unlock_login(self, request, queryset):
        """End the lock that very many failures from unknown devices put on an account (see schools.throttle)."""
        unlocked = sum(
            1 for user in queryset if self.in_scope(request, user, entirely=True) and throttle.unlock(request, user)
        )
        self.message_user(
            request,
            ngettext(
                "Blokkade opgeheven voor %(count)d account.", "Blokkade opgeheven voor %(count)d accounts.", unlocked
            )
            % {"count": unlocked},
        )


# --- Audit log -----------------------------------------------------------------------------------------------------


@admin.register(AuditEntry)
class AuditEntryAdmin(NotFoundMixin, admin.ModelAdmin):
    """Read-only and for superusers only: a school reads its own audit log in
    the app (/auditlog/); the log itself is append-only."""

    list_display = ("at", "user_repr", "action", "object_repr", "school_id", "ip_address")
    list_filter = ("action",)
    search_fields = ("user_repr", "object_repr", "detail", "path")
    date_hierarchy = "at"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.none()

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
