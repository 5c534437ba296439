"""The ministry's templates: checked when saved, rendered when a message is sent.

They run on an engine of their own: plain text (no HTML escaping), no template loaders, only the
default tags and filters plus `|euros` — so a saved template cannot reach files or other tag
libraries, and what the back office checks is exactly what `notify` renders.
"""
import re
from functools import cache

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import FilterExpression, TextNode, VariableNode
from django.template.defaulttags import CommentNode, ForNode, IfNode, WithNode
from django.template.smartif import TokenBase

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


# The tags a template may use: conditions, loops, names and comments. Any other (`debug`, which
# prints the whole context; `include`, `load`, `url`, `now`, …) is refused when saved.
_ALLOWED_NODES = (TextNode, VariableNode, IfNode, ForNode, WithNode, CommentNode)
_ALLOWED_TAGS = "if, elif, else, for, empty, with, comment"
_CONSTANTS = {"True", "False", "None"}  # every Django context holds them


def _expressions(node):
    """Every filter expression a node evaluates (its variable, the conditions of an `if`, the
    sequence of a `for`, the values of a `with`)."""
    if isinstance(node, VariableNode):
        yield node.filter_expression
    elif isinstance(node, IfNode):
        for condition, _ in node.conditions_nodelists:
            yield from _condition_expressions(condition)
    elif isinstance(node, ForNode):
        yield node.sequence
    elif isinstance(node, WithNode):
        yield from node.extra_context.values()


def _condition_expressions(condition):
    if condition is None:  # `else`
        return
    if isinstance(getattr(condition, "value", None), FilterExpression):
        yield condition.value
    for side in ("first", "second"):
        operand = getattr(condition, side, None)
        if isinstance(operand, TokenBase):
            yield from _condition_expressions(operand)


def _names(expression: FilterExpression):
    """The dotted names an expression reads: its variable and its filters' arguments (literals,
    such as `"x"` or `2`, name nothing)."""
    for variable in (expression.var, *(arg for _, args in expression.filters for _, arg in args)):
        lookups = getattr(variable, "lookups", None)
        if lookups:
            yield ".".join(lookups)


def _nodes(nodelist):
    for node in nodelist:
        yield node
        for attribute in node.child_nodelists:
            yield from _nodes(getattr(node, attribute, None) or [])
        if isinstance(node, IfNode):
            for _, branch in node.conditions_nodelists:
                yield from _nodes(branch)


def template_check(*, event: str, text: str, field: str) -> None:
    """Refuse `text` (the subject or body of `event`'s template) if it does not compile, uses a
    tag other than the allowed ones, or names anything but a value its event declares
    (`events.variables`), whole: `{{ transition.by }}` is the author's name, and
    `{{ transition.by.password }}` is refused as `{{ inconnu }}` is (a typo would print nothing,
    silently; a walk from a value to what it is not must not exist)."""
    template = _compiled(text, field=field)
    known = set(events.variables(event))
    nodes = list(_nodes(template.nodelist))
    for node in nodes:
        if not isinstance(node, _ALLOWED_NODES):
            tag = getattr(node, "token", None)
            said = f"« {{% {tag.contents.split()[0]} %}} »" if tag is not None else type(node).__name__
            raise TemplateRefused(f"{field} utilise la balise {said}, qui n'est pas permise dans un modèle de "
                                  f"notification. Balises permises : {_ALLOWED_TAGS}.")
    bound = set()  # names a template gives itself; they hold values it could already print
    for node in nodes:
        if isinstance(node, ForNode):
            bound.update([*node.loopvars, "forloop"])
        elif isinstance(node, WithNode):
            bound.update(node.extra_context)
    for node in nodes:
        for expression in _expressions(node):
            for name in _names(expression):
                if name in known or name in _CONSTANTS or name.split(".")[0] in bound:
                    continue
                raise TemplateRefused(
                    f"{field} utilise « {name} », que l'événement « {events.EVENTS[event].label} » ne reçoit "
                    f"pas. Valeurs disponibles : {', '.join(events.variables(event))}.")


def render(text: str, context: dict) -> str:
    """`text` rendered over `context`, with French spaces (« Dossier reçu : … » keeps its colon on
    the line of its words)."""
    return french_spaces(engine().from_string(text).render(Context(context, autoescape=False)))
