"""The password pages address the user as "je", like the rest of the product (copy review O9)."""

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation


def test_the_help_texts_say_je():
    with translation.override("nl"):
        texts = password_validation.password_validators_help_texts()
    assert texts == [
        "Je wachtwoord mag niet te veel lijken op je andere persoonlijke gegevens.",
        "Je wachtwoord moet minstens 10 tekens lang zijn.",
        "Je wachtwoord mag geen veelgebruikt wachtwoord zijn.",
        "Je wachtwoord mag niet alleen uit cijfers bestaan.",
    ]


@pytest.mark.parametrize("password", ["kort", "1234567890123", "password123"])
def test_the_checks_are_still_djangos(password):
    with pytest.raises(ValidationError):
        password_validation.validate_password(password)


def test_the_change_password_page_says_je(world, login):
    page = login(world.user("teacher"), world.school).get(reverse("password_change")).content.decode()
    assert "Je wachtwoord moet minstens 10 tekens lang zijn." in page
    assert "Uw wachtwoord" not in page and "uw andere" not in page
