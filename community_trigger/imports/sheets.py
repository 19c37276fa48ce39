"""Reading a spreadsheet of past cases, one row at a time: CSV (UTF-8, with or without its byte order
mark) or the first sheet of an XLSX workbook, opened read-only so that a file of 100,000 rows is
never held in memory whole. Headers are matched whatever their case and spacing."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import zip_longest
from typing import IO, Any

from django.utils.translation import gettext
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

# The largest file accepted, on the page and at the command line: 100,000 rows of CSV fit well inside.
MAX_BYTES = 40 * 1024 * 1024
FORMATS = ("csv", "xlsx")

Opener = Callable[[], IO[bytes]]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: where (its row number as a spreadsheet shows it, 1 for the
    headers; the column's header) and what."""

    row: int
    column: str
    message: str


class Unreadable(Exception):
    """The file cannot be read as a spreadsheet at all."""


def problem_said(problem: Problem) -> str:
    """A problem as one line of a page's error summary: "Row 3, Channel: …", "Column “X” …"."""
    if not problem.row:
        return str(problem.message)
    if problem.row == 1:
        return gettext("Column “%(column)s” %(message)s") % {
            "column": problem.column,
            "message": problem.message,
        }
    return gettext("Row %(row)s, %(column)s: %(message)s") % {
        "row": problem.row,
        "column": problem.column or gettext("the row"),
        "message": problem.message,
    }


def upload_refusal(name: str, size: int) -> str | None:
    """Why an uploaded file cannot be taken (not CSV or XLSX, or too large), or None."""
    try:
        file_format(name)
    except Unreadable as error:
        return str(error)
    if size > MAX_BYTES:
        return gettext("The selected file must be smaller than 40 MB")
    return None


def header_key(header: Any) -> str:
    """A header as the columns are known by: "Received_Date " and "received date" are one column."""
    return re.sub(r"[\s_\-]+", " ", str(header or "")).strip().lower()


def file_format(name: str) -> str:
    """ "csv" or "xlsx", from the file's name; Unreadable for anything else."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in FORMATS:
        raise Unreadable(gettext("The file must be a CSV or XLSX spreadsheet"))
    return extension


def rows_of(opener: Opener, name: str) -> Iterator[tuple[int, list[Any]]]:
    """The file's rows as (row number, cells), headers first (row 1), blank rows left out.

    An XLSX cell holding a formula gives the value the spreadsheet last calculated; a formula never
    calculated (a file written by a program, not saved from a spreadsheet) is a Problem, not a blank.
    """
    if file_format(name) == "csv":
        yield from _csv_rows(opener)
    else:
        yield from _xlsx_rows(opener)


def _csv_rows(opener: Opener) -> Iterator[tuple[int, list[Any]]]:
    with opener() as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.reader(text)
        number = 0
        try:
            for cells in reader:
                number = reader.line_num
                if any(cell.strip() for cell in cells):
                    yield number, cells
        except UnicodeDecodeError as error:
            raise Unreadable(
                gettext("Row %(row)s is not UTF-8 text: save the file as “CSV UTF-8”") % {"row": number + 1}
            ) from error
        except csv.Error as error:
            raise Unreadable(
                gettext("Row %(row)s cannot be read as CSV: %(error)s") % {"row": number + 1, "error": error}
            ) from error


class Uncalculated:
    """An XLSX cell whose formula has no saved value."""

    def __init__(self, formula: str) -> None:
        self.formula = formula


def _xlsx_rows(opener: Opener) -> Iterator[tuple[int, list[Any]]]:
    try:
        # Two read-only passes side by side: the saved values, and the formulas behind any blank one.
        with opener() as values_file, opener() as formulas_file:
            values = load_workbook(values_file, read_only=True, data_only=True)
            formulas = load_workbook(formulas_file, read_only=True, data_only=False)
            try:
                pairs = zip_longest(
                    values.worksheets[0].iter_rows(values_only=True),
                    formulas.worksheets[0].iter_rows(values_only=True),
                    fillvalue=(),
                )
                for number, (saved, written) in enumerate(pairs, start=1):
                    cells = [
                        Uncalculated(formula)
                        if value is None and isinstance(formula, str) and formula.startswith("=")
                        else value
                        for value, formula in zip_longest(saved or (), written or ())
                    ]
                    if any(cell is not None and str(cell).strip() for cell in cells):
                        yield number, cells
            finally:
                values.close()
                formulas.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, IndexError) as error:
        raise Unreadable(gettext("The file cannot be opened as an XLSX workbook")) from error
