from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from schools import demo
from schools.models import Group, School, User


class Command(BaseCommand):
    help = _("Laadt de fictieve demoschool (gebruikers met wachtwoord 'demo'). Doet niets als die er al is.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help=_("Verwijder de demoscholen eerst en bouw ze opnieuw.")
        )

    def handle(self, *args, reset=False, **options):
        if reset:
            self._remove()
        if demo.exists():
            self.stdout.write(_("De demoschool bestaat al."))
        else:
            demo.build()
            self.stdout.write(self.style.SUCCESS(_("Demoschool geladen.")))
        self.stdout.write("")
        self.stdout.write(_("Log in op http://127.0.0.1:8000 met wachtwoord 'demo' als:"))
        for username in demo.DEMO_LOGINS:
            user = User.objects.get(username=username)
            roles = ", ".join(f"{m.get_role_display()} ({m.school})" for m in user.memberships.select_related("school"))
            self.stdout.write(f"  {username:<16} {roles}")

    def _remove(self):
        from django.apps import apps

        schools = School.objects.filter(name__in=[demo.MAIN_SCHOOL, demo.SECOND_SCHOOL])
        # Everything the apps above schools keep per school (pupils, trajectories, ...) goes
        # first: those models protect their school from being deleted under them.
        for model in apps.get_models():
            field = next((f for f in model._meta.fields if f.name == "school" and f.related_model is School), None)
            if field is not None and model._meta.app_label != "schools":
                model.objects.filter(school__in=schools).delete()
        for model in apps.get_models():  # then what hangs on the schools' groups (group plans)
            field = next((f for f in model._meta.fields if f.name == "group" and f.related_model is Group), None)
            if field is not None and model._meta.app_label != "schools":
                model.objects.filter(group__school_year__school__in=schools).delete()
        for school in schools:
            for year in school.school_years.all():
                year.groups.all().delete()
        schools.delete()
        User.objects.filter(username__in=[account[0] for account in demo.ACCOUNTS]).delete()
