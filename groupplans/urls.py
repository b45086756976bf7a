from django.urls import path

from .views import defaults, exports, individual, meetings, overview, plans

app_name = "groupplans"

urlpatterns = [
    # The coordinator's overview of all current plans; for others: the plans they may read.
    path("groepsplannen/", overview.plan_overview, name="plan_overview"),
    path("groepsplannen/pdf/", exports.plans_pdf, name="plans_pdf"),
    path("groepsplannen/nieuw/", plans.plan_create, name="plan_create"),
    # The school's organisation per kind of instruction group (coordinator).
    path("groepsplannen/standaarden/", defaults.defaults_list, name="defaults_list"),
    path("groepsplannen/standaarden/<slug:kind>/", defaults.defaults_edit, name="defaults_edit"),
    path("groepsplannen/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("groepsplannen/<int:pk>/fase/<slug:phase>/", plans.plan_phase, name="plan_phase"),
    path("groepsplannen/<int:pk>/afsluiten/", plans.phase_close, name="phase_close"),
    path("groepsplannen/<int:pk>/heropenen/", plans.phase_reopen, name="phase_reopen"),
    path("groepsplannen/<int:pk>/indeling-voorstellen/", plans.grouping_propose, name="grouping_propose"),
    path("groepsplannen/<int:pk>/verplaatsen/", plans.placement_move, name="placement_move"),
    path("groepsplannen/<int:pk>/instructiegroep/", plans.instruction_group_create, name="instruction_group_create"),
    path("groepsplannen/<int:pk>/volgende-periode/", plans.plan_next, name="plan_next"),
    path("groepsplannen/<int:pk>/pdf/", exports.plan_pdf, name="plan_pdf"),
    path("groepsplannen/<int:pk>/weekrooster.pdf", exports.schedule_pdf, name="schedule_pdf"),
    path("instructiegroepen/<int:pk>/", plans.instruction_group_edit, name="instruction_group_edit"),
    path("instructiegroepen/<int:pk>/doel/", plans.goal_create, name="goal_create"),
    path("doelen/<int:pk>/", plans.goal_edit, name="goal_edit"),
    path("doelen/<int:pk>/evaluatie/", plans.goal_evaluate, name="goal_evaluate"),
    # Individual action plans (handelingsplannen)
    path("leerlingen/<int:pk>/handelingsplan/", individual.individual_plan_create, name="individual_plan_create"),
    path("handelingsplannen/<int:pk>/", individual.individual_plan_detail, name="individual_plan_detail"),
    path("handelingsplannen/<int:pk>/wijzigen/", individual.individual_plan_edit, name="individual_plan_edit"),
    path("handelingsplannen/<int:pk>/doel/", individual.individual_goal_create, name="individual_goal_create"),
    path("handelingsplannen/doelen/<int:pk>/", individual.individual_goal_edit, name="individual_goal_edit"),
    path("handelingsplannen/<int:pk>/pdf/", exports.individual_plan_pdf, name="individual_plan_pdf"),
    # Meetings and actions
    path("besprekingen/", meetings.meeting_list, name="meeting_list"),
    path("besprekingen/nieuw/", meetings.meeting_create, name="meeting_create"),
    path("besprekingen/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("besprekingen/<int:pk>/wijzigen/", meetings.meeting_edit, name="meeting_edit"),
    path("acties/", meetings.action_list, name="action_list"),
    path("acties/<int:pk>/gedaan/", meetings.action_toggle, name="action_toggle"),
]
