from django.urls import path

from .views import sessions, trajectories

app_name = "coaching"

urlpatterns = [
    path("coaching/", trajectories.trajectory_list, name="trajectory_list"),
    path("coaching/nieuw/", trajectories.trajectory_create, name="trajectory_create"),
    path("coaching/<int:pk>/", trajectories.trajectory_detail, name="trajectory_detail"),
    path("coaching/<int:pk>/wijzigen/", trajectories.trajectory_edit, name="trajectory_edit"),
    path("coaching/<int:pk>/werkrelatie/", trajectories.assessment_create, name="assessment_create"),
    path("coaching/werkrelatie/<int:pk>/delen/", trajectories.assessment_share, name="assessment_share"),
    path("coaching/<int:pk>/reflectie/", trajectories.reflection_create, name="reflection_create"),
    path("coaching/<int:pk>/pdf/", sessions.trajectory_pdf, name="trajectory_pdf"),
    path("coaching/<int:pk>/gesprek/", sessions.session_create, name="session_create"),
    path("coaching/gesprekken/<int:pk>/", sessions.session_edit, name="session_edit"),
    path("coaching/<int:pk>/klassenbezoek/", sessions.visit_create, name="visit_create"),
    path("coaching/<int:pk>/brief/", sessions.letter_create, name="letter_create"),
    path("coaching/brieven/<int:pk>/pdf/", sessions.letter_pdf, name="letter_pdf"),
]
