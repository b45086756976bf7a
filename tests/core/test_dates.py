"""Dates and times are written the Dutch way (dd-mm-jjjj, 24 hours), whatever the browser's or the
page's language: text fields with a pattern, never the browser's own locale-following pickers."""

import datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone, translation

from core.forms import DATE_WIDGET, TIME_WIDGET, DateField, TimeField
from pupils.models import Observation

JAN_25 = datetime.date(2027, 1, 25)


class DatesForm(forms.Form):
    date = DateField(label="Datum")
    time = TimeField(label="Tijd")
    other = forms.IntegerField(required=False)


class PlainForm(forms.Form):
    """A form that only uses the widget (as forms outside core do): the Dutch spellings are read too."""

    date = forms.DateField(widget=DATE_WIDGET)
    time = forms.TimeField(widget=TIME_WIDGET)


@pytest.mark.parametrize(
    "written", ["25-01-2027", "25-1-2027", "25/01/2027", "25.01.2027", "2027-01-25", " 25-01-2027 "]
)
def test_a_date_written_in_any_usual_way_is_read(written):
    form = DatesForm({"date": written, "time": "13:30"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date"] == JAN_25


@pytest.mark.parametrize("written", ["13:30", "13.30", "13:30:00", "1330"])
def test_a_time_is_read_on_the_24_hour_clock(written):
    form = DatesForm({"date": "25-01-2027", "time": written})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["time"] == datetime.time(13, 30)


@pytest.mark.parametrize("written", ["01/25/2027", "31-02-2027", "morgen", "25-01-27", "2027-25-01"])
def test_a_date_that_cannot_be_read_gets_a_dutch_explanation(written):
    with translation.override("nl"):
        form = DatesForm({"date": written, "time": "13:30"})
        assert not form.is_valid()
        assert form.errors["date"] == ["Vul een datum in als dd-mm-jjjj, bijvoorbeeld 25-01-2027."]


@pytest.mark.parametrize("written", ["1:30 PM", "25:00", "half twee"])
def test_a_time_that_cannot_be_read_gets_a_dutch_explanation(written):
    with translation.override("nl"):
        form = DatesForm({"date": "25-01-2027", "time": written})
        assert not form.is_valid()
        assert form.errors["time"] == ["Vul een tijd in als uu:mm, bijvoorbeeld 13:30."]


def test_day_comes_first_also_when_the_page_is_english():
    with translation.override("en"):
        form = DatesForm({"date": "01/02/2027", "time": "09:05"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["date"] == datetime.date(2027, 2, 1)
        plain = PlainForm({"date": "01-02-2027", "time": "21:05"})
        assert plain.is_valid(), plain.errors
        assert plain.cleaned_data["date"] == datetime.date(2027, 2, 1)
        assert plain.cleaned_data["time"] == datetime.time(21, 5)


def test_fields_are_text_with_a_dutch_pattern_and_show_dd_mm_jjjj():
    for language in ("nl", "en"):
        with translation.override(language):
            html = str(DatesForm(initial={"date": JAN_25, "time": datetime.time(13, 30)}))
        assert 'type="date"' not in html and 'type="time"' not in html
        assert 'value="25-01-2027"' in html
        assert 'value="13:30"' in html
        assert 'placeholder="dd-mm-' in html  # jjjj, or yyyy on an English page
        assert 'inputmode="numeric"' in html
        assert 'autocomplete="off"' in html


def test_the_dutch_page_shows_the_dutch_pattern():
    with translation.override("nl"):
        html = str(DatesForm())
    assert 'placeholder="dd-mm-jjjj"' in html
    assert 'placeholder="uu:mm"' in html


def test_a_form_shown_again_keeps_the_date_as_the_user_writes_it():
    form = DatesForm({"date": "2027-01-25", "time": "9.05", "other": "geen getal"})
    assert not form.is_valid()
    html = str(form)
    assert 'value="25-01-2027"' in html
    assert 'value="09:05"' in html


def test_what_could_not_be_read_is_shown_again_as_typed():
    form = DatesForm({"date": "31-02-2027", "time": "13:30"})
    assert not form.is_valid()
    assert 'value="31-02-2027"' in str(form)


def test_an_observation_saved_with_a_dutch_date(world, login):
    client = login(world.user("coordinator"), world.school)
    pupil = world.pupils["six"]
    url = reverse("pupils:observation_create", kwargs={"pk": pupil.pk})
    page = client.get(url)
    assert 'placeholder="dd-mm-jjjj"' in page.content.decode()
    day = timezone.localdate() - datetime.timedelta(days=3)
    written = f"{day.day}-{day.month}-{day.year}"  # 4-12-2026: no leading zeros, as people often write
    response = client.post(url, {"date": written, "kind": "other", "text": "Werkt geconcentreerd."})
    assert response.status_code == 302
    assert Observation.objects.get(pupil=pupil).date == day


def test_an_observation_with_an_american_date_is_refused_in_dutch(world, login):
    client = login(world.user("coordinator"), world.school)
    pupil = world.pupils["six"]
    url = reverse("pupils:observation_create", kwargs={"pk": pupil.pk})
    response = client.post(url, {"date": "01/25/2027", "kind": "other", "text": "Werkt geconcentreerd."})
    assert response.status_code == 200
    assert "Vul een datum in als dd-mm-jjjj, bijvoorbeeld 25-01-2027." in response.content.decode()
    assert not Observation.objects.filter(pupil=pupil).exists()
