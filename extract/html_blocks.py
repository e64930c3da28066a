"""Web page structure as plain data: parse safely, find the main content, flatten it into blocks.

The chain: text → tree (parse_page) → main content and page furniture (find_page) →
blocks (read_blocks). A block is one paragraph, heading, list, table or image as the reader
sees it, with its inline runs (text, link target, bold, highlighted) and its element path;
classifying blocks into the model is extract/html.py's job. Every walk here is iterative,
so a deeply nested page cannot exhaust the Python stack.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urljoin, urlsplit

from lxml import etree

from pipeline.core.errors import InputError
from pipeline.core.text import normalise_space

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
LIST_TAGS = {"ul", "ol"}
#: Elements whose content is never the page's content: furniture, forms, code, embedded objects.
FURNITURE_TAGS = {"nav", "aside", "form", "script", "style", "noscript", "template", "iframe", "button",
                  "input", "select", "textarea", "svg", "math", "object", "embed", "dialog", "canvas",
                  "video", "audio", "map", "head", "title", "meta", "link", "footer", "label"}
#: Elements that start a new block (anything else is inline and joins the text around it).
BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "blockquote", "figure", "figcaption",
              "pre", "address", "hr", "ul", "ol", "dl", "dt", "dd", "li", "table", "center", "details",
              "summary", "fieldset", "body", "html", *HEADING_TAGS, *FURNITURE_TAGS}
#: Containers whose children are walked as blocks of their own.
_QUOTE_TAGS = {"blockquote"}
_HIGHLIGHT_STYLE = re.compile(r"background(-color)?\s*:\s*(?!\s*(transparent|none|inherit|initial|#fff\b|#ffffff\b|white\b))",
                              re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SAFE_SCHEMES = {"http", "https", "mailto", "ftp", "tel", ""}
_PLAIN = (None, False, False, False)   # inline context: (link url, in a link, bold, highlighted)


@dataclass(frozen=True)
class Run:
    """A stretch of inline text with one formatting: link target (None for none), bold, highlighted."""
    text: str
    url: str | None = None
    link: bool = False        # inside an <a href>; url is None when the target is empty or unsafe
    bold: bool = False
    highlighted: bool = False
    line_break: bool = False  # a <br>


@dataclass(frozen=True)
class Image:
    """An image in the content: its source and alt text as published, and the link around it, if any."""
    src: str | None
    alt: str
    link: str | None


@dataclass
class Item:
    """One list item: its own inline runs and its nested items."""
    runs: list[Run]
    element: str
    children: list["Item"] = field(default_factory=list)

    @cached_property
    def text(self) -> str:
        return runs_text(self.runs)


@dataclass
class Block:
    """One block of the main content in reading order.

    kind: heading | paragraph | list | table | image. `rank` is 1-6 for <h1>-<h6>, None
    otherwise; `quoted` marks content inside a <blockquote>.
    """
    kind: str
    element: str
    runs: list[Run] = field(default_factory=list)
    rank: int | None = None
    items: list[Item] = field(default_factory=list)
    ordered: bool = False
    rows: list[list[str]] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    quoted: bool = False

    @cached_property
    def text(self) -> str:
        return runs_text(self.runs)

    @property
    def links(self) -> list[tuple[str, str | None]]:
        return run_links(self.runs)

    @property
    def all_bold(self) -> bool:
        """True when every visible character of the block is bold (a CMS's 'heading')."""
        visible = [r for r in self.runs if r.text.strip()]
        return bool(visible) and all(r.bold for r in visible)

    @property
    def heading_like(self) -> bool:
        """True for a real heading or a short paragraph set wholly in bold."""
        return self.kind == "heading" or (self.kind == "paragraph" and self.all_bold and len(self.text) <= 200)


@dataclass
class Page:
    """A parsed page: its main content element, title, base URL and the furniture around the content."""
    tree: etree._ElementTree
    main: etree._Element
    title: str | None
    title_element: etree._Element | None
    base_url: str | None
    furniture: list[tuple[etree._Element, str]]   # (element, what it is) outside the main content
    paths: "ElementPaths" = None                   # element → path; made from the tree when not given

    def __post_init__(self):
        if self.paths is None:
            self.paths = ElementPaths(self.tree)


class ElementPaths:
    """Element paths as lxml's getpath writes them (`/html/body/div[2]/p`), in time linear in the page.

    getpath counts an element's siblings on every call, which is quadratic on a list of
    60,000 items; here each parent's children are numbered once. Paths are built by walking
    up to the nearest known ancestor, never by recursion.
    """

    #: Paths longer than this are not cached (a hostile page nested 100,000 deep would otherwise
    #: hold gigabytes of prefixes).
    _CACHE_LIMIT = 2000

    def __init__(self, tree):
        self._steps: dict = {}
        self._paths: dict = {}

    def _step(self, el) -> str:
        parent = el.getparent()
        if parent is None:
            return el.tag
        steps = self._steps.get(parent)
        if steps is None:
            children = [c for c in parent if isinstance(c.tag, str)]
            totals: dict[str, int] = {}
            for child in children:
                totals[child.tag] = totals.get(child.tag, 0) + 1
            seen: dict[str, int] = {}
            steps = {}
            for child in children:
                seen[child.tag] = seen.get(child.tag, 0) + 1
                steps[child] = child.tag if totals[child.tag] == 1 else f"{child.tag}[{seen[child.tag]}]"
            self._steps[parent] = steps
        return steps[el]

    def __call__(self, el) -> str:
        """Given an element, return its path from the root."""
        chain = []
        node = el
        while node is not None and node not in self._paths:
            chain.append(node)
            node = node.getparent()
        prefix = self._paths[node] if node is not None else ""
        chain.reverse()
        steps = [self._step(step_el) for step_el in chain]
        known = prefix
        for step_el, step in zip(chain, steps):     # remember the short prefixes for the siblings to come
            if len(known) > self._CACHE_LIMIT:
                break
            known = f"{known}/{step}"
            self._paths[step_el] = known
        return prefix + "".join(f"/{step}" for step in steps)


# --- text → tree -------------------------------------------------------------------------------

def parse_page(text: str, path: str) -> etree._ElementTree:
    """Given a page's decoded text, return its lxml tree (no network, no comments), or raise InputError."""
    # lxml.etree's own HTML parser: lxml.html's element classes cost a lookup per element
    # and the reader needs none of their methods.
    parser = etree.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True,
                              remove_blank_text=False, huge_tree=False, compact=True)
    try:
        root = etree.fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        root = None
    if root is None:
        raise InputError("markup is too broken to find an article in it", path)
    for error in parser.error_log:
        # libxml2 stops descending at 256 levels and silently drops what lies deeper.
        if error.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in error.message:
            raise InputError("elements are nested too deeply (over 255 levels) to read without losing content",
                             path)
    return root.getroottree()


# --- tree → main content -----------------------------------------------------------------------

def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def is_hidden(el) -> bool:
    """Given an element, return True if the page hides it from readers (hidden, aria-hidden, display:none, class hidden)."""
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if _HIDDEN_STYLE.search(el.get("style") or ""):
        return True
    classes = (el.get("class") or "").split()
    return "hidden" in classes or "visually-hidden" in classes or "sr-only" in classes


_WORD = re.compile(r"\w{2,}")


def visible_text(el) -> str:
    """Given an element, return its text as a reader sees it (scripts and styles left out), not yet normalised."""
    parts = []
    walker = etree.iterwalk(el, events=("start", "end"))
    for event, node in walker:
        if event == "start":
            if _tag(node) in {"script", "style", "noscript", "template"}:
                walker.skip_subtree()
            elif node.text:
                parts.append(node.text)
        elif node is not el and node.tail:
            parts.append(node.tail)
    return " ".join(parts)


def text_length(el) -> int:
    """Given an element, return the length of its visible text, scripts and styles excluded."""
    return len(normalise_space(visible_text(el)))


def choose_main(root) -> etree._Element | None:
    """Given a document root, return its main content element: the article in <main>, <main>, role=main, or the longest article."""
    mains = [el for el in root.iter("main") if not is_hidden(el)] + \
            [el for el in root.iter() if isinstance(el.tag, str) and el.get("role") == "main" and _tag(el) != "main"]
    for main in mains:
        articles = [a for a in main.iter("article") if not is_hidden(a)]
        if len(articles) == 1 and text_length(articles[0]) >= 0.5 * text_length(main):
            return articles[0]
        if text_length(main):
            return main
    articles = [a for a in root.iter("article") if text_length(a)]
    if articles:
        return max(articles, key=text_length)
    body = root.find(".//body")
    if body is not None and text_length(body):
        return body
    return None


def furniture_kind(el) -> str:
    """Given an element outside the content, return what it is: navigation, site header, footer, sidebar, cookie banner…"""
    tag, role = _tag(el), (el.get("role") or "").lower()
    ident = f"{el.get('id') or ''} {el.get('class') or ''}".lower()
    if "cookie" in ident or role in {"alertdialog", "dialog"}:
        return "cookie banner"
    if tag == "nav" or role == "navigation" or "breadcrumb" in ident:
        return "navigation"
    if tag == "header" or role == "banner":
        return "site header"
    if tag == "footer" or role == "contentinfo":
        return "footer"
    if tag == "aside" or role == "complementary":
        return "sidebar"
    if tag in {"script", "style", "noscript", "template"}:
        return "script"
    if tag == "form" or role == "search":
        return "form"
    return "page furniture"


def furniture_around(root, main) -> list[tuple[etree._Element, str]]:
    """Given the root and the main content element, return the text-bearing regions outside it with what each is."""
    body = root.find(".//body")
    if body is None or main is body:
        return []
    ancestors = set(main.iterancestors())
    regions: list[tuple[etree._Element, str]] = []
    stack = [body]
    while stack:
        node = stack.pop()
        for child in reversed(list(node)):
            if child is main or not isinstance(child.tag, str):
                continue
            if child in ancestors:
                stack.append(child)
            elif text_length(child):
                regions.append((child, furniture_kind(child)))
    regions.sort(key=lambda pair: _document_order(root, pair[0]))
    return regions


def _document_order(root, el) -> int:
    # sourceline is cheap and good enough to order regions; ties keep the stable sort's order.
    return el.sourceline or 0


def page_title(root, main) -> tuple[str | None, etree._Element | None]:
    """Given the root and main content, return the page's title (the first <h1> in the content, else anywhere, else <title>)."""
    for scope in (main, root):
        for h1 in scope.iter("h1"):
            text = normalise_space(visible_text(h1))
            if text:
                return text, h1
    title = root.find(".//title")
    if title is not None and normalise_space(visible_text(title)):
        return normalise_space(visible_text(title)).split(" | ")[0], None
    return None, None


def base_url(root) -> str | None:
    """Given the root, return the page's own address (<base href>, canonical link or og:url), if it says one."""
    candidates = [el.get("href") for el in root.iter("base")]
    candidates += [el.get("href") for el in root.iter("link") if (el.get("rel") or "").lower() == "canonical"]
    candidates += [el.get("content") for el in root.iter("meta") if el.get("property") == "og:url"]
    for url in candidates:
        if url and urlsplit(url.strip()).scheme in {"http", "https"}:
            return url.strip()
    return None


def find_page(tree, path: str) -> Page:
    """Given a parsed tree, return its Page, or raise InputError when no article can be found in it."""
    root = tree.getroot()
    main = choose_main(root)
    if main is None or not _WORD.search(visible_text(main)):
        # Nothing readable where an article should be: stray tags and brackets are all that parsed.
        raise InputError("markup is too broken to find an article in it", path)
    title, title_element = page_title(root, main)
    return Page(tree, main, title, title_element, base_url(root), furniture_around(root, main), ElementPaths(tree))


# --- main content → blocks ---------------------------------------------------------------------

def runs_text(runs: list[Run]) -> str:
    """Given inline runs, return their text with whitespace normalised."""
    return normalise_space("".join(r.text for r in runs))


def run_links(runs: list[Run]) -> list[tuple[str, str | None]]:
    """Given inline runs, return the links among them as (text, url), adjacent runs of one link merged."""
    links: list[tuple[str, str | None]] = []
    previous: Run | None = None
    for run in runs:
        if run.link:
            if previous is not None and previous.link and previous.url == run.url and links:
                links[-1] = (links[-1][0] + run.text, run.url)
            else:
                links.append((run.text, run.url))
        previous = run
    return [(normalise_space(text), url) for text, url in links if normalise_space(text)]


_LEADING_SEPARATORS = re.compile(r"^[\s:;,\-–—]+")


def strip_separators(text: str) -> str:
    """Given the text after a link ("– A summary…", ": Use of…"), return it without its leading separator."""
    return _LEADING_SEPARATORS.sub("", text)


def split_at_first_link(runs: list[Run]) -> tuple[list[Run], list[Run], list[Run]] | None:
    """Given runs, return (before, the first link's runs, after), or None when they hold no link."""
    start = next((i for i, r in enumerate(runs) if r.link and r.text.strip()), None)
    if start is None:
        return None
    end = start + 1
    while end < len(runs) and runs[end].link and runs[end].url == runs[start].url:
        end += 1
    return runs[:start], runs[start:end], runs[end:]


def resolve_url(href: str | None, base: str | None) -> str | None:
    """Given an href and the page's address, return the absolute link target, or None if empty or unsafe (javascript:, data:)."""
    href = (href or "").strip()
    if not href or href == "#":
        return None
    if urlsplit(href).scheme.lower() not in _SAFE_SCHEMES:
        return None
    return urljoin(base, href) if base else href


class _InlineReader:
    """Collects the runs, images and nested lists of a stretch of inline content."""

    def __init__(self, base: str | None, lists_are_children: bool):
        self.base = base
        self.lists_are_children = lists_are_children
        self.runs: list[Run] = []
        self.images: list[Image] = []
        self.nested_lists: list = []
        self.skipped: list = []   # furniture met inside inline content

    def add_text(self, text: str | None, ctx: tuple) -> None:
        if text:
            url, link, bold, highlighted = ctx
            self.runs.append(Run(text, url, link, bold, highlighted))

    def read(self, el, ctx=_PLAIN) -> None:
        """Given an element (its tail excluded), add its text as runs."""
        stack = [ctx]
        walker = etree.iterwalk(el, events=("start", "end"))
        for event, node in walker:
            tag = _tag(node)
            if event == "start":
                parent_ctx = stack[-1]
                if not tag or tag in FURNITURE_TAGS or (tag in LIST_TAGS and self.lists_are_children) or is_hidden(node):
                    if tag in LIST_TAGS and self.lists_are_children:
                        self.nested_lists.append(node)
                    elif tag and text_length(node):
                        self.skipped.append(node)
                    walker.skip_subtree()
                    stack.append(None)   # no text of its own; its tail is read on "end"
                    continue
                url, link, bold, highlighted = parent_ctx
                if tag == "a" and node.get("href") is not None:
                    url, link = resolve_url(node.get("href"), self.base), True
                if tag in {"strong", "b"} or tag in HEADING_TAGS:
                    bold = True
                if tag == "mark" or _HIGHLIGHT_STYLE.search(node.get("style") or ""):
                    highlighted = True
                ctx = (url, link, bold, highlighted)
                stack.append(ctx)
                if tag == "br":
                    self.runs.append(Run("\n", line_break=True))
                elif tag == "img":
                    self.images.append(Image(resolve_url(node.get("src"), self.base), normalise_space(node.get("alt") or ""),
                                             url if link else None))
                elif tag in BLOCK_TAGS and node is not el:
                    self.runs.append(Run(" "))   # a block inside inline content still separates words
                self.add_text(node.text, ctx)
            else:
                stack.pop()
                if node is not el:
                    if _tag(node) in BLOCK_TAGS:
                        self.runs.append(Run(" "))
                    self.add_text(node.tail, stack[-1])


def _paragraph_from(nodes, container, base, paths, quoted) -> tuple[list[Block], list]:
    """Given a run of inline nodes of one container (strings, or (element, with_tail) pairs), return its paragraph or image block(s)."""
    reader = _InlineReader(base, lists_are_children=False)
    for node in nodes:
        if isinstance(node, str):
            reader.add_text(node, _PLAIN)
        else:
            element, with_tail = node
            reader.read(element)
            if with_tail:
                reader.add_text(element.tail, _PLAIN)
    return _blocks_from_runs(reader, container, paths, quoted), reader.skipped


def _blocks_from_runs(reader: _InlineReader, el, paths, quoted: bool, kind: str = "paragraph",
                      rank: int | None = None) -> list[Block]:
    path = paths(el)
    runs = reader.runs
    if not runs_text(runs):
        return [Block("image", path, images=reader.images, quoted=quoted)] if reader.images else []
    if kind == "paragraph":
        lead = _bold_lead_line(runs)
        if lead is not None:
            # "<p><strong>Change 3: …</strong><br/>Text…</p>": a heading set in bold on the
            # paragraph's first line; the rest is a paragraph of its own.
            head, rest = runs[:lead], runs[lead + 1:]
            blocks = [Block("paragraph", path, head, quoted=quoted)]
            if runs_text(rest):
                blocks.append(Block("paragraph", path, rest, images=reader.images, quoted=quoted))
            return blocks
    return [Block(kind, path, runs, rank=rank, images=reader.images, quoted=quoted)]


def _bold_lead_line(runs: list[Run]) -> int | None:
    """Given a paragraph's runs, return the index of the <br> ending a wholly bold first line followed by more text."""
    for index, run in enumerate(runs):
        if run.line_break:
            head = [r for r in runs[:index] if r.text.strip()]
            if head and all(r.bold for r in head) and runs_text(runs[index + 1:]):
                return index
            return None
    return None


def _read_list(el, base, paths) -> tuple[list[Item], list]:
    """Given a <ul>/<ol>, return its items with nested items (iteratively), and furniture met inside."""
    top: list[Item] = []
    skipped: list = []
    stack = [(el, top)]
    while stack:
        list_el, target = stack.pop()
        pending = []
        for child in list_el:
            tag = _tag(child)
            if not tag or is_hidden(child):
                continue
            if tag in LIST_TAGS:            # a list directly inside a list: its items nest under the previous one
                pending.append((child, target[-1].children if target else target))
                continue
            reader = _InlineReader(base, lists_are_children=True)
            if tag == "li":
                reader.read(child)
            else:                            # stray content inside a list: keep it as an item of its own
                reader.read(child)
            skipped.extend(reader.skipped)
            item = Item(reader.runs, paths(child))
            if item.text or reader.nested_lists:
                target.append(item)
                pending.extend((nested, item.children) for nested in reader.nested_lists)
        stack.extend(reversed(pending))
    return top, skipped


def read_blocks(page: Page) -> tuple[list[Block], list]:
    """Given a Page, return its main content as blocks in reading order, and the furniture elements met inside it."""
    paths, base = page.paths, page.base_url
    blocks: list[Block] = []
    skipped: list = []
    # Tasks: ("el", element, quoted) to walk an element; ("inline", [nodes], container, quoted).
    stack: list[tuple] = [("el", page.main, False)]
    while stack:
        task = stack.pop()
        if task[0] == "inline":
            made, met = _paragraph_from(task[1], task[2], base, paths, task[3])
            blocks.extend(made)
            skipped.extend(met)
            continue
        _, el, quoted = task
        tag = _tag(el)
        if el is page.title_element:
            continue
        if tag in FURNITURE_TAGS or is_hidden(el):
            if text_length(el):
                skipped.append(el)
            continue
        if tag in HEADING_TAGS:
            reader = _InlineReader(base, lists_are_children=False)
            reader.read(el)
            skipped.extend(reader.skipped)
            blocks.extend(_blocks_from_runs(reader, el, paths, quoted, kind="heading", rank=HEADING_TAGS[tag]))
        elif tag in LIST_TAGS:
            items, met = _read_list(el, base, paths)
            skipped.extend(met)
            if items:
                blocks.append(Block("list", paths(el), items=items, ordered=tag == "ol", quoted=quoted))
        elif tag == "table":
            rows = [[normalise_space(visible_text(cell)) for cell in row if _tag(cell) in {"td", "th"}]
                    for row in el.iter("tr")]
            rows = [row for row in rows if any(row)]
            if rows:
                blocks.append(Block("table", paths(el), rows=rows, quoted=quoted))
        elif tag == "p" or not _has_block_child(el):
            made, met = _paragraph_from([(el, False)], el, base, paths, quoted)
            blocks.extend(made)
            skipped.extend(met)
        else:
            stack.extend(reversed(_container_tasks(el, quoted or tag in _QUOTE_TAGS)))
    return blocks, skipped


def _has_block_child(el) -> bool:
    return any(_tag(child) in BLOCK_TAGS for child in el)


def _container_tasks(el, quoted: bool) -> list[tuple]:
    """Given a container element, return walk tasks for its block children and its runs of inline content, in order."""
    tasks: list[tuple] = []
    inline: list = []
    if el.text and el.text.strip():
        inline.append(el.text)
    for child in el:
        tag = _tag(child)
        if tag in BLOCK_TAGS:
            if inline:
                tasks.append(("inline", inline, el, quoted))
                inline = []
            tasks.append(("el", child, quoted))
            if child.tail and child.tail.strip():
                inline.append(child.tail)
        elif tag:
            inline.append((child, True))  # an inline element: its tail is part of the same run
        elif child.tail and child.tail.strip():
            inline.append(child.tail)     # a comment or PI: only its tail is text
    if inline:
        tasks.append(("inline", inline, el, quoted))
    return tasks
