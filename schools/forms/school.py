"""Choosing the school one works in."""

from django import forms


class SwitchSchoolForm(forms.Form):
    """The school to work in: one of the user's own schools (anything else is not a choice)."""

    school = forms.TypedChoiceField(coerce=int)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [(m.school_id, m.school.name) for m in memberships]
