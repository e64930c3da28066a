"""Visual debugging for the PDF reader: one PNG per page showing what was detected.

Like pdfplumber's `page.to_image().debug_tablefinder()`: a maintainer whose new release
extracts wrongly can see which tables were found (red/blue table finder overlay), which
lines were taken as headings (blue boxes), which shaded boxes interrupt the flow (green),
and which lines were set aside as running headers, footers and page stamps (red, crossed).
"""
from __future__ import annotations

import io
import os
from pathlib import Path

from extract.base import Source
from extract.pdf import open_pdf, parse_page
from extract.pdf_layout import body_size, check_settings, find_running_lines
from extract.pdf_tables import TABLE_SETTINGS
from pipeline.core.atomic import write_bytes
from pipeline.core.untrusted import read_input

#: Image resolution (dots per inch) of the debug pages.
RESOLUTION = 72
HEADING_RATIO = 1.15


def write_debug_images(pdf_path: str | os.PathLike, out_dir: str | os.PathLike) -> list[Path]:
    """Given a PDF and a folder, write page-NNN.png per page with the detections drawn; return the paths."""
    data = read_input(pdf_path)
    source = Source(path=str(pdf_path), data=data, sha256="", format="pdf", edition_id=None)
    settings = check_settings(None)
    layouts = []
    pdf = open_pdf(source)
    try:
        for number, page in enumerate(pdf.pages, start=1):
            layouts.append(parse_page(page, number, settings))
            page.close()
    finally:
        pdf.close()
    running = find_running_lines([(p.height, p.lines) for p in layouts], settings)
    body = body_size([l for p in layouts for l in p.lines])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    pdf = open_pdf(source)
    try:
        for index, (page, layout) in enumerate(zip(pdf.pages, layouts)):
            image = draw_page(page, layout, {i for p, i in running if p == index}, body)
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            target = out / f"page-{layout.number:03d}.png"
            write_bytes(target, buffer.getvalue())
            written.append(target)
            page.close()
    finally:
        pdf.close()
    return written


def draw_page(page, layout, running: set[int], body: float):
    """Given a pdfplumber page, its layout, the indexes of its running lines and the body size, return the annotated PageImage."""
    image = page.to_image(resolution=RESOLUTION)
    image.debug_tablefinder(TABLE_SETTINGS)
    for box in layout.boxes:
        image.draw_rect(box, fill=(0, 160, 0, 30), stroke=(0, 160, 0), stroke_width=2)
    for i, line in enumerate(layout.lines):
        if i in running:
            image.draw_rect(line.bbox, fill=(255, 0, 0, 60), stroke=(255, 0, 0), stroke_width=2)
            image.draw_line([(line.x0, line.top), (line.x1, line.bottom)], stroke=(255, 0, 0), stroke_width=2)
        elif line.bold and line.size >= body * HEADING_RATIO:
            image.draw_rect(line.bbox, fill=(0, 0, 255, 40), stroke=(0, 0, 255), stroke_width=2)
    for f in layout.fields:
        image.draw_rect(f["bbox"], fill=(255, 165, 0, 40), stroke=(255, 165, 0), stroke_width=1)
    return image
