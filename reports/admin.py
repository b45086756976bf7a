"""The inspectorate's signaleringswaarden are installation-wide data: only the functional administrator
(superuser) edits them, as the test instruments (pupils/admin.py)."""

from django.contrib import admin

from pupils.admin import SuperuserOnlyAdmin

from .models import Threshold


@admin.register(Threshold)
class ThresholdAdmin(SuperuserOnlyAdmin):
    list_display = ["weging_from", "share_1f", "share_1s2f"]
