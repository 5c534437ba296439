"""Small real files of each kind, as an applicant's computer would send them."""
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
# The first bytes of a Windows program ("MZ" header), whatever name it is given.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 64


def odt() -> bytes:
    """An OpenDocument text: a zip whose first entry, stored, names its type."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def upload(name, data, content_type="application/pdf"):
    """The browser's claimed type is given on purpose: the server must not believe it."""
    return SimpleUploadedFile(name, data, content_type=content_type)
