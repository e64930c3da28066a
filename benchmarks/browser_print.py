"""The browser-printed PDF the benchmarks read: a generated web page printed by Chromium.

Browsers print every table-cell border as its own path and add running headers and footers
(date, title, address, "N/M"), which is what makes such PDFs slow to read with a pure-Python
parser. CI has no browser, so the printed file is committed (`benchmarks/data/browser-print.pdf`)
and this script is how it was made:

    python -m benchmarks.browser_print /tmp/print.html          # writes the web page
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --no-first-run --print-to-pdf=benchmarks/data/browser-print.pdf /tmp/print.html

or both at once, when `chromium` is installed (`apt-get install -y chromium`):

    python -m benchmarks.browser_print --print benchmarks/data/browser-print.pdf

The page is the 2020 edition's golden record laid out as a CMS would (navigation, a cookie
banner, headings, lists, links, bordered matrix tables with a theme column), its changes
in a large type, so that the print is over 30 pages.
"""
from __future__ import annotations

import argparse
import html
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRINTED = ROOT / "benchmarks" / "data" / "browser-print.pdf"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run")

STYLE = """
body { font-family: sans-serif; font-size: 16px; line-height: 1.45; margin: 0 2em; }
nav, .cookie, footer { border: 1px solid #999; padding: 0.5em; margin: 0.5em 0; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border: 1px solid #333; padding: 4px; vertical-align: top; text-align: left; }
thead th { background: #dde; }
"""


def esc(text) -> str:
    return html.escape(str(text or ""))


def change_html(change: dict, levels: list[dict]) -> str:
    """Given a change record and the level labels, return its section of the web page."""
    parts = [f"<h2>Change {change['number']}: {esc(change['title'])}</h2>"]
    if change.get("summary"):
        parts.append(f"<p>{esc(change['summary'])}</p>")
    for kind, statement in (change.get("statements") or {}).items():
        parts.append(f"<p><strong>{esc(kind).upper()} statement:</strong> {esc(statement)}</p>")
    if change.get("tips"):
        parts.append("<h3>Tips for success</h3>" + tips_html(change["tips"]))
    if change.get("examples"):
        items = "".join(f"<li><a href=\"{esc(e.get('url') or '#')}\">{esc(e.get('place') or '')}"
                        f"{': ' if e.get('place') else ''}{esc(e['title'])}</a> {esc(e.get('description'))}</li>"
                        for e in change["examples"])
        parts.append(f"<h3>Examples of emerging and developing practice</h3><ul>{items}</ul>")
    if change.get("materials"):
        items = "".join(f"<li><a href=\"{esc(m.get('url') or '#')}\">{esc(m['title'])}</a></li>"
                        for m in change["materials"])
        parts.append(f"<h3>Supporting materials</h3><ul>{items}</ul>")
    matrix = change.get("matrix") or {}
    if matrix.get("rows"):
        head = "".join(f"<th scope=\"col\">{esc(level['label'])}</th>" for level in levels)
        rows = "".join("<tr><th scope=\"row\">" + esc(row.get("theme")) + "</th>"
                       + "".join(f"<td>{esc(row['cells'].get(level['key']))}</td>" for level in levels) + "</tr>"
                       for row in matrix["rows"])
        parts.append(f"<h3>Maturity matrix</h3><table><thead><tr><th>Theme</th>{head}</tr></thead>"
                     f"<tbody>{rows}</tbody></table>")
    return "<section>" + "".join(parts) + "</section>"


def tips_html(tips: list[dict]) -> str:
    """Given tips (nested), return them as a nested list."""
    return "<ul>" + "".join(f"<li>{esc(t['text'])}{tips_html(t['children']) if t.get('children') else ''}</li>"
                            for t in tips) + "</ul>"


def page_html(edition: dict) -> str:
    """Given an edition record, return the whole web page."""
    levels = edition["levels"]
    body = [f"<nav>Home &gt; Our support &gt; Hospital discharge &gt; {esc(edition['edition']['title'])}</nav>",
            "<div class=\"cookie\">We use cookies to make this site work. Accept all cookies.</div>",
            f"<h1>{esc(edition['edition']['title'])}</h1>"]
    for section in edition.get("sections", []):
        body.append(f"<h2>{esc(section['title'])}</h2>")
        for block in section.get("blocks", []):
            if block.get("type") == "list":
                body.append("<ul>" + "".join(f"<li>{esc(i['text'])}</li>" for i in block["items"]) + "</ul>")
            elif block.get("text"):
                body.append(f"<p>{esc(block['text'])}</p>")
    body.extend(change_html(change, levels) for change in edition["changes"])
    body.append("<footer>Local Government Association, 18 Smith Square, London SW1P 3HZ</footer>")
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
            f"{esc(edition['edition']['title'])}</title><style>{STYLE}</style></head><body>"
            + "\n".join(body) + "</body></html>")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the web page to write (or, with --print, the PDF)")
    parser.add_argument("--print", action="store_true", help="print the page to OUT with chromium")
    args = parser.parse_args(argv)
    edition = json.loads((ROOT / "golden" / "editions" / "2020.json").read_text(encoding="utf-8"))
    page = page_html(edition)
    if not args.print:
        args.out.write_text(page, encoding="utf-8")
        return 0
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium is not installed (apt-get install -y chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "hicm-2020.html"
        source.write_text(page, encoding="utf-8")
        subprocess.run([chromium, *CHROMIUM_FLAGS, f"--print-to-pdf={args.out.resolve()}", source.as_uri()],
                       check=True, capture_output=True, timeout=300)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
