"""What a back-office page lets a person type: its form's controls read from the HTML as a browser
sees them, for the tests that check what the admin leaves editable and post what it offers."""
import re
from html.parser import HTMLParser

# Inputs that carry no typed value: the CSRF token, formsets' counters, inline rows' keys, buttons.
_NOT_TYPED = {"hidden", "submit", "button", "reset", "image"}


class _Controls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.typed: set[str] = set()
        self.values: dict[str, list[str]] = {}
        self._select = self._textarea = None

    def _value(self, name, value):
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "option" and self._select and "selected" in attrs:
            self._value(self._select, attrs.get("value", ""))
        if not name or "disabled" in attrs:
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind not in _NOT_TYPED:
                self.typed.add(name)
            if kind not in {"checkbox", "radio", "submit", "button", "reset", "image"} or "checked" in attrs:
                self._value(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self.typed.add(name)
            self._select = name
        elif tag == "textarea":
            self.typed.add(name)
            self._textarea = name
            self._value(name, "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][-1] += data


def typed_fields(html: str) -> set[str]:
    """The names of the controls a person can type in or choose from, an inline's rows folded into
    one name (`partnerships-0-name` and the empty row's `partnerships-__prefix__-name` read as
    `partnerships-name`)."""
    parser = _Controls()
    parser.feed(html)
    return {re.sub(r"-(\d+|__prefix__)-", "-", name) for name in parser.typed}


def form_data(html: str) -> dict[str, list[str]]:
    """What the page's form would post as it stands (its values, the selected options, the boxes
    ticked): a test changes some and posts the rest as a browser would."""
    parser = _Controls()
    parser.feed(html)
    return {name: values for name, values in parser.values.items() if "__prefix__" not in name}
