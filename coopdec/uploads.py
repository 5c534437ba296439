"""The body of a request with files is bounded before it is read: the first upload handler of
every request (settings.FILE_UPLOAD_HANDLERS) refuses a body whose Content-Length is beyond
REQUEST_BODY_MAX_BYTES before a byte of it is read, and stops reading if more comes than said.

What it raises, `RequestDataTooBig`, is answered 413 in French by `coopdec.hardening`, which
reads every posted form before any view. A file within the limit but beyond what its page takes
(DOCUMENT_MAX_BYTES for a document) is refused by that page with the file's name and size.
"""
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class LimitedUploadHandler(FileUploadHandler):
    """Keeps nothing itself: counts, and passes every chunk to the next handler."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0
        if content_length > settings.REQUEST_BODY_MAX_BYTES:
            raise RequestDataTooBig("Request body beyond REQUEST_BODY_MAX_BYTES (Content-Length).")
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.REQUEST_BODY_MAX_BYTES:
            raise RequestDataTooBig("Request body beyond REQUEST_BODY_MAX_BYTES.")
        return raw_data

    def file_complete(self, file_size):
        return None
