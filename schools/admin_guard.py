"""The edit guard on beheer change pages: two beheerders on one record lose nothing.

The change form carries the version it was loaded at (``core.editguard.GuardedForm`` as the
ModelAdmin's form, rendered hidden by ``admin/schools/change_form.html``). Saving claims that
version through ``services.save_in_beheer`` inside the admin's own transaction, before anything
else is written. When a colleague saved in between the claim raises ``Stale``: the transaction,
with the inlines and many-to-many of the form, is rolled back, and the page is shown again with
what the beheerder typed, bound to the record as it is stored now, and the stored values beside it
(``includes/conflict.html``). Saving once more, after comparing, deliberately replaces the
colleague's change.
"""

from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.text import capfirst

from core import editguard

from . import services

REFUSED_ATTR = "_editguard_refused"


class GuardedAdminMixin:
    """Mix into a ModelAdmin of a ``Versioned`` model whose form is a ``GuardedForm``."""

    form = editguard.GuardedForm

    def get_fields(self, request, obj=None):
        # The version is no field to fill in: the change form template carries it, hidden.
        return [name for name in super().get_fields(request, obj) if name != "version"]

    def save_model(self, request, obj, form, change):
        services.save_in_beheer(obj, version=form.cleaned_data.get("version"))

    def delete_model(self, request, obj):
        services.delete_in_beheer([obj])

    def delete_queryset(self, request, queryset):
        services.delete_in_beheer(queryset)

    def save_formset(self, request, form, formset, change):
        if "version" in formset.form.base_fields:
            services.save_rows_in_beheer(formset)
        else:
            super().save_formset(request, form, formset, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except editguard.Stale as stale:
            return self._refused(request, object_id, form_url, extra_context, stale.message)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        message = getattr(request, REFUSED_ATTR, None)
        if message is None:
            return form_class

        class RefusedForm(form_class):
            """The user's input once more, refused: shown, never saved, until the user saves again."""

            def clean(self):
                super().clean()
                raise ValidationError(message)

        return RefusedForm

    def _refused(self, request, object_id, form_url, extra_context, message):
        current = self.get_object(request, unquote(object_id)) if object_id else None
        if current is None:
            raise Http404
        version = current.version
        form_class = self.get_form(
            request, current, change=True, fields=flatten_fieldsets(self.get_fieldsets(request, current))
        )
        _form, conflict = editguard.refused(form_class, current, request.POST, message=message)
        # The page again: the user's input against the stored record at its new version.
        data = request.POST.copy()
        data["version"] = version
        conflict["fields"] += self._refresh_rows(request, current, data)
        request.POST = data
        setattr(request, REFUSED_ATTR, message)
        extra_context = {**(extra_context or {}), "conflict": conflict}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _refresh_rows(self, request, obj, data):
        """Set the inline rows of ``data`` to their stored versions; [(label, stored)] of the rows that
        a colleague changed meanwhile."""
        changed = []
        for formset_class, inline in self.get_formsets_with_inlines(request, obj):
            if "version" not in formset_class.form.base_fields:
                continue
            prefix = formset_class.get_default_prefix()
            refreshed, rows = editguard.rows_at_stored_versions(data, prefix, inline.model)
            for key in refreshed:
                if key.endswith("-version"):
                    data[key] = refreshed[key]
            changed += [(capfirst(inline.verbose_name), str(row)) for row in rows]
        return changed


class GuardedInlineMixin:
    """Mix into an inline of ``Versioned`` rows (roles on the account page) and name "version" in its
    ``fields``: each row carries the version it was loaded at, hidden, and a changed or deleted row
    claims it when the page is saved (``services.save_rows_in_beheer``)."""

    form = editguard.GuardedForm

    def get_formset(self, request, obj=None, **kwargs):
        # Shown (hidden) through the fieldsets, filled in by GuardedForm: not a model field of the form.
        fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs.setdefault("fields", [name for name in fields if name != "version"])
        return super().get_formset(request, obj, **kwargs)
