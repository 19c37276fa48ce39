"""Turning a letter template into what is sent: HTML for the PDF, plain text for the email, the PDF.

A partnership may word any letter its own way: `letters/<partnership slug>/<kind>.html` is used when
it exists, `letters/<kind>.html` otherwise. Every letter extends `letters/base.html`, which sets out
the letterhead, the address block and the sign-off.

Every letter follows the format the applicant needs (cases.LetterFormat):
- large print is the same letter, styled by base.html's `large-print` class (16 pt and up, lines 1.5
  apart, one column that reflows);
- easy read has its own wording for the letters that decide something, the threshold decision and the
  outcome (`letters/easy_read/<kind>.html`, or a partnership's `letters/<slug>/easy_read/<kind>.html`);
  any other kind falls back to its standard wording in large print;
- braille, audio and another language are made as the standard letter: the partnership turns it into
  what the applicant needs, and the case page says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from django.template.loader import select_template
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from community_trigger.cases.models import LetterFormat

# Elements that start a new paragraph in the text version, and those whose content is not text.
_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "address", "div", "ul", "ol", "table", "tr", "dl"})
_HIDDEN = frozenset({"head", "style", "script", "title"})


# Where the easy read wording of a letter lives, inside the letters' folder or a partnership's.
EASY_READ = "easy_read"
# The styles of base.html's <body>: large print, or an easy read letter's own (as large, more spaced).
LARGE_PRINT_STYLE = "large-print"
EASY_READ_STYLE = "easy-read"


@dataclass(frozen=True)
class Rendered:
    template: str
    html: str
    text: str


def template_names(kind: str, partnership_slug: str, letter_format: str = LetterFormat.STANDARD) -> list[str]:
    """Where a letter's template is looked for, the partnership's own wording first; for easy read,
    the easy read wordings first, then the standard ones (to be printed large)."""
    standard = [f"letters/{partnership_slug}/{kind}.html", f"letters/{kind}.html"]
    if letter_format != LetterFormat.EASY_READ:
        return standard
    return [
        f"letters/{partnership_slug}/{EASY_READ}/{kind}.html",
        f"letters/{EASY_READ}/{kind}.html",
        *standard,
    ]


def letter_style(template_name: str, letter_format: str) -> str:
    """The style the letter is printed in: easy read's for an easy read wording, large print for large
    print and for easy read with no such wording, and the standard one (no class) otherwise."""
    if f"/{EASY_READ}/" in template_name:
        return EASY_READ_STYLE
    if letter_format in (LetterFormat.LARGE_PRINT, LetterFormat.EASY_READ):
        return LARGE_PRINT_STYLE
    return ""


def letter_render(
    *,
    kind: str,
    partnership_slug: str,
    context: dict[str, Any],
    language: str = "en",
    letter_format: str = LetterFormat.STANDARD,
) -> Rendered:
    """The letter as HTML (with the address block, for print) and as text (without it, for email), in
    `language`, the applicant's: its words, its dates and the lang of its HTML; and in `letter_format`,
    theirs too: the email's text is the easy read wording when the letter has one."""
    template = select_template(template_names(kind, partnership_slug, letter_format))
    name = template.template.name
    values = {**context, "LANGUAGE_CODE": language, "letter_style": letter_style(name, letter_format)}
    with translation.override(language):
        html = template.render({**values, "for_email": False})
        text = html_to_text(template.render({**values, "for_email": True}))
    return Rendered(template=name, html=html, text=text)


def pdf_from_html(html: str) -> bytes:
    """A PDF of the letter. Nothing outside the letter itself is ever fetched: the only addresses the
    renderer may follow are data: ones, so no text in a letter can make it reach the network."""
    pdf: bytes = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
    return pdf


def html_to_text(html: str) -> str:
    """The words of a letter as plain text: paragraphs separated by a blank line, list items marked
    with a dash, a link followed by its address."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    paragraphs = ("".join(block).strip() for block in parser.blocks)
    lines = [re.sub(r"[ \t]*\n[ \t]*", "\n", re.sub(r"[ \t\r\f\v]+", " ", p)) for p in paragraphs]
    return "\n\n".join(line for line in lines if line) + "\n"


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]
        self.hidden = 0
        self.href: list[str] = []

    def _new_block(self) -> None:
        if self.blocks[-1]:
            self.blocks.append([])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self._new_block()
        elif tag == "li":
            self._new_block()
            self.blocks[-1].append("- ")
        elif tag == "br":
            self.blocks[-1].append("\n")
        elif tag == "a":
            self.href.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS or tag == "li":
            self._new_block()
        elif tag == "a" and self.href:
            href = self.href.pop()
            shown = "".join(self.blocks[-1])
            if href and not href.startswith(("#", "mailto:", "tel:")) and href not in shown:
                self.blocks[-1].append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.blocks[-1].append(data.replace("\n", " "))
