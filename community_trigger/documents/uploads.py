"""An upload handler that stops keeping a file once it passes the documents' size limit, so that an
oversized upload never fills the disk or memory: the rest of the request is read and thrown away,
and the page says the file is too large."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

TOO_LARGE = "document_too_large"  # the request's attribute that says a file was dropped


class SizeLimit(FileUploadHandler):
    """Passes each chunk on to the usual handlers until a file passes `limit` bytes, then drops it."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            setattr(self.request, TOO_LARGE, True)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler makes the file


def too_large(request: HttpRequest) -> bool:
    return bool(getattr(request, TOO_LARGE, False))
