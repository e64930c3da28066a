"""Compare two .docx files part by part as normalised XML, and say readably what differs.

Each XML part is canonicalised (C14N 2.0) and pretty-printed one element a line, so a diff
shows the changed paragraph or control rather than one enormous line; other parts are
compared by their bytes' sha256.
"""
from __future__ import annotations

import difflib
import hashlib
import io
import zipfile

from lxml import etree

from pipeline.core.untrusted import safe_xml_parser


def normalise_part(name: str, data: bytes) -> str:
    """Given a part's name and bytes, return its normalised text (pretty C14N XML, or a sha256 line)."""
    if not (name.endswith(".xml") or name.endswith(".rels")):
        return f"binary sha256 {hashlib.sha256(data).hexdigest()}\n"
    parser = safe_xml_parser(remove_blank_text=True)
    root = etree.fromstring(data, parser)
    canonical = etree.tostring(root, method="c14n2")
    pretty = etree.tostring(etree.fromstring(canonical, parser), pretty_print=True)
    return pretty.decode("utf-8")


def normalised_parts(data: bytes) -> dict[str, str]:
    """Given .docx bytes, return every part's normalised text by part name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: normalise_part(name, archive.read(name)) for name in sorted(archive.namelist())}


def diff_docx(expected: bytes, actual: bytes, max_lines: int = 150) -> str:
    """Given two .docx files' bytes, return a unified diff of their normalised parts ('' when they match)."""
    old, new = normalised_parts(expected), normalised_parts(actual)
    out: list[str] = []
    for name in sorted(set(old) | set(new)):
        if old.get(name) == new.get(name):
            continue
        out.extend(difflib.unified_diff((old.get(name) or "").splitlines(True), (new.get(name) or "").splitlines(True),
                                        fromfile=f"expected/{name}", tofile=f"actual/{name}", n=2))
    if len(out) > max_lines:
        out = out[:max_lines] + [f"… {len(out) - max_lines} more diff lines\n"]
    return "".join(out)
