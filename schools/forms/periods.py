"""Choosing a period: what is written now is about this school year."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Period


def this_years_periods(form, school, name="period"):
    """Limit the form's period field to this school year's periods, with the period that holds today
    chosen for a new record. A record that already names an older period keeps it as a choice; any
    other period gets a Dutch error, not a 500."""
    field, instance = form.fields[name], form.instance
    periods = Q(school_year=school.current_year())
    if getattr(instance, f"{name}_id", None):
        periods |= Q(pk=getattr(instance, f"{name}_id"))
    field.queryset = (
        Period.objects.filter(periods, school_year__school=school)
        .select_related("school_year")
        .order_by("-school_year__start_date", "start_date")
    )
    field.error_messages["invalid_choice"] = _("Kies een periode van dit schooljaar.")
    if instance.pk is None and not form.initial.get(name):
        today = timezone.localdate()
        now = field.queryset.filter(start_date__lte=today, end_date__gte=today).first()
        if now is not None:
            form.initial[name] = now.pk
