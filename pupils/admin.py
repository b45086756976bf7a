"""Test instruments as data: subjects, scales with their levels, and instruments.

They are shared by every school on the installation, so only a superuser
(the installation's functional administrator) edits them; a school's
beheerder would otherwise change other schools' scales. Pupils and care
records are never edited here: they belong to the app's own screens.
"""

from django.contrib import admin

from schools.admin_scoping import NotFoundMixin

from .models import Instrument, Scale, ScaleLevel, Subject


class SuperuserOnlyAdmin(NotFoundMixin, admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Subject)
class SubjectAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "code", "order", "is_tested"]
    list_editable = ["order", "is_tested"]
    prepopulated_fields = {"code": ["name"]}


class ScaleLevelInline(admin.TabularInline):
    model = ScaleLevel
    extra = 1

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Scale)
class ScaleAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "code"]
    inlines = [ScaleLevelInline]


@admin.register(Instrument)
class InstrumentAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "code", "kind", "subject", "scale"]
    list_filter = ["kind", "subject"]
    search_fields = ["name", "code"]
