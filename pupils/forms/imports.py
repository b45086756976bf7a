from pathlib import PurePath

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..imports import UnreadableFile, read
from ..imports.reading import MAX_BYTES, MAX_MEGABYTES, decode, too_large_message
from ..models import ImportBatch

TEXT_EXTENSIONS = {"", ".csv", ".txt", ".tsv"}
SPREADSHEET_EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".ods", ".numbers"}


class ImportUploadForm(forms.Form):
    """Which kind of file, and the file. Valid only when the file can be read as CSV of that kind."""

    kind = forms.ChoiceField(label=gettext_lazy("Wat lees je in?"), widget=forms.RadioSelect)
    file = forms.FileField(
        label=gettext_lazy("CSV-bestand"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Een CSV-bestand uit Excel of het leerlingvolgsysteem, met ; of , als scheidingsteken, "
            "hoogstens %(max)s MB."
        ) % {"max": MAX_MEGABYTES}
        self.fields["kind"].choices = [(value, label) for value, label in ImportBatch.Kind.choices if value in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]
        self.text = None
        self.table = None
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Uploaden en controleren")))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = PurePath(upload.name or "").suffix.lower()
        if extension in SPREADSHEET_EXTENSIONS:
            raise forms.ValidationError(
                _(
                    "Dit is een Excel- of spreadsheetbestand, geen CSV-bestand. Kies in Excel ‘Opslaan als’ en dan "
                    "‘CSV (gescheiden door lijstscheidingsteken)’, en upload dat bestand."
                )
            )
        if extension not in TEXT_EXTENSIONS:
            raise forms.ValidationError(
                _("Alleen CSV-bestanden (.csv) kunnen worden ingelezen, geen ‘%(extension)s’.")
                % {"extension": extension}
            )
        if upload.size > MAX_BYTES:  # refused before a byte is read
            raise forms.ValidationError(too_large_message(upload.size))
        try:
            self.text = decode(upload.read())
        except UnreadableFile as error:
            raise forms.ValidationError(error.message) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.text is not None and cleaned.get("kind"):
            try:
                self.table = read(cleaned["kind"], self.text)
            except UnreadableFile as error:
                self.add_error("file", error.message)
        return cleaned
