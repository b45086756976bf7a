from django.contrib.auth import views as auth_views
from django.urls import path

from .views import audit, auth, groups, home

urlpatterns = [
    path("", home.home, name="home"),
    path("school-kiezen/", home.switch_school, name="switch_school"),
    path("groepen/", groups.group_list, name="group_list"),
    path("groepen/<int:pk>/", groups.group_detail, name="group_detail"),
    path("auditlog/", audit.audit_log, name="audit_log"),
    # Authentication
    path("inloggen/", auth.LoginView.as_view(), name="login"),
    path("inloggen/code/", auth.login_code, name="login_code"),
    path("uitloggen/", auth.logout_view, name="logout"),
    path("wachtwoord/wijzigen/", auth.PasswordChangeView.as_view(), name="password_change"),
    path(
        "wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "wachtwoord/vergeten/",
        auth.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "wachtwoord/vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "wachtwoord/herstellen/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord/hersteld/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("tweestapsverificatie/", auth.two_factor_setup, name="two_factor_setup"),
    path("tweestapsverificatie/uitzetten/", auth.two_factor_disable, name="two_factor_disable"),
]
