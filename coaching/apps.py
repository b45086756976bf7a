from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = _("Coaching")

    def ready(self):
        from schools import startpage

        from . import startpage as start_sections

        for provider in start_sections.PROVIDERS:
            startpage.register(provider)
