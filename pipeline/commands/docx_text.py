"""`hicm docx-text FILE`: a Word document as normalised text, for reading and for `git diff` (textconv)."""
from __future__ import annotations

import sys

import click

from publish.docx.text import docx_text as as_text


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=str))
def docx_text(file: str) -> None:
    """Print the Word document FILE as text: its properties, paragraphs (with their style), table rows,
    content controls (tag, kind, items, text), tracked changes as {+inserted+} and [-deleted-], then
    headers and footers. Layout is left out. The same document always gives the same text.

    With it, `git diff` shows what changed in a .docx (the repository's .gitattributes marks
    *.docx `diff=docx`; tell git once which command that is):

    \b
    Examples:
      hicm docx-text golden/publish/2020/assessment.docx | less
      git config diff.docx.textconv "hicm docx-text"     # then: git diff golden/
    """
    sys.stdout.buffer.write(as_text(file).encode("utf-8"))
