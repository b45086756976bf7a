"""Forms of conversation rounds: the round with its days, and moving one slot by hand.

Both carry the version the user started from (``core.editguard``): the round's for the round and its
days, the conversation's for a moved slot.
"""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.editguard import GuardedForm, VersionField
from core.forms import DATE_WIDGET, TIME_WIDGET, BaseInlineFormSet, DateField, IdsField, TimeField, table_helper
from schools import access
from schools.choices import GroupChoiceField, school_staff
from schools.models import Group, Role

from ..availability import TIME_HOLDING
from ..models import Conversation, ConversationModel, Round, RoundDay
from ..scheduling import check_move
from .guarded import bounded

STAFF_ROLES = (Role.COORDINATOR, Role.TEACHER, Role.REMEDIAL)
User = get_user_model()


class RoundForm(GuardedForm):
    class Meta:
        model = Round
        fields = [
            "group",
            "kind",
            "name",
            "conversation_model",
            "slot_minutes",
            "mode",
            "staff",
            "leader",
            "pupil_invited",
            "purpose",
            "location",
        ]
        field_classes = {"group": GroupChoiceField, "staff": IdsField}
        widgets = {
            "staff": forms.SelectMultiple(attrs={"size": 6}),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "mode": forms.RadioSelect,
        }
        help_texts = {
            "staff": _("Houd Ctrl (of Cmd) ingedrukt om meer mensen te kiezen."),
            "name": _("Bijvoorbeeld: startgesprekken groep 8."),
        }

    def __init__(self, *args, school, user, **kwargs):
        super().__init__(*args, **kwargs)
        existing = self.instance.pk is not None
        groups = access.editable_groups(user, school).order_by("year_level_low", "name")
        self.fields["group"].queryset = groups
        self.fields["group"].error_messages["invalid_choice"] = _("Kies een groep die je mag plannen.")
        if existing and self.instance.conversations.exists():
            # The schedule belongs to this group's pupils: another group would leave it behind.
            self.fields["group"].disabled = True
            self.fields["group"].queryset = Group.objects.filter(pk=self.instance.group_id).select_related(
                "school_year"
            )
            self.fields["group"].help_text = _("Er zijn al gesprekken gepland; de groep ligt daarom vast.")
        if not existing:
            defaults = {"conversation_model": ConversationModel.default(), "staff": [user.pk], "leader": user.pk}
            for name, value in defaults.items():
                if not self.initial.get(name):
                    self.initial[name] = value
        current = list(self.instance.staff.values_list("pk", flat=True)) if existing else []
        staff = school_staff(school, roles=STAFF_ROLES, keep=current + [self.instance.leader_id])
        self.fields["staff"].queryset = staff
        self.fields["staff"].error_messages["invalid_choice"] = _("Kies mensen van deze school.")
        self.fields["staff"].error_messages["invalid_pk_value"] = _("Kies mensen van deze school.")
        bounded(self.fields["slot_minutes"], 5, 60)
        self.fields["leader"].queryset = staff
        self.fields["leader"].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("De ronde"), "group", "kind", "name", "conversation_model", "slot_minutes"),
            Fieldset(_("Wie voert de gesprekken?"), "mode", "staff", "leader", "pupil_invited"),
            Fieldset(_("Voor de uitnodigingsbrief"), Field("purpose"), "location"),
            Field("version"),
        )

    def clean(self):
        cleaned = super().clean()
        staff, leader = cleaned.get("staff"), cleaned.get("leader")
        if staff is not None and leader is not None and leader not in staff:
            self.add_error("leader", _("De gespreksleider moet een van de gekozen deelnemers zijn."))
        return cleaned


class RoundDayForm(forms.ModelForm):
    class Meta:
        model = RoundDay
        fields = ["date", "start_time", "end_time", "breaks"]
        field_classes = {"date": DateField, "start_time": TimeField, "end_time": TimeField}
        widgets = {"date": DATE_WIDGET, "start_time": TIME_WIDGET, "end_time": TIME_WIDGET}


class RoundDayFormSetBase(BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = table_helper(_("Dag"))

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]
        if not kept:
            raise forms.ValidationError(_("Voeg minstens één gespreksdag toe, met datum, begin- en eindtijd."))
        # A day that still holds conversations may not disappear or move to another date.
        for form in self.forms:
            day = form.instance
            if not day.pk:
                continue
            gone = self.can_delete and self._should_delete_form(form)
            if not gone and "date" not in form.changed_data:
                continue
            old_date = form.initial.get("date") or day.date
            if self._conversations_on(old_date):
                raise forms.ValidationError(
                    _("Op %(date)s staan nog gesprekken gepland. Verplaats die eerst, dan kan deze dag weg.")
                    % {"date": date_format(old_date, "j F Y")}
                )

    def _conversations_on(self, date):
        start = timezone.make_aware(datetime.datetime.combine(date, datetime.time.min))
        return Conversation.objects.filter(
            round=self.instance,
            status__in=TIME_HOLDING,
            starts_at__gte=start,
            starts_at__lt=start + datetime.timedelta(days=1),
        ).exists()


RoundDayFormSet = inlineformset_factory(
    Round,
    RoundDay,
    form=RoundDayForm,
    formset=RoundDayFormSetBase,
    extra=2,
    can_delete=True,
    max_num=20,
    validate_max=True,
)


class SlotMoveForm(forms.Form):
    date = DateField(label=_("Datum"))
    time = TimeField(label=_("Begintijd"))
    version = VersionField()
    member = forms.ModelChoiceField(
        label=_("Bij wie"),
        queryset=User.objects.none(),
        help_text=_("In deze ronde voert elk van de deelnemers eigen gesprekken."),
    )

    def __init__(self, *args, conversation, **kwargs):
        self.conversation = conversation
        round_ = conversation.round
        local = timezone.localtime(conversation.starts_at)
        kwargs.setdefault(
            "initial",
            {
                "date": local.date(),
                "time": local.time(),
                "member": conversation.leader_id,
                "version": conversation.version,
            },
        )
        super().__init__(*args, **kwargs)
        self.split = round_.mode == Round.Mode.SPLIT
        if self.split:
            self.fields["member"].queryset = round_.staff.order_by("first_name", "last_name")
            self.fields["member"].error_messages["invalid_choice"] = _("Kies een van de deelnemers van deze ronde.")
        else:
            del self.fields["member"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def staff(self):
        """Who will sit in the moved conversation."""
        if self.split:
            return [self.cleaned_data["member"]]
        people = list(self.conversation.staff.all())
        ids = {user.pk for user in people}
        extra = [pk for pk in (self.conversation.leader_id, self.conversation.note_taker_id) if pk and pk not in ids]
        return people + list(User.objects.filter(pk__in=extra))

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            starts_at = timezone.make_aware(datetime.datetime.combine(cleaned["date"], cleaned["time"]))
        except (ValueError, OverflowError):
            raise forms.ValidationError(_("Deze datum en tijd bestaan niet.")) from None
        for message in check_move(self.conversation, starts_at, self.staff()):
            self.add_error(None, message)
        cleaned["starts_at"] = starts_at
        return cleaned
