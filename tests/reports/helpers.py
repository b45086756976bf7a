"""What the report's section tests share."""

from django.template.loader import render_to_string
from django.utils import translation

from reports import sections


def render_section(key, data, scope=None):
    """A section's template as the page and the PDF render it, in Dutch, with its charts drawn from ``data``."""
    section = sections.BY_KEY[key]
    with translation.override("nl"):
        return render_to_string(
            section.template, {"data": data, "charts": section.charts(data), "section": section, "scope": scope}
        )


def redrawn_chart(key, data, name):
    """A section's figures pass through JSON unchanged (as a finalized report stores them), and chart ``name``
    redrawn from the stored figures, as markup."""
    import json

    stored = json.loads(json.dumps(data))
    assert stored == data
    with translation.override("nl"):
        return str(sections.BY_KEY[key].charts(stored)[name])
