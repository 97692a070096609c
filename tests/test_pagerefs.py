"""Cross-reference page numbers filled in after a single layout (render/pagerefs.py):
the numbers printed are the pages the links lead to, the text after a number sits
where WeasyPrint itself would have put it, and what cannot be filled in is left to
WeasyPrint's own target-counter."""
from __future__ import annotations

import re
from collections import Counter

import pytest
from pypdf import PdfReader

from dossier.render import pagerefs, pdf

REFERENCE = re.compile(r"(?:\(p\.\s*|,\s*p\.\s*)(\d+)\)?")

TINY_CSS = """
@page { size: A6; margin: 10mm; }
body { font: 10pt/1.4 "Charis SIL", serif; }
a.see::after { content: " (p. " target-counter(attr(href url), page) ")"; }
.toc a::after { content: leader(". ") target-counter(attr(href url), page); }
.next { break-before: page; }
"""


def tiny_book(body: str, css: str = TINY_CSS) -> str:
    return f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title><style>{css}</style></head><body>{body}</body></html>'


def test_print_source_puts_placeholders_in_running_text_and_after_leaders():
    book = tiny_book("<p>x</p>")
    source, placeholder = pagerefs.print_source(book, digits=4)
    assert placeholder == "0000"
    assert 'a.see::after { content: " (p. " "0000" ")"; }' in source
    assert 'leader(". ") "0000"' in source and "target-counter" not in source


def test_a_number_after_a_leader_stays_flush_right_and_the_dots_fill_its_room():
    pages = "".join(f'<p class="next" id="p{i}">Page {i}.</p>' for i in range(2, 5))
    body = '<nav class="toc"><a href="#p4">Fourth page, a title long enough</a></nav>' + pages
    theirs = pdf._render(tiny_book(body))  # WeasyPrint's own number: "4"
    wide = pdf._render(pagerefs.print_source(tiny_book(body), digits=3)[0])  # "000", then filled in
    assert pagerefs.fill_in(wide, "000")

    def entry(document):
        boxes = [b for b in document.pages[0]._page_box.descendants() if getattr(b, "text", None)]
        number = next(b for b in boxes if b.element_tag.endswith("::after") and b.text.strip().isdigit())
        dots = [b for b in boxes if b.text.strip() == "." and b.element_tag.endswith("::after")]
        return number.text, round(number.position_x + number.width, 2), len(dots)

    text, right, dots = entry(wide)
    assert (text, right) == entry(theirs)[:2] == ("4", entry(theirs)[1])
    assert abs(dots - entry(theirs)[2]) <= 1  # the leader fills the room the placeholder left


def test_print_source_leaves_books_that_reset_the_page_counter_to_weasyprint():
    book = tiny_book("<p>x</p>", TINY_CSS + ".part { counter-reset: page 1; }")
    assert pagerefs.print_source(book) == (book, None)


def test_placeholder_has_digits_for_more_pages_than_the_html_can_fill():
    assert pagerefs.placeholder_digits("x" * 40_000) == 2  # at most 26 pages: 2 digits
    assert pagerefs.placeholder_digits("x" * 9_000_000) == 4


def _line_positions(document, words: str) -> list[float]:
    """x of every laid-out text box holding `words`, in page order."""
    found = []
    for page in document.pages:
        for box in page._page_box.descendants():
            if getattr(box, "text", None) and words in box.text:
                found.append(round(box.position_x, 2))
    return found


def test_text_after_a_filled_in_number_sits_where_weasyprint_puts_it():
    body = ('<p>Read <a class="see" href="#target">the other one</a> and then these words follow.</p>'
            '<p class="next" id="target">Target on page two.</p>')
    ours = pdf.lay_out(tiny_book(body))  # placeholder of 1 digit: the same width as "2"
    wide = pagerefs.print_source(tiny_book(body), digits=3)[0]
    ours_wide = pdf._render(wide)  # three-digit placeholder, then filled in
    assert pagerefs.fill_in(ours_wide, "000")
    theirs = pdf._render(tiny_book(body))  # WeasyPrint's own target-counter, two passes
    texts = lambda doc: [b.text for p in doc.pages for b in p._page_box.descendants() if getattr(b, "text", None)]
    assert " (p. 2)" in texts(ours) and " (p. 2)" in texts(ours_wide) and " (p. 2)" in texts(theirs)
    expected = _line_positions(theirs, "and then")
    assert expected and _line_positions(ours, "and then") == expected
    assert _line_positions(ours_wide, "and then") == pytest.approx(expected, abs=0.01)


def test_a_book_longer_than_the_placeholder_allows_is_laid_out_by_weasyprint(monkeypatch):
    pages = "".join(f'<p class="next" id="p{i}">Page {i}.</p>' for i in range(2, 13))
    body = '<p>See <a class="see" href="#p12">the last</a>.</p>' + pages
    monkeypatch.setattr(pagerefs, "placeholder_digits", lambda html: 1)
    document = pdf.lay_out(tiny_book(body))
    assert len(document.pages) == 12
    texts = [b.text for b in document.pages[0]._page_box.descendants() if getattr(b, "text", None)]
    assert " (p. 12)" in texts


def test_every_printed_reference_in_the_seed_pdf_is_the_page_its_link_leads_to(seed_build):
    reader = PdfReader(str(seed_build[2] / "dossier.pdf"))
    destinations = {name: reader.get_destination_page_number(dest) + 1
                    for name, dest in reader.named_destinations.items()}
    checked = 0
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text() or ""
        if "Contents" in text.splitlines()[0:3] or not REFERENCE.search(text):
            continue
        targets = Counter()
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A") or {}
            name = action.get("/D") if action.get("/S") == "/GoTo" else annotation.get("/Dest")
            if isinstance(name, str) and name.lstrip("/") in destinations:
                targets[destinations[name.lstrip("/")]] += 1
        printed = Counter(int(n) for n in REFERENCE.findall(text.replace("\n", " ")))
        assert printed, number
        assert not printed - targets, f"p. {number}: printed page numbers {printed} not among the link targets {targets}"
        checked += sum(printed.values())
    assert checked >= 20
    assert not re.search(r"p\.\s*0+\)", pdf_all_text(reader)), "a placeholder was left in the PDF"


def pdf_all_text(reader) -> str:
    return " ".join(page.extract_text() or "" for page in reader.pages)


def test_the_seed_book_is_laid_out_once(seed_build, monkeypatch):
    """Pages laid out again after the first pass: WeasyPrint alone re-makes every page
    citing a later one (the contents, the chapter openers' lists, cross-references);
    with the numbers filled in, none is."""
    import weasyprint.layout.page as weasyprint_pages

    made = Counter()
    original = weasyprint_pages.remake_page

    def counting(*args, **kwargs):
        made["pages"] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(weasyprint_pages, "remake_page", counting)
    book = (seed_build[2] / "dossier.html").read_text("utf-8")
    ours = pdf.lay_out(book)
    ours_again, made["pages"] = made["pages"] - len(ours.pages), 0
    theirs = pdf._render(book)
    theirs_again = made["pages"] - len(theirs.pages)
    assert ours_again == 0 < theirs_again, (ours_again, theirs_again)


def test_only_generated_text_gets_the_placeholder():
    css = TINY_CSS + 'a.own { content: target-counter(attr(href url), page); } b::before { content: "p. " target-counter(attr(href url), page); }'
    source, placeholder = pagerefs.print_source(tiny_book("<p>x</p>", css), digits=2)
    assert 'a.own { content: target-counter(attr(href url), page); }' in source  # an element's own content
    assert 'b::before {content: "p. " "00"; }' in source.replace("{ content", "{content")
