"""Visual debugging for the PDF reader: one PNG per page showing what the document tree says.

Like pdfplumber's `page.to_image().debug_tablefinder()`: a maintainer whose new release
extracts wrongly can see, on each page, the tables found (red, cells in thin blue), the boxes
that interrupt the flow (green), the headings (blue), the form fields (orange), and the lines
set aside as running headers, footers and page stamps (red, crossed). Everything drawn comes
from the tree `extract.pdf_tree` built, so the picture shows exactly what the interpreter reads.
The pages are rendered by PDFium (pypdfium2) at 72 dots per inch, so one point is one pixel.
"""
from __future__ import annotations

import io
import os
from pathlib import Path

from extract.base import Source
from extract.doc import Box, Heading, Table, walk
from extract.pdf_tree import read_document
from pipeline.core.atomic import write_bytes
from pipeline.core.untrusted import read_input

#: Image resolution (dots per inch) of the debug pages.
RESOLUTION = 72
RED, BLUE, GREEN, ORANGE = (255, 0, 0), (0, 0, 255), (0, 160, 0), (255, 165, 0)


def write_debug_images(pdf_path: str | os.PathLike, out_dir: str | os.PathLike) -> list[Path]:
    """Given a PDF and a folder, write page-NNN.png per page with the detections drawn; return the paths."""
    import pypdfium2

    data = read_input(pdf_path)
    document = read_document(Source(path=str(pdf_path), data=data, sha256="", format="pdf", edition_id=None))
    marks = page_marks(document)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    pdf = pypdfium2.PdfDocument(data)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            image = page.render(scale=RESOLUTION / 72).to_pil().convert("RGB")
            page.close()
            draw_marks(image, marks.get(index + 1, []))
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            target = out / f"page-{index + 1:03d}.png"
            write_bytes(target, buffer.getvalue())
            written.append(target)
    finally:
        pdf.close()
    return written


def page_marks(document) -> dict[int, list[tuple[str, tuple]]]:
    """Given a PDF's document tree, return per page the (kind, bbox) to draw: table, cell, box, heading, field, furniture."""
    marks: dict[int, list[tuple[str, tuple]]] = {}

    def mark(kind: str, where: dict) -> None:
        if "page" in where and "bbox" in where:
            marks.setdefault(where["page"], []).append((kind, tuple(where["bbox"])))

    for block in walk(document.body):
        if isinstance(block, Table):
            for where in block.provenance:
                mark("table", where)
            for row in block.rows:
                for cell in row.cells:
                    for where in cell.provenance:
                        mark("cell", where)
                    for field in cell.fields:
                        mark("field", field.provenance[0])
        elif isinstance(block, Box):
            mark("box", block.provenance[0])
        elif isinstance(block, Heading):
            mark("heading", block.provenance[0])
    for field in document.fields:
        mark("field", field.provenance[0])
    for furniture in document.furniture:
        mark("furniture", furniture.provenance[0])
    return marks


def draw_marks(image, marks: list[tuple[str, tuple]]) -> None:
    """Given a rendered page and its marks, draw them (translucent fills, coloured frames) in place."""
    from PIL import Image, ImageDraw

    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    fill = ImageDraw.Draw(overlay)
    frame = ImageDraw.Draw(image)
    scale = RESOLUTION / 72
    style = {"table": (RED, 0, 2), "cell": (BLUE, 0, 1), "box": (GREEN, 30, 2), "heading": (BLUE, 40, 2),
             "field": (ORANGE, 40, 1), "furniture": (RED, 60, 2)}
    for kind, bbox in marks:
        colour, alpha, width = style[kind]
        box = [v * scale for v in bbox]
        if alpha:
            fill.rectangle(box, fill=(*colour, alpha))
        frame.rectangle(box, outline=colour, width=width)
        if kind == "furniture":
            frame.line([(box[0], box[1]), (box[2], box[3])], fill=colour, width=width)
    image.paste(Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB"))
