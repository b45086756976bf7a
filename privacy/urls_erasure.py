from django.urls import path

from .views import erasure

urlpatterns = [
    path("privacy/leerlingen/<int:pk>/wissen/", erasure.erase_pupil, name="erase_pupil"),
    path("privacy/leerlingen/<int:pk>/gegevens-wissen/", erasure.erase_records, name="erase_records"),
    path(
        "privacy/leerlingen/<int:pk>/gegevens-wissen/<slug:kind>/<int:record>/",
        erasure.erase_record,
        name="erase_record",
    ),
]
