"""Web pages: refused before parsing when nested too deep or holding too many rows, then their
tables as rows of cell texts and their lists as items under the heading above them."""
import re

import tinyhtml5

from coopdec.french.text import number_fr

from . import base
from .base import ReadError, clean
from .text import decode

_BREAKS = {"br", "p", "div", "tr"}
_SILENT = {"script", "style", "template", "noscript"}  # their text is not the page's text
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_ROW_TAG = re.compile(r"<tr\b", re.IGNORECASE)
_ITEM_TAG = re.compile(r"<li\b", re.IGNORECASE)
_UNNESTED = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


def _tag(element) -> str:
    """An element's local name; "" for a comment or a processing instruction (their tag is a
    function in the parsed tree)."""
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _check_depth(file_name, text):
    """Elements nested thousands deep take the parser minutes: count the nesting first."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(_UNNESTED.sub("", text)):
        if name.lower() in _VOID or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    if deepest > base.MAX_HTML_DEPTH:
        raise ReadError(file_name, f"page trop imbriquée ({number_fr(deepest)} éléments les uns dans les autres ; "
                                   f"{base.MAX_HTML_DEPTH} au plus)")


def html_document(file_name, data: bytes):
    """The parsed page, once its nesting and its number of rows and items are within the limits."""
    text, _encoding = decode(file_name, data)
    _check_depth(file_name, text)
    base.check_rows(file_name, max(len(_ROW_TAG.findall(text)), len(_ITEM_TAG.findall(text))))
    return tinyhtml5.parse(text)


def _text_of(element) -> str:
    """An element's text, without recursion: a line break or a paragraph separates words, the
    items of a list inside a cell are separated by « ; », comments and scripts are left out."""
    parts, stack = [], [("open", element)]
    while stack:
        what, node = stack.pop()
        if what == "text":
            parts.append(node)
            continue
        name = _tag(node)
        if name and name not in _SILENT:
            parts.append("; " if name == "li" else " " if name in _BREAKS else "")
            parts.append(node.text or "")
            for child in reversed(list(node)):
                stack.append(("text", child.tail or ""))
                stack.append(("open", child))
    return "".join(parts).lstrip("; ")


def _is_heading(element) -> bool:
    """h1–h6, or a paragraph that is one <strong> or <b> (how editors often title a list)."""
    name = _tag(element)
    if name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        return True
    children = list(element)
    return (name == "p" and len(children) == 1 and _tag(children[0]) in {"strong", "b"}
            and not (element.text or "").strip() and not (children[0].tail or "").strip())


def table_grids(document) -> list[list[tuple[int, list[str]]]]:
    """Each table of the page as its (row number in the table, cell texts)."""
    grids = []
    for table in (element for element in document.iter() if _tag(element) == "table"):
        rows = [tr for tr in table.iter() if _tag(tr) == "tr"]
        grids.append([(number, [_text_of(td) for td in tr if _tag(td) in {"td", "th"}])
                      for number, tr in enumerate(rows, start=1)])
    return grids


def list_items(document) -> list[list[tuple[int, str, str]]]:
    """The page's lists outside navigation, each as [(item number, text, heading above it)]."""
    lists, heading, number = [], "", 0
    skipped = set()
    for element in document.iter():
        name = _tag(element)
        if name in {"nav", "header", "footer", "aside"} | _SILENT:
            skipped |= set(element.iter())
        if element in skipped:
            continue
        if _is_heading(element):
            heading = clean(_text_of(element))
        elif name in {"ul", "ol"}:
            items = []
            for item in element:
                if _tag(item) == "li":
                    number += 1
                    items.append((number, _text_of(item), heading))
            lists.append(items)
    return lists


_BLOCKS = {"p", "div", "section", "article", "main", "body", "ul", "ol", "li", "table", "blockquote",
           "h1", "h2", "h3", "h4", "h5", "h6", "dl", "form"}


def _lines_of(element) -> str:
    """A paragraph's text with its line breaks (<br>) kept as "\\n", as an editor typed it."""
    parts, stack = [], [("open", element)]
    while stack:
        what, node = stack.pop()
        if what == "text":
            parts.append(node)
            continue
        name = _tag(node)
        if name and name not in _SILENT:
            parts.append("\n" if name == "br" else "")
            parts.append(node.text or "")
            for child in reversed(list(node)):
                stack.append(("text", child.tail or ""))
                stack.append(("open", child))
    return "".join(parts)


def paragraphs(document) -> list[tuple[str, str]]:
    """The page's paragraphs outside navigation, lists and tables, each as (text with its line
    breaks as "\\n", heading above it): where content-management systems put the bullets that
    editors type as dashes (« - A<br>- B »). A paragraph is a <p>, or a <div> holding no block."""
    found, heading, skipped = [], "", set()
    for element in document.iter():
        name = _tag(element)
        if name in {"nav", "header", "footer", "aside", "ul", "ol", "table"} | _SILENT:
            skipped |= set(element.iter())
        if element in skipped:
            continue
        if _is_heading(element):
            heading = clean(_text_of(element))
        elif name == "p" or (name == "div" and not any(_tag(e) in _BLOCKS for e in element.iter() if e is not element)):
            skipped |= set(element.iter())
            found.append((_lines_of(element), heading))
    return found
