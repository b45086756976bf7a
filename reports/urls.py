from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("rapportage/", views.dashboard, name="dashboard"),
    path("rapportage/ambities/", views.targets, name="targets"),
    path("rapportage/halfjaar/nieuw/", views.report_start, name="report_start"),
    path("rapportage/halfjaar/<int:pk>/", views.report_detail, name="report_detail"),
    path("rapportage/halfjaar/<int:pk>/afronden/", views.report_finalize, name="report_finalize"),
    path("rapportage/halfjaar/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("rapportage/halfjaar/<int:pk>/<slug:section>/", views.report_text, name="report_text"),
]
