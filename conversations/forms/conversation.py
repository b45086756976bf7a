"""Forms of one conversation: planning or changing it (who, when, which model) and the
listener's own notes per step.

The leader and the note-taker always take part, so they are added to the staff; a staff
member is in at most one conversation at a time (``availability.staff_conflicts``), which the
form checks for planned and held conversations and reports in Dutch. Changing a conversation and
one's own notes carry the version the user started from (``core.editguard``).
"""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.editguard import GuardedForm, VersionField
from core.forms import DateField, IdsField, TimeField
from schools.choices import school_staff
from schools.models import Role

from .. import availability
from ..models import TEXT_MAX, Conversation, ConversationModel, Relation
from .guarded import bounded

User = get_user_model()
NOTE_MAX = TEXT_MAX
STAFF_ROLES = (Role.COORDINATOR, Role.TEACHER, Role.REMEDIAL, Role.MANAGEMENT)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class PeopleChoiceField(IdsField):
    def label_from_instance(self, obj):
        return str(obj)


class ConversationForm(forms.ModelForm):
    """Plan a conversation about one pupil (the instance carries the pupil)."""

    date = DateField(label=_("Datum"), error_messages={"required": _("Vul de datum in.")})
    time = TimeField(label=_("Begintijd"), error_messages={"required": _("Vul de begintijd in.")})
    guardians = forms.MultipleChoiceField(
        label=_("Ouders of verzorgers"),
        choices=Relation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Wie van thuis is erbij?"),
        error_messages={"invalid_choice": _("Kies ouders of verzorgers uit de lijst.")},
    )

    class Meta:
        model = Conversation
        fields = [
            "kind",
            "conversation_model",
            "duration_minutes",
            "leader",
            "note_taker",
            "staff",
            "pupil_present",
            "guardians",
            "purpose",
        ]
        field_classes = {"leader": PersonChoiceField, "note_taker": PersonChoiceField, "staff": PeopleChoiceField}
        widgets = {
            "staff": forms.CheckboxSelectMultiple,
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"pupil_present": _("Het kind is erbij")}
        help_texts = {
            "staff": _("De gespreksleider en de notulist horen er altijd bij."),
            "note_taker": _("Iemand anders dan de gespreksleider; beiden houden hun eigen aantekeningen bij."),
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        existing = instance.pk is not None
        self.fields["conversation_model"].empty_label = None
        if not existing:
            if not instance.conversation_model_id:
                default = ConversationModel.default()
                if default is not None and not self.initial.get("conversation_model"):
                    # Not setdefault: a new instance's initial already holds conversation_model=None.
                    self.initial["conversation_model"] = default.pk
        if instance.starts_at:
            local = timezone.localtime(instance.starts_at)
            self.initial.setdefault("date", local.date())
            self.initial.setdefault("time", local.time().replace(second=0, microsecond=0))
        current = [instance.leader_id, instance.note_taker_id]
        if existing:
            current += list(instance.staff.values_list("pk", flat=True))
        bounded(self.fields["duration_minutes"], 5, 240)
        staff = school_staff(school, current, roles=STAFF_ROLES)
        for name in ("leader", "note_taker", "staff"):
            self.fields[name].queryset = staff
        self.fields["leader"].error_messages["invalid_choice"] = _("Kies iemand van deze school.")
        self.fields["leader"].error_messages["required"] = _("Kies wie het gesprek leidt.")
        self.fields["note_taker"].error_messages["invalid_choice"] = _("Kies iemand van deze school.")
        self.fields["staff"].error_messages["invalid_choice"] = _("Kies deelnemers van deze school.")
        self.fields["staff"].error_messages["invalid_pk_value"] = _("Kies deelnemers van deze school.")
        self.fields["staff"].required = False
        self.fields["kind"].error_messages["required"] = _("Kies de soort gesprek.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*self.layout_parts())

    def layout_parts(self):
        return [
            Fieldset(
                _("Het gesprek"),
                "kind",
                "conversation_model",
                Div(
                    Div(Field("date"), css_class="col-sm-4"),
                    Div(Field("time"), css_class="col-sm-4"),
                    Div(Field("duration_minutes"), css_class="col-sm-4"),
                    css_class="row",
                ),
            ),
            Fieldset(_("Wie doet er mee?"), "leader", "note_taker", "staff", "pupil_present", "guardians"),
            Fieldset(_("Voorbereiding"), "purpose"),
        ]

    def clean_conversation_model(self):
        model = self.cleaned_data["conversation_model"]
        instance = self.instance
        if instance.pk and model.pk != instance.conversation_model_id and instance.notes.exists():
            raise ValidationError(
                _("Er zijn al aantekeningen per stap gemaakt; daarom kan het gespreksmodel niet meer veranderen.")
            )
        return model

    def status(self):
        return self.instance.status

    def clean(self):
        cleaned = super().clean()
        leader, note_taker = cleaned.get("leader"), cleaned.get("note_taker")
        if leader is not None and note_taker is not None and leader.pk == note_taker.pk:
            self.add_error("note_taker", _("De notulist moet iemand anders zijn dan de gespreksleider."))
        date, time, duration = cleaned.get("date"), cleaned.get("time"), cleaned.get("duration_minutes")
        if date is None or time is None:
            return cleaned
        starts_at = timezone.make_aware(datetime.datetime.combine(date, time))
        cleaned["starts_at"] = starts_at
        self.instance.starts_at = starts_at
        if duration is None or self.errors:
            return cleaned
        ends_at = starts_at + datetime.timedelta(minutes=duration)
        people = {user.pk: user for user in cleaned.get("staff") or []}
        for person in (leader, note_taker):
            if person is not None:
                people[person.pk] = person
        # The leader and the note-taker always take part: the staff saved with the conversation holds them.
        cleaned["staff"] = list(people.values())
        if self.status() in availability.TIME_HOLDING:
            exclude = [self.instance.pk] if self.instance.pk else []
            for message in availability.staff_conflicts(people.values(), starts_at, ends_at, exclude_ids=exclude):
                self.add_error(None, message)
        return cleaned

    def save(self, commit=True):
        self.instance.starts_at = self.cleaned_data["starts_at"]
        return super().save(commit=commit)


class ConversationEditForm(ConversationForm, GuardedForm):
    """Change a conversation: also its status and summary. ``version`` (core.editguard) guards
    against overwriting a colleague's change: the service claims it before saving."""

    class Meta(ConversationForm.Meta):
        fields = [*ConversationForm.Meta.fields, "status", "summary"]
        widgets = {**ConversationForm.Meta.widgets, "summary": forms.Textarea(attrs={"rows": 5})}

    def layout_parts(self):
        return [
            *super().layout_parts(),
            Fieldset(_("Afloop"), "status", "summary"),
            Field("version"),
        ]

    def status(self):
        return self.cleaned_data.get("status") or self.instance.status


def conflict_displays(conversation):
    """How the conflict box shows the stored fields the model does not hold as such (core.editguard.refused)."""
    local = timezone.localtime(conversation.starts_at)
    return {
        "date": date_format(local, "d-m-Y"),
        "time": local.strftime("%H:%M"),
        "guardians": ", ".join(conversation.guardian_labels()) or "–",
    }


class NotesForm(forms.Form):
    """The current user's own note per step of the conversation's model: a text field per step, and
    the version of her note she started from (0: she had none yet), hidden."""

    def __init__(self, *args, steps, own_notes, **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = list(steps)
        for step in self.steps:
            note = own_notes.get(step.pk)
            self.fields[self.field_name(step)] = forms.CharField(
                label=step.title,
                required=False,
                initial=note.text if note else "",
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=NOTE_MAX,
                error_messages={"max_length": _("Deze aantekening is te lang (hoogstens %(limit_value)d tekens).")},
            )
            self.fields[self.version_name(step)] = VersionField(initial=note.version if note else 0)

    @staticmethod
    def field_name(step):
        return f"stap_{step.pk}"

    @staticmethod
    def version_name(step):
        return f"versie_{step.pk}"

    def text_for(self, step):
        return self.cleaned_data.get(self.field_name(step), "").strip()

    def version_for(self, step):
        """The version of her own note the user started from; 0 when she had none."""
        return self.cleaned_data[self.version_name(step)]

    def texts(self):
        """{step: (text, version she started from)} for every step: what ``services.save_own_notes`` writes."""
        return {step: (self.text_for(step), self.version_for(step)) for step in self.steps}

    def clean(self):
        cleaned = super().clean()
        if any(self.version_name(step) in self.errors for step in self.steps):
            raise ValidationError(_("Laad de pagina opnieuw en probeer het nog eens."))
        return cleaned

    def hidden_versions(self):
        return [self[self.version_name(step)] for step in self.steps]
