"""Presentation on a second, generated project: Letter paper, a long title, articles
left out of every chapter (`unplaced: index`), a summary naming its original, long
addresses, file-stem ids and many outlets. Checked in the PDF (pypdf, and the laid-out
margin boxes), the HTML and the EPUB's XHTML."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import ROOT, squash
from dossier.model import is_subheading
from dossier.render.html import mark_ids, running_head
from test_epub import Epub, epubcheck_messages, markers_before_titles, pdf_title_pages

XHTML = "{http://www.w3.org/1999/xhtml}"
OPS_TYPE = "{http://www.idpf.org/2007/ops}type"
TITLE = ("Water, Power and Regional Diplomacy on an International River: Filling, Negotiations and "
         "Downstream Consequences for Riparian States")
MARKING = "FOR INTERNAL BRIEFING"
LONG_CHAPTER = "Negotiations, mediation and regional diplomacy between the riparian governments"
DECLARED = "The Example Review"
URL = ("https://www.example-news.org/international/2025/09/hydropower-reservoir-negotiations-"
       "regional-diplomacy-continue-without-agreement/")
CAPTION = "The river flows through eleven countries. Getty Images"
# outlet -> number of articles: more outlets than the glance table lists, unequal counts.
OUTLETS = {"Zeta Wire": 3, "Alpha Times": 1, "Mu Daily": 2, "Beta Post": 1, "Gamma Herald": 1,
           "Delta Ledger": 1, "Epsilon Courier": 1, "Eta Gazette": 1, "Theta Journal": 1, "Iota Monitor": 1}
TOPICS = [("filling", ["filling", "reservoir", "turbines", "electricity", "megawatts"]),
          ("diplomacy", ["negotiations", "mediation", "treaty", "agreement"])]
WORDS = ("council delegation resolution envoy ministry report session review committee statement river "
         "engineers farmers season capital border summit budget harvest village province railway port "
         "minister spokesman analyst researcher survey loan grid drought flood canal basin upstream "
         "downstream cabinet parliament tender contract bank inspectors pumps valves silt rainfall").split()

CONFIG = f"""\
title: "{TITLE}"
organisation: "Test Desk"
language: en
date: 2025-11-20
marking: "{MARKING}"
seeds: seeds
output: build
paper: Letter
unplaced: index
chapters:
  - id: dam
    title: "The dam: filling and power"
    keywords: {{filling: 2, reservoir: 2, turbines: 2, electricity: 1, megawatts: 1}}
  - id: talks
    title: "{LONG_CHAPTER}"
    keywords: {{negotiations: 2, mediation: 2, treaty: 1.5, agreement: 1}}
"""


def _article(n: int, outlet: str, topic: int, extra: str = "", url: str | None = None) -> str:
    """A short article of its own words (no two are near-duplicates), on one topic."""
    import random

    rng = random.Random(n)
    key, keywords = TOPICS[topic]

    def sentence() -> str:
        words = [rng.choice(WORDS if rng.random() < 0.75 else keywords) for _ in range(rng.randint(12, 22))]
        return " ".join(words).capitalize() + "."

    body = [" ".join(sentence() for _ in range(3)) for _ in range(3)]
    if extra:
        body.insert(1, extra)
    url = url or f"https://example.org/{key}/{n}"
    return (f"---\ntitle: \"Report {n} on the {key} of the river works\"\noutlet: {outlet}\n"
            f"date: 2025-0{1 + n % 9}-{10 + n % 18}\nurl: {url}\n---\n\n" + "\n\n".join(body) + "\n")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("presentation")
    seeds = root / "seeds"
    seeds.mkdir()
    n = 0
    for outlet, count in OUTLETS.items():
        for _ in range(count):
            n += 1
            extra = CAPTION if n == 2 else ""
            (seeds / f"{n:02d}_{outlet.split()[0].lower()}_river_report.md").write_text(
                _article(n, outlet, n % 2, extra, URL if n == 1 else None), "utf-8")
    # A summary naming an original that is not among the articles.
    summary = _article(40, "Brief Digest", 1).rstrip("\n") + f"\n\nOriginal Source: {DECLARED}\n"
    (seeds / "40_digest_summary_of_talks.md").write_text(summary, "utf-8")
    # An article that fits no chapter: listed in the source index only.
    (seeds / "50_sports_marathon_result.md").write_text(
        "---\ntitle: \"Teenager wins the city marathon\"\noutlet: Sports Weekly\ndate: 2025-09-28\n---\n\n"
        + "The runner crossed the line in record time as crowds cheered along the course. " * 3
        + "\n\nShe thanked her coach and her family after the race. " * 2 + "\n", "utf-8")
    (root / "config.yaml").write_text(CONFIG, "utf-8")
    shutil.copytree(ROOT / "styles", root / "styles")
    import dossier

    config = dossier.load_config(root / "config.yaml")
    result = dossier.build(config, formats=("pdf", "epub", "html"))
    out = Path(result.outputs["pdf"]).parent
    import json

    report = json.loads((out / "report.json").read_text("utf-8"))
    reader = PdfReader(str(out / "dossier.pdf"))
    pages = [p.extract_text() or "" for p in reader.pages]
    return {"result": result, "out": out, "report": report, "pages": pages,
            "html": (out / "dossier.html").read_text("utf-8"), "epub": Epub(out / "dossier.epub")}


def section_text(pages: list[str], heading: str) -> str:
    """The text of the pages from the one that starts with `heading` to the next section."""
    starts = [i for i, t in enumerate(pages) if t.lstrip().startswith(heading)]
    assert starts, heading
    text = []
    for t in pages[starts[0]:]:
        if text and re.match(r"\s*(Glossary|Source index|Editorial notes|Contents)\b", t) and not t.lstrip().startswith(heading):
            break
        text.append(t)
    return "\n".join(text)


def unbroken(text: str) -> str:
    """Lines joined without a space: a word broken at a line end reads whole again,
    and one broken with a hyphen keeps the hyphen."""
    return "".join(text.splitlines())


def xhtml_text(element) -> str:
    return " ".join("".join(element.itertext()).split())


# --- 1. no hyphen ever breaks an address, a file name or an id --------------------------

def test_addresses_file_names_and_ids_are_never_hyphenated(project):
    pages, report = project["pages"], project["report"]
    sources = unbroken(section_text(pages, "Source index"))
    assert URL in sources  # the long address, whole, wherever the line broke
    for article in report["articles"]:
        if article["url"]:
            assert article["url"] in sources, article["url"]
        assert Path(article["path"]).name in sources, article["path"]
    notes = unbroken(section_text(pages, "Editorial notes"))
    for article in report["articles"]:
        if article["status"] == "kept":
            assert article["id"] in notes, article["id"]
    # The article's own footnote carries the whole address too.
    assert any(URL in unbroken(p) for p in pages if "Report 1 on the" in p)


def test_ids_in_notes_are_marked_up_so_styles_can_keep_them_whole(project):
    html = project["html"]
    for article in project["report"]["articles"]:
        if article["status"] == "kept":
            assert f'<span class="article-id">{article["id"]}</span>' in html
    assert re.search(r'<a class="url" href="[^"]+">', html)
    marked = mark_ids("a_b merged into a_b_c: 1 < 2; xa_b and a_b.", ["a_b", "a_b_c"])
    assert str(marked) == ('<span class="article-id">a_b</span> merged into <span class="article-id">a_b_c</span>: '
                           '1 &lt; 2; xa_b and <span class="article-id">a_b</span>.')


# --- 2. an article in no chapter ----------------------------------------------------------

def test_article_in_no_chapter_has_no_page_reference(project):
    unplaced = next(a for a in project["report"]["articles"] if a["id"] == "50_sports_marathon_result")
    assert unplaced["status"] == "kept" and not unplaced["chapter"]
    sources = " ".join(section_text(project["pages"], "Source index").split())
    entry = sources[sources.index("Teenager wins the city marathon"):]
    entry = entry[:entry.index("File:")]
    assert "Not in any chapter (listed in the source index only)." in entry
    assert "(p." not in entry and "In no chapter" not in entry
    tree = project["epub"].tree("sources.xhtml")
    li = next(li for li in tree.iter(f"{XHTML}li") if "Teenager wins" in xhtml_text(li))
    assert "Not in any chapter (listed in the source index only)." in xhtml_text(li)
    assert not [a for a in li.iter(f"{XHTML}a") if "#a-" in (a.get("href") or "")]
    notes = " ".join(section_text(project["pages"], "Editorial notes").split())
    assert "(50_sports_marathon_result) in no chapter" in notes


# --- 3. a summary's declared original --------------------------------------------------------

def test_declared_original_is_shown_in_the_article_and_the_source_index(project):
    line = f"Original source, as stated in the article: {DECLARED}"
    pages = project["pages"]
    article_page = next(p for p in pages if "Report 40 on the" in p and "Brief Digest ·" in p)
    assert line in " ".join(article_page.split())
    assert line in " ".join(section_text(pages, "Source index").split())
    book = project["epub"]
    chapter_text = " ".join(xhtml_text(book.tree(h).find(f".//{XHTML}body")) for h in book.spine if h.startswith("chapter-"))
    assert line in chapter_text
    assert line in xhtml_text(book.tree("sources.xhtml").find(f".//{XHTML}body"))


# --- 4. at a glance ----------------------------------------------------------------------------

def test_glance_outlets_rank_by_count_and_count_the_rest(project):
    glance = " ".join(project["pages"][1].split())
    assert glance.startswith("At a glance")
    counts = dict(OUTLETS, **{"Brief Digest": 1, "Sports Weekly": 1})
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    listed = " ".join(f"{name} {n}" for name, n in ranked[:8])
    rest = ranked[8:]
    assert f"OUTLET SOURCES {listed} {len(rest)} other outlets {sum(n for _, n in rest)}" in glance
    # Chapter titles are never hyphenated in the glance tables.
    assert LONG_CHAPTER in glance and "\u2010" not in project["pages"][1]


# --- 5. running heads -----------------------------------------------------------------------------

def test_running_heads_are_one_line_each_and_shortened(project):
    from weasyprint import HTML

    from dossier.render.html import PACKAGE_DIR
    from dossier.render.pdf import LocalOnlyFetcher

    document = HTML(string=project["html"], base_url=str(PACKAGE_DIR), url_fetcher=LocalOnlyFetcher()).render()
    checked = 0
    for page in document.pages:
        for box in page._page_box.children:
            if getattr(box, "at_keyword", "") in ("@top-left", "@top-center", "@top-right") and box.children:
                lines = [b for b in box.descendants() if type(b).__name__ == "LineBox"]
                assert len(lines) == 1, f"{box.at_keyword}: {len(lines)} lines"
                checked += 1
    assert checked > 10
    head = running_head(TITLE)
    assert head.endswith("…") and len(head) <= 61 and TITLE.startswith(head[:-1])
    article_page = next(p for p in project["pages"] if "Report 1 on the" in p)
    head_line = next(l for l in article_page.splitlines() if MARKING in l)
    assert head_line.startswith(head) and TITLE not in head_line


def test_running_head_shortens_at_a_word_boundary():
    assert running_head("Short title") == "Short title"
    assert running_head("alpha beta gamma delta", limit=12) == "alpha beta…"
    assert running_head("alpha, beta gamma", limit=8) == "alpha…"
    assert running_head("x" * 20, limit=5) == "xxxxx…"


# --- 6. placement reasons print the placement's words -------------------------------------------

def test_placement_notes_print_the_terms_as_placed(project):
    placements = project["result"].dossier.placements
    # Prose may hyphenate at a line end (U+2010): read such words whole again.
    notes = " ".join(re.sub("\u2010\n", "", section_text(project["pages"], "Editorial notes")).split())
    checked = 0
    for aid, placement in placements.items():
        for term in placement.terms:
            assert term in notes, (aid, term)
            checked += 1
    assert checked


# --- 7. at a glance in the EPUB ----------------------------------------------------------------------

def test_epub_has_at_a_glance_in_print_order_and_stays_valid(project):
    book, out, report = project["epub"], project["out"], project["report"]
    assert book.spine.index("glance.xhtml") == book.spine.index("contents.xhtml") - 1
    tree = book.tree("glance.xhtml")
    section = tree.find(f".//{XHTML}section")
    assert section.get("id") == "glance" and section.get(OPS_TYPE) == "abstract" and section.get("role") == "doc-abstract"
    # The chapters table cites the printed pages, as the PDF's does.
    cells = [xhtml_text(s) for s in tree.iter(f"{XHTML}span") if s.get("class") == "page-of"]
    glance = " ".join(project["pages"][1].split())
    for chapter, page in zip(report["chapters"], cells):
        assert re.search(re.escape(chapter["title"]) + rf" {len(chapter['articles'])} {page}\b", glance)
    nav = book.tree(book.item_with("nav").get("href"))
    hrefs = {a.get("href") for a in nav.iter(f"{XHTML}a")}
    assert "glance.xhtml#glance" in hrefs
    # Page-list parity: one marker per printed page, each article after its page's marker.
    before, labels = markers_before_titles(book)
    printed = pdf_title_pages(out / "dossier.pdf")
    assert labels == [str(n) for n in range(1, len(project["pages"]) + 1)]
    placed = [a for a in report["articles"] if a["status"] == "kept" and a["chapter"]]
    assert len(placed) >= 10
    for article in placed:
        assert before[article["id"]] == str(printed[squash(article["display_title"])]), article["id"]
    messages = epubcheck_messages(out / "dossier.epub")
    assert messages == [], "\n".join(map(str, messages[:20]))


# --- crossheads ------------------------------------------------------------------------------------

def test_a_caption_with_a_credit_is_not_a_crosshead(project):
    assert not is_subheading(CAPTION)
    # Ingestion drops such a credit line; if it is ever kept, it is a paragraph, not a heading.
    assert f">{CAPTION}</h3>" not in project["html"]


@pytest.mark.parametrize("line, heading", [
    ("A river that behaves differently", True),
    ("U.S. response to the sanctions", True),
    ("Mr. Smith goes to Geneva", True),
    ("The dam was finished. AFP", False),
    ("Officials met on Monday.", False),
    ("“We will not stand idly by”", False),
])
def test_is_subheading(line, heading):
    assert is_subheading(line) is heading


def test_a_quoted_sentence_that_quotes_someone_gets_single_quotes_inside():
    from dossier.render.html import quotation

    assert quotation("“Harbour closed,” she said.") == "“‘Harbour closed,’ she said.”"
    assert quotation('He said "no" twice, Kim’s aide said') == "“He said ‘no’ twice, Kim’s aide said”"
    assert quotation("Plain words") == "“Plain words”"


def test_merges_are_named_with_their_article(seed_build):
    from dossier.render.html import RELATION_NOUNS

    book = (seed_build[2] / "dossier.html").read_text("utf-8")
    assert re.search(r"as a rewrite;", book)
    assert not re.search(r"\ba (identical|same-event|passage)\b", book)
    assert RELATION_NOUNS["identical"] == "an identical copy"


def test_see_also_names_at_most_the_three_closest():
    from types import SimpleNamespace

    from dossier.render.html import related_articles

    rels = {"x": [SimpleNamespace(kind="same-event", other=o, score=s) for o, s in
                  [("a", 0.1), ("b", 0.5), ("c", 0.3), ("d", 0.9), ("e", 0.2)]]}
    fake = SimpleNamespace(articles=[SimpleNamespace(id=i) for i in "xabcde"], dedup=SimpleNamespace(relations=rels))
    assert related_articles(fake)["x"] == ["d", "b", "c"]


def test_the_stand_in_for_a_missing_japanese_title_is_its_first_words_not_the_paragraph():
    from dossier.model import lead_words

    paragraph = "経済産業省は23日、先端半導体の製造装置について輸出管理を強化すると発表した。対象は23品目。"
    lead, more = lead_words(paragraph)
    assert more and paragraph.startswith(lead) and 15 <= len(lead) <= 25
    assert lead_words("one two three four five six seven eight nine ten eleven") == (
        "one two three four five six seven eight nine ten", True)
    assert lead_words("short text") == ("short text", False)
