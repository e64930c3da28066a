"""The editions to render and the variant families to render them in.

Each variant is one realistic way a release reaches readers (web page, text rendering,
LibreOffice-typeset PDF), with its own wording, so that across the catalogue every heading
style, every sub-heading synonym, every statement form and every collapse pattern is
rendered for every edition. Names are stable: tests and the `measure` table use them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.variants.html import HtmlLayout, render_html
from tests.support.variants.outline import outline
from tests.support.variants.text import TextLayout, render_text
from tests.support.variants.word import WordLayout, render_docx
from tests.support.variants.wording import Wording

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "variants"

#: The records every variant is rendered from: the bundled goldens and the made-up edition.
EDITIONS: dict[str, Path] = {
    "2015": ROOT / "golden" / "editions" / "2015.json",
    "2019": ROOT / "golden" / "editions" / "2019.json",
    "2020": ROOT / "golden" / "editions" / "2020.json",
    "made-up": FIXTURES / "made-up-edition.json",
}


def load_record(edition: str) -> dict:
    """Given an edition name from EDITIONS, return its record."""
    return json.loads(EDITIONS[edition].read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Variant:
    """One way of publishing an edition: a format, a wording, a layout and how the level definitions are set.

    `format` is what the reader sees: `html`, `text` or `pdf` (a pdf variant renders a .docx,
    which `libreoffice.to_pdf` typesets).
    """
    name: str
    format: str
    wording: Wording
    layout: HtmlLayout | TextLayout | WordLayout
    levels_form: str = "table"
    notes: str = field(default="", compare=False)

    @property
    def suffix(self) -> str:
        """The rendered file's extension (.docx for a pdf variant before LibreOffice typesets it, .html before a print)."""
        if isinstance(self.layout, HtmlLayout):
            return ".html"
        return ".txt" if isinstance(self.layout, TextLayout) else ".docx"

    @property
    def plain_text(self) -> bool:
        """Whether this rendering is plain text (no heading markup, no weight, no italics)."""
        return isinstance(self.layout, TextLayout)

    @property
    def keeps_urls(self) -> bool:
        """Whether a reader can get links (which words, and their targets) back from this rendering."""
        return not (isinstance(self.layout, TextLayout) and self.layout.links == "text")

    def render(self, record: dict) -> bytes:
        """Given an edition record, return this variant's bytes (deterministic)."""
        document = outline(record, self.wording, self.levels_form)
        if isinstance(self.layout, HtmlLayout):
            return render_html(document, self.layout)
        if isinstance(self.layout, TextLayout):
            return render_text(document, self.layout)
        return render_docx(document, self.layout)


VARIANTS: tuple[Variant, ...] = (
    # -- web pages ---------------------------------------------------------------------------
    Variant("html-plain", "html", Wording(), HtmlLayout(),
            notes="ordinary tables with <th scope=row> themes; h2 changes; the bundled wording"),
    Variant("html-details", "html",
            Wording(item_heading="en-dash", statement_form="labelled", tips="Top tips",
                    examples="Examples of practice", materials="Further resources", matrix="Self-assessment matrix",
                    statements="Making it Real: I and We statements"),
            HtmlLayout(collapse="details"), levels_form="definitions",
            notes="each change in a closed <details>; level definitions as a <dl>"),
    Variant("html-drupal-dl", "html",
            Wording(item_heading="dot", label_case="upper", statement_form="quoted", tips="Tips",
                    examples="Practice examples", materials="Useful resources", matrix=None, theme_header=""),
            HtmlLayout(collapse="dl", heading_shift=1, matrix_header="td-strong"),
            notes="CKEditor <dl> accordion for each change's parts; headings one level lower; <td><strong> headers"),
    Variant("html-govuk", "html",
            Wording(item_heading="em-dash", statement_form="table", examples="Case studies", materials="Resources",
                    theme_header="Area", statements="I and We statements"),
            HtmlLayout(frame=True, collapse="govuk"),
            notes="CMS frame; GOV.UK accordion (button aria-controls, hidden panels); statements as a table"),
    Variant("html-bootstrap", "html",
            Wording(item_heading="hyphen", label_case="lower", statement_form="short", materials="Further reading",
                    tips="Top tips"),
            HtmlLayout(frame=True, collapse="bootstrap", heading_shift=1),
            notes="CMS frame; each change a Bootstrap collapse; change headings <h3>"),
    Variant("html-tabs", "html",
            Wording(item_heading="newline", part_colon=True, examples="Case studies", matrix="Maturity matrix"),
            HtmlLayout(frame=True, collapse="tabs"), levels_form="lines",
            notes="CMS frame; each change's parts as tabs, hidden panels; 'Change 3' and the title on two lines"),
    Variant("html-bold", "html",
            Wording(item_heading="numbered", tips="Tips", examples="Practice examples", matrix=None),
            HtmlLayout(item_headings="strong", part_headings="strong", matrix_header="td-strong"),
            notes="no heading elements for changes or parts (<p><strong>); '3. Title' under 'The changes'"),
    # -- text renderings ---------------------------------------------------------------------
    Variant("text-browser", "text",
            Wording(tips="Top tips", examples="Examples of practice", statement_form="labelled"),
            TextLayout(bullets=("*", "o", "-"), indent=2),
            notes="a browser's save as text: long lines, * and o bullets, tab-separated tables"),
    Variant("text-pdftotext", "text",
            Wording(item_heading="en-dash", label_case="upper", materials="Further resources",
                    matrix="Self-assessment matrix"),
            TextLayout(bullets=("\u2022", "o", "-"), wrap=80, break_on_hyphens=True, page_lines=56,
                       running_header=True),
            notes="pdftotext: wrapped at 80, Page N of M, form feeds, running header"),
    Variant("text-word", "text",
            Wording(item_heading="dot", statement_form="short", tips="Tips", examples="Case studies",
                    materials="Resources", matrix=None, part_colon=True),
            TextLayout(bullets=("o", "-", "*"), indent=4), levels_form="lines",
            notes="Word's plain text: o bullets, 'Level \u2013 description' lines"),
    Variant("text-markdown", "text",
            Wording(item_heading="newline", statement_form="quoted", examples="Practice examples",
                    materials="Further reading"),
            TextLayout(bullets=("-", "*", "+"), wrap=78, links="markdown"),
            notes="hand-made Markdown-ish text with [text](url) links, wrapped at 78"),
    Variant("text-numbered", "text",
            Wording(item_heading="numbered", materials="Useful resources", statement_form="table", theme_header=""),
            TextLayout(bullets=("\u2022", "-", "*"), wrap=80, page_lines=60), levels_form="definitions",
            notes="'3. Title' under 'The changes'; wrapped at 80; Page N of M without running header"),
    # -- LibreOffice-typeset PDFs -------------------------------------------------------------
    Variant("pdf-office", "pdf",
            Wording(item_heading="en-dash", plan_row_prefix=True),
            WordLayout(font="Liberation Sans", contents=True, landscape_matrices=True, footer="page-of"),
            notes="Word-style export: contents with dot leaders, landscape matrix pages, repeated header rows"),
    Variant("pdf-brochure", "pdf",
            Wording(item_heading="newline", tips="Top tips", examples="Case studies", materials="Further resources"),
            WordLayout(font="Liberation Serif", columns=2, hyphenate=True, landscape_matrices=True, tables="designed",
                       footer="page-of"),
            notes="a designed brochure: two columns, hyphenation, serif, landscape matrix pages; a table wider than "
                  "its column spans both columns or goes on a landscape page; table rows never split"),
    Variant("pdf-agenda-pack", "pdf",
            Wording(item_heading="colon", plan_row_prefix=True, statement_form="labelled"),
            WordLayout(font="Liberation Serif", contents=True, hyphenate=True, agenda_pack=(40, 20),
                       first_page_stamp=219, footer="stamp"),
            notes="the model inside a council agenda pack: 40 pages before, 20 after, stamped from page 219"),
)


def variant(name: str) -> Variant:
    """Given a variant's name, return it (KeyError naming the known ones otherwise)."""
    for candidate in VARIANTS:
        if candidate.name == name:
            return candidate
    raise KeyError(f"unknown variant {name!r} (known: {', '.join(v.name for v in VARIANTS)})")


@dataclass(frozen=True)
class Print:
    """A web-page variant printed to PDF by Chromium, committed as test data (CI has no browser).

    `printing.py` makes the file (`python -m tests.support.variants print`); the page is the
    variant rendered open (accordions and tabs expanded, as a print stylesheet shows them) with
    page margin boxes for "Page N of M", the date and the address.
    """
    edition: str
    variant: Variant

    @property
    def path(self) -> Path:
        return FIXTURES / "printed" / f"{self.edition}-{self.variant.name}.pdf"


def _printed(name: str, wording: Wording, layout: HtmlLayout, levels_form: str = "table") -> Variant:
    from dataclasses import replace
    return Variant(name, "pdf", wording, replace(layout, collapsed=False, print_css=True), levels_form)


#: The committed browser prints: small and few; the 2020 print is the long one (≥30 pages) the
#: PDF benchmark needs.
PRINTS: tuple[Print, ...] = (
    Print("made-up", _printed("printed-govuk", Wording(item_heading="em-dash", examples="Case studies",
                                                         materials="Resources", statement_form="labelled"),
                              HtmlLayout(frame=True, collapse="govuk"))),
    Print("2020", _printed("printed-plain", Wording(), HtmlLayout(frame=True))),
    Print("2019", _printed("printed-details", Wording(item_heading="en-dash", tips="Top tips"),
                           HtmlLayout(collapse="details", heading_shift=1))),
)
