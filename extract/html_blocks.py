"""Web page structure: parse safely, find the main content, walk it into the document tree's blocks.

The chain: text → tree (parse_page) → main content and page furniture (find_page) →
blocks (read_blocks, extract/doc.py nodes): headings, paragraphs with their inline runs
(bold, italic, highlighted, link target, line breaks), nested lists, tables with their header
rows, row headers and spans, images, and boxes: quotations, `<details>`, definition lists,
and the panels an accordion or tab control opens (Bootstrap collapses, GOV.UK accordions, tab
panels), hidden or not, since hidden content is still content. What the page marks as
furniture (navigation, cookie banner, feedback form, hidden helper text) is set aside.
Nothing here knows the model. Every walk is iterative, so a deeply nested page cannot
exhaust the Python stack.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree

from extract.doc import Block, Box, Cell, Heading, Image, ListBlock, ListItem, Paragraph, Row, Rule, Run, Table, text_of
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
_PLAIN = (None, False, False, False)   # inline context: (link target, bold, italic, highlighted)


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

def resolve_url(href: str | None, base: str | None) -> str | None:
    """Given an href and the page's address, return the absolute link target, or None if empty or unsafe (javascript:, data:)."""
    href = (href or "").strip()
    if not href or href == "#":
        return None
    if urlsplit(href).scheme.lower() not in _SAFE_SCHEMES:
        return None
    return urljoin(base, href) if base else href


def is_toggle(el) -> bool:
    """Given an element, return True if it opens or closes a panel of the page (an accordion button, a collapse
    link, a tab): a control, whose text labels the panel, not a link."""
    return (el.get("aria-controls") is not None or el.get("data-bs-toggle") is not None
            or el.get("data-toggle") is not None or (el.get("role") or "").lower() == "tab")


def controlled_panels(main) -> dict[str, etree._Element]:
    """Given the main content, return the id → toggle element of every panel a control opens."""
    out: dict[str, etree._Element] = {}
    for el in main.iter():
        if not isinstance(el.tag, str) or not is_toggle(el):
            continue
        for ref in (el.get("aria-controls") or "").split() + [el.get("data-bs-target") or "", el.get("data-target") or "",
                                                             el.get("href") or ""]:
            ref = ref.strip()
            if ref.startswith("#"):
                ref = ref[1:]
            if ref:
                out.setdefault(ref, el)
    return out


_PANEL_CLASSES = {"collapse", "tab-pane", "accordion-collapse", "panel-collapse", "govuk-accordion__section-content",
                  "accordion-content", "tabs__panel", "govuk-tabs__panel"}
#: What a region inside the content says it is, by its id, class or label: page furniture all the same.
_FURNITURE_WORDS = (("cookie", "cookie banner"), ("breadcrumb", "navigation"), ("feedback", "feedback form"),
                    ("skip-link", "skip link"), ("share", "share links"), ("related", "related content"))


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def inner_furniture(el) -> str | None:
    """Given an element inside the main content, return what it is when the page marks it as furniture."""
    tag = _tag(el)
    if tag in FURNITURE_TAGS:
        return furniture_kind(el)
    ident = f"{el.get('id') or ''} {el.get('class') or ''} {el.get('aria-label') or ''}".lower()
    for word, kind in _FURNITURE_WORDS:
        if re.search(rf"(^|[\s_-]){word}", ident):
            return kind
    return None


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
            link, bold, italic, highlighted = ctx
            self.runs.append(Run(text, bold=bold, italic=italic, highlighted=highlighted, link=link))

    def read(self, el, ctx=_PLAIN) -> None:
        """Given an element (its tail excluded), add its text as runs."""
        stack = [ctx]
        walker = etree.iterwalk(el, events=("start", "end"))
        for event, node in walker:
            tag = _tag(node)
            if event == "start":
                parent_ctx = stack[-1]
                control = tag == "button" and is_toggle(node)      # an accordion button: its text is the label
                if not tag or (tag in FURNITURE_TAGS and not control) or \
                        (tag in LIST_TAGS and self.lists_are_children) or is_hidden(node):
                    if tag in LIST_TAGS and self.lists_are_children:
                        self.nested_lists.append(node)
                    elif tag and text_length(node):
                        self.skipped.append(node)
                    walker.skip_subtree()
                    stack.append(None)   # no text of its own; its tail is read on "end"
                    continue
                link, bold, italic, highlighted = parent_ctx
                if tag == "a" and node.get("href") is not None and not is_toggle(node):
                    link = resolve_url(node.get("href"), self.base) or ""
                if tag in {"strong", "b"} or tag in HEADING_TAGS:
                    bold = True
                if tag in {"em", "i"}:
                    italic = True
                if tag == "mark" or _HIGHLIGHT_STYLE.search(node.get("style") or ""):
                    highlighted = True
                ctx = (link, bold, italic, highlighted)
                stack.append(ctx)
                if tag == "br":
                    self.runs.append(Run(" ", line_break=True))
                elif tag == "img":
                    self.images.append(Image(resolve_url(node.get("src"), self.base),
                                             normalise_space(node.get("alt") or ""), link or None))
                elif tag in BLOCK_TAGS and node is not el:
                    self.runs.append(Run(" "))   # a block inside inline content still separates words
                self.add_text(node.text, ctx)
            else:
                stack.pop()
                if node is not el:
                    if _tag(node) in BLOCK_TAGS:
                        self.runs.append(Run(" "))
                    self.add_text(node.tail, stack[-1])


class _Walker:
    """Walks the main content once, iteratively, into the document tree's blocks."""

    def __init__(self, page: Page, path: str):
        self.page, self.paths, self.base, self.path = page, page.paths, page.base_url, path
        self.skipped: list = []
        self.panels = controlled_panels(page.main)
        self.tab_labels: dict[str, etree._Element] = {
            ref: toggle for ref, toggle in self.panels.items() if (toggle.get("role") or "").lower() == "tab"}

    def where(self, el) -> list[dict]:
        return [{"path": self.path, "element": self.paths(el)}]

    def inline(self, el) -> list[Run]:
        reader = _InlineReader(self.base, lists_are_children=False)
        reader.read(el)
        self.skipped.extend(reader.skipped)
        return reader.runs

    def blocks(self) -> list[Block]:
        """Return the main content as blocks in reading order (boxes holding theirs)."""
        body: list[Block] = []
        # Tasks: ("el", element, target) walks an element into target; ("inline", nodes, container, target).
        stack: list[tuple] = [("el", self.page.main, body)]
        while stack:
            task = stack.pop()
            if task[0] == "inline":
                task[3].extend(self.paragraphs(task[1], task[2]))
                continue
            _, el, target = task
            stack.extend(reversed(self.element(el, target)))
        return body

    def element(self, el, target: list) -> list[tuple]:
        """Given an element and the list its blocks go into, add its blocks (or return tasks for its children)."""
        tag = _tag(el)
        if el is self.page.title_element:
            return []
        panel = self.panel_kind(el)
        if panel is None and (inner_furniture(el) or is_hidden(el)) and el is not self.page.main:
            if text_length(el) and not (tag == "ul" and (el.get("role") or "") == "tablist"):
                self.skipped.append(el)
            return []
        if panel is not None:
            box = Box(panel, [], title=self.panel_title(el), hidden=self.collapsed(el), provenance=self.where(el))
            target.append(box)
            return self.children(el, box.children)
        if tag in HEADING_TAGS:
            reader = _InlineReader(self.base, lists_are_children=False)
            reader.read(el)
            self.skipped.extend(reader.skipped)
            if text_of(reader.runs):
                target.append(Heading(HEADING_TAGS[tag], reader.runs, provenance=self.where(el)))
            target.extend(self.images(reader.images, el))
        elif tag in LIST_TAGS:
            if (el.get("role") or "").lower() == "tablist":
                return []          # the tabs' labels title their panels
            items = self.list_items(el)
            if items:
                target.append(ListBlock(items, ordered=tag == "ol", provenance=self.where(el)))
        elif tag == "table":
            table = self.table(el)
            if table.rows:
                target.append(table)
        elif tag == "dl":
            return self.definitions(el, target)
        elif tag == "details":
            summary = next((c for c in el if _tag(c) == "summary"), None)
            box = Box("details", [], title=self.inline(summary) if summary is not None else [],
                      hidden=el.get("open") is None, provenance=self.where(el))
            target.append(box)
            return self.children(el, box.children, skip=summary)
        elif tag in _QUOTE_TAGS:
            box = Box("quote", [], provenance=self.where(el))
            target.append(box)
            return self.children(el, box.children)
        elif tag == "hr":
            target.append(Rule("rule", provenance=self.where(el)))
        elif tag == "p" or not _has_block_child(el):
            target.extend(self.paragraphs([(el, False)], el))
        else:
            return self.children(el, target)
        return []

    def panel_kind(self, el) -> str | None:
        """Given an element, return "tab" or "panel" if it is a panel a control of the page opens, else None."""
        role = (el.get("role") or "").lower()
        if role == "tabpanel" or (el.get("id") or "") in self.tab_labels or "tab-pane" in _classes(el):
            return "tab"
        if (el.get("id") and el.get("id") in self.panels) or _classes(el) & _PANEL_CLASSES:
            return "panel"
        return None

    def panel_title(self, el) -> list[Run]:
        """Given a panel, return its tab's label (a heading or button before an accordion panel stays in the flow)."""
        toggle = self.tab_labels.get(el.get("id") or "")
        if toggle is None and (el.get("aria-labelledby") or "") and (el.get("role") or "").lower() == "tabpanel":
            found = [t for t in self.page.main.iter() if isinstance(t.tag, str)
                     and t.get("id") == el.get("aria-labelledby")]
            toggle = found[0] if found else None
        return self.inline(toggle) if toggle is not None else []

    def collapsed(self, el) -> bool:
        classes = _classes(el)
        return is_hidden(el) or ("collapse" in classes and "show" not in classes)

    def children(self, el, target: list, skip=None) -> list[tuple]:
        """Given a container, return walk tasks for its block children and its runs of inline content, in order."""
        tasks: list[tuple] = []
        inline: list = []
        if el.text and el.text.strip():
            inline.append(el.text)
        for child in el:
            if child is skip:
                if child.tail and child.tail.strip():
                    inline.append(child.tail)
                continue
            tag = _tag(child)
            if tag in BLOCK_TAGS or self.panel_kind(child) is not None:
                if inline:
                    tasks.append(("inline", inline, el, target))
                    inline = []
                tasks.append(("el", child, target))
                if child.tail and child.tail.strip():
                    inline.append(child.tail)
            elif tag:
                inline.append((child, True))  # an inline element: its tail is part of the same run
            elif child.tail and child.tail.strip():
                inline.append(child.tail)     # a comment or PI: only its tail is text
        if inline:
            tasks.append(("inline", inline, el, target))
        return tasks

    def paragraphs(self, nodes, container) -> list[Block]:
        """Given a run of inline nodes of one container (strings, or (element, with_tail) pairs), return its
        paragraph(s) and images."""
        reader = _InlineReader(self.base, lists_are_children=False)
        for node in nodes:
            if isinstance(node, str):
                reader.add_text(node, _PLAIN)
            else:
                element, with_tail = node
                reader.read(element)
                if with_tail:
                    reader.add_text(element.tail, _PLAIN)
        self.skipped.extend(reader.skipped)
        where = self.where(container)
        out: list[Block] = []
        runs = reader.runs
        if text_of(runs):
            lead = _bold_lead_line(runs)
            if lead is not None:
                # "<p><strong>A title</strong><br/>Text…</p>": a bold line over the paragraph is a
                # heading-like paragraph of its own.
                out.append(Paragraph(runs[:lead], provenance=where))
                runs = runs[lead + 1:]
            if text_of(runs):
                out.append(Paragraph(runs, provenance=where))
        return out + self.images(reader.images, container)

    def images(self, images: list[Image], el) -> list[Block]:
        return [Image(image.src, image.alt, image.link, provenance=self.where(el)) for image in images]

    def list_items(self, el) -> list[ListItem]:
        """Given a <ul>/<ol>, return its items with nested items (iteratively)."""
        top: list[ListItem] = []
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
                reader = _InlineReader(self.base, lists_are_children=True)
                reader.read(child)
                self.skipped.extend(reader.skipped)
                item = ListItem(reader.runs, provenance=self.where(child))
                if text_of(item.runs) or reader.nested_lists:
                    target.append(item)
                    pending.extend((nested, item.children) for nested in reader.nested_lists)
            stack.extend(reversed(pending))
        return top

    def table(self, el) -> Table:
        """Given a <table>, return its rows of cells (header rows, row headers and spans as marked up)."""
        rows: list[Row] = []
        for tr in el.iter("tr"):
            in_head = any(_tag(a) == "thead" for a in tr.iterancestors() if a is not el)
            cells = []
            for cell in tr:
                tag = _tag(cell)
                if tag not in {"td", "th"}:
                    continue
                scope = (cell.get("scope") or "").lower()
                cells.append(Cell(self.inline(cell), header=in_head or (tag == "th" and scope != "row"),
                                  row_header=tag == "th" and scope == "row", colspan=_span(cell.get("colspan")),
                                  rowspan=_span(cell.get("rowspan")), provenance=self.where(cell)))
            if any(text_of(c.runs) for c in cells):
                header = in_head or all(c.header for c in cells)
                rows.append(Row(cells, header=header, provenance=self.where(tr)))
        caption = next((c for c in el if _tag(c) == "caption"), None)
        return Table(rows, caption=self.inline(caption) if caption is not None else [], provenance=self.where(el))

    def definitions(self, el, target: list) -> list[tuple]:
        """Given a <dl>, add one term box per <dt> (its definitions, the <dd>s after it, as the box's content)."""
        tasks: list[tuple] = []
        box: Box | None = None
        for child in el:
            tag = _tag(child)
            if tag == "dt":
                box = Box("term", [], title=self.inline(child), provenance=self.where(child))
                target.append(box)
            elif tag == "dd":
                if box is None:
                    box = Box("term", [], provenance=self.where(child))
                    target.append(box)
                tasks.extend(self.children(child, box.children))
            elif tag == "div":      # <div> groups of <dt>/<dd> pairs (allowed in HTML)
                tasks.append(("el", child, target))
        return tasks


def _span(value: str | None) -> int:
    try:
        return max(1, min(100, int(value or 1)))
    except ValueError:
        return 1


def _bold_lead_line(runs: list[Run]) -> int | None:
    """Given a paragraph's runs, return the index of the <br> ending a wholly bold first line followed by more text."""
    for index, run in enumerate(runs):
        if run.line_break:
            head = [r for r in runs[:index] if r.text.strip()]
            if head and all(r.bold for r in head) and text_of(runs[index + 1:]):
                return index
            return None
    return None


def _has_block_child(el) -> bool:
    return any(_tag(child) in BLOCK_TAGS for child in el)


def read_blocks(page: Page, path: str) -> tuple[list[Block], list]:
    """Given a Page and its file's path, return its main content as the document tree's blocks, and the furniture
    elements met inside it."""
    walker = _Walker(page, path)
    return walker.blocks(), walker.skipped
