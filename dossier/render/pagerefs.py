"""Cross-reference page numbers ("(p. 57)"), filled in after a single layout.

WeasyPrint resolves `target-counter(attr(href url), page)` itself, but a page that
cites a page not yet laid out is laid out again once the number is known. Nearly every
article cites a later page (its entry in the source index at the back, related
articles), so the whole book was laid out twice: half of the PDF's time.

Instead, the PDF's source (`print_source`) shows a placeholder of as many digits as the
longest possible page number wherever the style sheets ask for such a number in running
text, the book is laid out once, and `fill_in` writes the real numbers into the laid-out
text boxes, moving whatever follows on the same line by the difference in width. Lines
were broken with the wider placeholder, so nothing can overflow.

Entries that align their numbers with a leader (the contents) keep WeasyPrint's own
target-counter: they sit on a few pages near the front, whose re-layout costs little.
So do style sheets that reset or set the page counter (the printed number would no
longer be the page's position), and a book longer than the placeholder allows is laid
out again with WeasyPrint's own numbers (`write_pdf`).
"""
from __future__ import annotations

import re

PLACEHOLDER_DIGIT = "0"

_STYLE_ELEMENT = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.S | re.I)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")  # innermost blocks: selectors { declarations }
_GENERATED = re.compile(r"::?(?:before|after)\s*$", re.I)
_CONTENT_DECLARATION = re.compile(r"\bcontent\s*:[^;{}]*", re.I)
_PAGE_TARGET_COUNTER = re.compile(r"target-counter\(\s*attr\(\s*href\s+url\s*\)\s*,\s*page\s*\)", re.I)
# A style sheet that changes the page counter makes the printed number differ from
# the page's position, which is all the laid-out pages tell: leave those to WeasyPrint.
_PAGE_COUNTER_CHANGED = re.compile(r"counter-(?:reset|set|increment)\s*:[^;{}]*\bpage\b", re.I)


def placeholder_digits(html: str) -> int:
    """Digits enough for the last page number. A page holds 4,000-5,000 characters of
    the HTML it came from (markup included); 1,500 leaves room for pages that chapters
    and appendices leave half empty. A book that beats it is laid out again."""
    return len(str(max(1, len(html) // 1500)))


def print_source(html: str, digits: int | None = None) -> tuple[str, str | None]:
    """The HTML the PDF is laid out from, and the placeholder it uses (None: the style
    sheets are left to WeasyPrint's own target-counter). Only generated text (::before,
    ::after) without a leader gets the placeholder: that is all `fill_in` looks at."""
    if _PAGE_COUNTER_CHANGED.search(html):
        return html, None
    placeholder = PLACEHOLDER_DIGIT * (digits or placeholder_digits(html))

    def declaration(match: re.Match) -> str:
        text = match.group(0)
        if "leader(" in text:  # aligned on the right edge: WeasyPrint keeps it
            return text
        return _PAGE_TARGET_COUNTER.sub(f'"{placeholder}"', text)

    def rule(match: re.Match) -> str:
        selectors, body = match.group(1), match.group(2)
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


def fill_in(document, placeholder: str) -> bool:
    """Write each cross-reference's page number over its placeholder. False (nothing
    changed) if a number has more digits than the placeholder: the caller lays the book
    out again with WeasyPrint's own numbers."""
    pages = anchor_pages(document)
    found: list[tuple[object, tuple]] = []
    for page in document.pages:
        _collect(page._page_box, (), placeholder, found)
    numbers = []
    for box, _ in found:
        href = (box.element.get("href") or "") if box.element is not None else ""
        number = pages.get(href[1:]) if href.startswith("#") else None
        numbers.append("?" if number is None else str(number))
    if any(len(n) > len(placeholder) for n in numbers):
        return False
    for (box, chain), number in zip(found, numbers):
        _replace_text(box, chain, box.text.replace(placeholder, number))
    return True


def _collect(box, chain: tuple, placeholder: str, found: list) -> None:
    """Text boxes of generated content (::before, ::after) that show the placeholder, each with its
    ancestors from the page down (needed to move what follows it on its line)."""
    for child in getattr(box, "children", ()):
        text = getattr(child, "text", None)
        if text is not None:
            if placeholder in text and child.element_tag.endswith(("::after", "::before")):
                found.append((child, chain + (box,)))
        elif getattr(child, "children", None):
            _collect(child, chain + (box,), placeholder, found)


def _text_width(text: str, style, justification_spacing: float) -> tuple[float, object]:
    """Width of `text` on one line in `style`, measured as WeasyPrint measures it."""
    from weasyprint.text.line_break import create_layout, line_size

    layout = create_layout(text, style, None, None, justification_spacing)
    line, _ = layout.get_first_line()
    width, _ = line_size(line, style)
    layout.deactivate()
    return width, layout


def _replace_text(box, chain: tuple, text: str) -> None:
    """Give a laid-out text box new text of at most the same width; the inline boxes
    around it shrink with it and what follows on the line moves over."""
    from weasyprint.formatting_structure.boxes import LineBox

    old_width, _ = _text_width(box.text, box.style, box.justification_spacing)
    new_width, layout = _text_width(text, box.style, box.justification_spacing)
    delta = new_width - old_width
    box.text = text
    box.pango_layout = layout
    box.width += delta
    if not delta or box.style["direction"] != "ltr":
        return
    node = box
    for parent in reversed(chain):
        following = False
        for sibling in parent.children:
            if following:
                sibling.translate(dx=delta)
            elif sibling is node:
                following = True
        if isinstance(parent, LineBox):
            break
        parent.width += delta
        node = parent
