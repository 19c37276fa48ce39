"""`manage.py import_cases <partnership-slug> <file> [--dry-run]`: import a partnership's past cases from
a CSV or XLSX file (README: "Moving from spreadsheets"). Every problem is listed by row and column and
the command exits with status 2, saving nothing; --dry-run checks the file and saves nothing either way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from community_trigger.agencies.models import Partnership
from community_trigger.imports.services import ImportRefused, Report, cases_import, import_check
from community_trigger.imports.sheets import MAX_BYTES

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Import past cases from a CSV or XLSX file (see the README's 'Moving from spreadsheets')."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("partnership", metavar="PARTNERSHIP-SLUG")
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check the file and save nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership {options['partnership']!r}", returncode=BAD_INPUT)
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file {str(path)!r}", returncode=BAD_INPUT)
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(
                f"{path.name} is larger than {MAX_BYTES // (1024 * 1024)} MB", returncode=BAD_INPUT
            )

        def opener() -> Any:
            return path.open("rb")

        if options["dry_run"]:
            report = import_check(partnership=partnership, opener=opener, name=path.name)
            if not report.clean:
                self._refuse(report)
            self.stdout.write(
                f"{report.ready} case(s) in {path.name} are ready to import; nothing was saved (dry run)"
            )
            return
        try:
            imported = cases_import(partnership=partnership, opener=opener, name=path.name)
        except ImportRefused as refused:
            self._refuse(refused.report)
        self.stdout.write(f"Imported {imported.cases} case(s) from {path.name} into {partnership.name}")

    def _refuse(self, report: Report) -> None:
        for problem in report.problems:
            where = f"row {problem.row}" if problem.row else "the file"
            column = f", {problem.column}" if problem.column else ""
            self.stderr.write(f"{report.name}: {where}{column}: {problem.message}")
        raise CommandError(
            f"{len(report.problems)} problem(s) in {report.name}: nothing was saved", returncode=BAD_INPUT
        )
