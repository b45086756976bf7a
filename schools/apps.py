from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    default = True
    name = "schools"
    verbose_name = _("Scholen")

    def ready(self):
        from . import startpage

        startpage.register(startpage.admin_attention)


class BeheerAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "schools.admin_site.BeheerSite"
