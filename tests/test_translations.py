"""The Welsh translation is complete, safe and compiles: every string a member of the public reads has
a Welsh translation, none loses a placeholder, and the catalogue compiles.

The completeness test extracts the messages afresh (makemessages, in a copy of the project) so that a
string added without its translation fails here, not in front of a Welsh speaker. It needs GNU
gettext (`make test-tools` installs it).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from fnmatch import fnmatch
from gettext import GNUTranslations
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
WELSH = ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po"

# What makemessages reads: the product's code and templates, never what is installed or built.
MAKEMESSAGES = ["makemessages", "-l", "cy", "--no-obsolete", "--no-wrap"]
COPIED = ["manage.py", "config", "community_trigger", "templates", "locale"]

# The files whose strings the public reads (paths from the project root, fnmatch patterns; `*` crosses
# folders). A string counts as public when any of its source references is one of these and it is not
# also listed in STAFF_ONLY. Staff pages speak English only (community_trigger/agencies/languages.py).
PUBLIC = (
    # The public journey, its pages and forms, the checker, procedure, status and escalation pages.
    "community_trigger/applications/*",
    # The page every screen extends, its components, and the error and rate-limit pages.
    "templates/*",
    # The emails to applicants, and the subjects of every message (messages.py holds them all).
    "community_trigger/notifications/templates/notifications/application_received.txt",
    "community_trigger/notifications/templates/notifications/resume_link.txt",
    "community_trigger/notifications/templates/notifications/_signed.txt",
    "community_trigger/notifications/templates/notifications/action_done.txt",
    "community_trigger/notifications/templates/notifications/plan_date_changed.txt",
    "community_trigger/notifications/templates/notifications/text/*",
    "community_trigger/notifications/messages.py",
    # The letters to applicants and their subjects.
    "community_trigger/letters/templates/letters/*",
    "community_trigger/letters/services.py",
    # What a person who asked for their data reads: the export's PDF and the letter refusing erasure.
    "community_trigger/datarequests/templates/datarequests/export.html",
    "community_trigger/datarequests/templates/datarequests/refusal_letter.html",
    "community_trigger/datarequests/wording.py",
    # The published figures: the page, its tables and chart, and the downloads.
    "community_trigger/statistics/templates/statistics/statistics.html",
    "community_trigger/statistics/templates/statistics/_*.html",
    "community_trigger/statistics/exports.py",
    "community_trigger/statistics/wording.py",
    # The domain's codes and values in words (moved out of the domain to be translatable).
    "community_trigger/common/wording.py",
    "community_trigger/common/forms.py",
)
STAFF_ONLY = (
    "community_trigger/applications/templates/applications/staff/*",
    "community_trigger/applications/views/entry.py",
    "community_trigger/applications/staff_urls.py",
    "community_trigger/applications/management/*",
)

_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
_BRACES = re.compile(r"(?<!\{)\{(\w*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")


def _is_public(path: str) -> bool:
    return any(fnmatch(path, p) for p in PUBLIC) and not any(fnmatch(path, p) for p in STAFF_ONLY)


def _placeholders(text: str, *, python_format: bool, brace_format: bool) -> set[str]:
    found: set[str] = set()
    if python_format:
        found |= {match.group(0) for match in _PERCENT.finditer(text) if match.group(0) != "%%"}
    if brace_format:
        found |= {"{" + name + "}" for name in _BRACES.findall(text)}
    return found


def _read(path: Path) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale="cy")


def _translated(message: Message) -> bool:
    forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return not message.fuzzy and bool(forms) and all(form for form in forms)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The Welsh catalogue as makemessages would leave it now: today's strings, with the translations the
    committed catalogue has for them."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.fail("GNU gettext is missing: run `make test-tools`")
    copy = tmp_path_factory.mktemp("project")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy2(source, copy / name)
    subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES], cwd=copy, check=True, capture_output=True, text=True
    )
    return _read(copy / "locale" / "cy" / "LC_MESSAGES" / "django.po")


def test_every_string_the_public_reads_has_a_welsh_translation(extracted: Catalog) -> None:
    missing = []
    for message in extracted:
        public = [f"{path}:{line}" for path, line in message.locations if _is_public(str(path))]
        if message.id and public and not _translated(message):
            missing.append(f"{public[0]}: {message.id!r}")
    assert not missing, f"{len(missing)} public strings have no Welsh (make messages, then translate):\n" + (
        "\n".join(missing)
    )


def test_the_public_files_listed_exist() -> None:
    """A pattern that matches nothing would let a whole file's strings through untested."""
    every = [str(path.relative_to(ROOT)) for name in COPIED for path in (ROOT / name).rglob("*")]
    for pattern in PUBLIC + STAFF_ONLY:
        assert any(fnmatch(path, pattern) for path in every), pattern


def test_every_welsh_translation_keeps_the_placeholders_of_its_english() -> None:
    wrong = []
    for message in _read(WELSH):
        if not message.id or not message.string:
            continue
        flags = message.flags
        python_format = "python-format" in flags or message.python_format
        brace_format = "python-brace-format" in flags
        if isinstance(message.id, tuple | list):
            singular, plural = (
                _placeholders(text, python_format=python_format, brace_format=brace_format)
                for text in message.id[:2]
            )
            required, allowed = singular & plural, singular | plural
            forms = list(message.string)
        else:
            required = allowed = _placeholders(
                message.id, python_format=python_format, brace_format=brace_format
            )
            forms = [str(message.string)]
        for form in forms:
            if not form:
                continue
            used = _placeholders(form, python_format=python_format, brace_format=brace_format)
            if not required <= used or not used <= allowed:
                wrong.append(f"{message.id!r} -> {form!r}")
    assert not wrong, "\n".join(wrong)


def test_the_welsh_catalogue_compiles_and_django_can_read_it() -> None:
    catalog = _read(WELSH)
    assert catalog.locale is not None
    assert catalog.num_plurals == 6  # zero, one, two, few, many, other
    assert not catalog.fuzzy, "the header is marked fuzzy, so it would not be compiled"
    errors = [(message.id, error) for message, errs in catalog.check() for error in errs]
    assert not errors, errors
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    translations = GNUTranslations(compiled)
    assert translations.info()["language"] == "cy"
