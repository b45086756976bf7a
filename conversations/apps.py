from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "conversations"
    verbose_name = _("Gesprekken")

    def ready(self):
        from pupils import timeline

        from . import timeline_providers

        for provider in timeline_providers.PROVIDERS:
            timeline.register(provider)
        from schools import startpage

        from . import startpage as start_sections

        for provider in start_sections.PROVIDERS:
            startpage.register(provider)
