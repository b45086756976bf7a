"""Forms of meetings (groepsbespreking, leerlingbespreking, zorgteamoverleg) and the
actions they produce, each with an owner and a due date."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.editguard import GuardedForm
from core.forms import DATE_WIDGET, BaseInlineFormSet, DateField, IdsField, table_helper
from pupils.picker import PupilsField, pickable_pupils
from schools import access
from schools.choices import GroupChoiceField, school_staff
from schools.models import Group

from ..models import Action, Meeting

User = get_user_model()
# The name groupplans.forms exports: the pupils of this school year, chosen by search (pupils.picker).
PupilChoiceField = PupilsField


class MeetingForm(GuardedForm):
    class Meta:
        model = Meeting
        fields = ["kind", "date", "group", "participants", "pupils", "notes", "decisions"]
        field_classes = {"date": DateField, "group": GroupChoiceField, "participants": IdsField, "pupils": PupilsField}
        widgets = {
            "date": DATE_WIDGET,
            "participants": forms.SelectMultiple(attrs={"size": 8}),
            "notes": forms.Textarea(attrs={"rows": 6}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "group": _("Leeg laten bij een bespreking die niet over één groep gaat."),
            "participants": _("Houd Ctrl (of Cmd) ingedrukt om meer mensen te kiezen."),
            "pupils": _(
                "Typ een deel van de naam en kies de leerling; de groep staat erachter. "
                "Alleen leerlingen van dit schooljaar."
            ),
        }

    def __init__(self, *args, school, user, **kwargs):
        super().__init__(*args, **kwargs)
        existing = self.instance.pk is not None
        if not existing:
            if not self.initial.get("date"):
                self.initial["date"] = timezone.localdate()
            # Not setdefault: a new meeting's initial already holds participants=[] (model_to_dict).
            if not self.initial.get("participants"):
                self.initial["participants"] = [user.pk]
        current_people = list(self.instance.participants.values_list("pk", flat=True)) if existing else []
        current_pupils = list(self.instance.pupils.values_list("pk", flat=True)) if existing else []

        # Only this school year's groups: a meeting is held now. An older meeting keeps its own group.
        visible = Q(pk__in=access.groups(user, school).values("pk")) & Q(school_year=school.current_year())
        if self.instance.group_id:
            visible |= Q(pk=self.instance.group_id)
        self.fields["group"].queryset = (
            Group.objects.filter(visible)
            .select_related("school_year")
            .order_by("-school_year__start_date", "year_level_low", "name")
        )
        self.fields["group"].error_messages["invalid_choice"] = _("Kies een groep van dit schooljaar.")
        self.fields["participants"].queryset = school_staff(school, current_people)
        self.fields["pupils"].queryset = pickable_pupils(user, school, keep=current_pupils)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "version",
            Fieldset(_("De bespreking"), "kind", "date", "group", "participants", "pupils"),
            Fieldset(_("Verslag"), Field("notes"), Field("decisions")),
        )


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["text", "owner", "due_date"]
        field_classes = {"due_date": DateField}
        widgets = {"due_date": DATE_WIDGET}
        labels = {"owner": _("Wie"), "due_date": _("Uiterlijk op")}

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = school_staff(school, [self.instance.owner_id] if self.instance.pk else [])
        owner.error_messages["invalid_choice"] = _("Kies iemand van deze school.")


class ActionFormSetBase(BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = table_helper(_("Actie"))


ActionFormSet = inlineformset_factory(
    Meeting,
    Action,
    form=ActionForm,
    formset=ActionFormSetBase,
    extra=3,
    can_delete=True,
    max_num=50,
    validate_max=True,
)
