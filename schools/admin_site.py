from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext_lazy as _

from . import access


class BeheerSite(admin.AdminSite):
    """Django admin as the beheer screens of a school.

    Entry is by membership (superuser or a school's admin role), not by the
    is_staff flag, and logging in goes through the app's own login, so the
    throttling and two-step verification cannot be bypassed via /beheer/.
    """

    site_header = _("Wat Helpt – beheer")
    site_title = _("Wat Helpt beheer")
    index_title = _("Beheer van je school")

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_authenticated and access.admin_schools(user).exists()

    def login(self, request, extra_context=None):
        return redirect_to_login(request.GET.get("next") or request.path)
