"""Print-page positions: which element starts each page of the laid-out PDF.

The EPUB's page-list must cite the pages of the PDF built in the same run, so the
positions come from WeasyPrint's laid-out pages (`page.anchors`), never from an
estimate. Anchors exist only for elements with an id; `add_block_ids` gives every
block (paragraph, heading, list item, …) a stable id derived from its nearest
ancestor that already has one. The same function runs on WeasyPrint's parsed tree of
the book and on the EPUB's per-chapter trees; both are parsed by the same HTML5
parser (tinyhtml5) from the same macros, so the same paragraph gets the same id.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Elements that start a line of their own in both outputs: a page can begin with one.
BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote",
                        "pre", "figure", "table", "aside", "header", "footer", "div",
                        "section", "article", "nav", "ol", "ul", "dl"})
BLOCK_ID_SEPARATOR = ".b"  # "a-<article>.b7": never produced by the templates' own ids


def local_name(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def add_block_ids(root) -> None:
    """Give every block element without an id the id `<ancestor id>.b<n>`, n counting
    the id-less blocks under that ancestor in document order. Works on lxml and
    ElementTree trees, XHTML-namespaced or not."""
    taken = {el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    counters: dict[str, int] = {}

    def walk(element, base: str) -> None:
        for child in element:
            if not isinstance(child.tag, str):
                continue
            own = child.get("id")
            if not own and local_name(child) in BLOCK_TAGS and base:
                counters[base] = counters.get(base, 0) + 1
                candidate = f"{base}{BLOCK_ID_SEPARATOR}{counters[base]}"
                if candidate not in taken:
                    child.set("id", candidate)
                    taken.add(candidate)
            walk(child, own or base)

    walk(root, root.get("id") or "")


@dataclass
class PageMap:
    """Where the laid-out PDF's pages begin.

    `anchor_page` maps every anchor (element id) to the page its element starts on
    (1-based, the physical page number printed in the footer); `page_starts[n]` lists
    the anchors that start on page n, in document order."""

    pages: int
    anchor_page: dict[str, int] = field(default_factory=dict)
    page_starts: dict[int, list[str]] = field(default_factory=dict)

    def label(self, page: int) -> str:
        return str(page)


def page_map(document, order: list[str] | None = None) -> PageMap:
    """{anchor: page} from a rendered WeasyPrint Document.

    An element split across pages has its anchor on each of them: it starts on the
    first. `order` is the document order of the ids (see `document_order`); without it
    anchors on a page are ordered by their position on it."""
    anchor_page: dict[str, int] = {}
    positions: dict[str, tuple[float, float]] = {}
    for number, page in enumerate(document.pages, 1):
        for anchor, position in page.anchors.items():  # (x, y) or (x1, y1, x2, y2)
            if anchor not in anchor_page:
                anchor_page[anchor] = number
                positions[anchor] = (position[1], position[0])
    rank = {anchor: i for i, anchor in enumerate(order or [])}
    starts: dict[int, list[str]] = {}
    for anchor, number in anchor_page.items():
        starts.setdefault(number, []).append(anchor)
    for anchors in starts.values():
        anchors.sort(key=lambda a: (rank.get(a, len(rank)), positions[a]))
    return PageMap(pages=len(document.pages), anchor_page=anchor_page, page_starts=starts)


def ids_in_order(root) -> list[str]:
    """Every id under `root`, in document order."""
    return [el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")]


class PrintLayout:
    """Hooks for the PDF's own rendering (`write_pdf(before_layout=, on_render=)`):
    block ids go into WeasyPrint's parsed tree before layout, so nothing is
    re-serialised, and the page map is read from the laid-out pages after it."""

    def __init__(self):
        self.order: list[str] = []
        self.page_map: PageMap | None = None

    def before_layout(self, root) -> None:
        add_block_ids(root)
        self.order = ids_in_order(root)

    def on_render(self, document) -> None:
        self.page_map = page_map(document, self.order)


def layout_page_map(html: str) -> PageMap:
    """Lay `html` out as the PDF would be, without writing it: for EPUB-only builds."""
    from weasyprint import HTML

    from .html import PACKAGE_DIR
    from .pdf import LocalOnlyFetcher

    layout = PrintLayout()
    source = HTML(string=html, base_url=str(PACKAGE_DIR), url_fetcher=LocalOnlyFetcher())
    layout.before_layout(source.etree_element)
    layout.on_render(source.render())
    return layout.page_map
