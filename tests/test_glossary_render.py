"""Glossary and source index as the reader sees them: links from first mentions, the
"Used in" lists (page numbers in the PDF, mentions in the EPUB), the source index."""
from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser

from dossier.model import Article, GlossaryEntry
from dossier.render.html import environment
from dossier.render.terms import Mentions, mention_id


class Links(HTMLParser):
    """ids, and (href, class, id, text) of every link, in document order."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self._open = set(), [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a":
            self._open = [attrs.get("href"), attrs.get("class"), attrs.get("id"), ""]

    def handle_data(self, data):
        if self._open is not None:
            self._open[3] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            self.links.append(tuple(self._open))
            self._open = None


def parse(text: str) -> Links:
    parser = Links()
    parser.feed(text)
    return parser


def test_terms_filter_escapes_text_and_links_only_the_first_mention():
    entry = GlossaryEntry("Universal Periodic Review", None, "acronym", variants=["UPR"], key="upr")
    article = Article(id="a 1", path="a.txt", format="txt", paragraphs=[])
    text = "The UPR <b>review</b> & the UPR again"
    mentions = Mentions(spans={("a 1", 0): [(4, 7, entry)]}, linked={("upr", "a 1")})
    html = environment().from_string("{{ p | terms(a, 0) }}").render(
        p=text, a=article, glossary_first=mentions, href=lambda anchor: f"g.xhtml#{anchor}")
    assert html == ('The <a class="term" id="m-upr--a-1" href="g.xhtml#g-upr">UPR</a> '
                    '&lt;b&gt;review&lt;/b&gt; &amp; the UPR again')
    assert mention_id("upr", "a 1") == "m-upr--a-1"
    assert environment().from_string("{{ p | terms(a, 1) }}").render(
        p=text, a=article, glossary_first=mentions, href=str) == "The UPR &lt;b&gt;review&lt;/b&gt; &amp; the UPR again"


def test_first_mentions_link_to_entries_and_used_in_links_to_the_mentions(seed_build):
    result, report, out = seed_build
    doc = parse((out / "dossier.html").read_text("utf-8"))
    terms = [l for l in doc.links if l[1] == "term"]
    assert len(terms) >= 10
    for href, _, anchor_id, _ in terms:
        assert href.startswith("#g-") and href[1:] in doc.ids
        assert anchor_id.startswith("m-")
    # One link per entry and article: the mention ids never repeat.
    assert len({t[2] for t in terms}) == len(terms)
    used_in = [l for l in doc.links if l[0] and l[0][1:].startswith("m-")]
    assert used_in and all(href[1:] in doc.ids for href, *_ in used_in)
    # The merged rewrite is cited too, linking to its line in the source index.
    merged_keys = {a["key"] for a in report["articles"] if a["status"] == "merged"}
    html = (out / "dossier.html").read_text("utf-8")
    glossary_links = parse(html.split('id="glossary"')[1].split('id="sources"')[0]).links
    assert merged_keys and any(href == f"#s-{k}" for href, *_ in glossary_links for k in merged_keys)
    glossary = {e["term"]: e for e in report["glossary"]}
    assert "Kim Jong-un" in glossary and len(glossary["Kim Jong-un"]["articles"]) >= 3


def test_pdf_glossary_prints_pages_of_the_mentions(seed_pdf_text):
    glossary = seed_pdf_text.split("Glossary")[-1].split("Source index")[0]
    assert re.search(r"Used in: \S+ \(p\.\s\d+\)", glossary)
    assert "Not defined in the sources." in glossary


def test_epub_links_to_mentions_resolve(seed_build):
    out = seed_build[2]
    with zipfile.ZipFile(out / "dossier.epub") as zf:
        pages = {n.rsplit("/", 1)[-1]: zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xhtml")}
    ids = {name: parse(text).ids for name, text in pages.items()}
    glossary_page = next(n for n in pages if "glossary" in n)
    mention_links = [l[0] for l in parse(pages[glossary_page]).links if l[0] and "#m-" in l[0]]
    assert mention_links
    for href in mention_links:
        name, anchor = href.split("#")
        assert anchor in ids[name or glossary_page], href


def test_source_index_lists_every_article_read_with_its_key(seed_build, seed_pdf_text):
    result, report, out = seed_build
    index = " ".join(seed_pdf_text.split("Source index")[-1].replace("‐\n", "").split())
    for a in report["articles"]:
        if a["status"] in ("kept", "merged"):
            assert f"[{a['key']}]" in index, a["key"]
            assert f"{a['words']} words" in index
    assert "Merged into" in index and "By outlet" in index
