"""Inline markup of the markdown-like text renderings: links, autolinks, bold, escapes.

The 2020 draft's text rendering writes links as `[text](#)` (the target was lost in the
conversion: `#`), bare addresses as `<https://…>`, emphasis as `**I**` and escapes
parentheses inside link text (`\\(TED\\)`). The published wording is the text without the
markup; the link targets go to `links`.
"""
from __future__ import annotations

import re

from pipeline.core.text import normalise_space

_LINK = re.compile(r"\[(?P<text>(?:[^\]\\]|\\.)*)\]\((?P<url>[^()\s]*)\)")
_AUTOLINK = re.compile(r"<(?P<url>https?://[^>\s]+)>")
_BOLD = re.compile(r"\*\*(?P<text>[^*]+)\*\*")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")


def link_target(url: str) -> str | None:
    """Given a link target as written, return it, or None for an empty or `#` placeholder target."""
    url = url.strip()
    return None if url in ("", "#") else url


def unescape(text: str) -> str:
    """Given markdown-escaped text, return it with the backslash escapes removed."""
    return _ESCAPE.sub(r"\1", text)


def parse_inline(text: str) -> tuple[str, list[dict]]:
    """Given one block's text with inline markup, return (plain text, links [{text, url}])."""
    links: list[dict] = []

    def keep_link(match: re.Match) -> str:
        label = normalise_space(unescape(match.group("text")))
        links.append({"text": label, "url": link_target(match.group("url"))})
        return label

    def keep_autolink(match: re.Match) -> str:
        links.append({"text": match.group("url"), "url": match.group("url")})
        return match.group("url")

    plain = _LINK.sub(keep_link, text)
    plain = _AUTOLINK.sub(keep_autolink, plain)
    plain = _BOLD.sub(lambda m: m.group("text"), plain)
    return normalise_space(plain), links


def leading_link(text: str) -> tuple[dict, str] | None:
    """Given text that starts with a `[label](url)` link, return (link, the rest after it), else None."""
    match = _LINK.match(text)
    if not match:
        return None
    label = normalise_space(unescape(match.group("text")))
    return {"text": label, "url": link_target(match.group("url"))}, text[match.end():]


_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$")


def bare_url_links(text: str) -> list[dict]:
    """Given a paragraph's text, return a link for it when the whole paragraph is one bare address."""
    text = text.strip()
    if _BARE_URL.match(text):
        return [{"text": text, "url": text if text.startswith("http") else "http://" + text}]
    return []
