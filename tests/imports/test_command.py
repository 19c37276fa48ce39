"""`manage.py import_cases`: exit status 0 once imported, 2 with every problem listed when the input is
wrong (and nothing saved), and a dry run that saves nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from applications.builders import partnership
from django.core.management import call_command
from django.core.management.base import CommandError

from community_trigger.cases.models import Application
from imports.sheets import EXAMPLES, csv_text, row

pytestmark = pytest.mark.django_db


def _run(*argv: str) -> int:
    """The command's exit status, as `manage.py` gives it: 0 when it returns, a CommandError's
    `returncode` (written to stderr) when it refuses. Through `call_command`, since `manage.py`'s own
    way in closes the database connection as it ends, which a test's transaction still needs."""
    try:
        call_command("import_cases", *argv)
    except CommandError as refused:
        sys.stderr.write(f"CommandError: {refused}\n")
        return refused.returncode
    return 0


def test_the_sample_file_imports_and_the_command_says_how_many(capsys: pytest.CaptureFixture[str]) -> None:
    partnership()

    code = _run("test-valley", str(EXAMPLES / "past-cases.xlsx"))

    assert code == 0
    assert "Imported 8 case(s) from past-cases.xlsx" in capsys.readouterr().out
    assert Application.objects.count() == 8


def test_a_dry_run_saves_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    partnership()

    code = _run("test-valley", str(EXAMPLES / "past-cases.csv"), "--dry-run")

    assert code == 0
    assert "8 case(s) in past-cases.csv are ready to import; nothing was saved" in capsys.readouterr().out
    assert Application.objects.count() == 0


@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)])
def test_a_bad_file_exits_2_listing_every_problem_by_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], dry_run: tuple[str, ...]
) -> None:
    partnership()
    path = tmp_path / "past.csv"
    path.write_text(csv_text([row(), row(channel="pigeon"), row(received_date="soon")]), encoding="utf-8")

    code = _run("test-valley", str(path), *dry_run)

    err = capsys.readouterr().err
    assert code == 2
    assert "past.csv: row 3, Channel: “pigeon” is not a known channel" in err
    assert "past.csv: row 4, Received date: “soon” is not a date" in err
    assert "2 problem(s) in past.csv: nothing was saved" in err
    assert Application.objects.count() == 0


def test_an_unknown_partnership_or_a_missing_file_exits_2(tmp_path: Path) -> None:
    partnership()

    assert _run("nowhere", str(EXAMPLES / "past-cases.csv")) == 2
    assert _run("test-valley", str(tmp_path / "missing.csv")) == 2
    assert _run("test-valley", str(EXAMPLES / "spec-example.json")) == 2
