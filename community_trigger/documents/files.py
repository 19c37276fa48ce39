"""What a file must be to be kept: a safe name, a size within the limit, and a type read from its
content (python-magic, libmagic) that the name's extension agrees with.

The browser's stated type and the name alone are never trusted: a program renamed "statement.pdf"
is still a program, and a PDF renamed "photo.jpg" would open in the wrong application on a
colleague's computer, so both are refused.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

import magic
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MAX_NAME_LENGTH = 200  # Document.name's length

_OLE = frozenset({"doc", "xls", "ppt", "msg"})  # the older Office formats and Outlook's share one container

# The types a case may hold, as libmagic names them, with the extensions a file of each may have.
ALLOWED: dict[str, frozenset[str]] = {
    "application/pdf": frozenset({"pdf"}),
    "image/jpeg": frozenset({"jpg", "jpeg"}),
    "image/png": frozenset({"png"}),
    "image/heic": frozenset({"heic", "heif"}),
    "image/heif": frozenset({"heic", "heif"}),
    "application/msword": frozenset({"doc"}),
    "application/vnd.ms-excel": frozenset({"xls"}),
    "application/vnd.ms-powerpoint": frozenset({"ppt"}),
    "application/vnd.ms-outlook": frozenset({"msg"}),
    # libmagic names some of them only by their container (Compound Document File V2).
    "application/CDFV2": _OLE,
    "application/x-ole-storage": _OLE,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": frozenset({"docx"}),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": frozenset({"xlsx"}),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": frozenset({"pptx"}),
    "application/vnd.oasis.opendocument.text": frozenset({"odt"}),
    "text/rtf": frozenset({"rtf"}),
    "text/plain": frozenset({"txt", "csv"}),
    "text/csv": frozenset({"csv", "txt"}),
    "message/rfc822": frozenset({"eml"}),
}

# What a person is told a file's type is, by the type libmagic found.
_SAID = {
    "application/pdf": _("a PDF"),
    "image/jpeg": _("a JPEG image"),
    "image/png": _("a PNG image"),
    "image/heic": _("a HEIC photo"),
    "image/heif": _("a HEIF photo"),
    "message/rfc822": _("an email"),
    "text/plain": _("plain text"),
    "text/csv": _("a CSV file"),
}


class FileRefused(Exception):
    """An upload the service will not keep, with what to tell the person who chose it."""


@dataclass(frozen=True)
class Checked:
    """A file that passed: its checked name, its type read from its content, its size and SHA-256."""

    name: str
    content_type: str
    size: int
    sha256: str


def name_check(name: str) -> str:
    """`name` as it will be shown, or FileRefused: no control characters, no folders ("/" or "\\"),
    no ".." and no name that is only dots, nothing empty or longer than the column keeps, and an
    extension to compare with the content."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise FileRefused(gettext("The file must have a name"))
    if len(name) > MAX_NAME_LENGTH:
        raise FileRefused(
            gettext("The file's name must be %(max)s characters or fewer") % {"max": MAX_NAME_LENGTH}
        )
    # Cc: control characters (NUL, new lines, escape); Cf: invisible formatting, such as the
    # right-to-left override that makes "gpj.exe" read as "exe.jpg".
    if any(unicodedata.category(character) in ("Cc", "Cf") for character in name):
        raise FileRefused(gettext("The file's name must not contain control characters"))
    if "/" in name or "\\" in name or ".." in name or not name.strip("."):
        raise FileRefused(gettext('The file\'s name must not contain a folder path or ".."'))
    if "." not in name.strip("."):
        raise FileRefused(gettext("The file's name must end with its type, for example .pdf"))
    return name


def too_large_message(max_bytes: int) -> str:
    return gettext("The selected file must be smaller than %(mb)s MB") % {"mb": max_bytes // (1024 * 1024)}


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower()


def type_of(upload: UploadedFile) -> str:
    """The file's type as libmagic reads it from the content. A large upload is on disk already and
    is read there; a small one is in memory (FILE_UPLOAD_MAX_MEMORY_SIZE)."""
    path = getattr(upload, "temporary_file_path", None)
    if callable(path):
        return str(magic.from_file(path(), mime=True))
    upload.seek(0)
    found = str(magic.from_buffer(upload.read(), mime=True))
    upload.seek(0)
    return found


def file_check(upload: UploadedFile, *, name: str, max_bytes: int) -> Checked:
    """`upload` checked (see the module), or FileRefused saying what is wrong with it."""
    name = name_check(name)
    size = upload.size or 0
    if size == 0:
        raise FileRefused(gettext("The selected file is empty"))
    if size > max_bytes:
        raise FileRefused(too_large_message(max_bytes))
    content_type = type_of(upload)
    extensions = ALLOWED.get(content_type)
    if extensions is None:
        raise FileRefused(
            gettext(
                "The selected file must be a PDF, an image (JPEG, PNG or HEIC), an Office document "
                "or an email (.eml or .msg)"
            )
        )
    if extension_of(name) not in extensions:
        raise FileRefused(
            gettext("The file's name ends .%(extension)s but it is %(kind)s: rename it .%(expected)s")
            % {
                "extension": extension_of(name),
                "kind": str(_SAID.get(content_type, _("a different type of file"))),
                "expected": sorted(extensions)[0],
            }
        )
    return Checked(name=name, content_type=content_type, size=size, sha256=sha256_of(upload))


def sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
