"""Read the forms of a page as a browser would submit them: what a second tab holds.

``forms_on_page(html)`` gives each ``<form method="post">`` as ``(action, {name: [values]})`` with the
values a browser would send untouched: text inputs, hidden inputs, checked boxes and radios,
selected options and textareas. Submit buttons are left out (a test names the one it presses).
"""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.hidden = set()
        self.options = {}
        self._form = None
        self._select = None
        self._textarea = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = (attrs.get("action") or "", {})
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form[1]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind == "hidden":
                self.hidden.add(name)
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                self.options.setdefault(name, set()).add(attrs.get("value", "on"))
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                fields.setdefault(name, [])
                return
            fields.setdefault(name, []).append(attrs.get("value", "on" if kind in ("checkbox", "radio") else ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs, [])
            fields.setdefault(name, [])
        elif tag == "option" and self._select is not None:
            self._option = attrs
            self._option_text = ""
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = [""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._form[1][self._textarea][0] += data
        elif self._option is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "option" and self._option is not None:
            name, _multiple, options = self._select
            value = self._option.get("value", self._option_text.strip())
            options.append((value, "selected" in self._option))
            self._option = None
        elif tag == "select" and self._select is not None:
            name, multiple, options = self._select
            self.options.setdefault(name, set()).update(value for value, _selected in options)
            chosen = [value for value, selected in options if selected]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]  # a browser sends the first option of a single select
            if self._form is not None:
                self._form[1][name] = chosen
            self._select = None


def forms_on_page(html):
    parser = _Forms()
    parser.feed(html)
    # A textarea's first newline is not part of its value (HTML parsing rule).
    for _action, fields in parser.forms:
        for name, values in fields.items():
            fields[name] = [value[1:] if value.startswith("\n") else value for value in values]
    return parser.forms


def form_data(html, *, containing=(), action=None):
    """The post form of ``html`` holding every name in ``containing`` (and posting to ``action``,
    when given), as a dict for the test client (lists for several values)."""
    for form_action, fields in forms_on_page(html):
        if action is not None and form_action not in ("", action):
            continue
        if all(name in fields for name in containing):
            return {name: values if len(values) != 1 else values[0] for name, values in fields.items()}
    raise AssertionError(f"no post form with {containing} (action {action}) on the page")


def hidden_names(html):
    """The names of the hidden inputs of the page's post forms (versions, ids, formset counts)."""
    parser = _Forms()
    parser.feed(html)
    return parser.hidden


def choice_options(html):
    """{name: every value offered} for the selects, checkboxes and radios of the page's post forms."""
    parser = _Forms()
    parser.feed(html)
    return parser.options
