"""A second project on Letter paper with an article that has an address and Hangul in
its text: paper size, the address footnote, other scripts, reproducible builds, and
the check that names characters no font has a glyph for."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

import dossier
from conftest import ROOT, SEEDS, squash
from dossier.render import pdf as pdf_render

URL = "https://www.example.org/news/2024/03/02/seoul-reviews-defector-testimony-programme?ref=briefing"
HANGUL = "북한이탈주민 증언"
ARTICLE = f"""---
title: "Seoul reviews defector testimony programme"
outlet: Example Daily
author: Jane Roe
date: 2024-03-02
url: {URL}
language: en
---

Officials in Seoul said on Saturday that the programme collecting defector testimony would be reviewed. The ministry's statement, titled {HANGUL}, said the review would take six months.

Defectors who testified before the commission described forced labour and detention, and asked that the records be kept safe.
"""
EPOCH = 1700000000  # 2023-11-14 UTC


def hangul_font_installed() -> bool:
    fc_list = shutil.which("fc-list")
    return bool(fc_list and subprocess.run([fc_list, ":charset=ac00 bd81", "family"],
                                           capture_output=True, text=True).stdout.strip())


@pytest.fixture(scope="module")
def letter_builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("letter")
    config_text = (ROOT / "config.yaml").read_text("utf-8").replace("paper: A4", "paper: Letter")
    assert "paper: Letter" in config_text
    (root / "config.yaml").write_text(config_text, "utf-8")
    shutil.copytree(SEEDS, root / "seeds")
    (root / "seeds" / "100_example.md").write_text(ARTICLE, "utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    try:
        config = dossier.load_config(root / "config.yaml")
        first = dossier.build(config, formats=("pdf",), out_dir=root / "one")
        second = dossier.build(config, formats=("pdf",), out_dir=root / "two")
    finally:
        mp.undo()
    return first, Path(first.outputs["pdf"]), Path(second.outputs["pdf"])


def test_letter_paper_from_config(letter_builds, seed_build):
    _, pdf, _ = letter_builds
    letter = PdfReader(str(pdf)).pages[0].mediabox
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)
    a4 = PdfReader(str(seed_build[2] / "dossier.pdf")).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)


def test_builds_are_reproducible_and_dated_from_source_date_epoch(letter_builds):
    _, one, two = letter_builds
    assert one.read_bytes() == two.read_bytes()
    with pikepdf.open(one) as pdf:
        assert str(pdf.docinfo.CreationDate).startswith("D:20231114")
        assert "2023-11-14" in pdf.Root.Metadata.read_bytes().decode("utf-8")


def test_address_is_a_link_and_a_footnote_on_the_article_page(letter_builds):
    _, pdf, _ = letter_builds
    reader = PdfReader(str(pdf))
    heading = squash("Seoul reviews defector testimony programme") + squash("Example Daily")
    page = next(p for p in reader.pages if heading in squash(p.extract_text()))
    text = page.extract_text()
    assert "example.org" in text
    assert squash(URL) in squash(text)  # the full address, at the foot of the page
    links = [a.get_object()["/A"].get("/URI") for a in page.get("/Annots", [])
             if a.get_object().get("/A") and "/URI" in a.get_object()["/A"]]
    assert URL in links


def test_hangul_prints_with_real_glyphs_or_is_named(letter_builds):
    result, pdf, _ = letter_builds
    glyph_warnings = [w for w in result.warnings if "glyph" in w]
    if hangul_font_installed():
        assert glyph_warnings == []
        assert squash(HANGUL) in squash(" ".join(p.extract_text() for p in PdfReader(str(pdf)).pages))
    else:
        assert glyph_warnings and "U+BD81" in glyph_warnings[0]


def test_missing_glyphs_names_what_no_font_covers():
    page = f"<html><style>p {{ content: '\\4E00' }}</style><p>Latin, {HANGUL} and \u0378 &amp; caf\u00e9\u200d</p></html>"
    # Without system fonts, only what the shipped fonts cover prints.
    assert pdf_render.missing_glyphs(page, system=()) == sorted(set(HANGUL.replace(" ", "")) | {"\u0378"})
    # A system font covering the Hangul syllables block leaves only the unassigned code point.
    hangul = tuple(pdf_render.parse_charset("20-7e ac00-d7a3"))
    assert pdf_render.missing_glyphs(page, system=hangul) == ["\u0378"]


def test_parse_charset():
    assert pdf_render.parse_charset("20-7e a0 ac00-d7a3\n") == [(0x20, 0x7E), (0xA0, 0xA0), (0xAC00, 0xD7A3)]
