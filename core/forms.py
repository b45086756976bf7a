from django import forms


def posted(request):
    """The form data of a POST, else None.

    Not ``request.POST or None``: an empty POST is falsy, and the form would then
    stay unbound and show no errors instead of refusing the empty submission.
    """
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None


# The browser's own date and time pickers; the value format they send and expect.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def table_helper():
    """Crispy helper for a formset shown as one table inside the page's own <form>."""
    from crispy_forms.helper import FormHelper

    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.template = "bootstrap5/table_inline_formset.html"
    return helper
