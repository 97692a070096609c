"""The EPUB's building blocks on small hand-made inputs: block ids, page markers,
pop-up notes, XHTML conversion and the cover."""
from __future__ import annotations

import io

import lxml.html
from PIL import Image

from dossier.render import cover, pagemap
from dossier.render.epub import OPS_NS, XHTML_NS, XML_LANG, add_popup_notes, insert_page_markers, xhtml_page

SECTION = """<section id="c-x" epub:type="chapter"><header><h1 id="c-x-title">X</h1><ol><li>one</li><li>two</li></ol></header>
<article id="a-1"><h2 id="a-1-title">First</h2><div class="body"><p>Alpha.</p><p>Beta <a href="sources.xhtml#s-S1">S1</a>.</p>
<p>Gamma <a href="glossary.xhtml#g-upr">UPR</a>.</p></div></article></section>"""


def test_block_ids_are_the_same_in_the_book_and_in_an_epub_file():
    from weasyprint import HTML

    book = HTML(string=f"<!DOCTYPE html><html><body><main>{SECTION}</main></body></html>").etree_element
    layout = pagemap.PrintLayout()
    layout.before_layout(book)
    page = xhtml_page("chapter-01.xhtml", "X", SECTION, "en")
    pagemap.add_block_ids(page.body())
    book_ids = list(layout.names.values())
    epub_ids = [el.get("id") for el in page.body().iter() if isinstance(el.tag, str) and el.get("id")]
    assert book_ids == epub_ids
    assert "a-1.b2" in book_ids and "c-x.b1" in book_ids  # the div.body, the header
    assert len(set(book_ids)) == len(book_ids)


def test_block_ids_never_take_an_existing_id():
    root = lxml.html.fragment_fromstring('<div id="a"><p>one</p><p id="a.b2">two</p><p>three</p></div>')
    pagemap.add_block_ids(root)
    assert [p.get("id") for p in root] == ["a.b1", "a.b2", None]


def _page():
    page = xhtml_page("chapter-01.xhtml", "X", SECTION, "en")
    pagemap.add_block_ids(page.body())
    return page


def test_markers_go_before_the_first_element_of_each_page_and_fill_empty_pages():
    page = _page()
    # p. 1 starts with the chapter; nothing starts on p. 2 (a long paragraph runs
    # over it); p. 3 starts with the second list item, p. 4 with the article.
    page_map = pagemap.PageMap(pages=4, page_starts={1: ["c-x", "c-x-title"], 3: ["missing", "c-x.b4"],
                                                     4: ["a-1", "a-1-title"]})
    listed = insert_page_markers([page], page_map)
    assert listed == [("1", "chapter-01.xhtml", "page-1"), ("2", "chapter-01.xhtml", "page-2"),
                      ("3", "chapter-01.xhtml", "page-3"), ("4", "chapter-01.xhtml", "page-4")]
    body = page.body()
    marker = body.xpath("//*[@id='page-1']")[0]
    assert marker.getnext().get("id") == "c-x" and marker.get(f"{{{OPS_NS}}}type") == "pagebreak"
    # Inside a list item, not between items; two markers keep their order.
    item = body.xpath("//*[@id='c-x.b4']")[0]
    assert item.tag == f"{{{XHTML_NS}}}li"
    assert [m.get("id") for m in item[:2]] == ["page-2", "page-3"] and item[1].tail == "two"
    assert body.xpath("//*[@id='page-4']")[0].getnext().get("id") == "a-1"


def test_page_map_takes_the_first_page_of_a_split_element():
    """Boxes know their element; an element split across pages starts on the first."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring('<div id="a"><p id="p1">x</p><h2 id="h">y</h2><p id="p2">z</p></div>')
    names = pagemap.block_names(root)
    a, p1, h, p2 = root, root[0], root[1], root[2]

    class Box:
        def __init__(self, element):
            self.element = element

    class PageBox:
        def __init__(self, *elements):
            self.elements = elements

        def descendants(self):
            return [Box(e) for e in self.elements]

    class Page:
        def __init__(self, *elements):
            self._page_box = PageBox(*elements)

    class Document:
        pages = [Page(a, p1), Page(p1, h, p2)]

    result = pagemap.page_map_from_boxes(Document(), names)
    assert result.anchor_page == {"a": 1, "p1": 1, "h": 2, "p2": 2}
    assert result.page_starts == {1: ["a", "p1"], 2: ["h", "p2"]}  # document order


def test_source_and_glossary_links_in_articles_become_footnote_popups():
    page = _page()
    notes = {"sources.xhtml#s-S1": ("In the source index", "[S1] Title. Outlet; unknown; date unknown."),
             "glossary.xhtml#g-upr": ("In the glossary", "UPR: Universal Periodic Review")}
    assert add_popup_notes(page, notes) == 2
    refs = [a for a in page.body().iter(f"{{{XHTML_NS}}}a") if a.get("role") == "doc-noteref"]
    assert [a.get("href") for a in refs] == ["#n-s-S1", "#n-g-upr"]
    aside = page.body().xpath("//*[@id='n-g-upr']")[0]
    assert aside.tag == f"{{{XHTML_NS}}}aside" and aside.get(f"{{{OPS_NS}}}type") == "footnote"
    assert "Universal Periodic Review" in "".join(aside.itertext())
    assert aside.find(f".//{{{XHTML_NS}}}a").get("href") == "glossary.xhtml#g-upr"


def test_xhtml_conversion_keeps_svg_in_its_namespace():
    from dossier.render.epub import content_properties

    page = xhtml_page("x.xhtml", "T", '<p>x</p><svg viewBox="0 0 2 2"><linearGradient id="g"/></svg>', "en")
    svg = page.body()[1]
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("viewBox") == "0 0 2 2"
    assert svg[0].tag == "{http://www.w3.org/2000/svg}linearGradient"
    assert content_properties(page) == ["svg"]


def test_xhtml_conversion_keeps_languages_and_drops_scripts():
    page = xhtml_page("x.xhtml", "T", '<article lang="ko" onclick="x()"><p>한국어<br>줄</p><!-- c --></article>', "en")
    article = page.body()[0]
    assert article.get("lang") == "ko" and article.get(XML_LANG) == "ko" and article.get("onclick") is None
    assert page.root.get("lang") == "en" and page.root.get(XML_LANG) == "en"
    assert "".join(xhtml_page("y.xhtml", "T", "<p>a\x0bb\x1fc</p>", "en").body().itertext()) == "abc"
    serialized = page.serialize()
    assert serialized.startswith(b"<?xml") and b"<!DOCTYPE html>" in serialized and b"<br/>" in serialized


def test_cover_falls_back_to_pillows_font(monkeypatch):
    monkeypatch.setattr(cover, "font_path", lambda bold, text: None)
    png = cover.cover_png("A title long enough to wrap over several lines of the cover", "Sub", "Org", "MARK", "Today")
    image = Image.open(io.BytesIO(png))
    assert image.size == cover.SIZE
    assert cover.cover_png("A", "B") == cover.cover_png("A", "B")  # deterministic


def test_a_marker_for_a_table_row_goes_into_its_first_cell():
    page = xhtml_page("x.xhtml", "T", '<section id="s"><table><tbody><tr id="r"><td>cell</td></tr></tbody></table></section>', "en")
    insert_page_markers([page], pagemap.PageMap(pages=1, page_starts={1: ["r"]}))
    cell = page.body().xpath("//*[local-name()='td']")[0]
    assert cell[0].get("id") == "page-1" and cell[0].tail == "cell"
