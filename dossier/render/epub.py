"""EPUB 3 output: the same sections as the PDF, one XHTML file each.

The sections come from the shared macros (`render_epub_pages`); this module turns
each into a complete XHTML document and adds what only the EPUB has:

- page-break markers and a `page-list` that cite the pages of the PDF laid out in
  the same run (`pagemap.PageMap`);
- pop-up notes: a link from an article to a source or a glossary entry becomes a
  `noteref` to a footnote `aside` in the same file, which Kindle, Kobo and Apple Books
  show as a pop-up, while the aside still links on to the full entry;
- a navigation document with a two-level table of contents, landmarks and the page
  list, plus an NCX (with its pageList) for older readers;
- a generated cover image, accessibility and source metadata.

ebooklib writes the package (OPF, NCX, container). Its zip carries the current time,
so the archive is rewritten with fixed timestamps: the same input and
SOURCE_DATE_EPOCH (or config date) give byte-identical files.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import tinyhtml5
from ebooklib import epub
from lxml import etree

from ..model import Dossier
from . import cover
from .html import article_anchor, environment, epub_files, format_date, render_epub_pages
from .pagemap import PageMap, add_block_ids, local_name

XHTML_NS = "http://www.w3.org/1999/xhtml"
OPS_NS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NSMAP = {None: XHTML_NS, "epub": OPS_NS}
STYLE_FILE = "style.css"
COVER_IMAGE = "cover.png"
COVER_PAGE = "cover.xhtml"
NAV_FILE = "nav.xhtml"
CONTENTS_FILE = "contents.xhtml"
GLANCE_FILE = "glance.xhtml"
PRINT_SOURCE_ID = "print-source"
# Above this a chapter file is split between articles: small files keep page turns
# quick on e-readers and stay far below any reader's per-file limit.
MAX_FILE_BYTES = 512 * 1024
# Sections the shared macros leave without a structural type: id -> (epub:type, role).
# "At a glance" is a summary of what the dossier holds: an abstract in both vocabularies.
SECTION_SEMANTICS = {"notes": ("appendix", "doc-appendix"), "glance": ("abstract", "doc-abstract")}
# Markers cannot be children of these; they go at the start of the element instead.
LIST_PARENTS = frozenset({"ol", "ul", "dl", "table", "thead", "tbody", "tfoot", "tr", "menu", "hgroup"})


@dataclass
class Page:
    """One XHTML file of the book, as a tree until it is written."""

    file_name: str
    title: str
    root: etree._Element
    properties: tuple[str, ...] = ()

    def body(self) -> etree._Element:
        return self.root.find(f"{{{XHTML_NS}}}body")

    def serialize(self) -> bytes:
        return etree.tostring(self.root, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")


def book_identifier(dossier: Dossier) -> str:
    """Stable across rebuilds of the same config: derived from what the config says."""
    seed = "\x1f".join([dossier.title, dossier.subtitle, dossier.organisation,
                        *[c.id for c in dossier.chapters]])
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'dossier:' + seed)}"


def build_time(dossier: Dossier) -> dt.datetime:
    """The time stamped into the EPUB (dcterms:modified, zip entries):
    SOURCE_DATE_EPOCH if set, else midnight UTC of the compilation date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.combine(dossier.compiled, dt.time(), dt.timezone.utc)


# --- XHTML documents ----------------------------------------------------------------

def xhtml_page(file_name: str, title: str, body_html: str, language: str, body_type: str = "") -> Page:
    """A complete XHTML document around `body_html` (HTML as the macros write it)."""
    root = etree.Element(f"{{{XHTML_NS}}}html", nsmap=NSMAP)
    root.set("lang", language)
    root.set(XML_LANG, language)
    head = etree.SubElement(root, f"{{{XHTML_NS}}}head")
    etree.SubElement(head, f"{{{XHTML_NS}}}meta", charset="utf-8")
    etree.SubElement(head, f"{{{XHTML_NS}}}title").text = title
    etree.SubElement(head, f"{{{XHTML_NS}}}link", rel="stylesheet", type="text/css", href=STYLE_FILE)
    body = etree.SubElement(root, f"{{{XHTML_NS}}}body")
    if body_type:
        body.set(f"{{{OPS_NS}}}type", body_type)
    # The parser WeasyPrint uses, so that the EPUB's trees are the PDF's trees (the
    # block ids of pagemap depend on it) and SVG or MathML keep their namespaces.
    parsed = tinyhtml5.parse(f"<!DOCTYPE html><html><body>{body_html}</body></html>",
                             namespace_html_elements=False).find("body")
    _append_text(body, parsed.text or "")
    _append_children(body, parsed)
    return Page(file_name, title, root)


# Characters XML 1.0 forbids; one stray control character in an article must not
# stop the build.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str | None) -> str | None:
    return NOT_XML.sub("", text) if text else text


def _append_text(parent, text: str) -> None:
    text = _clean(text)
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _to_xhtml(element):
    """Copy a parsed HTML element into an lxml XHTML tree: HTML elements into the
    XHTML namespace (SVG and MathML keep theirs), `epub:` attributes into the OPS
    namespace, `lang` doubled as `xml:lang`, comments and event handlers dropped."""
    if not isinstance(element.tag, str):
        return None
    if element.tag.startswith("{"):
        new = etree.Element(element.tag, nsmap={None: element.tag[1:].split("}")[0]})
    else:
        new = etree.Element(f"{{{XHTML_NS}}}{element.tag.lower()}")
    for name, value in element.attrib.items():
        if name.startswith("epub:"):
            new.set(f"{{{OPS_NS}}}{name[5:]}", value)
        elif name in ("lang", "xml:lang"):
            new.set("lang", value)
            new.set(XML_LANG, value)
        elif name.startswith("{") or (":" not in name and not name.lower().startswith("on")):
            new.set(name, _clean(value))
    new.text = _clean(element.text)
    _append_children(new, element)
    return new


def _append_children(target, element) -> None:
    """Copy `element`'s children into `target`; a dropped child leaves its tail text."""
    for child in element:
        converted = _to_xhtml(child)
        if converted is None:
            _append_text(target, child.tail or "")
        else:
            converted.tail = _clean(child.tail)
            target.append(converted)


# --- print-page parity ------------------------------------------------------------

def insert_page_markers(pages: list[Page], page_map: PageMap) -> list[tuple[str, str, str]]:
    """Put a page-break marker before the first element that starts each PDF page.

    Returns the page list [(label, file name, marker id)] in page order. A page on
    which no element starts (one long paragraph) gets its marker beside the next
    page's, so every printed page has one and the order is kept."""
    where: dict[str, tuple[Page, etree._Element]] = {}
    for page in pages:
        for element in page.body().iter():
            if isinstance(element.tag, str) and element.get("id"):
                where.setdefault(element.get("id"), (page, element))
    page_list = []
    waiting: list[int] = []
    for number in range(1, page_map.pages + 1):
        waiting.append(number)
        target = next((where[a] for a in page_map.page_starts.get(number, []) if a in where), None)
        if target is None:
            continue
        page, element = target
        for pending in waiting:
            marker_id = f"page-{pending}"
            _place_marker(element, _marker(marker_id, page_map.label(pending)))
            page_list.append((page_map.label(pending), page.file_name, marker_id))
        waiting = []
    return page_list


def _marker(marker_id: str, label: str) -> etree._Element:
    marker = etree.Element(f"{{{XHTML_NS}}}span")
    marker.set("id", marker_id)
    marker.set(f"{{{OPS_NS}}}type", "pagebreak")
    marker.set("role", "doc-pagebreak")
    marker.set("aria-label", label)
    return marker


def _place_marker(element, marker) -> None:
    """Before `element`, or inside it at the start where a list forbids a sibling.
    Several markers before one element stay in page order."""
    if local_name(element) == "tr" and len(element):
        element = element[0]  # a row holds only cells: the marker goes in the first
    parent = element.getparent()
    if local_name(element) in ("li", "dt", "dd", "td", "th") or (parent is not None and local_name(parent) in LIST_PARENTS):
        markers = [c for c in element if c.get(f"{{{OPS_NS}}}type") == "pagebreak"]
        if markers:
            marker.tail, markers[-1].tail = markers[-1].tail, None
        else:
            marker.tail, element.text = element.text, None
        element.insert(len(markers), marker)
    else:
        element.addprevious(marker)


# --- pop-up notes -----------------------------------------------------------------

def add_popup_notes(page: Page, notes: dict[str, tuple[str, str]]) -> int:
    """Links from articles to an entry in `notes` (href -> (label, text)) become
    noterefs to footnote asides at the end of this file. Returns how many asides."""
    asides: dict[str, etree._Element] = {}
    for link in list(page.body().iter(f"{{{XHTML_NS}}}a")):
        href = link.get("href", "")
        if href not in notes or not any(local_name(a) == "article" for a in link.iterancestors()):
            continue
        note_id = "n-" + href.split("#", 1)[1]
        if note_id not in asides:
            label, text = notes[href]
            aside = etree.Element(f"{{{XHTML_NS}}}aside", id=note_id)
            aside.set(f"{{{OPS_NS}}}type", "footnote")
            aside.set("role", "doc-footnote")
            para = etree.SubElement(aside, f"{{{XHTML_NS}}}p")
            para.text = text + " "
            more = etree.SubElement(para, f"{{{XHTML_NS}}}a", href=href)
            more.text = label
            asides[note_id] = aside
        link.set("href", f"#{note_id}")
        link.set(f"{{{OPS_NS}}}type", "noteref")
        link.set("role", "doc-noteref")
    if asides:
        section = etree.SubElement(page.body(), f"{{{XHTML_NS}}}section", {"class": "popup-notes"})
        section.set(f"{{{OPS_NS}}}type", "footnotes")
        section.set("aria-label", "Notes")
        section.extend(asides.values())
    return len(asides)


def popup_notes(dossier: Dossier, file_of: dict[str, str]) -> dict[str, tuple[str, str]]:
    """href -> (link label, note text) for every source and glossary entry."""
    notes = {}
    for source in dossier.sources:
        a = source.article
        date = format_date(a.date_value) if a.date_value else "date unknown"
        url = a.url.value if a.url.known else "address unknown"
        text = f"[{source.key}] {_sentence(a.display_title)} {_known(a.outlet)}; {_known(a.author)}; {date}; {url}."
        if a.declared_source.known:
            text += f" Original source, as stated in the article: {a.declared_source.value}."
        anchor = f"s-{source.key}"
        notes[f"{file_of.get(anchor, '')}#{anchor}"] = ("In the source index", text)
    for entry in dossier.glossary:
        text = f"{entry.term}: {entry.definition or 'not defined in the sources.'}"
        notes[f"{file_of.get(entry.anchor, '')}#{entry.anchor}"] = ("In the glossary", text)
    return notes


def _sentence(title: str) -> str:
    """A title followed by a full stop, unless it already ends in punctuation."""
    return title if title.rstrip()[-1:] in ".!?…" else f"{title}."


def _known(field) -> str:
    return str(field.value) if field.known else "unknown"


# --- navigation -------------------------------------------------------------------

def nav_entries(dossier: Dossier, file_of: dict[str, str]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """[(title, href, [(article title, href)])]: chapters with their articles, then appendices."""
    def href(anchor: str) -> str:
        return f"{file_of[anchor]}#{anchor}"

    entries = [("At a glance", href("glance"), [])]
    entries += [(c.title, href(f"c-{c.id}"), [(a.display_title, href(article_anchor(a))) for a in c.articles])
                for c in dossier.chapters]
    entries += [("Glossary", href("glossary"), []), ("Source index", href("sources"), []),
                ("Editorial notes", href("notes"), [])]
    return entries


def landmarks(dossier: Dossier, file_of: dict[str, str]) -> list[tuple[str, str, str]]:
    marks = [("cover", COVER_PAGE, "Cover"), ("titlepage", "title.xhtml", "Title page"),
             ("abstract", f"{file_of['glance']}#glance", "At a glance"),
             ("toc", f"{file_of['contents']}#contents", "Contents")]
    if dossier.chapters:
        first = f"c-{dossier.chapters[0].id}"
        marks.append(("bodymatter", f"{file_of[first]}#{first}", "Start of content"))
    marks += [("glossary", f"{file_of['glossary']}#glossary", "Glossary"),
              ("bibliography", f"{file_of['sources']}#sources", "Source index")]
    return marks


def render_nav(dossier: Dossier, entries, marks, page_list) -> Page:
    body = environment().get_template("epub_nav.xhtml.j2").render(
        d=dossier, entries=entries, landmarks=marks, page_list=page_list)
    page = xhtml_page(NAV_FILE, "Contents", body, dossier.language)
    page.properties = ("nav",)
    return page


class _Writer(epub.EpubWriter):
    """ebooklib's writer, with a pageList in the NCX for readers that predate EPUB 3."""

    def __init__(self, name, book, options, page_list):
        super().__init__(name, book, options)
        self.page_list = page_list

    def _get_ncx(self):
        ns = "http://www.daisy.org/z3986/2005/ncx/"
        root = etree.fromstring(super()._get_ncx())
        head = root.find(f"{{{ns}}}head")
        depth = "2" if any(isinstance(entry, tuple) for entry in self.book.toc) else "1"
        values = {"dtb:depth": depth, "dtb:totalPageCount": str(len(self.page_list)),
                  "dtb:maxPageNumber": str(max((int(p[0]) for p in self.page_list if p[0].isdigit()), default=0))}
        for meta in head:
            if meta.get("name") in values:
                meta.set("content", values[meta.get("name")])
        if self.page_list:
            page_list = etree.SubElement(root, f"{{{ns}}}pageList")
            label = etree.SubElement(etree.SubElement(page_list, f"{{{ns}}}navLabel"), f"{{{ns}}}text")
            label.text = "Pages"
            for i, (name, file_name, marker_id) in enumerate(self.page_list, 1):
                target = etree.SubElement(page_list, f"{{{ns}}}pageTarget",
                                          id=f"pt-{i}", type="normal", value=name)
                etree.SubElement(etree.SubElement(target, f"{{{ns}}}navLabel"), f"{{{ns}}}text").text = name
                etree.SubElement(target, f"{{{ns}}}content", src=f"{file_name}#{marker_id}")
        return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


# --- the book -----------------------------------------------------------------------

def build_pages(dossier: Dossier, page_map: PageMap | None,
                max_file_bytes: int | None = None) -> tuple[list[Page], list[tuple[str, str, str]], dict[str, str]]:
    """Every XHTML file in reading order (cover first), the page list and where each
    id ended up (id -> file name)."""
    cover_alt = f"Cover: {dossier.title}" + (f". {dossier.subtitle}" if dossier.subtitle else "")
    cover_body = environment().get_template("epub_cover.xhtml.j2").render(image=COVER_IMAGE, alt=cover_alt)
    pages = [xhtml_page(COVER_PAGE, "Cover", cover_body, dossier.language, body_type="cover")]
    for file_name, title, body in render_epub_pages(dossier):
        page = xhtml_page(file_name, title, body, dossier.language)
        add_block_ids(page.body())
        add_semantics(page)
        pages.append(page)
    page_list = insert_page_markers(pages, page_map) if page_map else []
    if page_map:
        for page in pages:
            if page.file_name == CONTENTS_FILE:
                add_print_page_numbers(page, page_map)
            if page.file_name == GLANCE_FILE:
                fill_print_page_cells(page, page_map)
    limit = max_file_bytes or MAX_FILE_BYTES
    pages = [part for page in pages for part in split_page(page, limit)]
    file_of = relink(pages)
    notes = popup_notes(dossier, {**epub_files(dossier), **file_of})
    for page in pages:
        if page.file_name.startswith("chapter-"):
            add_popup_notes(page, notes)
    page_list = [(label, file_of[marker_id], marker_id) for label, _, marker_id in page_list]
    return pages, page_list, file_of


def add_print_page_numbers(page: Page, page_map: PageMap) -> None:
    """After each link of the contents page, the PDF page it leads to, as the PDF's own
    contents shows it: an e-reader user can cite the printed page."""
    for link in list(page.body().iter(f"{{{XHTML_NS}}}a")):
        number = page_map.anchor_page.get((link.get("href") or "").partition("#")[2])
        if number:
            span = etree.Element(f"{{{XHTML_NS}}}span", {"class": "print-page"})
            span.text = f"p. {page_map.label(number)}"
            span.tail, link.tail = link.tail, " "
            link.addnext(span)


def fill_print_page_cells(page: Page, page_map: PageMap) -> None:
    """The 'Page' column of At a glance: the PDF computes it while laying out
    (target-counter); the EPUB cites the same printed pages from the page map."""
    for span in page.body().iter(f"{{{XHTML_NS}}}span"):
        if "page-of" in (span.get("class") or "").split():
            number = page_map.anchor_page.get((span.get("data-target") or "").lstrip("#"))
            span.text = page_map.label(number) if number else ""


def add_semantics(page: Page) -> None:
    """epub:type and ARIA role for sections that have neither (see SECTION_SEMANTICS)."""
    for section_id, (epub_type, role) in SECTION_SEMANTICS.items():
        for element in page.body().iter(f"{{{XHTML_NS}}}section"):
            if element.get("id") == section_id:
                element.set(f"{{{OPS_NS}}}type", element.get(f"{{{OPS_NS}}}type") or epub_type)
                element.set("role", element.get("role") or role)


def split_page(page: Page, max_bytes: int) -> list[Page]:
    """A chapter file larger than `max_bytes` split between articles into several
    files, so that no reader chokes on one huge file; the others stay whole. The limit
    is for the articles: links pointed at other files afterwards grow a little, and the
    pop-up notes a file's articles cite are added on top."""
    sections = [s for s in page.body() if local_name(s) == "section"]
    if not page.file_name.startswith("chapter-") or len(sections) != 1 or len(page.serialize()) <= max_bytes:
        return [page]
    section = sections[0]
    sizes = [len(etree.tostring(child)) for child in section]
    overhead = len(page.serialize()) - sum(sizes)  # the file around the section's content
    parts: list[list] = [[]]
    size = overhead
    for child, child_size in zip(list(section), sizes):
        starts_article = local_name(child) == "article" or child.get(f"{{{OPS_NS}}}type") == "pagebreak"
        if starts_article and size + child_size > max_bytes and any(local_name(c) == "article" for c in parts[-1]):
            parts.append([])
            size = overhead
        parts[-1].append(child)
        size += child_size
    result = [page]
    stem = page.file_name.rsplit(".", 1)[0]
    for number, children in enumerate(parts[1:], 2):
        title = f"{page.title} (continued)"
        part = xhtml_page(f"{stem}-{number}.xhtml", title, "", page.root.get("lang"))
        continued = etree.SubElement(part.body(), f"{{{XHTML_NS}}}section",
                                     {"class": "chapter chapter-continued", "aria-label": title})
        continued.extend(children)  # moves them out of the first file
        result.append(part)
    return result


def content_properties(page: Page) -> list[str]:
    """Manifest properties the content requires (EPUB 3.3 §5.6.3.2)."""
    namespaces = {el.tag.split("}")[0][1:] for el in page.body().iter() if isinstance(el.tag, str)}
    return ([p for ns, p in (("http://www.w3.org/2000/svg", "svg"), ("http://www.w3.org/1998/Math/MathML", "mathml"))
             if ns in namespaces])


def relink(pages: list[Page]) -> dict[str, str]:
    """Point every internal link at the file its target is now in. Returns id -> file."""
    file_of = {}
    for page in pages:
        for element in page.body().iter():
            if isinstance(element.tag, str) and element.get("id"):
                file_of.setdefault(element.get("id"), page.file_name)
    for page in pages:
        for link in page.body().iter(f"{{{XHTML_NS}}}a"):
            file_name, _, target = (link.get("href") or "").partition("#")
            if target and target in file_of and "/" not in file_name and ":" not in file_name:
                where = file_of[target]
                link.set("href", f"#{target}" if where == page.file_name else f"{where}#{target}")
    return file_of


def build_epub(dossier: Dossier, css: str, page_map: PageMap | None = None):
    """The ebooklib book and the page list, ready to write."""
    book = epub.EpubBook()
    book.set_identifier(book_identifier(dossier))
    book.set_title(dossier.title)
    book.set_language(dossier.language)
    if dossier.organisation:
        book.add_author(dossier.organisation)
        book.add_metadata("DC", "publisher", dossier.organisation)
    book.add_metadata("DC", "date", dossier.compiled.isoformat())
    book.add_metadata("DC", "description", description(dossier))
    for chapter in dossier.chapters:
        book.add_metadata("DC", "subject", chapter.title)
    for source in dossier.sources:
        book.add_metadata("DC", "source", source_line(source))

    pages, page_list, moved = build_pages(dossier, page_map)
    file_of = {**epub_files(dossier), **moved}
    if page_list:
        # The printed edition the page-list cites (EPUB 3.3 §5.4.1.7; EPUB Accessibility 1.1).
        edition = f"{dossier.title}, PDF edition compiled {dossier.compiled.isoformat()}"
        book.add_metadata("DC", "source", edition, {"id": PRINT_SOURCE_ID})
        book.add_metadata(None, "meta", "pagination", {"refines": f"#{PRINT_SOURCE_ID}", "property": "source-of"})
        book.add_metadata(None, "meta", edition, {"property": "pageBreakSource"})
    for name, value in accessibility(dossier, bool(page_list)):
        book.add_metadata(None, "meta", value, {"property": name})

    book.add_item(epub.EpubItem(uid="style", file_name=STYLE_FILE, media_type="text/css",
                                content=css.encode("utf-8")))
    date_text = f"Compiled {format_date(dossier.compiled)}"
    book.set_cover(COVER_IMAGE, cover.cover_png(dossier.title, dossier.subtitle, dossier.organisation,
                                                dossier.marking, date_text),
                   create_page=False)
    spine = []
    for page in pages:
        item = epub.EpubItem(uid=_item_id(page.file_name), file_name=page.file_name,
                             media_type="application/xhtml+xml", content=page.serialize())
        item.properties = list(page.properties) + content_properties(page)
        book.add_item(item)
        spine.append(item)
    nav = render_nav(dossier, nav_entries(dossier, file_of), landmarks(dossier, file_of), page_list)
    nav_item = epub.EpubItem(uid="nav", file_name=NAV_FILE, media_type="application/xhtml+xml",
                             content=nav.serialize())
    nav_item.properties = ["nav"]
    book.add_item(nav_item)
    book.add_item(epub.EpubNcx())
    book.toc = ncx_toc(nav_entries(dossier, file_of))
    book.spine = spine
    return book, page_list


def ncx_toc(entries) -> list:
    toc = []
    for i, (title, href, children) in enumerate(entries, 1):
        link = epub.Link(href, title, f"nav-{i}")
        subs = [epub.Link(h, t, f"nav-{i}-{j}") for j, (t, h) in enumerate(children, 1)]
        toc.append((link, subs) if subs else link)
    return toc


def write_epub(dossier: Dossier, css: str, target: Path, page_map: PageMap | None = None) -> None:
    """Write the EPUB; with `page_map` (the PDF's laid-out pages) it carries a page-list."""
    book, page_list = build_epub(dossier, css, page_map)
    when = build_time(dossier)
    raw = io.BytesIO()
    writer = _Writer(raw, book, {"epub3_pages": False, "epub3_landmark": False, "epub2_guide": False,
                                 "raise_exceptions": True, "mtime": when}, page_list)
    writer.process()
    writer.write()
    Path(target).write_bytes(reproducible_zip(raw.getvalue(), when))


def reproducible_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same archive with every entry stamped `when`, mimetype first and stored."""
    stamp = max(when, dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename), compresslevel=9)
    return out.getvalue()


def _item_id(file_name: str) -> str:
    return "x-" + file_name.rsplit(".", 1)[0].replace(".", "-")


# --- metadata -----------------------------------------------------------------------

def description(dossier: Dossier) -> str:
    n, m = len(dossier.articles), len(dossier.chapters)
    counts = f"A briefing of {n} article{'s' * (n != 1)} in {m} chapter{'s' * (m != 1)}"
    chapters = "; ".join(c.title for c in dossier.chapters)
    lead = f"{dossier.subtitle}. " if dossier.subtitle else ""
    return f"{lead}{counts}" + (f": {chapters}." if chapters else ".")


def source_line(source) -> str:
    """dc:source for one article: its address, else a citation of what is known."""
    a = source.article
    if a.url.known:
        return str(a.url.value)
    date = a.date_value.isoformat() if a.date_value else "date unknown"
    return f"[{source.key}] {_sentence(a.display_title)} {_known(a.outlet)}, {date}."


def accessibility(dossier: Dossier, has_page_list: bool) -> list[tuple[str, str]]:
    """EPUB Accessibility 1.1 (schema.org) metadata, true of what this module writes:
    text with one image (the cover, with alt text), a navigable structure, no media."""
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "alternativeText",
                "displayTransformability"]
    if has_page_list:
        features += ["pageBreakMarkers", "pageNavigation"]
    summary = ("Text-only briefing: chapters, articles, glossary and source index are marked up as "
               "sections with headings and reachable from the table of contents. The one image, the "
               "cover, repeats the title in its alternative text. No sound, video or flashing content."
               + (" Page-break markers and a page list give the page numbers of the printed PDF."
                  if has_page_list else ""))
    return ([("schema:accessMode", "textual"), ("schema:accessMode", "visual"),
             ("schema:accessModeSufficient", "textual")]
            + [("schema:accessibilityFeature", f) for f in features]
            + [("schema:accessibilityHazard", "none"), ("schema:accessibilitySummary", summary)])
