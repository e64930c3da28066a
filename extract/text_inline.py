"""Inline markup of Markdown-like text renderings, as runs of the document tree.

Text renderings of web pages and PDFs write links as `[text](url)` (`[text](#)` where the
conversion lost the target), addresses as `<https://…>` or bare (`https://…`, `www.…`, as a
browser's "save as text" leaves them), bold as `**I**`, and escape parentheses inside link
text (`\\(TED\\)`). The published wording is the text without the markup; link targets and
bold go into the runs (extract/doc.py `Run`).
"""
from __future__ import annotations

import re

from extract.doc import Run

#: A link `[text](url)`, an autolink `<https://…>`, bold `**text**` or a bare address, whichever comes first. A
#: label holds no bracket, escaped or not, so that a hostile line of brackets is scanned in linear time. A bare
#: address runs to the next space (a word joined across a line end, mark \x1f, goes on: an address wrapped at a
#: hyphen or a slash); `_address_end` then gives back its closing punctuation.
_MARKUP = re.compile(r"\[(?P<label>(?:[^\[\]\\]|\\[^\[\]])*)\]\((?P<target>[^()\s]*)\)"
                     r"|<(?P<address>https?://[^<>\s]+)>"
                     r"|\*\*(?P<bold>[^*]+)\*\*"
                     r"|(?<![\w@/.])(?P<bare>(?:https?://|www\.)(?:[^\s<>]|\x1f)+)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
#: What ends a sentence or a clause after a bare address, never the address's own last character.
_AFTER_ADDRESS = ".,;:!?'\"\u2019\u201d\x1f"

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
    while (match := _MARKUP.search(text, position)) is not None:
        _plain(text[position:match.start()], runs)
        position = match.end()
        if match["target"] is not None:
            _plain(unescape(match["label"]), runs, link=link_target(match["target"]))
        elif match["address"] is not None:
            _plain(match["address"], runs, link=match["address"])
        elif match["bold"] is not None:
            _plain(match["bold"], runs, bold=True)
        else:
            position = match.start("bare") + _address_end(match["bare"])
            address = text[match.start("bare"):position]
            target = address.replace(LINE_END_JOINED, "")
            if target in ("http://", "https://", "www."):     # a scheme alone: no address
                _plain(address, runs)
            else:
                _plain(address, runs, link=target if target.startswith("http") else "http://" + target)
    _plain(text[position:], runs)
    return runs


def _address_end(address: str) -> int:
    """Given a bare address as matched, return where it really ends: before closing punctuation and before a closing
    bracket it does not open ("see https://a.example/x)." ends at "x")."""
    # Counted once, not per character given back: a hostile address of brackets stays linear.
    opened = {")": address.count("("), "]": address.count("[")}
    closed = {")": address.count(")"), "]": address.count("]")}
    end = len(address)
    while end:
        last = address[end - 1]
        if last in closed and closed[last] > opened[last]:
            closed[last] -= 1
        elif last not in _AFTER_ADDRESS:
            break
        end -= 1
    return end


_LINE_ENDS = re.compile(f"([{LINE_END}{LINE_END_JOINED}])")


def _plain(text: str, runs: list[Run], link: str | None = None, bold: bool = False) -> None:
    """Append text to runs, its line-end marks as line-break runs."""
    for piece in _LINE_ENDS.split(text):
        if piece in (LINE_END, LINE_END_JOINED):
            runs.append(Run(" " if piece == LINE_END else "", line_break=True))
        elif piece:
            runs.append(Run(piece, bold=bold, link=link))
