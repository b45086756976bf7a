from django.urls import path

from .views import retention

urlpatterns = [
    path("bewaartermijnen/", retention.overview, name="retention"),
    path("bewaartermijnen/termijn/<slug:kind>/", retention.term_edit, name="retention_term"),
    path("bewaartermijnen/leerling/<int:pk>/verlengen/", retention.hold_create, name="retention_hold"),
    path("bewaartermijnen/verlenging/<int:pk>/beeindigen/", retention.hold_end, name="retention_hold_end"),
]
