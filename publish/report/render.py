"""Writing the report model (publish/report/build.py) as Markdown, accessible HTML or a Word document.

Every renderer states what a reader who was not in the room needs: the title, the edition,
the date the report was made, how many systems returned and over which assessment dates, and
the counts themselves, with table headers and no meaning carried by colour alone.
"""
from __future__ import annotations

import datetime as dt
import html
import io

from publish.docx.package import repack

HEADLINE_CAPTION = "Systems at Established or better, per change"


def headline_rows(report: dict) -> list[list[str]]:
    """Given a report, return the headline table: header row, then per change its number, title, count and returns."""
    rows = [["No.", "Change", "Established or better", "Returns"]]
    for change in report["changes"]:
        rows.append([str(change["number"] or ""), change["title"], str(change["established_or_better"]),
                     str(report["returns"])])
    return rows


def level_rows(report: dict) -> list[list[str]]:
    """Given a report, return the per-change distribution table: header, then per change the count at each level."""
    rows = [["No.", "Change", *report["levels"], "Not answered"]]
    for change in report["changes"]:
        rows.append([str(change["number"] or ""), change["title"], *map(str, change["counts"]),
                     str(change["not_answered"])])
    return rows


def matrix_rows(change: dict, levels: list[str]) -> list[list[str]]:
    """Given a change of a report, return its matrix rows' distribution table."""
    rows = [["Matrix row", *levels, "Not answered"]]
    for row in change["rows"]:
        name = f"Row {row['row']}" + (f": {row['theme']}" if row.get("theme") else "")
        rows.append([name, *map(str, row["counts"]), str(row["not_answered"])])
    return rows


def summary_lines(report: dict) -> list[str]:
    """Given a report, return the sentences that introduce it."""
    dates = report["assessment_dates"]
    lines = [f"Edition: {report['edition']}. Report made on {report['generated']}.",
             f"Returns counted: {report['returns']} local systems (the latest return of each)."
             + (f" Assessment dates from {dates[0]} to {dates[1]}." if dates else "")]
    if report["expected_systems"] is not None:
        lines.append(f"Expected returns: {report['expected_systems']}; not returned: {len(report['not_returned'])}.")
    lines.append("A change's level is its whole-change answer, or else the lowest level among its matrix rows "
                 "(counted only when every row is answered). \"Established or better\" counts Established, "
                 "Mature and Exemplary.")
    return lines


# ---------------------------------------------------------------- Markdown

def to_markdown(report: dict) -> str:
    """Given a report, return it as Markdown."""
    out = [f"# {report['title']}", "", *summary_lines(report), "", f"## {HEADLINE_CAPTION}", "",
           *_md_table(headline_rows(report)), "", "## Systems at each level, per change", "",
           *_md_table(level_rows(report)), ""]
    for change in report["changes"]:
        if change["rows"]:
            out += [f"### {change['number']}. {change['title']}: matrix rows", "",
                    *_md_table(matrix_rows(change, report["levels"])), ""]
    if report["not_returned"] is not None:
        out += ["## Systems that have not returned", ""]
        out += [f"- {name}" for name in report["not_returned"]] or ["None: every expected system returned."]
        out.append("")
    return "\n".join(out)


def _md_table(rows: list[list[str]]) -> list[str]:
    escape = lambda cell: cell.replace("|", "\\|")
    lines = ["| " + " | ".join(map(escape, rows[0])) + " |", "|" + "|".join("---" for _ in rows[0]) + "|"]
    return lines + ["| " + " | ".join(map(escape, row)) + " |" for row in rows[1:]]


# ---------------------------------------------------------------- HTML

def to_html(report: dict, chart_name: str | None = None) -> str:
    """Given a report (and the file name of its chart, if drawn), return an accessible HTML page."""
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en-GB">', "<head>", '<meta charset="utf-8">',
           f"<title>{e(report['title'])}</title>",
           "<style>table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #555;padding:.3em .6em}"
           "td.n{text-align:right}caption{font-weight:bold;text-align:left}</style>", "</head>", "<body>", "<main>",
           f"<h1>{e(report['title'])}</h1>", *[f"<p>{e(line)}</p>" for line in summary_lines(report)],
           f"<h2>{e(HEADLINE_CAPTION)}</h2>", _html_table(headline_rows(report), HEADLINE_CAPTION),
           "<h2>Systems at each level, per change</h2>",
           _html_table(level_rows(report), "Number of systems at each level, per change")]
    if chart_name:
        out.append(f'<figure><img src="{e(chart_name)}" alt="Stacked bar chart of the number of systems at each '
                   f'level for each change; the same figures are in the table above."><figcaption>Systems at each '
                   f"level, per change</figcaption></figure>")
    for change in report["changes"]:
        if change["rows"]:
            title = f"{change['number']}. {change['title']}: matrix rows"
            out += [f"<h3>{e(title)}</h3>", _html_table(matrix_rows(change, report["levels"]), title)]
    if report["not_returned"] is not None:
        out.append("<h2>Systems that have not returned</h2>")
        out.append("<ul>" + "".join(f"<li>{e(n)}</li>" for n in report["not_returned"]) + "</ul>"
                   if report["not_returned"] else "<p>None: every expected system returned.</p>")
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def _html_table(rows: list[list[str]], caption: str) -> str:
    """Given a table (header row first) and a caption, return it as HTML with column and row headers."""
    e = html.escape
    head = "".join(f'<th scope="col">{e(c)}</th>' for c in rows[0])
    body = []
    for row in rows[1:]:
        first, *rest = row
        cells = "".join(f'<td class="n">{e(c)}</td>' if c.isdigit() else f"<td>{e(c)}</td>" for c in rest)
        body.append(f'<tr><th scope="row">{e(first)}</th>{cells}</tr>')
    return (f"<table><caption>{e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>"
            + "".join(body) + "</tbody></table>")


# ---------------------------------------------------------------- Word

def to_docx(report: dict, chart_png: bytes | None = None) -> bytes:
    """Given a report (and its chart), return a Word document with real headings and header rows, byte-stable."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    document = docx.Document()
    fixed = dt.datetime.fromisoformat(report["generated"]).replace(tzinfo=dt.timezone.utc)
    props = document.core_properties
    props.title, props.language, props.author = report["title"], "en-GB", "hicm"
    props.created = props.modified = props.last_printed = fixed
    props.revision = 1
    document.add_heading(report["title"], level=1)
    for line in summary_lines(report):
        document.add_paragraph(line)

    def table(rows: list[list[str]]) -> None:
        grid = document.add_table(rows=len(rows), cols=len(rows[0]))
        grid.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
        header = grid.rows[0]._tr.get_or_add_trPr()
        marker = OxmlElement("w:tblHeader")
        marker.set(qn("w:val"), "true")
        header.append(marker)
        for cell in grid.rows[0].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True

    document.add_heading(HEADLINE_CAPTION, level=2)
    table(headline_rows(report))
    document.add_heading("Systems at each level, per change", level=2)
    table(level_rows(report))
    if chart_png:
        document.add_picture(io.BytesIO(chart_png), width=docx.shared.Cm(16))
        picture = document.paragraphs[-1]._p.xpath(".//wp:docPr")[0]
        picture.set("descr", "Stacked bar chart of the number of systems at each level for each change; "
                             "the same figures are in the table above.")
        document.add_paragraph("Chart: systems at each level, per change (the figures are in the table above).")
    for change in report["changes"]:
        if change["rows"]:
            document.add_heading(f"{change['number']}. {change['title']}: matrix rows", level=3)
            table(matrix_rows(change, report["levels"]))
    if report["not_returned"] is not None:
        document.add_heading("Systems that have not returned", level=2)
        for name in report["not_returned"] or ["None: every expected system returned."]:
            document.add_paragraph(name, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return repack(buffer.getvalue())


#: Report file endings and the format each is written in.
FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".docx": "docx"}


def render(report: dict, fmt: str, chart_name: str | None = None, chart_png: bytes | None = None) -> bytes:
    """Given a report, a format (html, md, docx) and its chart (a name to link for HTML, the PNG for Word), return the file's bytes."""
    if fmt == "md":
        return to_markdown(report).encode("utf-8")
    if fmt == "html":
        return to_html(report, chart_name).encode("utf-8")
    return to_docx(report, chart_png)
