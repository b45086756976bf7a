from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PupilsConfig(AppConfig):
    name = "pupils"
    verbose_name = _("Leerlingen")

    def ready(self):
        from schools import startpage

        from . import startpage as start_sections
        from . import timeline_providers  # noqa: F401 - importing registers the pupils app's timeline providers

        for provider in start_sections.PROVIDERS:
            startpage.register(provider)
