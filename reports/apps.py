from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Rapportages")

    def ready(self):
        from schools import startpage

        from . import startpage as start_sections

        for provider in start_sections.PROVIDERS:
            startpage.register(provider)
