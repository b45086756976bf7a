"""A stored value as people read it: the one rule for conflict boxes and change history.

Yes/no in words, dates and times in Dutch format and in the school's time zone, an empty value
as a dash. Labels of choices and names of related records are the caller's to look up."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

EMPTY = "–"


def plain(value):
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return gettext("ja") if value else gettext("nee")
    if isinstance(value, datetime.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return date_format(moment, "d-m-Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "d-m-Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        # A comma in Dutch (33,4), and no trailing zeros a person did not type (128, not 128,0).
        return number_format(value.quantize(Decimal(1)) if value == value.to_integral() else value)
    return value
