"""Form widgets written in Python where Django's own go through a template per option.

Django renders a `<select>` with one template inclusion per `<option>`: about a millisecond per
option, so the public pages' filters (every département, call and partner country of a scope,
often 150 options) cost more than the rest of the page. `FastSelect` writes the same markup as
`django/forms/widgets/select.html` with Python strings: same attributes, same escaping, the same
`selected` options; groups of options (optgroups) and multiple selects go the usual way.
"""
from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if self.allow_multiple_selected or any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        chosen = set(self.format_value(value))
        final_attrs = self.build_attrs(self.attrs, attrs)
        parts = [f'<select name="{escape(name)}"{_attributes(final_attrs)}>']
        found = False
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not found and option_value in chosen
            found = found or selected
            parts.append(f'<option value="{escape(option_value)}"{" selected" if selected else ""}>'
                         f'{escape(label)}</option>')
        parts.append("</select>")
        return mark_safe("\n  ".join(parts))


def _attributes(attrs: dict) -> str:
    """As `django/forms/widgets/attrs.html`: in their order, True as a bare name, False left out."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items() if value is not False
    )
