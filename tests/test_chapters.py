"""Chapters an editor controls: each config edit behaves as an editor expects, the
scores and reasons are consistent, and intros and cross-references render safely.

Most tests run the assignment stage alone on the korea-rights evaluation corpus
(prepared once), with same-event groups switched off unless a test sets its own, so
that they test chapter assignment and nothing else.
"""
from __future__ import annotations

import copy
import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import dossier
from dossier.chapters import OTHER_ID, SEE_ALSO_RATIO, assign, score_articles
from dossier.config import config_from_data
from dossier.errors import BuildError, ConfigError
from dossier.yamlsafe import load_yaml_file

ROOT = Path(__file__).resolve().parents[1]
KOREA = ROOT / "tests" / "eval" / "topics" / "korea-rights"


@pytest.fixture(scope="module")
def korea():
    """(raw config data, deduplication result without same-event groups)."""
    raw = load_yaml_file(KOREA / "config.yaml")
    prepared = dossier.prepare(config_from_data(copy.deepcopy(raw), str(KOREA / "config.yaml")))
    return raw, dataclasses.replace(prepared.dedup, groups=[])


def arrange(raw, dedup, edit=None):
    """Apply `edit` to a copy of the raw config, then assign: (chapters, placements)."""
    data = copy.deepcopy(raw)
    if edit:
        edit(data)
    return assign(dedup, config_from_data(data, str(KOREA / "config.yaml")))


def members(chapters) -> dict[str, list[str]]:
    return {c.id: [a.id for a in c.articles] for c in chapters}


def chapter_of(placements) -> dict[str, str | None]:
    return {aid: p.chapter_id for aid, p in placements.items()}


def test_scores_are_similarities_and_deterministic(korea):
    raw, dedup = korea
    config = config_from_data(copy.deepcopy(raw), str(KOREA / "config.yaml"))
    first = score_articles(dedup.kept, config)
    again = score_articles(list(reversed(dedup.kept)), config)
    for aid, by_chapter in first.items():
        for cid, score in by_chapter.items():
            assert 0 <= score.value <= 1
            assert again[aid][cid].value == score.value
    # Keywords match whole words: kr16 speaks of a "memoir", never of a "memo".
    memoir = "kr16-london-diplomat-memoir"
    assert not any(t.startswith("memo ") for t in first[memoir]["leaked-cables"].explain())
    assert "memoir" in " ".join(a.text for a in dedup.kept if a.id == memoir)


def test_rename_chapters_keeps_their_articles(korea):
    raw, dedup = korea
    before_chapters, before = arrange(raw, dedup)
    renames = {"leaked-cables": ("papers", "Cables and papers"),
               "un-mechanisms": ("at-the-un", "At the United Nations"),
               "defector-testimony": ("voices", "Voices of those who left")}

    def rename(data):
        for chapter in data["chapters"]:
            chapter["id"], chapter["title"] = renames[chapter["id"]]

    after_chapters, after = arrange(raw, dedup, rename)
    new_id = {old: new for old, (new, _) in renames.items()} | {OTHER_ID: OTHER_ID}
    checked = 0
    for aid, p in before.items():
        if p.basis == "score" and p.score - p.runner_up_score > 0.02:  # not a coin toss
            assert after[aid].chapter_id == new_id[p.chapter_id], aid
            checked += 1
    assert checked >= 12
    assert [c.title for c in after_chapters][:3] == [t for _, t in renames.values()]


def test_reorder_chapters_changes_only_the_order(korea):
    raw, dedup = korea
    before_chapters, before = arrange(raw, dedup)
    after_chapters, after = arrange(raw, dedup, lambda d: d["chapters"].reverse())
    assert chapter_of(after) == chapter_of(before)
    configured = [c["id"] for c in raw["chapters"]]
    assert [c.id for c in after_chapters if c.id != OTHER_ID] == list(reversed(configured))
    assert members(after_chapters) == members(before_chapters)


@pytest.mark.parametrize("deleted", ["leaked-cables", "un-mechanisms", "defector-testimony"])
def test_delete_chapter_moves_only_its_articles(korea, deleted):
    raw, dedup = korea
    _, before = arrange(raw, dedup)

    def delete(data):
        data["chapters"] = [c for c in data["chapters"] if c["id"] != deleted]

    after_chapters, after = arrange(raw, dedup, delete)
    assert deleted not in {c.id for c in after_chapters}
    moved = 0
    for aid, p in before.items():
        if p.chapter_id == deleted:
            # to its next-best chapter, or to "Other reports" if it fits no other
            assert after[aid].chapter_id in (p.runner_up, OTHER_ID), aid
            moved += 1
        else:
            assert after[aid].chapter_id == p.chapter_id, aid
    assert moved >= 4


def test_pin_articles_in_order(korea):
    raw, dedup = korea
    pins = ["kr16-london-diplomat-memoir", "kr09-ri-il-gyu-interview"]

    def pin(data):
        testimony = next(c for c in data["chapters"] if c["id"] == "defector-testimony")
        testimony["articles"] = pins

    chapters, placements = arrange(raw, dedup, pin)
    testimony = next(c for c in chapters if c.id == "defector-testimony")
    assert [a.id for a in testimony.articles][:2] == pins
    assert placements[pins[0]].basis == "pinned" and "pinned by the editor" in placements[pins[0]].reason
    # Pinning one article moves no other.
    _, before = arrange(raw, dedup)
    assert {a: c for a, c in chapter_of(placements).items() if a not in pins} == \
           {a: c for a, c in chapter_of(before).items() if a not in pins}


def test_manual_order_is_pins_then_file_order(korea):
    raw, dedup = korea

    def manual(data):
        un = next(c for c in data["chapters"] if c["id"] == "un-mechanisms")
        un["order"] = "manual"
        un["articles"] = ["kr14-hrc-abductions-resolution"]

    chapters, _ = arrange(raw, dedup, manual)
    ids = members(chapters)["un-mechanisms"]
    assert ids[0] == "kr14-hrc-abductions-resolution"
    file_order = [a.id for a in dedup.kept]
    assert ids[1:] == sorted(ids[1:], key=file_order.index)


def test_pinning_an_unknown_article_is_a_config_error(korea):
    raw, dedup = korea

    def typo(data):
        data["chapters"][0]["articles"] = ["kr02-havana-embasy-files"]

    with pytest.raises(ConfigError) as err:
        arrange(raw, dedup, typo)
    assert "chapters[0].articles" in str(err.value)
    assert "did you mean 'kr02-havana-embassy-files'" in str(err.value)


def test_pinning_one_article_to_two_chapters_is_refused(tmp_path):
    (tmp_path / "seeds").mkdir()
    path = tmp_path / "config.yaml"
    path.write_text("chapters:\n  - {id: a, title: A, articles: [x]}\n  - {id: b, title: B, articles: [x]}\n")
    with pytest.raises(ConfigError, match=r"config.yaml:3: chapters\[1\].articles: article 'x' is already pinned"):
        dossier.load_config(path)


def test_min_score_and_exclude_keep_articles_out(korea):
    raw, dedup = korea

    def strict(data):
        un = next(c for c in data["chapters"] if c["id"] == "un-mechanisms")
        un["min_score"] = 0.9
        cables = next(c for c in data["chapters"] if c["id"] == "leaked-cables")
        cables["exclude"] = ["authenticity"]

    chapters, placements = arrange(raw, dedup, strict)
    assert members(chapters)["un-mechanisms"] == []
    assert placements["kr20-cable-authenticity"].chapter_id != "leaked-cables"


def test_see_also_lists_exactly_the_close_calls(korea):
    raw, dedup = korea
    chapters, placements = arrange(raw, dedup)
    listed = {(aid, c.id) for c in chapters for aid in c.see_also}
    expected = {(aid, p.runner_up) for aid, p in placements.items()
                if p.basis == "score" and p.runner_up and p.runner_up_score >= SEE_ALSO_RATIO * p.score}
    assert listed == expected
    assert listed, "the corpus has close calls (e.g. a leaked cable about the UPR)"
    for aid, cid in listed:
        assert placements[aid].chapter_id != cid


def test_same_event_group_stays_together_unless_clearly_apart(korea):
    raw, dedup = korea
    _, alone = arrange(raw, dedup)
    close, clear, anchor = "kr01-upr-directive", "kr20-cable-authenticity", "kr05-upr-fourth-cycle"
    assert alone[close].chapter_id == "leaked-cables" and alone[close].runner_up == "un-mechanisms"
    # A pair: the close call follows the member that is clearly about the UN.
    _, paired = assign(dataclasses.replace(dedup, groups=[[close, anchor]]),
                       config_from_data(copy.deepcopy(raw), str(KOREA / "config.yaml")))
    assert paired[close].chapter_id == paired[anchor].chapter_id == "un-mechanisms"
    assert paired[close].basis == "same event" and anchor in paired[close].reason
    # A clear article is not dragged along by a chain of "same story" links.
    _, chained = assign(dataclasses.replace(dedup, groups=[[clear, anchor, "kr03-third-committee-resolution"]]),
                        config_from_data(copy.deepcopy(raw), str(KOREA / "config.yaml")))
    assert chained[clear].chapter_id == "leaked-cables"


def test_unplaced_index_and_error_modes(korea, tmp_path):
    raw, dedup = korea
    chapters, placements = arrange(raw, dedup, lambda d: d.update(unplaced="index"))
    unplaced = [aid for aid, p in placements.items() if p.chapter_id is None]
    assert "kr12-pyongyang-marathon" in unplaced
    assert OTHER_ID not in {c.id for c in chapters}
    data = copy.deepcopy(raw)
    data["unplaced"] = "error"
    with pytest.raises(BuildError, match="fit no chapter: .*kr12-pyongyang-marathon"):
        dossier.build(config_from_data(data, str(KOREA / "config.yaml")), formats=("html",), out_dir=tmp_path)


def test_intro_is_safe_markdown_and_see_also_links(tmp_path):
    from dossier.render.html import render_book, render_epub_pages

    data = load_yaml_file(ROOT / "config.yaml")
    data["chapters"][1]["intro"] = ("# Background\n\nThe **UN** track, see [OHCHR](https://www.ohchr.org/).\n\n"
                                    "- one\n- two\n\n<script>alert(1)</script> ![x](http://example.com/x.png)")
    prepared = dossier.prepare(config_from_data(data, str(ROOT / "config.yaml")))
    book = render_book(prepared, "")
    intro = book.split('id="c-un-mechanisms"')[1].split('class="chapter-intro">')[1].split("</div>")[0]
    assert "<h2>Background</h2>" in intro and "<strong>UN</strong>" in intro
    assert '<a href="https://www.ohchr.org/">OHCHR</a>' in intro and "<li>two</li>" in intro
    assert "<script>" not in intro and "&lt;script&gt;" in intro
    assert "<img" not in intro and "example.com" not in intro
    for name, _, body in render_epub_pages(prepared):
        if name.startswith("chapter-"):
            ET.fromstring(f'<div xmlns:epub="http://www.idpf.org/2007/ops">{body}</div>')  # well-formed XHTML
    for c in prepared.chapters:
        for aid in c.see_also:
            assert f'href="#a-{aid}"' in book.split(f'id="c-{c.id}"')[1].split("</header>")[0]


def test_plan_shows_score_runner_up_margin_and_terms(capsys):
    from dossier.__main__ import main

    assert main(["plan", "--config", str(ROOT / "config.yaml")]) == 0
    text = capsys.readouterr().out
    assert "Scores are similarities from 0" in text
    assert "runner-up" in text and "margin" in text and "decided by:" in text
    assert main(["plan", "--config", str(ROOT / "config.yaml"), "--json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    rows = [r for c in data["chapters"] for r in c["articles"]]
    assert rows
    for r in rows:
        assert 0 <= r["score"] <= 1 and r["terms"] and r["decided_by"]
        if r["runner_up"]:
            assert r["margin"] == pytest.approx(r["score"] - r["runner_up_score"], abs=0.002)


def test_date_order_is_a_timeline_even_for_reports_of_the_same_event():
    import datetime as dt
    from types import SimpleNamespace

    from dossier.chapters import order_articles

    def art(aid, day, words):
        return SimpleNamespace(id=aid, date_value=dt.date(2024, 3, day), display_title=aid, word_count=words)

    a, b, c = art("a", 1, 100), art("b", 5, 900), art("c", 9, 300)
    groups = {"a": 0, "c": 0}  # a and c report the same event; c is fuller
    assert [x.id for x in order_articles([c, b, a], "date", [], {}, groups)] == ["a", "b", "c"]
    assert [x.id for x in order_articles([a, b, c], "date-desc", [], {}, groups)] == ["c", "b", "a"]
    scores = {"a": SimpleNamespace(score=0.9), "b": SimpleNamespace(score=0.5), "c": SimpleNamespace(score=0.1)}
    # by relevance the group stays together, fullest first
    assert [x.id for x in order_articles([a, b, c], "relevance", [], scores, groups)] == ["c", "a", "b"]


def test_reasons_write_terms_as_the_articles_do():
    from dossier.chapters import _as_written

    text = "The envoy met the Foreign Ministry on Monday. Later the Foreign Ministry denied it. Guidelines were sent."
    assert _as_written("foreign ministry", text) == "Foreign Ministry"
    assert _as_written("guidelines", text + " New guidelines followed.") == "guidelines"  # a common noun
    assert _as_written("guidelines", text) is None  # only at a sentence's start: says nothing
    assert _as_written("gonzalez", "Minister González spoke.") is None  # spelt otherwise: the folded form stands
