"""Text any file may carry: without the control characters that break a format or a reader.

A dossier's title may hold what its author typed or pasted (\\x01, an escape \\x1b, a DEL \\x7f, a C1
character from a Windows-1252 file read as Latin-1): XML 1.0 forbids the C0 ones (a file holding
them is not well-formed), openpyxl refuses them, and none of them prints. Tab, line feed and
carriage return stay; so does everything printable. Lone surrogates and the two non-characters
U+FFFE and U+FFFF, which no encoder or XML parser accepts, go too.
"""
import re

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """`text` without its control characters (tab, line feed and carriage return kept)."""
    return CONTROL_CHARACTERS.sub("", text)
