"""The filters of the pupil list, read from the query string. A filter value that does not fit
(another digit script, a group outside the user's scope, a 23-digit number) is ignored, never an error."""

from django import forms

from ..models import CARE_LEVELS


class PupilFilterForm(forms.Form):
    groep = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    zorgniveau = forms.TypedChoiceField(required=False, choices=CARE_LEVELS, coerce=int, empty_value=None)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {group.pk: group for group in groups}
        self.fields["groep"].choices = [(pk, str(group)) for pk, group in self.groups.items()]

    def value(self, name):
        """The filter's value when it fits, else None."""
        self.is_valid()
        return self.cleaned_data.get(name)

    @property
    def group(self):
        return self.groups.get(self.value("groep"))

    @property
    def care_level(self):
        return self.value("zorgniveau")
