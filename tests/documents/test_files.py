"""What a file must be to be kept: its type read from its content, a name that agrees with it, a safe
name, and a size within the limit."""

from __future__ import annotations

import pytest

from community_trigger.documents.files import FileRefused, file_check, name_check

from .builders import CSV, EMAIL, EXE, JPEG, PDF, PNG, TEXT, docx, upload, xlsx

LIMIT = 1024 * 1024


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("statement.pdf", PDF, "application/pdf"),
        ("door.jpg", JPEG, "image/jpeg"),
        ("door.JPEG", JPEG, "image/jpeg"),
        ("window.png", PNG, "image/png"),
        ("notes.txt", TEXT, "text/plain"),
        ("log.csv", CSV, "text/csv"),
        ("from the police.eml", EMAIL, "message/rfc822"),
        ("extract.xlsx", xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("letter.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_a_file_of_an_allowed_type_with_a_name_that_agrees_is_kept(
    name: str, content: bytes, content_type: str
) -> None:
    checked = file_check(upload(name, content), name=name, max_bytes=LIMIT)

    assert checked.content_type == content_type
    assert checked.size == len(content)
    assert len(checked.sha256) == 64


def test_a_pdf_named_as_a_photo_is_refused_for_its_name() -> None:
    with pytest.raises(FileRefused, match=r"ends \.jpg but it is a PDF: rename it \.pdf"):
        file_check(upload("photo.jpg", PDF), name="photo.jpg", max_bytes=LIMIT)


def test_a_program_named_as_a_pdf_is_refused_for_what_it_is() -> None:
    with pytest.raises(FileRefused, match="must be a PDF, an image"):
        file_check(upload("statement.pdf", EXE), name="statement.pdf", max_bytes=LIMIT)


def test_a_file_over_the_size_limit_is_refused() -> None:
    with pytest.raises(FileRefused, match="smaller than 1 MB"):
        file_check(upload("big.txt", TEXT * 30_000), name="big.txt", max_bytes=LIMIT)


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(FileRefused, match="empty"):
        file_check(upload("nothing.txt", b""), name="nothing.txt", max_bytes=LIMIT)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "must have a name"),
        ("   ", "must have a name"),
        ("a" * 197 + ".pdf", "200 characters or fewer"),
        ("report\x00.pdf", "control characters"),
        ("report\n.pdf", "control characters"),
        ("invoice\u202efdp.exe", "control characters"),  # the right-to-left override disguises the type
        ("../../etc/passwd.pdf", "folder path"),
        ("C:\\Users\\pc\\report.pdf", "folder path"),
        ("cases/report.pdf", "folder path"),
        ("report..pdf", "folder path"),
        ("..", "folder path"),
        ("README", "end with its type"),
    ],
)
def test_a_name_that_is_not_safe_to_keep_is_refused(name: str, problem: str) -> None:
    with pytest.raises(FileRefused, match=problem):
        name_check(name)


def test_a_name_is_kept_as_it_came_apart_from_spaces_around_it() -> None:
    assert name_check("  Minutes – 3 March (final).pdf ") == "Minutes – 3 March (final).pdf"
