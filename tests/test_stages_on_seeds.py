"""Each stage's decisions on the seed articles, as a careful reader would make them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import dossier
from dossier.__main__ import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def prepared():
    return dossier.prepare(dossier.load_config(ROOT / "config.yaml"))


def by_prefix(items, prefix):
    return next(i for i in items if i.startswith(prefix))


def test_rewrite_merged_and_same_event_kept(prepared):
    merged = prepared.dedup.merged
    assert list(merged) == [by_prefix(merged, "003")]
    assert merged[by_prefix(merged, "003")].startswith("002")
    kept = {a.id[:3] for a in prepared.dedup.kept}
    assert {"000", "001", "002", "004"} <= kept
    assert any({g[:3] for g in group} >= {"000", "001", "002"} for group in prepared.dedup.groups)


def test_chapters_are_what_a_reader_would_choose(prepared):
    chapter_of = {a.id[:3]: c.id for c in prepared.chapters for a in c.articles}
    assert chapter_of["001"] == "leaked-cables"
    assert chapter_of["002"] == "leaked-cables"
    assert chapter_of["004"] == "un-mechanisms"
    assert chapter_of["000"] in ("leaked-cables", "defector-testimony")


def test_metadata_from_text_and_sources_yaml(prepared):
    articles = {s.article.id[:3]: s.article for s in prepared.sources}
    assert articles["000"].title.value.startswith("Leaked Documents Expose")
    assert articles["001"].date.value.isoformat() == "2024-10-28"
    assert articles["001"].outlet.value == "YTN"
    assert articles["004"].author.value == "Robert R. King"
    # Nothing invented: 002 states no title, outlet, author or date.
    assert not any(getattr(articles["002"], f).known for f in ("title", "outlet", "author", "date", "url"))
    assert articles["003"].declared_source.value == "www.koreatimes.co.kr"


def test_glossary_finds_defined_acronym(prepared):
    entries = {e.term: e for e in prepared.glossary}
    assert "Universal Periodic Review" in entries
    assert "UPR" in entries["Universal Periodic Review"].variants


def test_plan_json_lists_every_article(capsys):
    assert main(["plan", "--config", str(ROOT / "config.yaml"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    listed = [r["id"] for c in data["chapters"] for r in c["articles"]] + [r["id"] for r in data["not_in_chapters"]]
    assert sorted(i[:3] for i in listed) == ["000", "001", "002", "003", "004"]
    for c in data["chapters"]:
        for r in c["articles"]:
            assert r["reason"] and r["status"] == "kept"


def test_html_format_is_self_contained(tmp_path):
    assert main(["build", "--config", str(ROOT / "config.yaml"), "--format", "html", "--out", str(tmp_path), "-q"]) == 0
    page = (tmp_path / "dossier.html").read_text("utf-8")
    assert "<style>" in page and "<link" not in page and "<script" not in page
    assert not (tmp_path / "dossier.pdf").exists()
