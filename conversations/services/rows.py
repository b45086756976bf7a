"""Guarding the rows of a formset: claim every existing row the user changed or deleted, before any write."""

from core import editguard


def guarded(model):
    """True when ``model`` keeps a version (core.editguard.Versioned)."""
    return any(field.name == "version" for field in model._meta.concrete_fields)


def claim_rows(formset):
    """Claim the version each changed or deleted existing row was loaded at; :class:`editguard.Stale`
    when any of them changed since. Call inside the saving transaction, before writing."""
    if not guarded(formset.model):
        return
    deleted = set(map(id, formset.deleted_forms)) if formset.can_delete else set()
    for form in formset.initial_forms:
        if form.instance.pk is not None and (id(form) in deleted or form.has_changed()):
            editguard.claim(form.instance, form.cleaned_data.get("version"))
