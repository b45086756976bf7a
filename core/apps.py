from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Basis")

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import datacache

        # Every write raises the generation of the figures cache (core.datacache).
        connection_created.connect(datacache.install, dispatch_uid="core.datacache.install")
