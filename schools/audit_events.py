"""The audit events of schools: logins, two-step verification and beheer changes (see core.audit).

Data holds names of fields and models, never their labels: those are looked up when the entry is
read, in the reader's language.
"""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def model_data(obj):
    return {"model": obj._meta.label_lower}


def changes(form, formsets):
    """What a beheer change form changed: its fields by name, and per inline model how many rows."""
    related = {}
    for formset in formsets or ():
        count = len(formset.new_objects) + len(formset.changed_objects) + len(formset.deleted_objects)
        if count:
            related[formset.model._meta.label_lower] = count
    fields = []
    for name in form.changed_data:
        # The password form's fields set the one field "password".
        name = PASSWORD_FIELDS.get(name, name)
        if name != "version" and name not in fields:
            fields.append(name)
    return {"fields": fields, "related": related}


PASSWORD_FIELDS = {"password1": "password", "password2": "password", "usable_password": "password"}


def _model(label):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError, TypeError):
        return None


def _field_label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except (AttributeError, FieldDoesNotExist):
        return None


def _changed(data):
    model = _model(data.get("model"))
    parts = [label for label in (_field_label(model, name) for name in data.get("fields", [])) if label]
    for label in data.get("related", {}):
        related = _model(label)
        if related is not None:
            parts.append(str(related._meta.verbose_name_plural))
    if not parts:
        return _("beheer: opgeslagen zonder wijzigingen")
    return _("beheer: %(changes)s gewijzigd") % {"changes": ", ".join(parts)}


def _login_failed(data):
    return data.get("username") or _("onbekende gebruikersnaam")


EVENTS = {
    "schools.login_failed": _login_failed,
    "schools.login_code_failed": gettext_lazy("%(username)s (verkeerde code)"),
    "schools.login_locked": gettext_lazy("%(username)s geblokkeerd voor inloggen vanaf onbekende apparaten"),
    "schools.login_unlocked": gettext_lazy("%(username)s: blokkade voor inloggen opgeheven"),
    "schools.idle_logout": gettext_lazy("sessie verlopen na inactiviteit"),
    "schools.two_factor_on": gettext_lazy("tweestapsverificatie aangezet"),
    "schools.two_factor_off": gettext_lazy("tweestapsverificatie uitgezet"),
    "schools.two_factor_reset": gettext_lazy("beheer: tweestapsverificatie gereset"),
    "schools.beheer_added": gettext_lazy("beheer: toegevoegd"),
    "schools.beheer_changed": _changed,
    "schools.beheer_deleted": gettext_lazy("beheer: verwijderd"),
}
