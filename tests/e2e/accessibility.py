"""axe-core in the browser: each distinct page, and each page's error state, scanned once a session."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

# npm's axe-core, newer than the copy bundled with axe-playwright-python.
AXE = Axe.from_file(Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js")
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}

# Parts of an address that differ from one run to the next: the keys of added items, signed tokens,
# the ids of staff entries.
_ITEM_KEY = re.compile(r"/[0-9a-f]{8}(?=/)")
_ENTRY = re.compile(r"/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=/)")
_TOKEN = re.compile(r"/(resume|status|answer)/(?!sent/)[^/]+/")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """What axe finds wrong with the page as it is now, against WCAG 2.2 AA."""
    result = AXE.run(page, options=AXE_OPTIONS)
    # axe ran the rules it was asked for, so an empty list of violations means something.
    assert len(result.response["passes"]) > 10, f"axe checked too little on {page.url}"
    violations: list[dict[str, Any]] = result.response["violations"]
    return violations


def page_kind(page: Page, state: str = "") -> str:
    """Names a page by its address with the varying parts taken out, and says if it shows errors."""
    path = _TOKEN.sub(
        r"/\1/<token>/", _ITEM_KEY.sub("/<key>", _ENTRY.sub("/<entry>", urlsplit(page.url).path))
    )
    errors = " with errors" if page.locator(".govuk-error-summary").count() else ""
    return f"{path}{errors}{f' ({state})' if state else ''}"


@dataclass
class Audit:
    """Scans pages with axe as a test reaches them, skipping any kind of page already scanned in this
    session, and keeps the violations so the test can report them all at once at its end."""

    scanned: set[str]
    violations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def check(self, page: Page, state: str = "") -> None:
        """Scan `page` unless its kind was scanned already; `state` tells apart what the address does
        not (a result shown, a request withdrawn)."""
        kind = page_kind(page, state)
        if kind in self.scanned:
            return
        self.scanned.add(kind)
        found = axe_violations(page)
        if found:
            self.violations[kind] = found

    def assert_accessible(self) -> None:
        assert self.violations == {}, _describe(self.violations)


def _describe(violations: dict[str, list[dict[str, Any]]]) -> str:
    lines = ["axe found WCAG 2.2 AA violations:"]
    for kind, found in violations.items():
        for violation in found:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"])
            lines.append(
                f"{kind}: {violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
            )
    return "\n".join(lines)
