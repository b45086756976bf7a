"""A coaching session: 4SFC, scaling, new agreements and the follow-up of earlier ones."""

from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core import editguard
from core.forms import DATE_WIDGET, MAX_FORMS, BaseFormSet, DateField, as_id

from ..models import Agreement, GoalOwner, Session, SolutionSource
from .common import StartsToday, bootstrap

SCALE_MESSAGE = _("Kies een cijfer van 0 tot en met 10.")


class SessionForm(StartsToday, editguard.GuardedForm):
    # Not the model field's own form field: its range errors are Django's generic ones.
    scaling = forms.IntegerField(
        label=_("Schaalvraag (0-10)"),
        required=False,
        min_value=0,
        max_value=10,
        error_messages={"min_value": SCALE_MESSAGE, "max_value": SCALE_MESSAGE, "invalid": SCALE_MESSAGE},
        widget=forms.NumberInput(attrs={"min": 0, "max": 10, "step": 1}),
        help_text=_(
            "Op een schaal van 0 tot 10: waar staat de leerkracht nu, volgens hemzelf? Laat leeg als je de vraag "
            "niet stelde."
        ),
    )

    class Meta:
        model = Session
        fields = [
            "date",
            "notes",
            "goal_owner",
            "solution_source",
            "scaling",
            "one_point_higher",
            "compliments",
            "learning_moments",
        ]
        labels = {
            "date": _("Datum"),
            "notes": _("Aantekeningen"),
            "goal_owner": _("Wiens doelen staan centraal?"),
            "solution_source": _("Waar komen de oplossingen vandaan?"),
            "one_point_higher": _("Wat zou één punt hoger zijn?"),
            "compliments": _("Gegeven complimenten"),
            "learning_moments": _("Leermomenten"),
        }
        help_texts = {
            "notes": _("Vrije aantekeningen van het gesprek."),
            "goal_owner": _(
                "Werk je aan wat de leerkracht zelf wil bereiken, of aan een doel van de school (bijvoorbeeld "
                "het mandaat van de directie)?"
            ),
            "solution_source": _(
                "Zoekt de leerkracht de oplossing zelf, met jouw vragen, of komt die van buiten: van jou als "
                "expert, uit theorie of een methode?"
            ),
            "one_point_higher": _("In de woorden van de leerkracht: wat doet hij anders als het één punt hoger is?"),
            "compliments": _("Welke complimenten gaf je, en waarvoor?"),
            "learning_moments": _("Eén leermoment per regel: wat de leerkracht in dit gesprek ontdekte."),
        }
        field_classes = {"date": DateField}
        widgets = {
            "date": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 5}),
            "goal_owner": forms.RadioSelect,
            "solution_source": forms.RadioSelect,
            "one_point_higher": forms.Textarea(attrs={"rows": 2}),
            "compliments": forms.Textarea(attrs={"rows": 2}),
            "learning_moments": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.start_today()
        # Radio buttons without Django's blank "---------" choice: both questions need an answer.
        self.fields["goal_owner"].choices = GoalOwner.choices
        self.fields["solution_source"].choices = SolutionSource.choices
        self.helper = FormHelper()
        self.helper.form_tag = False  # one <form> around this form and its agreement formsets
        self.helper.disable_csrf = True  # the page's <form> holds the token


class NewAgreementForm(forms.Form):
    """One new agreement made in this session. An untouched row is skipped."""

    text = forms.CharField(label=_("Afspraak"), max_length=300)
    owner = forms.ChoiceField(label=_("Wie"), choices=Agreement.Owner.choices, initial=Agreement.Owner.COACHEE)
    due_date = DateField(label=_("Uiterlijk op"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class BaseNewAgreementFormSet(BaseFormSet):
    # How the error summary names a row (core/templatetags/error_summary.py), as its label does.
    row_noun = _("Nieuwe afspraak")


NewAgreementFormSet = forms.formset_factory(
    NewAgreementForm, formset=BaseNewAgreementFormSet, extra=3, max_num=20, absolute_max=20, validate_max=True
)


def check_due_dates(session_date, new_agreements):
    """An agreement is due after the session that makes it. False (with the errors on the rows) when one is not."""
    valid = True
    for agreement_form in new_agreements:
        due = agreement_form.cleaned_data.get("due_date")
        if due and due < session_date:
            agreement_form.add_error("due_date", _("Deze datum ligt vóór het gesprek waarin je de afspraak maakt."))
            valid = False
    return valid


def followable_agreements(trajectory, session):
    """Agreements this session can follow up: the open ones of earlier sessions of the same trajectory, and (when
    editing) those this session already checked. Both the agreement and its session must belong to ``trajectory``."""
    qs = trajectory_agreements(trajectory, session)
    if session.pk is None:
        return qs.filter(follow_up=Agreement.FollowUp.OPEN)
    earlier = Q(session__date__lt=session.date) | Q(session__date=session.date, session_id__lt=session.pk)
    return qs.filter(earlier).filter(Q(follow_up=Agreement.FollowUp.OPEN) | Q(checked_in=session))


def trajectory_agreements(trajectory, session):
    """Every agreement of ``trajectory`` made in another session: what a follow-up row may name."""
    qs = Agreement.objects.filter(trajectory=trajectory, session__trajectory=trajectory).select_related(
        "session", "checked_in"
    )
    if session.pk is not None:
        qs = qs.exclude(session=session)
    return qs.order_by("session__date", "session_id", "id")


class FollowUpForm(forms.Form):
    """Has an earlier agreement been kept? The row carries what the user saw (``seen``, ``version``): a row she
    left as it was changes nothing, and a change on an agreement someone else followed up meanwhile is refused
    (core.editguard) instead of overwriting theirs."""

    agreement = forms.ModelChoiceField(
        queryset=Agreement.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("Deze afspraak hoort niet bij dit traject of is al eerder besproken."),
            "required": _("Geef aan om welke afspraak het gaat."),
        },
    )
    follow_up = forms.ChoiceField(label=_("Nagekomen?"), choices=Agreement.FollowUp.choices)
    seen = forms.ChoiceField(choices=Agreement.FollowUp.choices, widget=forms.HiddenInput)
    version = editguard.VersionField()

    def __init__(self, *args, agreements, followable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements
        self.followable = followable
        message = _("Laad de pagina opnieuw en probeer het nog eens.")
        self.fields["seen"].error_messages.update(required=message, invalid_choice=message)
        bootstrap(self)

    @property
    def changes(self):
        """True when the user chose something else than what she saw."""
        return self.cleaned_data["follow_up"] != self.cleaned_data["seen"]

    def clean(self):
        cleaned = super().clean()
        agreement = cleaned.get("agreement")
        if self.errors or agreement is None or not self.changes:
            return cleaned
        # An agreement as the user saw it must be one this session may follow up. One changed since is the
        # edit guard's to refuse, with the stored value shown.
        if cleaned["version"] == agreement.version and agreement.pk not in self.followable:
            self.add_error("agreement", self.fields["agreement"].error_messages["invalid_choice"])
        return cleaned


class BaseFollowUpFormSet(BaseFormSet):
    row_noun = _("Afspraak")  # as the error summary and the row's label name it

    def __init__(self, *args, trajectory, session, **kwargs):
        self.agreements = trajectory_agreements(trajectory, session)
        self.offered = list(followable_agreements(trajectory, session))
        kwargs.setdefault(
            "initial",
            [
                {"agreement": a.pk, "follow_up": a.follow_up, "seen": a.follow_up, "version": a.version}
                for a in self.offered
            ],
        )
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        followable = {agreement.pk for agreement in self.offered}
        return {**super().get_form_kwargs(index), "agreements": self.agreements, "followable": followable}

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            agreement = form.cleaned_data.get("agreement")
            if agreement is None:
                continue
            if agreement.pk in seen:
                raise forms.ValidationError(_("Dezelfde afspraak staat twee keer in het formulier."))
            seen.add(agreement.pk)

    def rows(self):
        """Each row with its agreement (None for an id the page does not know)."""
        by_pk = {agreement.pk: agreement for agreement in self.offered}
        if self.is_bound:
            by_pk.update((a.pk, a) for a in self.agreements.filter(pk__in=self._posted_ids()))
        return [(form, by_pk.get(as_id(form["agreement"].value()))) for form in self.forms]

    def _posted_ids(self):
        return [pk for pk in (as_id(form["agreement"].value()) for form in self.forms) if pk is not None]


# Every form counts: an untouched row still says "nog open", which is an answer too.
FollowUpFormSet = forms.formset_factory(
    FollowUpForm, formset=BaseFollowUpFormSet, extra=0, max_num=200, validate_max=True
)


def follow_ups_at_stored_versions(posted, trajectory, prefix):
    """After a refused save: a copy of the posted follow-up rows bound to the agreements as stored now,
    and [(label, how it stands now)] for each agreement someone followed up since the page was loaded.

    A row the user left as it was now shows what is stored; a row she changed keeps her choice, so
    saving once more (after comparing) is deliberate."""
    data = posted.copy()
    total = as_id(data.get(f"{prefix}-TOTAL_FORMS"), minimum=0, maximum=MAX_FORMS) or 0
    keys = [f"{prefix}-{index}-" for index in range(total)]
    ids = [pk for pk in (as_id(data.get(key + "agreement")) for key in keys) if pk]
    current = Agreement.objects.filter(trajectory=trajectory, pk__in=ids).select_related("checked_in").in_bulk()
    rows = []
    for key in keys:
        agreement = current.get(as_id(data.get(key + "agreement")))
        if agreement is None or data.get(key + "version") == str(agreement.version):
            continue
        if data.get(key + "follow_up") == data.get(key + "seen"):
            data[key + "follow_up"] = agreement.follow_up  # untouched: show what is stored
        data[key + "seen"], data[key + "version"] = agreement.follow_up, str(agreement.version)
        rows.append((_("Afspraak “%(text)s”") % {"text": agreement.text}, _follow_up_now(agreement)))
    return data, rows


def _follow_up_now(agreement):
    if agreement.checked_in is None:
        return agreement.get_follow_up_display()
    return _("%(follow_up)s (besproken in het gesprek van %(date)s)") % {
        "follow_up": agreement.get_follow_up_display(),
        "date": date_format(agreement.checked_in.date, "d-m-Y"),
    }
