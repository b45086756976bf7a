"""Forms refuse input no page can send, instead of answering with a 500."""

import pytest
from django import forms

from core.forms import BaseFormSet, IdsField
from schools.models import User


class Line(forms.Form):
    text = forms.CharField()


Lines = forms.formset_factory(Line, formset=BaseFormSet)


@pytest.mark.parametrize("total,initial", [("-1", "0"), ("1", "-1"), ("100000", "0"), ("²", "0"), ("1" * 23, "0")])
def test_a_formset_with_impossible_counts_is_invalid(total, initial):
    formset = Lines({"form-TOTAL_FORMS": total, "form-INITIAL_FORMS": initial, "form-0-text": "x"})
    assert not formset.is_valid()
    assert formset.non_form_errors()


def test_a_formset_with_sane_counts_is_valid():
    assert Lines({"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-text": "x"}).is_valid()


@pytest.mark.parametrize("value", ["1" * 23, "²", "٣", "-1", "abc"])
def test_ids_that_cannot_be_ids_are_an_invalid_choice(db, value):
    field = IdsField(queryset=User.objects.all())
    with pytest.raises(forms.ValidationError):
        field.clean([value])


def test_ids_field_takes_real_ids(db):
    user = User.objects.create(username="a")
    assert list(IdsField(queryset=User.objects.all()).clean([str(user.pk)])) == [user]
