"""Linda Metcalf's letter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET, DateField

from ..models import Letter
from .common import StartsToday

# The five parts of Linda Metcalf's letter, in order: (field, short guide).
LETTER_PARTS = [
    (
        "compliments",
        _(
            "Begin met wat je waardeert. Noem iets concreets dat je zag of hoorde: wat doet de leerkracht goed, "
            "en waaraan merk je dat? Echte complimenten, geen opmaat naar een 'maar'."
        ),
    ),
    (
        "view_of_situation",
        _(
            "Beschrijf eerlijk en zonder oordeel hoe jij de situatie nu ziet. Schrijf vanuit jezelf ('ik merk', "
            "'ik denk') en erken wat het voor de leerkracht lastig maakt."
        ),
    ),
    (
        "perceived_need",
        _(
            "Wat heeft de leerkracht volgens jou nodig om verder te komen? Houd het klein en haalbaar, en laat "
            "ruimte om je te verbeteren: 'klopt dat?'"
        ),
    ),
    (
        "coach_role",
        _(
            "Zeg wie je in dit traject bent en wie niet: je denkt mee en beoordeelt niet. Wat in de coaching "
            "gezegd wordt, blijft tussen jullie."
        ),
    ),
    (
        "offer",
        _(
            "Doe een concreet aanbod met een eerste kleine stap, en laat de keuze bij de leerkracht: wanneer, "
            "hoe en of hij erop ingaat."
        ),
    ),
]


class LetterForm(StartsToday, forms.ModelForm):
    class Meta:
        model = Letter
        fields = ["date", "compliments", "view_of_situation", "perceived_need", "coach_role", "offer"]
        labels = {
            "date": _("Datum van de brief"),
            "compliments": _("1. Complimenten"),
            "view_of_situation": _("2. Hoe ik de situatie zie"),
            "perceived_need": _("3. Wat ik denk dat je nodig hebt"),
            "coach_role": _("4. Mijn rol"),
            "offer": _("5. Wat ik je aanbied"),
        }
        field_classes = {"date": DateField}
        widgets = {"date": DATE_WIDGET, **{name: forms.Textarea(attrs={"rows": 4}) for name, _guide in LETTER_PARTS}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.start_today()
        for name, guide in LETTER_PARTS:
            self.fields[name].help_text = guide
