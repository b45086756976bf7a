"""What forms offer to choose from: the people of a school and its groups."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q


def school_staff(school, keep=(), roles=None):
    """Users with an active membership of ``school`` (of one of ``roles``, if given), plus ``keep``:
    the people a record already names, which keeps them after they left the school."""
    people = Q(memberships__school=school, memberships__is_active=True)
    if roles is not None:
        people &= Q(memberships__role__in=roles)
    keep = [pk for pk in keep if pk is not None]
    if keep:
        people |= Q(pk__in=keep)
    return get_user_model().objects.filter(people).distinct().order_by("first_name", "last_name", "username")


class GroupChoiceField(forms.ModelChoiceField):
    """A group with its school year, so that last year's Groep 8 is not mistaken for this year's."""

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.school_year.name})"
