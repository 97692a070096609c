"""Print-page positions: which element starts each page of the laid-out PDF.

The EPUB's page-list must cite the pages of the PDF built in the same run, so the
positions come from WeasyPrint's laid-out pages (each box knows the element it was
made for), never from an estimate. `block_names` names every block (paragraph,
heading, list item, …) after its nearest ancestor with an id; the same naming runs on
WeasyPrint's parsed tree of the book (names kept aside, nothing added to the PDF) and
on the EPUB's per-chapter trees (written as ids); both are parsed by the same HTML5
parser (tinyhtml5) from the same macros, so the same paragraph gets the same name.
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


def block_names(root) -> dict:
    """{element: name} for every element with an id (its id) and every block element
    without one (`<ancestor id>.b<n>`, n counting the id-less blocks under that ancestor
    in document order), in document order. Works on lxml and ElementTree trees,
    XHTML-namespaced or not."""
    taken = {el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    counters: dict[str, int] = {}
    names: dict = {}

    def walk(element, base: str) -> None:
        for child in element:
            if not isinstance(child.tag, str):
                continue
            own = child.get("id")
            if own:
                names[child] = own
            elif local_name(child) in BLOCK_TAGS and base:
                counters[base] = counters.get(base, 0) + 1
                candidate = f"{base}{BLOCK_ID_SEPARATOR}{counters[base]}"
                if candidate not in taken:
                    names[child] = candidate
                    taken.add(candidate)
            walk(child, own or base)

    if root.get("id"):
        names[root] = root.get("id")
    walk(root, root.get("id") or "")
    return names


def add_block_ids(root) -> None:
    """Write the names of `block_names` as ids (the EPUB's trees, where the page-break
    markers and links need them)."""
    for element, name in block_names(root).items():
        if not element.get("id"):
            element.set("id", name)


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


def page_map_from_boxes(document, names: dict) -> PageMap:
    """{name: page} from the laid-out boxes themselves: each box knows the element it
    was made for. Unlike `page.anchors` this needs no id in the PDF's tree, so the PDF
    gets no extra named destinations (thousands of them cost ~15 % of layout)."""
    anchor_page: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        last = None
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or element is last:
                continue
            last = element
            name = names.get(element)
            if name is not None and name not in anchor_page:
                anchor_page[name] = number
    rank = {name: i for i, name in enumerate(names.values())}
    starts: dict[int, list[str]] = {}
    for name, number in anchor_page.items():
        starts.setdefault(number, []).append(name)
    for anchors in starts.values():
        anchors.sort(key=rank.__getitem__)
    return PageMap(pages=len(document.pages), anchor_page=anchor_page, page_starts=starts)


class PrintLayout:
    """Hooks for the PDF's own rendering (`write_pdf(before_layout=, on_render=)`):
    the blocks of WeasyPrint's parsed tree are named before layout (nothing is added
    to the tree, so the PDF is the same with or without an EPUB), and the page map is
    read from the laid-out boxes after it."""

    def __init__(self):
        self.names: dict = {}
        self.page_map: PageMap | None = None

    def before_layout(self, root) -> None:
        self.names = block_names(root)

    def on_render(self, document) -> None:
        self.page_map = page_map_from_boxes(document, self.names)


def layout_page_map(html: str) -> PageMap:
    """Lay `html` out as the PDF would be, without writing it: for EPUB-only builds."""
    from .pdf import lay_out

    layout = PrintLayout()
    layout.on_render(lay_out(html, layout.before_layout))
    return layout.page_map
