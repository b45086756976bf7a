from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import ManagementForm
from django.utils.functional import cached_property

from .widgets import DateField, DateInput, TimeField, TimeInput  # noqa: F401 (DateField, TimeField: for forms)

# More forms than any page of this product shows in one formset.
MAX_FORMS = 1000


def posted(request):
    """The form data of a POST, else None.

    Not ``request.POST or None``: an empty POST is falsy, and the form would then
    stay unbound and show no errors instead of refusing the empty submission.
    """
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None


# Dates and times as text written the Dutch way (dd-mm-jjjj, uu:mm), whatever the browser's language
# (core.widgets). A form's date field gets the Dutch error too through ``DateField``/``TimeField``
# (``field_classes = {"date": DateField}`` in a model form's Meta).
DATE_WIDGET = DateInput()
TIME_WIDGET = TimeInput()


def table_helper(row_noun=None):
    """Crispy helper for a formset shown as one table inside the page's own <form>.

    ``row_noun`` names a row ("Actie"): each row is headed "Actie 2" and each field is labelled "Actie 2:
    eigenaar" for a screen reader (templates/bootstrap5/table_inline_formset.html); "Regel" when not given."""
    from crispy_forms.helper import FormHelper

    helper = FormHelper()
    helper.row_noun = row_noun
    helper.form_tag = False
    helper.disable_csrf = True
    helper.template = "bootstrap5/table_inline_formset.html"
    return helper


# The largest id a form accepts: the database's ids are 64-bit; beyond, SQLite overflows.
MAX_ID = 10**18


def as_id(value, minimum=1, maximum=MAX_ID):
    """A posted number read as a form field reads it (never ``isdigit()``, which takes "²"), or None."""
    try:
        return forms.IntegerField(min_value=minimum, max_value=maximum).clean(value)
    except ValidationError:
        return None


class BoundedManagementForm(ManagementForm):
    """A formset's form counts as numbers a page can really hold: a negative or huge count sent by
    hand makes the management form invalid (the formset refuses the post) instead of a 500."""

    TOTAL_FORMS = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_FORMS)
    INITIAL_FORMS = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_FORMS)


class BoundedFormSetMixin:
    """Mix into every formset (before Django's base class): its management form is validated."""

    @cached_property
    def management_form(self):
        if not self.is_bound:
            return super().management_form
        form = BoundedManagementForm(self.data, auto_id=self.auto_id, prefix=self.prefix, renderer=self.renderer)
        form.full_clean()
        return form


class BaseFormSet(BoundedFormSetMixin, forms.BaseFormSet):
    pass


class BaseModelFormSet(BoundedFormSetMixin, forms.BaseModelFormSet):
    pass


class BaseInlineFormSet(BoundedFormSetMixin, forms.BaseInlineFormSet):
    pass


class IdsField(forms.ModelMultipleChoiceField):
    """A multi-select of records (participants, pupils, staff): a value that cannot be an id at all
    (other digits, more digits than the database holds) is an invalid choice, never a database error."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                if as_id(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": str(pk)}
                    )
        return super()._check_values(value)
