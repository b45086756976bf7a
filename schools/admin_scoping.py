"""Scoping of the beheer screens to the schools a user administers (see schools/admin.py).

``SchoolScopedAdminMixin`` is the one place that scopes a ModelAdmin: its
queryset, its permissions, its foreign-key choices and its 404s. Which schools
a user administers comes from ``access.admin_schools`` only (via
``beheer_school_ids``).
"""

from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core import audit
from core.forms import IdsField

from . import audit_events
from .admin_site import beheer_school_ids
from .models import Group, Membership, School, SchoolYear, User

# Longer than any name, place or e-mail address a beheerder searches for.
MAX_SEARCH_LENGTH = 200


# --- Scope helpers -------------------------------------------------------------------------------------------------


def _is_multivalued(model, path):
    """Whether following ``path`` from ``model`` crosses a to-many relation."""
    if path == "pk":
        return False
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


def filter_by_schools(queryset, path, school_ids):
    """``queryset`` limited to objects whose ``path`` leads to one of ``school_ids``, without duplicates."""
    if path == "pk":
        return queryset.filter(pk__in=school_ids)
    if _is_multivalued(queryset.model, path):
        inner = queryset.model._default_manager.filter(**{f"{path}__in": school_ids})
        return queryset.filter(pk__in=inner.values("pk"))
    return queryset.filter(**{f"{path}__in": school_ids})


def scoped_choices(model, request):
    """The objects of ``model`` a beheerder may pick in a form (None: no limit needed)."""
    if request.user.is_superuser:
        return None
    ids = beheer_school_ids(request)
    if model is School:
        return School.objects.filter(pk__in=ids)
    if model is SchoolYear:
        return SchoolYear.objects.filter(school__in=ids)
    if model is Group:
        return Group.objects.filter(school_year__school__in=ids)
    if model is User:
        return User.objects.filter(pk__in=Membership.objects.filter(school__in=ids).values("user"))
    if model is apps.get_model("pupils", "Pupil"):
        return model.objects.filter(school__in=ids)
    return None


class SchoolFilter(admin.SimpleListFilter):
    """Filter on school, offering only the schools of the beheerder (hidden when there is one)."""

    title = _("school")
    parameter_name = "school"

    def __init__(self, request, params, model, model_admin):
        self.model_admin = model_admin
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        schools = School.objects.all()
        if not request.user.is_superuser:
            schools = schools.filter(pk__in=beheer_school_ids(request))
        return [(str(school.pk), school.name) for school in schools]

    def has_output(self):
        return len(self.lookup_choices) > 1

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value not in {pk for pk, _name in self.lookup_choices}:
            return queryset.none()
        return filter_by_schools(queryset, self.model_admin.school_field, [int(value)])


# --- The mixin -----------------------------------------------------------------------------------------------------


class NotFoundMixin:
    """What every beheer ModelAdmin shares (pupils' test instruments and the audit log too): an object
    that is not in the queryset is a 404, every URL has a name, and a search is bounded."""

    def get_search_results(self, request, queryset, search_term):
        """A search longer than anyone types finds nothing, and says so (the database would refuse it)."""
        if len(search_term) > MAX_SEARCH_LENGTH:
            self.message_user(
                request,
                _("Zoek op een kortere tekst: hoogstens %(n)s tekens.") % {"n": MAX_SEARCH_LENGTH},
                level=messages.WARNING,
            )
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index with "does not exist"; outside one's
        # scope the object must simply not be there.
        raise Http404(_("Deze pagina bestaat niet."))

    def get_urls(self):
        # Drop Django's unnamed pre-1.9 "<id>/" redirect: every beheer URL has
        # a name, and so a row in the access matrix.
        return [url for url in super().get_urls() if url.name]


class _ScopedFormfieldsMixin:
    """Queryset and choice limits shared by the scoped ModelAdmins and inlines."""

    # Path from the model to its School, e.g. "school", "school_year__school",
    # "memberships__school"; "pk" for School itself.
    school_field = "school"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return filter_by_schools(queryset, self.school_field, beheer_school_ids(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = scoped_choices(db_field.related_model, request)
        if choices is not None:
            kwargs["queryset"] = choices
            ids = beheer_school_ids(request)
            if db_field.related_model is School and len(ids) == 1:
                kwargs.setdefault("initial", next(iter(ids)))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        choices = scoped_choices(db_field.related_model, request)
        if choices is not None:
            kwargs["queryset"] = choices
        # A value that cannot be an id (a 23-digit number, other digits) is an invalid choice, not a 500.
        kwargs.setdefault("form_class", IdsField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def is_beheerder(self, request):
        return self.admin_site.has_permission(request)


class SchoolScopedAdminMixin(NotFoundMixin, _ScopedFormfieldsMixin):
    """Scope a ModelAdmin to the schools the user administers (see the module docstring).

    - ``get_queryset`` holds only objects of the user's beheer schools;
    - view/add/change/delete follow from being a beheerder of some school (not
      from Django's model permissions), and for one object from its school;
    - foreign-key and many-to-many choices hold only the user's schools' objects;
    - an object outside the queryset (or not existing) is a 404.
    """

    def school_ids_of(self, request, obj):
        """The pks of the schools ``obj`` belongs to (following ``school_field``), from the database."""
        if obj.pk is None:
            return frozenset()
        if self.school_field == "pk":
            return frozenset({obj.pk})
        cache = request.__dict__.setdefault("_beheer_object_schools", {})
        key = (obj._meta.label, obj.pk)
        if key not in cache:
            values = self.model._default_manager.filter(pk=obj.pk).values_list(self.school_field, flat=True)
            cache[key] = frozenset(value for value in values if value is not None)
        return cache[key]

    def in_scope(self, request, obj, entirely=False):
        """Whether ``obj`` belongs to one of the user's beheer schools (``entirely``: to no other school)."""
        if request.user.is_superuser:
            return True
        school_ids = self.school_ids_of(request, obj)
        mine = beheer_school_ids(request)
        if entirely:
            return bool(school_ids) and school_ids <= mine
        return bool(school_ids & mine)

    # Permissions: being a beheerder, not Django's model permissions.
    def has_module_permission(self, request):
        return self.is_beheerder(request)

    def has_view_permission(self, request, obj=None):
        return self.is_beheerder(request) and (obj is None or self.in_scope(request, obj))

    def has_add_permission(self, request):
        return self.is_beheerder(request)

    def has_change_permission(self, request, obj=None):
        return self.is_beheerder(request) and (obj is None or self.in_scope(request, obj, entirely=True))

    def has_delete_permission(self, request, obj=None):
        return self.is_beheerder(request) and (obj is None or self.in_scope(request, obj, entirely=True))

    def lookup_allowed(self, lookup, value, request=None):
        """No filtering through to-many relations from the URL, except the list filters:
        such a filter could tell what a user does at another school."""
        allowed = super().lookup_allowed(lookup, value, request)
        if not allowed or request is None or request.user.is_superuser:
            return allowed
        try:
            field = self.opts.get_field(lookup.split("__")[0])
        except FieldDoesNotExist:
            return True
        if not (field.many_to_many or field.one_to_many):
            return True
        paths = [item[0] if isinstance(item, list | tuple) else item for item in self.get_list_filter(request)]
        return any(isinstance(path, str) and lookup.startswith(path) for path in paths)

    def get_deleted_objects(self, objs, request):
        """A beheerder has no business with care content: the confirmation page
        names only what they delete themselves and counts the rest per kind."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if request.user.is_superuser:
            return deleted, model_count, perms_needed, protected
        if perms_needed:
            # Something in the selection is not theirs to delete: refused like any out-of-scope object.
            raise PermissionDenied
        deleted = [f"{capfirst(obj._meta.verbose_name)}: {obj}" for obj in objs]
        model_count = {capfirst(self.model._meta.verbose_name_plural): len(deleted)}
        if protected:
            # Not even the kinds of data: "Coachingstrajecten: 1" would reveal confidential coaching.
            protected = [_("Nog in gebruik door gegevens die je in beheer niet ziet, bijvoorbeeld over leerlingen.")]
        return deleted, model_count, perms_needed, protected

    # Beheer changes also go to the school's audit log (the coordinator and the
    # admin read it there), next to the admin's own object history.
    def audit_school_ids(self, request, obj):
        """The schools whose audit log shows a beheer change of ``obj``: those of the beheerder."""
        school_ids = set(self.school_ids_of(request, obj))
        if not request.user.is_superuser:
            school_ids &= beheer_school_ids(request)
        return school_ids

    def _audit(self, request, action, obj, event, data=None):
        for school_id in sorted(self.audit_school_ids(request, obj)) or [None]:
            audit.record(request, action, obj, event=event, data=data, school_id=school_id)

    def construct_change_message(self, request, form, formsets, add=False):
        # What changed, as field names and counts (the audit entry's data, read in the reader's language).
        request._beheer_changes = audit_events.changes(form, formsets)
        return super().construct_change_message(request, form, formsets, add)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._audit(request, audit.AuditAction.CREATE, obj, "schools.beheer_added", audit_events.model_data(obj))
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        data = {**audit_events.model_data(obj), **getattr(request, "_beheer_changes", {})}
        self._audit(request, audit.AuditAction.CHANGE, obj, "schools.beheer_changed", data)
        return entry

    def log_deletions(self, request, queryset):
        entries = super().log_deletions(request, queryset)
        for obj in queryset:
            self._audit(request, audit.AuditAction.DELETE, obj, "schools.beheer_deleted", audit_events.model_data(obj))
        return entries


class SchoolScopedAdmin(SchoolScopedAdminMixin, admin.ModelAdmin):
    pass


class SchoolScopedInline(_ScopedFormfieldsMixin):
    """An inline of a scoped ModelAdmin: its parent is already in scope, so
    permissions only ask whether the user is a beheerder."""

    def has_view_permission(self, request, obj=None):
        return self.is_beheerder(request)

    def has_add_permission(self, request, obj=None):
        return self.is_beheerder(request)

    def has_change_permission(self, request, obj=None):
        return self.is_beheerder(request)

    def has_delete_permission(self, request, obj=None):
        return self.is_beheerder(request)
