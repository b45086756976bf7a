"""Sentences the product composes (a need, a goal, a letter's line, a start-page item) come
from small template files, so that a colleague who writes good Dutch can change the wording
without touching code, and so that every sentence can be checked in every person and number
it takes (``tests/core/test_sentences.py``).

A sentence template lives in ``<app>/templates/<app>/sentences/<name>.txt``. It is an
ordinary Django template, with ``{% blocktranslate %}`` around its words so it can be
translated. Line breaks and runs of spaces in the file are collapsed, so a template may be
laid out over several lines.

Each app lists sample contexts for its sentence templates in ``<app>/sentences.py`` as
``SAMPLES = {"<app>/sentences/<name>.txt": [context, ...]}``: one context for every person,
number and optional part the sentence can take. The test renders every template with every
sample and fails when a template has no samples.
"""

from django.template import Context
from django.template.loader import get_template


def compose(template_name, **context):
    """The sentence of ``template_name`` for ``context``, on one line, without outer spaces.

    A sentence is plain text, escaped where it is shown (a page, a PDF) and not before: typed
    quotes and ampersands come out as typed, not as ``&quot;``."""
    template = get_template(template_name).template
    return " ".join(template.render(Context(context, autoescape=False)).split())
