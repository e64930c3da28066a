"""Inline markup of Markdown-like text renderings, as runs of the document tree.

Text renderings of web pages and PDFs write links as `[text](url)` (`[text](#)` where the
conversion lost the target), bare addresses as `<https://…>`, bold as `**I**`, and escape
parentheses inside link text (`\\(TED\\)`). The published wording is the text without the
markup; link targets and bold go into the runs (extract/doc.py `Run`).
"""
from __future__ import annotations

import re

from extract.doc import Run

#: A link `[text](url)`, an autolink `<https://…>` or bold `**text**`, whichever comes first. A label
#: holds no bracket, escaped or not, so that a hostile line of brackets is scanned in linear time.
_MARKUP = re.compile(r"\[(?P<label>(?:[^\[\]\\]|\\[^\[\]])*)\]\((?P<target>[^()\s]*)\)"
                     r"|<(?P<address>https?://[^<>\s]+)>"
                     r"|\*\*(?P<bold>[^*]+)\*\*")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$")

#: Where the reader joined two printed lines: with a space, or with none (a word or address
#: wrapped across the line end). Inline parsing runs over the joined text, so a link or bold
#: span may cross a line end; the marks become line-break runs afterwards.
LINE_END, LINE_END_JOINED = "\x1e", "\x1f"


def link_target(url: str) -> str:
    """Given a link target as written, return it, or "" for an empty or `#` placeholder target."""
    url = url.strip()
    return "" if url in ("", "#") else url


def unescape(text: str) -> str:
    """Given Markdown-escaped text, return it with the backslash escapes removed."""
    return _ESCAPE.sub(r"\1", text)


def parse_runs(text: str) -> list[Run]:
    """Given one paragraph's text with inline markup (and line-end marks), return its runs."""
    runs: list[Run] = []
    position = 0
    for match in _MARKUP.finditer(text):
        _plain(text[position:match.start()], runs)
        if match["target"] is not None:
            _plain(unescape(match["label"]), runs, link=link_target(match["target"]))
        elif match["address"] is not None:
            _plain(match["address"], runs, link=match["address"])
        else:
            _plain(match["bold"], runs, bold=True)
        position = match.end()
    _plain(text[position:], runs)
    if len(runs) == 1 and not runs[0].is_link and _BARE_URL.match(runs[0].text.strip()):
        # A paragraph that is one bare address is a link to it.
        address = runs[0].text.strip()
        runs = [Run(address, link=address if address.startswith("http") else "http://" + address)]
    return runs


_LINE_ENDS = re.compile(f"([{LINE_END}{LINE_END_JOINED}])")


def _plain(text: str, runs: list[Run], link: str | None = None, bold: bool = False) -> None:
    """Append text to runs, its line-end marks as line-break runs."""
    for piece in _LINE_ENDS.split(text):
        if piece in (LINE_END, LINE_END_JOINED):
            runs.append(Run(" " if piece == LINE_END else "", line_break=True))
        elif piece:
            runs.append(Run(piece, bold=bold, link=link))
