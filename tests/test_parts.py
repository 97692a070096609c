"""The PDF laid out in parts (render/parts.py): the book in parts is the same book,
page for page, as the book laid out whole."""
from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from conftest import pdf_outline
from dossier.render import pagerefs, parts, pdf

CSS = """
@page { size: A6; margin: 12mm 10mm;
  @top-left { content: string(book-title); font: 6pt sans-serif; }
  @top-center { content: string(marking); font: 6pt sans-serif; }
  @top-right { content: string(chapter-title); font: 6pt sans-serif; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 6pt sans-serif; } }
body { font: 9pt/1.3 "Charis SIL", serif; }
.cover-title { string-set: book-title attr(data-running); }
.marking { string-set: marking content(); }
.chapter-title, .appendix-title { string-set: chapter-title content(); }
.chapter, .appendix { break-before: page; }
.note { float: footnote; }
a.see::after { content: " (p.\\a0" target-counter(attr(href url), page) ")"; }
.toc a::after { content: leader(". ") target-counter(attr(href url), page); }
"""


def book(chapters: int = 3, paragraphs: int = 12, css: str = CSS) -> str:
    words = "The delegation said the talks would resume after the review of the cables. " * 3
    sections = []
    for c in range(1, chapters + 1):
        body = "".join(
            f'<p id="c{c}p{i}">{words}<span class="note">Note {c}.{i}</span>'
            f' See <a class="see" href="#c{(c % chapters) + 1}">chapter {(c % chapters) + 1}</a>.</p>'
            for i in range(paragraphs))
        sections.append(f'<section class="chapter" id="c{c}"><h1 class="chapter-title">Chapter {c}</h1>{body}</section>')
    toc = "".join(f'<li><a href="#c{c}">Chapter {c}</a></li>' for c in range(1, chapters + 1))
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Book</title><style>{css}</style></head><body>'
            f'<section class="cover" id="cover"><h1 class="cover-title" data-running="Running title">Cover</h1>'
            f'<p class="marking">RESTRICTED</p></section>'
            f'<nav class="toc"><ol>{toc}<li><a href="#index">Index</a></li></ol></nav>'
            f'<main id="main">{"".join(sections)}</main>'
            f'<section class="appendix" id="index"><h1 class="appendix-title">Index</h1>'
            f'<p>Back to <a class="see" href="#c1">the first chapter</a> and <a class="see" href="#toc-missing">nowhere</a>.</p></section>'
            '</body></html>')


def test_the_book_splits_before_each_chapter_and_appendix():
    split = parts.split(book(), lambda name: "x-ref:" + name)
    assert len(split) == 5  # front matter, three chapters, the appendix
    assert "cover-title" in split[0].html and "toc" in split[0].html
    assert split[1].ids >= {"c1", "c1p0"} and "c2" not in split[1].ids
    # a link to another part names the anchor after the prefix; one inside the part stays
    assert 'href="x-ref:c2"' in split[1].html
    assert 'href="#c1"' not in split[0].html and 'href="x-ref:c1"' in split[0].html
    # the wrapper around the chapters is in each chapter's part, its id only in the first
    assert split[1].html.count("<main") == split[2].html.count("<main") == 1
    assert 'id="main"' in split[1].html and 'id="main"' not in split[2].html


def test_each_part_inherits_the_strings_and_footnotes_set_before_it():
    split = parts.split(book(paragraphs=4), lambda name: "x-ref:" + name)
    body = lambda part: re.search(r"<body[^>]*>", part.html).group(0)
    second = body(split[2])
    assert 'book-title "Running title"' in second and 'marking "RESTRICTED"' in second
    assert "chapter-title" not in second  # the chapter sets its own, on its first page
    assert "counter-reset: footnote 4" in second  # four notes in chapter 1
    assert "counter-reset: footnote 12" in body(split[4])
    assert "string-set" not in body(split[0])
    # the cut of a box that goes on in the next part shows no margin
    assert "margin-top: 0" in second and "margin-bottom: 0" in second
    assert "margin-bottom: 0" not in body(split[4])


def test_workers_get_parts_of_about_equal_size(monkeypatch):
    monkeypatch.setattr(parts, "PART_COST_CHARS", 500)
    html = book(chapters=6, paragraphs=4).replace(  # chapter 2 twice as long as the others
        '<h1 class="chapter-title">Chapter 2</h1>', '<h1 class="chapter-title">Chapter 2</h1>' + "<p>" + "word " * 600 + "</p>")
    split = parts.split(html, lambda name: "x-ref:" + name, jobs=2)
    assert [p.index for p in split] == list(range(len(split)))
    loads = [sum(len(p.html) for p in batch) for batch in parts.assign(split, 2)]
    assert 2 <= len(split) < 8 and max(loads) / sum(loads) < 0.56, loads
    monkeypatch.setattr(parts, "PART_COST_CHARS", 10**9)  # parts so dear: one a worker
    assert len(parts.split(html, lambda name: "x-ref:" + name, jobs=2)) == 2


def test_a_style_that_lets_chapters_run_on_is_laid_out_whole():
    assert parts.splittable(book())
    assert not parts.splittable(book(css=CSS + ".chapter { break-before: auto; }"))
    assert not parts.splittable(book(css=CSS.replace("counter(page)", "counter(page, lower-roman)")))


def page_texts(path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages]


@pytest.mark.parametrize("platform", ["linux", "darwin"])  # forked workers, or one process in turn
def test_the_book_in_parts_is_the_book_laid_out_whole(tmp_path, monkeypatch, platform):
    monkeypatch.setattr(parts, "JOBS", 2)
    monkeypatch.setattr(parts.sys, "platform", platform)
    monkeypatch.setattr(parts, "PART_COST_CHARS", 0)  # as many parts as chapters and appendices
    monkeypatch.setattr(pagerefs, "placeholder_digits", lambda html: 2)  # A6 pages hold less than the estimate
    html = book()
    whole, in_parts = tmp_path / "whole.pdf", tmp_path / "parts.pdf"
    maps = []
    assert pdf.write_pdf(html, whole, maps.append, parts=False) == parts.write_pdf(html, in_parts, maps.append)
    expected, got = page_texts(whole), page_texts(in_parts)
    assert len(got) >= 8 and got == expected
    # footers count the whole book, footnotes run on, cross-references name the book's pages
    assert f"Page 3 of {len(got)}" in got[2]
    assert re.search(r"\b13\.?\s*Note 2\.0\b", " ".join(got))  # chapter 2's first note is the 13th
    assert "RESTRICTED" in got[-1] and "Running title" in got[-1]
    assert maps[0].anchor_page == maps[1].anchor_page and maps[0].page_starts == maps[1].page_starts


def link_targets(reader) -> list[tuple[int, int]]:
    """(page of the link, page it leads to) of every internal link, in order."""
    destinations = {name: reader.get_destination_page_number(dest) + 1
                    for name, dest in reader.named_destinations.items()}
    links = []
    for number, page in enumerate(reader.pages, 1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            dest = annotation.get("/Dest")
            assert "/URI" not in (annotation.get("/A") or {}) or not str(annotation["/A"]["/URI"]).startswith("dossier-xref")
            if dest is not None:
                links.append((number, destinations[str(dest)]))
    return links


def test_a_build_in_parts_is_the_seed_build(seed_project, seed_build, tmp_path, monkeypatch):
    """The whole pipeline with the book laid out in parts (the seeds are short enough
    to be laid out whole): the same pages, outline, links, metadata, and the same
    EPUB, whose page-list cites the PDF's pages."""
    import dossier

    monkeypatch.setattr(parts, "MIN_PART_CHARS", 0)
    config = dossier.load_config(seed_project / "config.yaml")
    result = dossier.build(config, formats=("pdf", "epub"), out_dir=tmp_path, use_cache=False)
    whole, in_parts = PdfReader(str(seed_build[2] / "dossier.pdf")), PdfReader(result.outputs["pdf"])
    assert result.pages == len(whole.pages)
    assert page_texts(result.outputs["pdf"]) == page_texts(seed_build[2] / "dossier.pdf")
    assert pdf_outline(in_parts) == pdf_outline(whole) and len(pdf_outline(whole)) >= 5
    assert link_targets(in_parts) == link_targets(whole) and len(link_targets(whole)) >= 20
    assert in_parts.metadata.title == whole.metadata.title
    assert in_parts.trailer["/Root"]["/Lang"] == whole.trailer["/Root"]["/Lang"]
    assert in_parts.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert (tmp_path / "dossier.epub").read_bytes() == (seed_build[2] / "dossier.epub").read_bytes()
    assert not list(tmp_path.glob(".dossier-parts*"))  # the parts' folder is gone


def test_a_book_longer_than_the_placeholders_is_laid_out_whole_and_mapped_once(tmp_path, monkeypatch):
    monkeypatch.setattr(parts, "JOBS", 2)
    monkeypatch.setattr(pagerefs, "placeholder_digits", lambda html: 1)  # the book has 10 pages or more
    maps = []
    pages = pdf.write_pdf(book(), tmp_path / "book.pdf", maps.append, parts=True)
    assert pages >= 10 and len(maps) == 1 and maps[0].pages == pages
    texts = page_texts(tmp_path / "book.pdf")
    assert f"Page 10 of {pages}" in texts[9]
    assert not list(tmp_path.glob(".dossier-parts*"))
