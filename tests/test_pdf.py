"""The seed PDF checked the way a reader and an accessibility checker would: the page
numbers the contents promise, the outline, the tags and metadata of PDF/UA-1, the
fonts, and what the cover and the 'At a glance' page say."""
from __future__ import annotations

import re

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import pdf_outline, squash

APPENDICES = ["Glossary", "Source index", "Editorial notes"]


def page_texts(path) -> list[str]:
    """Each page's text without its running head and 'Page X of Y' footer."""
    reader = PdfReader(str(path))
    title = reader.metadata.title or ""
    pages = []
    for page in reader.pages:
        lines = (page.extract_text() or "").splitlines()
        pages.append("\n".join(l for l in lines if not re.fullmatch(r"Page \d+ of \d+", l.strip())
                               and not (title and l.startswith(title))))
    return pages


@pytest.fixture(scope="module")
def seed(seed_build):
    result, report, out = seed_build
    pdf = out / "dossier.pdf"
    titles = {a["id"]: a["display_title"] for a in report["articles"]}
    return {"report": report, "pdf": pdf, "pages": page_texts(pdf), "titles": titles,
            "articles": {a["id"]: a for a in report["articles"]}}


def toc_entries(report, titles):
    """(label, article id or None) in the order the contents list them."""
    entries = [("At a glance", None)]
    for chapter in report["chapters"]:
        entries.append((chapter["title"], None))
        entries += [(titles[aid], aid) for aid in chapter["articles"]]
    return entries + [(name, None) for name in APPENDICES]


def printed_toc_pages(seed) -> list[tuple[str, str | None, int]]:
    """Read the contents pages as printed: every entry followed by its page number."""
    pages = seed["pages"]
    start = next(i for i, text in enumerate(pages) if text.lstrip().startswith("Contents"))
    text = squash(" ".join(pages[start:start + 3]))
    entries = toc_entries(seed["report"], seed["titles"])
    pattern = "contents" + "".join(re.escape(squash(label.rstrip("…"))) + r"(\d+?)" for label, _ in entries)
    # Page numbers are followed by the next entry's first letters, so the lazy groups
    # cannot swallow a title that starts with a digit.
    match = re.search(pattern + r"(?!\d)", text)
    assert match, "the contents do not list every chapter, article and appendix in book order"
    return [(label, aid, int(n)) for (label, aid), n in zip(entries, match.groups())]


def test_toc_page_numbers_are_the_pages_where_articles_begin(seed):
    pages = [squash(t) for t in seed["pages"]]
    listed = printed_toc_pages(seed)
    toc_page = next(i for i, text in enumerate(seed["pages"]) if text.lstrip().startswith("Contents"))
    checked = 0
    for label, aid, number in listed:
        if aid is None:
            continue
        article = seed["articles"][aid]
        # The heading is directly followed by the meta line: outlet first.
        heading = squash(label.rstrip("…")) + squash(article["outlet"] or "outlet unknown")
        found = [i + 1 for i, text in enumerate(pages) if i > toc_page and heading in text]
        assert found, f"title of {aid} not found as a heading"
        assert found[0] == number, f"{label[:40]}: contents say p. {number}, heading is on p. {found[0]}"
        checked += 1
    assert checked == sum(len(c["articles"]) for c in seed["report"]["chapters"]) > 0


def test_toc_page_numbers_of_chapters_and_appendices(seed):
    pages = seed["pages"]
    for label, aid, number in printed_toc_pages(seed):
        if aid is None:
            first_line = pages[number - 1].strip().splitlines()[0]
            assert squash(first_line) == squash(label), f"{label}: p. {number} begins with {first_line!r}"


def test_outline_has_two_levels_matching_the_contents(seed):
    flat = pdf_outline(PdfReader(str(seed["pdf"])))
    expected = [(1 if aid is None else 2, label, number) for label, aid, number in printed_toc_pages(seed)]
    assert [(lvl, squash(t), p) for lvl, t, p in flat] == [(lvl, squash(t), p) for lvl, t, p in expected]
    assert all(title.strip() for _, title, _ in flat), "empty bookmark"
    assert len({(t, p) for _, t, p in flat}) == len(flat), "duplicate bookmark"


def test_pdf_ua_structure_and_metadata(seed):
    with pikepdf.open(seed["pdf"]) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in root and len(root.StructTreeRoot.K) > 0
        assert str(root.Lang) == "en"
        assert root.ViewerPreferences.DisplayDocTitle is True
        roles = set()

        def collect(node):
            if isinstance(node, pikepdf.Array):
                for child in node:
                    collect(child)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                roles.add(str(node.S))
                if "/K" in node:
                    collect(node.K)

        collect(root.StructTreeRoot.K)
        # Headings, articles, the glance tables with header cells, lists and links are tagged.
        assert {"/H1", "/H2", "/Art", "/Table", "/TH", "/L", "/Link"} <= roles
        xmp = root.Metadata.read_bytes().decode("utf-8")
        assert re.search(r'pdfuaid:part="1"|<pdfuaid:part>1</pdfuaid:part>', xmp)
        info = pdf.docinfo
        assert str(info.Title) == "North Korea's Human Rights Diplomacy"
        assert str(info.Author) == "Dossier Briefing Unit"
        assert str(info.Subject).startswith("Leaked cables, UN mechanisms")
        assert {"Leaked cables", "UN mechanisms"} <= {k.strip() for k in str(info.Keywords).split(",")}
        compiled = seed["report"]["compiled"].replace("-", "")
        assert str(info.CreationDate).startswith(f"D:{compiled}")


def fonts_of(pdf):
    """(base font name, embedded?) of every font the pages use."""
    seen = {}
    for page in pdf.pages:
        for font in (page.Resources.get("/Font") or {}).values():
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            embedded = descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            seen[str(font.BaseFont)] = embedded
    return seen


def test_fonts_are_embedded_and_are_the_shipped_faces(seed):
    with pikepdf.open(seed["pdf"]) as pdf:
        fonts = fonts_of(pdf)
    assert fonts and all(fonts.values()), f"not embedded: {[n for n, e in fonts.items() if not e]}"
    faces = {name.split("+", 1)[-1] for name in fonts}
    # Text, italic, bold and bold italic are real faces, never synthesised from the regular.
    assert {"Charis-SIL", "Charis-SIL-Italic", "Charis-SIL-Bold", "Noto-Sans", "Noto-Sans-Bold"} <= faces
    assert not any("DejaVu" in f for f in faces), "a system font stood in for a shipped one"


def test_cover_and_glance_pages_state_the_facts(seed):
    cover, glance = seed["pages"][0], seed["pages"][1]
    report = seed["report"]
    assert "FOR INTERNAL BRIEFING" in cover and "Dossier Briefing Unit" in cover
    assert "28 October 2024" in cover  # the period the sources cover
    assert not re.search(r"Page \d+ of", PdfReader(str(seed["pdf"])).pages[0].extract_text())
    assert glance.lstrip().startswith("At a glance")
    flat = " ".join(glance.split())
    for chapter in report["chapters"]:
        assert re.search(re.escape(chapter["title"]) + rf" {len(chapter['articles'])} \d+", flat), chapter["title"]
    outlets = {a["outlet"] for a in report["articles"] if a["outlet"]}
    assert all(o in flat for o in outlets)
    unknown = sum(1 for a in report["articles"] if not a["outlet"])
    assert f"Outlet unknown {unknown}" in flat
    assert "Universal Periodic Review" in flat  # glossary entries used in most articles


def test_untitled_articles_are_labelled_not_given_a_title(seed):
    untitled = [a for a in seed["report"]["articles"] if a["status"] == "kept" and not a["title"]]
    assert untitled
    listed = {aid: n for _, aid, n in printed_toc_pages(seed) if aid}
    toc = next(t for t in seed["pages"] if t.lstrip().startswith("Contents"))
    for a in untitled:
        lead = a["display_title"].removeprefix("[Untitled]").rstrip("…")
        heading_page = seed["pages"][listed[a["id"]] - 1]
        for text in (toc, heading_page):
            assert squash("Untitled:" + lead) in squash(text)
            assert "UNTITLED:" in text and "[Untitled]" not in text


def test_no_running_heads_on_chapter_openers(seed):
    reader = PdfReader(str(seed["pdf"]))
    title = reader.metadata.title
    for chapter in seed["report"]["chapters"]:
        opener = next(n for label, aid, n in printed_toc_pages(seed) if label == chapter["title"])
        lines = reader.pages[opener - 1].extract_text().splitlines()
        assert not any(l.startswith(title) for l in lines), f"running head on the opener of {chapter['title']}"
        assert any(re.fullmatch(rf"Page {opener} of \d+", l.strip()) for l in lines)
    article_page = reader.pages[printed_toc_pages(seed)[2][2] - 1].extract_text()
    assert title in article_page


def test_a_glossary_page_never_opens_in_the_middle_of_a_definition(seed):
    """A definition, the sentence it was taken from and the term stay on one page
    (styles/print.css): a page of the glossary opens with a term, never with 'From the
    text: …' cut off from the entry it belongs to."""
    toc = {label: n for label, _, n in printed_toc_pages(seed)}
    first, after = toc["Glossary"], toc["Source index"]
    assert after - first >= 2  # the seed glossary runs over more than one page
    for number in range(first + 1, after):
        lines = [l.strip() for l in seed["pages"][number - 1].splitlines() if l.strip()]
        assert lines and not re.match(r"(Expansion from|From) the text", lines[0]), (number, lines[:2])
