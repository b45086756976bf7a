"""Access matrix rows for the beheer screens (the Django admin at /beheer/).

``admin_expectations(world)`` gives, for every URL pattern name in the
``admin`` namespace, the expected status of a GET per role for an in-scope and
an out-of-scope object: ``{name: {role: (in, out)}}``.
``admin_url_kwargs(world, name, scope)`` gives the URL kwargs (scope "in"/"out").

Only the ``admin`` role of ``world.school`` has beheer rights; objects of
``world.foreign_school`` are out of its scope. Every other signed-in role gets
a 404 on every beheer URL, and an anonymous visitor is sent to the app login.

The rows are written out here, not derived from the registered ModelAdmins:
a newly registered model (or a new admin view) has no row until someone
decides what each role may do there, and the completeness tests fail.
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("coordinator", "teacher", "management", "bouw", "remedial", "admin", "anonymous")
SIGNED_IN_WITHOUT_BEHEER = ("coordinator", "teacher", "management", "bouw", "remedial")
SCOPES = ("in", "out")

# Site-wide pages: the statuses of the school's admin (in, out).
SITE = {
    "index": (200, 200),
    "login": (302, 302),  # a beheerder is sent on to the beheer index
    "logout": (405, 405),  # logging out is a POST
    "password_change": (200, 200),
    "password_change_done": (200, 200),
    "jsi18n": (200, 200),
    "autocomplete": (404, 404),  # no autocomplete fields: a request without a valid field is refused
    "app_list": (200, 404),  # in: the schools app; out: core (audit log, superusers only)
    "view_on_site": (404, 404),  # no beheer model has a page of its own on the site (get_absolute_url)
}

FULL = {"changelist": (200, 200), "add": (200, 200), "change": (200, 404), "delete": (200, 404), "history": (200, 404)}
NOTHING = dict.fromkeys(FULL, (404, 404))

# Model pages: URL name prefix -> view -> statuses of the school's admin (in, out).
MODELS = {
    # Their own school: view and change, not add or delete (superusers only).
    "schools_school": {**FULL, "add": (404, 404), "delete": (404, 404)},
    "schools_schoolyear": FULL,
    "schools_group": FULL,
    "schools_membership": FULL,
    "schools_user": FULL,
    "core_auditentry": NOTHING,  # read-only, superusers only
    # Test instruments are shared by all schools: superusers only.
    "pupils_subject": NOTHING,
    "pupils_scale": NOTHING,
    "pupils_instrument": NOTHING,
    # The inspectorate's thresholds are shared by all schools as well.
    "reports_threshold": NOTHING,
}

# Extra model views whose name does not follow "<app>_<model>_<view>".
EXTRA = {
    # django.contrib.auth's UserAdmin names its password page "auth_user_...".
    "auth_user_password_change": ("schools_user", (200, 404)),
}


def admin_statuses():
    """``{name: statuses of the school's admin (in, out)}`` for every beheer URL name."""
    rows = dict(SITE)
    for prefix, views in MODELS.items():
        rows.update({f"{prefix}_{view}": statuses for view, statuses in views.items()})
    rows.update({name: statuses for name, (_prefix, statuses) in EXTRA.items()})
    return rows


def admin_expectations(world=None):
    """``{pattern name: {role: (status in scope, status out of scope)}}`` for a GET of every beheer URL."""
    expectations = {}
    for name, admin_row in admin_statuses().items():
        row = dict.fromkeys(SIGNED_IN_WITHOUT_BEHEER, (404, 404))
        row["admin"] = admin_row
        row["anonymous"] = (302, 302)
        expectations[name] = row
    return expectations


def admin_pattern_names():
    """Every URL pattern in the ``admin`` namespace, as its name (or "<unnamed route>")."""
    names = []

    def walk(resolver, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, inner)
            elif isinstance(entry, URLPattern) and namespace == "admin:":
                names.append(entry.name or f"<unnamed {entry.pattern}>")

    walk(get_resolver(), "")
    return names


def _audit_entry(school):
    from core.models import AuditAction, AuditEntry

    entry = AuditEntry.objects.filter(school_id=school.pk, detail="admin-matrix").first()
    return entry or AuditEntry.objects.create(action=AuditAction.VIEW, school_id=school.pk, detail="admin-matrix")


def _objects(world, prefix):
    """(in-scope object, out-of-scope object) for the admin of ``world.school``."""
    from schools.models import Membership

    if prefix == "schools_school":
        return world.school, world.foreign_school
    if prefix == "schools_schoolyear":
        return world.groups["six"].school_year, world.groups["foreign"].school_year
    if prefix == "schools_group":
        return world.groups["six"], world.groups["foreign"]
    if prefix == "schools_membership":
        return (
            Membership.objects.get(user=world.user("teacher"), school=world.school),
            Membership.objects.get(user=world.user("outsider"), school=world.foreign_school),
        )
    if prefix == "schools_user":
        return world.user("teacher"), world.user("outsider")
    if prefix in ("pupils_subject", "pupils_scale", "pupils_instrument"):
        from pupils.models import Instrument

        instrument = Instrument.objects.select_related("subject", "scale").get(code="lvs-spelling")
        obj = {"pupils_subject": instrument.subject, "pupils_scale": instrument.scale}.get(prefix, instrument)
        return obj, obj
    if prefix == "reports_threshold":
        from reports.models import Threshold

        threshold = Threshold.objects.first()
        return threshold, threshold
    if prefix == "core_auditentry":
        return _audit_entry(world.school), _audit_entry(world.foreign_school)
    raise KeyError(prefix)


def admin_url_kwargs(world, pattern_name, scope):
    """The kwargs to reverse ``admin:<pattern_name>`` for an object in ("in") or out of ("out") scope."""
    index = 0 if scope == "in" else 1
    if pattern_name == "app_list":
        return {"app_label": ("schools", "core")[index]}
    if pattern_name == "view_on_site":
        group = _objects(world, "schools_group")[index]
        return {"content_type_id": ContentType.objects.get_for_model(group).pk, "object_id": group.pk}
    if pattern_name in SITE:
        return {}
    if pattern_name in EXTRA:
        return {"id": _objects(world, EXTRA[pattern_name][0])[index].pk}
    prefix, view = pattern_name.rsplit("_", 1)
    if view in ("changelist", "add"):
        return {}
    return {"object_id": _objects(world, prefix)[index].pk}
