"""Write an outline as a web page, marked up the ways CMS pages are (see shared/notes/how-releases-vary.md)."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from tests.support.variants.outline import (BulletList, Definitions, Outline, Paragraph, Part, Run, SubHeading,
                                            Table)

#: How an item's parts (or whole items) collapse: not at all; `<details>`; a Drupal CKEditor
#: `<dl>` accordion; the GOV.UK accordion (a heading holding a button that controls a hidden
#: panel); a Bootstrap collapse (a `data-bs-toggle` link and a `.collapse` div); tabs
#: (`role=tablist`, panels `role=tabpanel`, all but the first hidden).
COLLAPSES = ("none", "details", "dl", "govuk", "bootstrap", "tabs")


@dataclass(frozen=True)
class HtmlLayout:
    """How a web page marks up the outline."""
    frame: bool = False              # the CMS frame: skip link, cookie banner, mega-menu, breadcrumbs, related, feedback, footer
    heading_shift: int = 0           # 1: every heading one level lower (sections h3, items' parts h4)
    item_headings: str = "h"         # "h": <h2>/<h3>; "strong": <p><strong>
    part_headings: str = "h"         # the same for an item's parts (Tips, Examples…)
    collapse: str = "none"
    collapsed: bool = True           # False: accordions and tabs printed open (as a print stylesheet does)
    matrix_header: str = "th"        # "th": <thead> of <th scope=col>, <th scope=row> themes; "td-strong": <td><strong>
    print_css: bool = False          # page margin boxes: "Page N of M", the date and the address (Chromium prints them)
    address: str = "https://www.local.gov.uk/our-support/hospital-discharge/high-impact-change-model"
    printed_on: str = "12 March 2031"

    def __post_init__(self):
        if self.collapse not in COLLAPSES:
            raise ValueError(f"unknown collapse {self.collapse!r} (known: {', '.join(COLLAPSES)})")


def render_html(outline: Outline, layout: HtmlLayout) -> bytes:
    """Given an outline and a layout, return the web page's bytes (UTF-8)."""
    writer = _Writer(layout)
    if outline.title_part:
        first = outline.parts[0]
        body = [f"<h1>{escape(outline.title)}</h1>"] + writer.body(first.body, 1) + writer.parts(outline.parts[1:], 2)
    else:
        body = [f"<h1>{escape(outline.title)}</h1>"] + writer.parts(outline.parts, depth=2)
    main = "\n".join(body)
    page = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(outline.title)} | Local Government Association</title>",
        f"<style>{_css(layout)}</style>",
        "</head>",
        '<body class="page-node-type-page">',
    ]
    if layout.frame:
        page.append(_FRAME_TOP.format(title=escape(outline.title)))
        page.append(f'<main id="main-content" class="layout-content">\n<article class="node node--type-page">\n'
                    f'<div class="node__content clearfix text-formatted field--name-body">\n{main}\n</div>\n'
                    f"</article>\n{_RELATED}\n{_FEEDBACK}\n</main>")
        page.append(_FOOTER)
    else:
        page.append(f"<main>\n{main}\n</main>")
    page += ["</body>", "</html>", ""]
    return "\n".join(page).encode("utf-8")


class _Writer:
    def __init__(self, layout: HtmlLayout):
        self.layout = layout

    def h(self, depth: int) -> str:
        return f"h{min(6, depth + self.layout.heading_shift)}"

    def heading(self, part: Part, depth: int, style: str = "h", inner: str | None = None) -> str:
        text = inner if inner is not None else "<br>".join(escape(line) for line in part.heading)
        if style == "strong":
            return f"<p><strong>{text}</strong></p>"
        tag = self.h(depth)
        return f'<{tag} id="{part.anchor}">{text}</{tag}>'

    # -- parts -------------------------------------------------------------------------------
    def parts(self, parts: list, depth: int) -> list[str]:
        out: list[str] = []
        for part in parts:
            out += self.part(part, depth)
        return out

    def part(self, part: Part, depth: int) -> list[str]:
        if part.role == "item":
            return self.item(part, depth)
        style = self.layout.part_headings if part.role == "part" else "h"
        return [self.heading(part, depth, style)] + self.body(part.body, depth)

    def item(self, part: Part, depth: int) -> list[str]:
        collapse, style = self.layout.collapse, self.layout.item_headings
        if collapse == "details":
            opened = "" if self.layout.collapsed else " open"
            summary = "<br>".join(escape(line) for line in part.heading)
            return [f'<details class="accordion-item" id="{part.anchor}"{opened}><summary>{summary}</summary>',
                    *self.body(part.body, depth), "</details>"]
        if collapse == "bootstrap":
            target = f"collapse-{part.anchor}"
            link = (f'<a data-bs-toggle="collapse" href="#{target}" role="button" aria-expanded='
                    f'"{str(not self.layout.collapsed).lower()}" aria-controls="{target}">'
                    + "<br>".join(escape(line) for line in part.heading) + "</a>")
            shown = "" if self.layout.collapsed else " show"
            return [self.heading(part, depth, style, inner=link), f'<div class="collapse{shown}" id="{target}">',
                    *self.body(part.body, depth), "</div>"]
        return [self.heading(part, depth, style)] + self.body(part.body, depth)

    def body(self, nodes: list, depth: int) -> list[str]:
        """Given a part's body, return its markup; runs of an item's parts go into the layout's accordion or tabs."""
        out: list[str] = []
        group: list[Part] = []
        for node in nodes + [None]:
            if isinstance(node, Part) and node.role == "part" and self.layout.collapse in ("dl", "govuk", "tabs"):
                group.append(node)
                continue
            if group:
                out += getattr(self, f"group_{self.layout.collapse}")(group, depth + 1)
                group = []
            if node is None:
                break
            if isinstance(node, Part):
                out += self.part(node, depth + 1)
            else:
                out.append(self.node(node, depth))
        return out

    def group_dl(self, parts: list[Part], depth: int) -> list[str]:
        out = ['<dl class="ckeditor-accordion">']
        for part in parts:
            out += [f'<dt id="{part.anchor}">{escape(" ".join(part.heading))}</dt>', "<dd>",
                    *self.body(part.body, depth), "</dd>"]
        return out + ["</dl>"]

    def group_govuk(self, parts: list[Part], depth: int) -> list[str]:
        owner = parts[0].anchor.rsplit("-", 1)[0]
        out = [f'<div class="govuk-accordion" data-module="govuk-accordion" id="accordion-{owner}">']
        tag = self.h(depth)
        for n, part in enumerate(parts, 1):
            panel = f"accordion-{owner}-content-{n}"
            hidden = " hidden" if self.layout.collapsed else ""
            out += ['<div class="govuk-accordion__section">', '<div class="govuk-accordion__section-header">',
                    f'<{tag} class="govuk-accordion__section-heading"><button type="button" '
                    f'class="govuk-accordion__section-button" aria-controls="{panel}" aria-expanded='
                    f'"{str(not self.layout.collapsed).lower()}"><span class="govuk-accordion__section-heading-text">'
                    f'{escape(" ".join(part.heading))}</span></button></{tag}>', "</div>",
                    f'<div id="{panel}" class="govuk-accordion__section-content"{hidden}>',
                    *self.body(part.body, depth), "</div>", "</div>"]
        return out + ["</div>"]

    def group_tabs(self, parts: list[Part], depth: int) -> list[str]:
        owner = parts[0].anchor.rsplit("-", 1)[0]
        out = ['<div class="tabs">', f'<ul class="tabs__list" role="tablist" aria-label="{escape(owner)}">']
        for n, part in enumerate(parts):
            out.append(f'<li class="tabs__item" role="presentation"><a class="tabs__tab" role="tab" '
                       f'id="tab-{part.anchor}" href="#panel-{part.anchor}" aria-controls="panel-{part.anchor}" '
                       f'aria-selected="{str(n == 0).lower()}">{escape(" ".join(part.heading))}</a></li>')
        out.append("</ul>")
        for n, part in enumerate(parts):
            hidden = " hidden" if n and self.layout.collapsed else ""
            out += [f'<div class="tabs__panel" role="tabpanel" id="panel-{part.anchor}" '
                    f'aria-labelledby="tab-{part.anchor}"{hidden}>', *self.body(part.body, depth), "</div>"]
        return out + ["</div>"]

    # -- nodes -------------------------------------------------------------------------------
    def node(self, node, depth: int) -> str:
        if isinstance(node, Paragraph):
            return f"<p>{runs_html(node.runs)}</p>"
        if isinstance(node, SubHeading):
            tag = self.h(depth + node.level)
            return f"<{tag}>{escape(node.text)}</{tag}>"
        if isinstance(node, BulletList):
            return self.list(node.items, node.ordered)
        if isinstance(node, Table):
            return self.table(node)
        if isinstance(node, Definitions):
            return "<dl>\n" + "\n".join(f"<dt>{escape(term)}</dt>\n<dd>{escape(text)}</dd>"
                                        for term, text in node.pairs) + "\n</dl>"
        raise TypeError(f"no HTML for {type(node).__name__}")

    def list(self, items, ordered: bool) -> str:
        tag = "ol" if ordered else "ul"
        inner = []
        for item in items:
            nested = f"\n{self.list(item.children, False)}" if item.children else ""
            inner.append(f"<li>{runs_html(item.runs)}{nested}</li>")
        return f"<{tag}>\n" + "\n".join(inner) + f"\n</{tag}>"

    def table(self, table: Table) -> str:
        strong = table.role == "matrix" and self.layout.matrix_header == "td-strong"
        lines = [f'<table class="{table.role}">']
        header, rest = table.rows[:table.header_rows], table.rows[table.header_rows:]
        if header and not strong:
            lines.append("<thead>")
            lines += ["<tr>" + "".join(f'<th scope="col">{escape(c)}</th>' for c in row) + "</tr>" for row in header]
            lines.append("</thead>")
        lines.append("<tbody>")
        if strong:
            lines += ["<tr>" + "".join(f"<td><strong>{escape(c)}</strong></td>" if c else "<td></td>" for c in row)
                      + "</tr>" for row in header]
        for row in rest:
            cells = []
            for n, cell in enumerate(row):
                if n == 0 and table.row_headers:
                    cells.append(f"<td><strong>{escape(cell)}</strong></td>" if strong
                                 else f'<th scope="row">{escape(cell)}</th>')
                else:
                    cells.append(f"<td>{escape(cell)}</td>")
            lines.append("<tr>" + "".join(cells) + "</tr>")
        return "\n".join(lines + ["</tbody>", "</table>"])


def runs_html(runs: list[Run]) -> str:
    """Given inline runs, return their markup (links, bold, italic)."""
    out = []
    for run in runs:
        text = escape(run.text)
        if run.url:
            text = f'<a href="{escape(run.url)}">{text}</a>'
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        out.append(text)
    return "".join(out)


def _css(layout: HtmlLayout) -> str:
    css = ("body{font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1d1d1b;margin:0}"
           "main{max-width:60em;margin:0 auto;padding:0 1em}"
           "table{border-collapse:collapse;width:100%;margin:1em 0}"
           "th,td{border:1px solid #767676;padding:4px 6px;vertical-align:top;text-align:left}"
           "thead th{background:#e7e6e6}"
           ".cookie-banner{background:#f3f2f1;padding:1em}.site-header{background:#00263e;color:#fff;padding:1em}"
           ".site-header a{color:#fff;margin-right:1em}.mega-menu{display:flex;gap:2em;flex-wrap:wrap}"
           ".breadcrumb ol{list-style:none;padding:0;display:flex;gap:.5em}"
           ".site-footer{background:#00263e;color:#fff;padding:2em;margin-top:2em}.site-footer a{color:#fff}"
           ".tabs__list{list-style:none;display:flex;gap:1em;padding:0}")
    if layout.print_css:
        css += ("@page{size:A4;margin:18mm 14mm 20mm 14mm;"
                "@bottom-left{content:\"Printed " + layout.printed_on + "\";font-size:8pt}"
                "@bottom-center{content:\"Page \" counter(page) \" of \" counter(pages);font-size:8pt}"
                "@bottom-right{content:\"" + layout.address + "\";font-size:7pt}}"
                "@media print{.cookie-banner{display:block}a{color:#1d1d1b}}")
    return css


_FRAME_TOP = """<a href="#main-content" class="skip-link visually-hidden focusable">Skip to main content</a>
<div class="cookie-banner" role="region" aria-label="Cookies on the LGA website">
<p><strong>Cookies on the LGA website</strong></p>
<p>We use cookies to collect information about how you use our website. We use this information to make the website work as well as possible and to improve our services.</p>
<p><button type="button">Accept additional cookies</button> <button type="button">Reject additional cookies</button> <a href="/cookies">View cookies</a></p>
</div>
<header class="site-header" role="banner">
<a href="/" class="site-logo" rel="home">Local Government Association</a>
<nav class="mega-menu" aria-label="Main navigation">
<ul>
<li><a href="/about">About</a><ul><li><a href="/about/our-people">Our people</a></li><li><a href="/about/governance">Governance</a></li></ul></li>
<li><a href="/topics">Topics</a><ul><li><a href="/topics/adult-social-care">Adult social care</a></li><li><a href="/topics/housing">Housing and planning</a></li><li><a href="/topics/finance">Finance and business rates</a></li></ul></li>
<li><a href="/our-support">Our support</a><ul><li><a href="/our-support/care-and-health">Care and health improvement</a></li><li><a href="/our-support/leadership">Leadership and workforce</a></li></ul></li>
<li><a href="/publications">Publications</a></li>
<li><a href="/events">Events</a></li>
<li><a href="/news">News</a></li>
</ul>
</nav>
<form class="search" role="search" action="/search"><label for="q">Search</label> <input id="q" name="q" type="search"> <button type="submit">Search</button></form>
</header>
<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/our-support">Our support</a></li><li><a href="/our-support/care-and-health">Care and health improvement</a></li><li>{title}</li></ol></nav>"""

_RELATED = """<aside class="related-content" aria-label="Related content">
<h2>Related content</h2>
<ul>
<li><a href="/publications/adult-social-care-winter-planning">Adult social care: winter planning toolkit</a></li>
<li><a href="/our-support/care-and-health/better-care-fund">Better Care Fund support</a></li>
<li><a href="/case-studies">Case studies library</a></li>
</ul>
</aside>"""

_FEEDBACK = """<section class="feedback" aria-label="Page feedback">
<h2>Was this page useful?</h2>
<p><button type="button">Yes</button> <button type="button">No</button></p>
<p><a href="/contact">Report a problem with this page</a></p>
</section>"""

_FOOTER = """<footer class="site-footer" role="contentinfo">
<p>Local Government Association, 18 Smith Square, London SW1P 3HZ. Telephone 020 7664 3000.</p>
<ul><li><a href="/accessibility">Accessibility</a></li><li><a href="/privacy">Privacy</a></li><li><a href="/cookies">Cookies</a></li><li><a href="/contact">Contact us</a></li></ul>
<p>&copy; Local Government Association 2031. Company number 11177145.</p>
</footer>"""
