"""Django's password validators, with help texts that address the user as *je*, as the rest of the
product does (Django's Dutch says *u*: "Uw wachtwoord moet …"). The checks themselves are Django's."""

from django.contrib.auth import password_validation as django_validation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class UserAttributeSimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    def get_help_text(self):
        return _("Je wachtwoord mag niet te veel lijken op je andere persoonlijke gegevens.")


class MinimumLengthValidator(django_validation.MinimumLengthValidator):
    def get_help_text(self):
        return ngettext(
            "Je wachtwoord moet minstens %(min_length)d teken lang zijn.",
            "Je wachtwoord moet minstens %(min_length)d tekens lang zijn.",
            self.min_length,
        ) % {"min_length": self.min_length}


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    def get_help_text(self):
        return _("Je wachtwoord mag geen veelgebruikt wachtwoord zijn.")


class NumericPasswordValidator(django_validation.NumericPasswordValidator):
    def get_help_text(self):
        return _("Je wachtwoord mag niet alleen uit cijfers bestaan.")
