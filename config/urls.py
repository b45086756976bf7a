from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from core.health import health

urlpatterns = [
    path("beheer/", admin.site.urls),
    path("taal/", set_language, name="set_language"),
    path("health/", health, name="health"),
    path("", include("schools.urls")),
    path("", include("pupils.urls")),
    path("", include("coaching.urls")),
    path("", include("groupplans.urls")),
    path("", include("conversations.urls")),
    path("", include("reports.urls")),
    path("", include("privacy.urls")),
]
