"""Page numbers filled in after a single layout: cross-references ("(p. 57)") and the
contents' numbers after their leaders. (A book laid out in parts has its numbers,
the footers' too, stamped into its drawn PDF instead: render/stamp.py, which finds
them with the placeholders and the text boxes' walker of this module.)

WeasyPrint resolves `target-counter(attr(href url), page)` itself, but a page that
cites a page not yet laid out is laid out again once the number is known. Nearly every
article cites a later page (its entry in the source index at the back, related
articles), so the whole book was laid out twice: half of the PDF's time.

Instead, the PDF's source (`print_source`) shows a placeholder of as many digits as the
longest possible page number wherever the style sheets ask for such a number in
generated text, the book is laid out once, and `fill_in` writes the real numbers into
the laid-out text boxes: in running text what follows on the same line moves by the
difference in width; after a leader the number stays flush right and the leader grows.
Lines were broken with the wider placeholder, so nothing can overflow.

Style sheets that reset or set the page counter are left to WeasyPrint's own
target-counter (the printed number would no longer be the page's position), and so is
a book longer than the placeholder allows (`render/pdf.py` lays it out again).
"""
from __future__ import annotations

import re

PLACEHOLDER_DIGIT = "0"

_STYLE_ELEMENT = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.S | re.I)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")  # innermost blocks: selectors { declarations }
_GENERATED = re.compile(r"::?(?:before|after)\s*$", re.I)
_CONTENT_DECLARATION = re.compile(r"\bcontent\s*:[^;{}]*", re.I)
_PAGE_TARGET_COUNTER = re.compile(r"target-counter\(\s*attr\(\s*[\w-]+\s+url\s*\)\s*,\s*page\s*\)", re.I)
_MARGIN_RULE = re.compile(r"@(?:top|bottom|left|right)-[\w-]+\s*$", re.I)
_PAGE_COUNTER = re.compile(r"counter\(\s*(pages?)\s*\)", re.I)
# Around the page counters of the running heads and footers when the book is laid out
# in parts: invisible, so they change no width Pango measures, and never in article text.
PAGE_MARK, PAGES_MARK = "\u2063", "\u2064"
# A style sheet that changes the page counter makes the printed number differ from
# the page's position, which is all the laid-out pages tell: leave those to WeasyPrint.
_PAGE_COUNTER_CHANGED = re.compile(r"counter-(?:reset|set|increment)\s*:[^;{}]*\bpage\b", re.I)


def style_sheets(html: str) -> str:
    """The CSS of the book's <style> elements, one after the other."""
    return "".join(m.group(2) for m in _STYLE_ELEMENT.finditer(html))


def placeholder_digits(html: str) -> int:
    """Digits enough for the last page number. A page holds 4,000-5,000 characters of
    the HTML it came from (markup included); 1,500 leaves room for pages that chapters
    and appendices leave half empty. A book that beats it is laid out again."""
    return len(str(max(1, len(html) // 1500)))


def print_source(html: str, digits: int | None = None, mark_page_counters: bool = False) -> tuple[str, str | None]:
    """The HTML the PDF is laid out from, and the placeholder it uses (None: the style
    sheets are left to WeasyPrint's own target-counter). Only generated text (::before,
    ::after) gets the placeholder: that is all `fill_in` looks at. With
    `mark_page_counters`, the page counters of the page's margin boxes show the
    placeholder too, between marks that say which counter it stands for (a part of the
    book does not know its pages' numbers in the book: render/stamp.py)."""
    if _PAGE_COUNTER_CHANGED.search(html):
        return html, None
    placeholder = PLACEHOLDER_DIGIT * (digits or placeholder_digits(html))

    def declaration(match: re.Match) -> str:
        return _PAGE_TARGET_COUNTER.sub(f'"{placeholder}"', match.group(0))

    def marked(match: re.Match) -> str:
        mark = PAGES_MARK if match.group(1).lower() == "pages" else PAGE_MARK
        return f'"{mark}{placeholder}{mark}"'

    def rule(match: re.Match) -> str:
        selectors, body = match.group(1), match.group(2)
        if mark_page_counters and _MARGIN_RULE.search(selectors):
            return selectors + "{" + _CONTENT_DECLARATION.sub(
                lambda m: _PAGE_COUNTER.sub(marked, m.group(0)), body) + "}"
        if not all(_GENERATED.search(sel) for sel in selectors.split(",")):
            return match.group(0)
        return selectors + "{" + _CONTENT_DECLARATION.sub(declaration, body) + "}"

    def style(match: re.Match) -> str:
        return match.group(1) + _RULE.sub(rule, match.group(2)) + match.group(3)

    return _STYLE_ELEMENT.sub(style, html), placeholder


def anchor_pages(document) -> dict[str, int]:
    """{anchor: number of the page it is on}, as target-counter(…, page) would print it
    when the page counter is never reset: the page's position in the book."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for name in page.anchors:
            pages.setdefault(name, number)
    return pages


def fill_in(document, placeholder: str, pages: dict[str, int] | None = None,
            link_prefix: str = "#") -> bool:
    """Write each cross-reference's page number over its placeholder. `pages` maps
    anchors to the numbers to print (by default the document's own pages); a link is
    the element's `href` or else the first attribute naming an anchor ("#name", or
    `link_prefix` + the percent-encoded name for anchors in another part of the book). False (nothing
    changed) if a number has more digits than the placeholder: the caller lays the book
    out again with WeasyPrint's own numbers."""
    if pages is None:
        pages = anchor_pages(document)
    found: list[tuple[object, tuple]] = []
    for page in document.pages:
        collect(page._page_box, (), shows_placeholder(placeholder), found)
    numbers = []
    for box, _ in found:
        name = target(box.element, link_prefix)
        number = pages.get(name) if name else None
        numbers.append("?" if number is None else str(number))
    if any(len(n) > len(placeholder) for n in numbers):
        return False
    for (box, chain), number in zip(found, numbers):
        text = box.text.replace(placeholder, number)
        if has_leader(chain[-1]):
            _replace_after_leader(box, chain, text)
        else:
            _replace_text(box, chain, text)
    return True


def target(element, link_prefix: str) -> str | None:
    if element is None:
        return None
    from urllib.parse import unquote

    values = [element.get("href") or ""] + [v for k, v in element.items() if k != "href"]
    for value in values:
        for prefix in ("#", link_prefix):
            if value.startswith(prefix) and len(value) > len(prefix):
                return unquote(value[len(prefix):])  # as WeasyPrint reads an anchor's name
    return None


def collect(box, chain: tuple, wanted, found: list) -> None:
    """Text boxes for which `wanted(box)` is true, each with its ancestors from the page
    down (needed to move what follows it on its line)."""
    for child in getattr(box, "children", ()):
        if getattr(child, "text", None) is not None:
            if wanted(child):
                found.append((child, chain + (box,)))
        elif getattr(child, "children", None):
            collect(child, chain + (box,), wanted, found)


def shows_placeholder(placeholder: str):
    """Generated text (::before, ::after) showing the placeholder."""
    return lambda box: placeholder in box.text and (box.element_tag or "").endswith(("::after", "::before"))


def shows_page_mark(box) -> bool:
    return PAGE_MARK in box.text or PAGES_MARK in box.text


def text_width(text: str, style, justification_spacing: float) -> tuple[float, object]:
    """Width of `text` on one line in `style`, measured as WeasyPrint measures it."""
    from weasyprint.text.line_break import create_layout, line_size

    layout = create_layout(text, style, None, None, justification_spacing)
    line, _ = layout.get_first_line()
    width, _ = line_size(line, style)
    layout.deactivate()
    return width, layout


def moving_with(box, chain: tuple) -> list[tuple[object, float]]:
    """The boxes of `box`'s line that move when its width changes by d, each with the
    share of d it moves by: what follows it on the line by all of d, then a centred or
    right-aligned line as a whole by half of it or all of it back, as WeasyPrint would
    have placed them. `chain`: its ancestors from the page down."""
    from weasyprint.formatting_structure.boxes import LineBox

    if box.style["direction"] != "ltr":
        return []
    moving: list[tuple[object, float]] = []
    node = box
    for parent in reversed(chain):
        following = False
        for sibling in parent.children:
            if following:
                moving.append((sibling, 1.0))
            elif sibling is node:
                following = True
        if isinstance(parent, LineBox):
            share = {"center": 0.5, "right": 1.0, "end": 1.0}.get(parent.style["text_align_all"], 0.0)
            if share:
                moving.extend((child, -share) for child in parent.children)
            break
        node = parent
    return moving


def has_leader(parent) -> bool:
    """Whether a box holds a leader (the contents' lines): a number after it stays
    flush right."""
    return any(getattr(child, "is_leader", False) for child in parent.children)


def after_leader(parent) -> tuple[object, list]:
    """The leader among `parent`'s children, and the children after it."""
    leader = next(child for child in parent.children if getattr(child, "is_leader", False))
    index = parent.children.index(leader)
    return leader, list(parent.children[index + 1:])


def _replace_text(box, chain: tuple, text: str) -> None:
    """Give a laid-out text box new text; the inline boxes around it grow or shrink
    with it, and what follows on the line moves over (`moving_with`)."""
    from weasyprint.formatting_structure.boxes import LineBox

    old_width, _ = text_width(box.text, box.style, box.justification_spacing)
    new_width, layout = text_width(text, box.style, box.justification_spacing)
    delta = new_width - old_width
    box.text = text
    box.pango_layout = layout
    box.width += delta
    if not delta or box.style["direction"] != "ltr":
        return
    for parent in reversed(chain):  # the inline boxes around it, up to its line
        if isinstance(parent, LineBox):
            break
        parent.width += delta
    for moving, share in moving_with(box, chain):
        moving.translate(dx=delta * share)


def _replace_after_leader(box, chain: tuple, text: str) -> None:
    """A number after a leader (the contents): it stays flush right, the leader's dots
    fill the room it leaves, on the grid WeasyPrint laid them on (counted from the
    line's right edge)."""
    from weasyprint.formatting_structure.boxes import LineBox

    old_width, _ = text_width(box.text, box.style, box.justification_spacing)
    new_width, layout = text_width(text, box.style, box.justification_spacing)
    delta = old_width - new_width  # the room given back, >= 0: lines were broken with the placeholder
    box.text = text
    box.pango_layout = layout
    box.width = new_width
    leader, following = after_leader(chain[-1])
    for child in following:
        child.translate(dx=delta)
    leader.width += delta
    line = next((b for b in reversed(chain) if isinstance(b, LineBox)), None)
    if not leader.children or line is None or delta <= 0:
        return
    leader.children = tuple(dot_at(leader, x) for x, need in leader_grid(leader, line) if need <= 1e-6)


def leader_grid(leader, line):
    """The places of a leader's dots, right to left, as WeasyPrint's leader handling lays
    them (counted from the line's right edge), each with how far past the leader's
    present end a dot there reaches."""
    step = leader.children[0].width
    end = leader.position_x + leader.width
    x = line.position_x + line.width - step
    while x >= leader.position_x - 1e-6:
        yield x, x + step - end
        x -= step


def dot_at(leader, x: float):
    """A copy of the leader's dot, at `x`."""
    dot = leader.children[0].copy()
    dot.position_x = x
    return dot
