"""A book laid out whole by WeasyPrint, and the same book laid out in parts and joined
(render/pdfjoin.py), read the way a viewer and an accessibility checker read them: the
joined PDF must have the same pages, text, outline, links and structure as the whole."""
from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader
from weasyprint import HTML

from dossier.render.pdfjoin import XREF_SCHEME, join, xref_href

HEAD = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<title>A book in parts</title><meta name="author" content="Test Desk">
<style>
@page { size: A6; margin: 12mm }
body { font: 10pt/1.4 serif }
h1 { bookmark-level: 1 } h2 { bookmark-level: 2 } h3 { bookmark-level: 3 }
.closed h1 { bookmark-state: closed }
section { break-before: page }
</style></head><body>"""
TAIL = "</body></html>"


def prose(label: str, paragraphs: int) -> str:
    return "".join(f"<p>{label}, paragraph {i}: " + " ".join(f"{label.lower()}{j}" for j in range(60))
                   + "</p>" for i in range(paragraphs))


# Page-breaking sections as the book splits them: front matter, chapters, an appendix.
# Links go forward and back across sections, within a section, and to an anchor whose
# name is not plain ASCII.
SECTIONS = [
    """<section id="front"><h1>Contents</h1><ol>
    <li><a href="#ch-one">Chapter one</a></li><li><a href="#ch-two">Chapter two</a></li>
    <li><a href="#two-b">Chapter two, second part</a></li><li><a href="#notes">Notes</a></li>
    <li><a href="#front">This page</a></li><li><a href="https://example.org/">Outside</a></li></ol>
    </section>""",
    f"""<section class="chapter" id="ch-one"><h1>Chapter one</h1>{prose("One", 4)}
    <h2 id="one-a">One, first part</h2><p>Back to the <a href="#front">contents</a>, on to
    <a href="#two-b">two, second part</a> and to <a href="#café-note">the note on cafés</a>.</p>
    {prose("Onea", 5)}<h2 id="one-b">One, second part</h2>
    <p>Within the chapter: <a href="#one-a">first part</a>.</p>{prose("Oneb", 3)}</section>""",
    f"""<section class="chapter closed" id="ch-two"><h1>Chapter two</h1>{prose("Two", 3)}
    <h2 id="two-a">Two, first part</h2><h3>Two, a detail</h3>{prose("Twoa", 2)}
    <h2 id="two-b">Two, second part</h2><p>Back to <a href="#one-b">one, second part</a>.</p>
    {prose("Twob", 2)}</section>""",
    f"""<section class="appendix" id="notes"><h1>Notes</h1>
    <p id="café-note">On cafés: see <a href="#ch-one">chapter one</a> and
    <a href="#two-a">two, first part</a>.</p>{prose("Notes", 2)}</section>""",
]


def write(html: str, target: Path) -> Path:
    # As render/pdf.py writes it: PDF/UA-1, no random identifier.
    HTML(string=html).write_pdf(target, pdf_variant="pdf/ua-1", pdf_identifier=False)
    return target


def part_html(section: str) -> str:
    """A section as its own document, links to anchors outside it made cross-part links."""
    ids = set(re.findall(r'\bid="([^"]+)"', section))
    return HEAD + re.sub(r'href="#([^"]+)"',
                         lambda m: m[0] if m[1] in ids else f'href="{xref_href(m[1])}"',
                         section) + TAIL


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("join")
    whole = write(HEAD + "".join(SECTIONS) + TAIL, folder / "whole.pdf")
    parts = [write(part_html(section), folder / f"part{i}.pdf") for i, section in enumerate(SECTIONS)]
    joined = folder / "joined.pdf"
    pages = join(parts, joined)
    return {"whole": whole, "parts": parts, "joined": joined, "pages": pages, "folder": folder}


# --- Reading a PDF ----------------------------------------------------------------------------

def page_index(pdf: pikepdf.Pdf) -> dict:
    return {page.objgen: i for i, page in enumerate(pdf.pages)}


def named_dests(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Array]:
    dests = {}

    def walk(node):
        names = node.get("/Names") or []
        for i in range(0, len(names), 2):
            dests[str(names[i])] = names[i + 1]
        for kid in node.get("/Kids") or []:
            walk(kid)
    walk(pdf.Root.Names.Dests)
    return dests


def place(dest, pages) -> tuple:
    """A destination as (page number, kind, coordinates rounded)."""
    return (pages[dest[0].objgen], str(dest[1])) + tuple(round(float(v), 2) for v in dest[2:4])


def outline(pdf: pikepdf.Pdf) -> list:
    pages = page_index(pdf)

    def items(first):
        result, item = [], first
        while item is not None:
            children = items(item.get("/First"))
            result.append((str(item.Title), int(item.get("/Count", 0)), place(item.Dest, pages), children))
            item = item.get("/Next")
        return result
    return [int(pdf.Root.Outlines.Count)] + items(pdf.Root.Outlines.First)


def links(pdf: pikepdf.Pdf) -> list[list[tuple]]:
    """Per page: each link's rectangle, alt text and where it leads."""
    pages, dests = page_index(pdf), named_dests(pdf)
    result = []
    for page in pdf.pages:
        on_page = []
        for annotation in page.obj.get("/Annots") or []:
            rect = tuple(round(float(v), 2) for v in annotation.Rect)
            if "/Dest" in annotation:
                target = ("internal", place(dests[str(annotation.Dest)], pages))
            else:
                target = ("uri", str(annotation.A.URI))
            on_page.append((rect, str(annotation.get("/Contents")), target))
        result.append(on_page)
    return result


def parent_tree(root) -> list[tuple[int, object]]:
    pairs = []

    def walk(node):
        nums = node.get("/Nums") or []
        pairs.extend((int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2))
        for kid in node.get("/Kids") or []:
            walk(kid)
    walk(root.ParentTree)
    return pairs


def element_types(element) -> list:
    """The structure below `element` as nested (type, kids) with marked content ids."""
    kids = element.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
    shape = []
    for kid in kids:
        if isinstance(kid, int):
            shape.append(kid)
        elif kid.get("/Type") == "/OBJR":
            shape.append("OBJR")
        elif kid.get("/Type") == "/MCR":
            shape.append(int(kid.MCID))
        else:
            shape.append((str(kid.S), element_types(kid)))
    return shape


def check_structure(pdf: pikepdf.Pdf) -> None:
    """The structure tree holds together the way a PDF/UA checker walks it."""
    root = pdf.Root.StructTreeRoot
    pairs = parent_tree(root)
    keys = [key for key, _ in pairs]
    assert len(keys) == len(set(keys)), "a ParentTree key twice"
    assert keys == sorted(keys)
    assert int(root.ParentTreeNextKey) > max(keys)
    tree = dict(pairs)
    for number, page in enumerate(pdf.pages):
        key = int(page.obj.StructParents)
        assert isinstance(tree[key], pikepdf.Array), f"page {number + 1}: its key is not in the ParentTree"
        for element in tree[key]:
            assert element.Pg.objgen == page.obj.objgen
        for annotation in page.obj.get("/Annots") or []:
            element = tree[int(annotation.StructParent)]
            assert any(isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"
                       and kid.Obj.objgen == annotation.objgen for kid in element.K)
    document, = root.K
    assert document.P.objgen == root.objgen

    def walk(element, parent):
        assert element.P.objgen == parent.objgen, "an element's /P is not the element holding it"
        for kid in element.K if isinstance(element.K, pikepdf.Array) else [element.K]:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/OBJR", "/MCR"):
                walk(kid, element)
    walk(document, root)


# --- The joined book -------------------------------------------------------------------------

def test_same_pages_and_text(book):
    whole, joined = PdfReader(book["whole"]), PdfReader(book["joined"])
    assert book["pages"] == len(joined.pages) == len(whole.pages) > len(SECTIONS)
    assert [p.extract_text() for p in joined.pages] == [p.extract_text() for p in whole.pages]


def test_same_outline(book):
    with pikepdf.open(book["whole"]) as whole, pikepdf.open(book["joined"]) as joined:
        expected = outline(whole)
        assert outline(joined) == expected
    assert any(count < 0 for _, count, _, _ in expected[1:]), "the book has a closed bookmark"
    # pypdf reads it as a viewer does: titles, nesting and pages.
    def read(reader, items):
        return [read(reader, item) if isinstance(item, list)
                else (item.title, reader.get_destination_page_number(item)) for item in items]
    whole, joined = PdfReader(book["whole"]), PdfReader(book["joined"])
    assert read(joined, joined.outline) == read(whole, whole.outline)


def test_every_link_leads_where_the_whole_books_does(book):
    with pikepdf.open(book["whole"]) as whole, pikepdf.open(book["joined"]) as joined:
        expected, got = links(whole), links(joined)
        assert got == expected
        # The cross-part links were URIs in the parts, internal links now, named as
        # WeasyPrint names its own.
        xrefs = []
        for path in book["parts"]:
            with pikepdf.open(path) as part:
                tree = dict(parent_tree(part.Root.StructTreeRoot))
                for page in part.pages:
                    for annotation in page.obj.get("/Annots") or []:
                        uri = str(annotation.get("/A", {}).get("/URI", ""))
                        if uri.startswith(XREF_SCHEME + ":"):
                            xrefs.append(uri)
                            # WeasyPrint tags it as a link like any other.
                            assert tree[int(annotation.StructParent)].S == "/Link"
        assert len(xrefs) >= 6 and xref_href("café-note") in xrefs
        internal = [link for page in got for link in page if link[2][0] == "internal"]
        assert len(internal) >= 10 and any("é" in link[1] for link in internal)
        assert set(named_dests(joined)) == set(named_dests(whole))
        names = [bytes(name) for name in joined.Root.Names.Dests.Names[::2]]
        assert names == sorted(names), "a name tree is sorted"


def test_structure_tree_is_one_and_consistent(book):
    with pikepdf.open(book["whole"]) as whole, pikepdf.open(book["joined"]) as joined:
        check_structure(joined)
        assert element_types(joined.Root.StructTreeRoot) == element_types(whole.Root.StructTreeRoot)
        # Page by page, marked content maps to elements of the same types.
        def per_page(pdf):
            tree = dict(parent_tree(pdf.Root.StructTreeRoot))
            return [[str(e.S) for e in tree[int(page.obj.StructParents)]] for page in pdf.pages]
        assert per_page(joined) == per_page(whole)


def test_poppler_reads_the_same_tagged_text(book):
    """poppler walks the structure tree and prints each element's text: the joined book
    reads as the whole one does (object numbers aside)."""
    def tagged(path):
        out = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True,
                             text=True, check=True).stdout
        return re.sub(r"Object \d+ \d+", "Object", out)
    expected = tagged(book["whole"])
    assert "Link" in expected and "Chapter two" in expected
    assert tagged(book["joined"]) == expected


def test_catalog_and_metadata_of_a_pdf_ua_document(book):
    with pikepdf.open(book["joined"]) as pdf, pikepdf.open(book["parts"][0]) as first:
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert pdf.Root.Metadata.read_bytes() == first.Root.Metadata.read_bytes()
        assert b"pdfuaid" in pdf.Root.Metadata.read_bytes()
        assert {k: str(v) for k, v in pdf.docinfo.items()} == {k: str(v) for k, v in first.docinfo.items()}
        assert str(pdf.docinfo.Title) == "A book in parts"
        assert pdf.pdf_version == first.pdf_version


def test_qpdf_check_passes(book):
    result = subprocess.run(["qpdf", "--check", str(book["joined"])], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_same_parts_same_bytes(book):
    again = book["folder"] / "again.pdf"
    join(book["parts"], again)
    assert again.read_bytes() == book["joined"].read_bytes()
    with pikepdf.open(again) as pdf:
        assert len(pdf.trailer.ID) == 2


def test_a_link_to_an_anchor_no_part_has_is_left_out(book, caplog):
    dangling = SECTIONS[3].replace('href="#ch-one"', 'href="#nowhere"')
    folder = book["folder"]
    whole = write(HEAD + "".join(SECTIONS[:3]) + dangling + TAIL, folder / "dangling-whole.pdf")
    parts = book["parts"][:3] + [write(part_html(dangling), folder / "dangling-part.pdf")]
    with caplog.at_level(logging.WARNING, logger="dossier"):
        join(parts, folder / "dangling.pdf")
    warnings = [r.getMessage() for r in caplog.records if r.name == "dossier"]
    assert len(warnings) == 1 and "#nowhere" in warnings[0]
    with pikepdf.open(whole) as expected, pikepdf.open(folder / "dangling.pdf") as joined:
        assert links(joined) == links(expected)  # WeasyPrint leaves it out too
        check_structure(joined)
        assert element_types(joined.Root.StructTreeRoot) == element_types(expected.Root.StructTreeRoot)


def test_xref_names_survive_weasyprints_url_handling():
    assert xref_href("a%41 b#c/é") == XREF_SCHEME + ":a%2541%20b%23c%2Fé".replace("é", "%C3%A9")


def test_page_labels_move_with_their_pages(book):
    folder = book["folder"]
    labelled = folder / "labelled.pdf"
    with pikepdf.open(book["parts"][0]) as front:  # front matter numbered i, ii, …
        front.Root.PageLabels = pikepdf.Dictionary(Nums=[0, pikepdf.Dictionary(S=pikepdf.Name.r)])
        front.save(labelled)
    with pikepdf.open(book["parts"][2]) as two:  # chapter two labelled from B-1
        two.Root.PageLabels = pikepdf.Dictionary(Nums=[0, pikepdf.Dictionary(S=pikepdf.Name.D, P="B-")])
        two.save(folder / "labelled2.pdf")
    parts = [labelled, book["parts"][1], folder / "labelled2.pdf", book["parts"][3]]
    join(parts, folder / "labels.pdf")
    sizes = [len(PdfReader(p).pages) for p in parts]
    expected = (["i", "ii", "iii", "iv", "v"][:sizes[0]]
                + [str(n) for n in range(sizes[0] + 1, sizes[0] + sizes[1] + 1)]
                + [f"B-{n}" for n in range(1, sizes[2] + 1)]
                + [str(n) for n in range(sum(sizes[:3]) + 1, sum(sizes) + 1)])
    assert PdfReader(folder / "labels.pdf").page_labels == expected


def test_each_font_subset_has_its_own_tag(book):
    def fonts(pdf):
        found = {}
        for page in pdf.pages:
            for font in page.obj.Resources.Font.values():
                found[font.objgen] = str(font.BaseFont)
        return found
    with pikepdf.open(book["joined"]) as joined, pikepdf.open(book["parts"][0]) as first:
        names = list(fonts(joined).values())
        # Every part embeds its own subsets, and WeasyPrint tags them alike.
        assert len(names) > len(set(n.split("+")[1] for n in names))
        assert len(names) == len(set(names)), "two subsets with one tag"
        assert all(re.fullmatch(r"/[A-Z]{6}\+\S+", name) for name in names)
        assert set(fonts(first).values()) <= set(names)  # the first part's keep theirs
        for font in joined.pages[-1].obj.Resources.Font.values():
            descendant = font.DescendantFonts[0]
            assert descendant.BaseFont == font.BaseFont == descendant.FontDescriptor.FontName
