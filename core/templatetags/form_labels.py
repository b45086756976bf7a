"""Filters for labels made from field names ("Actie 2: eigenaar")."""

from django import template

register = template.Library()


@register.filter
def lowerfirst(text):
    """``text`` with its first letter small, for a field's name inside a longer label; "IB'er" stays."""
    text = str(text)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]
