"""A file's bytes, within the size limit, and its format: by its content first (a PDF named .csv is
a PDF), else by its extension; a file that is no table says what it is."""
import hashlib
import re
from pathlib import Path

import filetype

from . import base
from .base import ReadError

# The formats read, by extension.
FORMATS = {
    ".csv": "csv", ".tsv": "csv", ".txt": "text", ".md": "text", ".html": "html", ".htm": "html",
    ".xlsx": "xlsx", ".pdf": "pdf",
}
# What a file is, by its first bytes (filetype), when it is no text: the formats read whatever the
# file's name says, and the words for the others.
_BY_CONTENT = {"xlsx": "xlsx", "pdf": "pdf"}
_CONTENT_WORDS = {
    "png": "une image PNG", "jpg": "une image JPEG", "gif": "une image GIF", "webp": "une image WebP",
    "tif": "une image TIFF", "bmp": "une image BMP", "heic": "une image HEIC",
    "zip": "une archive ZIP", "gz": "une archive gzip", "rar": "une archive RAR", "7z": "une archive 7z",
    "docx": "un document Word", "doc": "un document Word", "odt": "un document OpenDocument",
    "xls": "un classeur Excel 97-2003 (.xls) : enregistrez-le au format .xlsx",
    "ods": "un classeur OpenDocument (.ods) : enregistrez-le au format .xlsx",
    "pptx": "une présentation PowerPoint", "mp4": "une vidéo", "mp3": "un fichier audio",
}
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_BINARY = re.compile(rb"[\x00-\x08\x0e-\x1f]")


def _binary(head: bytes) -> bool:
    """Bytes that no text editor wrote: more than one in ten is a control byte (UTF-16 aside)."""
    return head[:2] not in UTF16_BOMS and len(_BINARY.findall(head)) * 10 > len(head)


def file_format(file_name, suffix, data: bytes) -> str:
    """The format to read a file in ("csv", "text", "html", "xlsx" or "pdf"), by its content
    first, else by its extension `suffix` (".csv")."""
    if b"%PDF-" in data[:1024]:  # readers accept a PDF header after a few stray bytes
        return "pdf"
    kind = filetype.guess(data[:8192])
    if kind is not None and kind.extension in _BY_CONTENT:
        return _BY_CONTENT[kind.extension]
    if kind is not None or _binary(data[:8192]):
        what = _CONTENT_WORDS.get(kind.extension if kind else "", None) or (
            f"un fichier {kind.extension.upper()}" if kind else "un fichier binaire")
        raise ReadError(file_name, f"ce fichier n'est pas un tableau : c'est {what}")
    found = FORMATS.get(suffix)
    if found in _BY_CONTENT.values():
        raise ReadError(file_name, f"ce fichier n'est pas un {suffix[1:].upper()} : c'est du texte ; "
                                   "enregistrez-le avec l'extension .csv, .txt ou .html")
    if found is None:
        raise ReadError(file_name, f"format non pris en charge « {suffix} » (formats : "
                                   + ", ".join(sorted(FORMATS)) + ")")
    return found


def read_bytes(path) -> bytes:
    """A file's bytes, refused when empty or beyond MAX_FILE_BYTES (checked before reading it)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > base.MAX_FILE_BYTES:
            raise ReadError(path.name, f"fichier trop volumineux ({size / 2**20:.1f} Mo ; "
                                       f"{base.MAX_FILE_BYTES // 2**20} Mo au plus)".replace(".", ","))
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(path.name, f"fichier illisible ({error.strerror})") from None
    if not data.strip():
        raise ReadError(path.name, "le fichier est vide")
    return data


def file_sha256(data: bytes) -> str:
    """How a second import of the same bytes is recognised."""
    return hashlib.sha256(data).hexdigest()
