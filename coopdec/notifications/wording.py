"""The ministry's templates: checked when saved, rendered when a message is sent.

They run on an engine of their own: plain text (no HTML escaping), no template loaders, only the
default tags and filters plus `|euros` — so a saved template cannot reach files or other tag
libraries, and what the back office checks is exactly what `notify` renders.
"""
import re
from functools import cache

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import VariableNode
from django.template.defaulttags import ForNode, WithNode

from coopdec.french.text import french_spaces


from . import events


@cache
def engine() -> Engine:
    return Engine(autoescape=False, builtins=["coopdec.french.templatetags.french"])


class TemplateRefused(ValueError):
    """A template that cannot be saved; the message says why, in French."""

    def __init__(self, message: str):
        super().__init__(french_spaces(message))


# Django's own syntax errors, said in French (any other is given as Django words it).
_SYNTAX_ERRORS = [
    (re.compile(r"Unclosed tag on line (\d+): '(\w+)'.*"), r"la balise « \2 » de la ligne \1 n'est pas fermée"),
    (re.compile(r"Invalid filter: '(\w+)'"), r"le filtre « \1 » n'existe pas"),
    (re.compile(r"Invalid block tag on line (\d+): '(\w+)'.*"),
     r"la balise « \2 » de la ligne \1 n'existe pas ou n'est pas à sa place"),
    (re.compile(r"'(\w+)' is not a (?:registered|valid) tag library.*", re.S),
     r"la bibliothèque « \1 » n'est pas disponible dans les modèles de notification"),
    (re.compile(r"Could not parse the remainder: '(.*)' from '(.*)'"), r"« \2 » ne se lit pas (« \1 » en trop)"),
]


def _said_in_french(error: Exception) -> str:
    text = str(error)
    for pattern, french in _SYNTAX_ERRORS:
        if pattern.fullmatch(text):
            return pattern.sub(french, text)
    return text


def _compiled(text: str, *, field: str):
    try:
        return engine().from_string(text)
    except TemplateSyntaxError as error:
        raise TemplateRefused(f"{field} contient une erreur de syntaxe de gabarit : {_said_in_french(error)}.") \
            from error


def template_check(*, event: str, text: str, field: str) -> None:
    """Refuse `text` (the subject or body of `event`'s template) if it does not compile or names
    a variable the event does not receive (a typo would otherwise print nothing, silently)."""
    template = _compiled(text, field=field)
    known = set(events.variables(event))
    for loop in template.nodelist.get_nodes_by_type(ForNode):  # names a template gives itself
        known.update([*loop.loopvars, "forloop"])
    for block in template.nodelist.get_nodes_by_type(WithNode):
        known.update(block.extra_context)
    for node in template.nodelist.get_nodes_by_type(VariableNode):
        variable = node.filter_expression.var
        name = getattr(variable, "var", None)  # a literal ({{ "x" }}) has no variable name
        if not isinstance(name, str):
            continue
        root = name.split(".")[0]
        if root not in known:
            raise TemplateRefused(
                f"{field} utilise la variable « {root} », que l'événement « {events.EVENTS[event].label} » "
                f"ne reçoit pas. Variables disponibles : {', '.join(events.variables(event))}.")


def render(text: str, context: dict) -> str:
    """`text` rendered over `context`, with French spaces (« Dossier reçu : … » keeps its colon on
    the line of its words)."""
    return french_spaces(engine().from_string(text).render(Context(context, autoescape=False)))
