from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from . import access


def beheer_school_ids(request):
    """The pks of the schools whose beheer ``request.user`` may do, once per request.

    ``access.admin_schools`` is the one source; this only keeps the answer on
    the request because the admin asks the question many times per page.
    """
    if not hasattr(request, "_beheer_school_ids"):
        request._beheer_school_ids = frozenset(access.admin_schools(request.user).values_list("pk", flat=True))
    return request._beheer_school_ids


class BeheerSite(admin.AdminSite):
    """Django admin as the beheer screens of a school.

    Entry is by membership (superuser or a school's admin role), not by the
    is_staff flag, and logging in goes through the app's own login, so the
    throttling and two-step verification cannot be bypassed via /beheer/.

    A signed-in user without beheer rights gets a 404 on every beheer page
    (a redirect to the login page would loop: our login sends signed-in users
    on). Anonymous users go to the app's login with ``next``. Inside the
    beheer, "not allowed" is a 404 as well, never a 403: see ``admin_view``.
    """

    site_header = _("Wat Helpt – beheer")
    site_title = _("Wat Helpt beheer")
    index_title = _("Beheer van je school")
    # Unknown beheer URLs are a plain 404 (CommonMiddleware still appends the
    # slash); the catch-all view would add an unnamed URL pattern.
    final_catch_all_view = False

    def has_permission(self, request):
        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        # A superuser may enter before the first school exists (to create it).
        return user.is_superuser or bool(beheer_school_ids(request))

    def admin_view(self, view, cacheable=False):
        """Wrap every beheer view: anonymous -> app login, no rights -> 404,
        and a PermissionDenied from inside the admin -> 404 as well, so that a
        beheer page never tells whether an object outside one's scope exists."""

        def inner(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return self._redirect_to_login(request)
            if not self.has_permission(request):
                raise Http404
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied:
                raise Http404 from None

        if not cacheable:
            inner = never_cache(inner)
        if not getattr(view, "csrf_exempt", False):
            inner = csrf_protect(inner)
        return update_wrapper(inner, view)

    def _redirect_to_login(self, request, next_url=None):
        index = reverse("admin:index", current_app=self.name)
        if next_url is None:
            logout_path = reverse("admin:logout", current_app=self.name)
            next_url = index if request.path == logout_path else request.get_full_path()
        return redirect_to_login(next_url or index)

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        """There is no beheer login form: the app's own login does it."""
        if request.user.is_authenticated:
            if self.has_permission(request):
                return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
            raise Http404
        return self._redirect_to_login(request, request.GET.get("next") or "")

    def logout(self, request, extra_context=None):
        """Log out through the app's own logout (POST only; it writes the audit log)."""
        from .views.auth import logout_view

        return logout_view(request)

    def get_urls(self):
        urls = super().get_urls()
        for index, url in enumerate(urls):
            if getattr(url, "name", None) == "view_on_site":
                urls[index] = path(str(url.pattern), self.admin_view(self.view_on_site), name="view_on_site")
        return urls

    def view_on_site(self, request, content_type_id, object_id):
        """Django's "view on site" shortcut, but only for objects in the user's beheer scope."""
        from django.contrib.contenttypes.models import ContentType
        from django.contrib.contenttypes.views import shortcut

        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except (ContentType.DoesNotExist, ValueError):
            raise Http404 from None
        model_admin = self._registry.get(model)
        if (
            model_admin is None
            or not model_admin.has_view_or_change_permission(request)
            or model_admin.get_object(request, unquote(object_id)) is None
        ):
            raise Http404
        return shortcut(request, content_type_id, object_id)
