"""Deduplication decisions on small hand-made cases, and the editor's overrides."""
from __future__ import annotations

import datetime as dt

import pytest

from dedup_corpus import build_corpus, copy_of, make_article
from dedup_corpus_hand import FAMILIES
from dossier.config import DedupConfig, config_from_data
from dossier.dedup import deduplicate, shingle_hashes
from dossier.errors import ConfigError
from dossier.textsim import tokens


def family(key):
    return next(f for f in FAMILIES if f["key"] == key)


def article(aid, spec, declared=None):
    return make_article(aid, spec["title"], spec["text"].split("\n\n"), spec["outlet"], spec["url"],
                        dt.date.fromisoformat(spec["date"]), declared)


@pytest.fixture()
def fishing():
    f = family("rapporteur-fishing")
    background, _ = build_corpus(distinct=30, events=2, copied=0, seed=5, hand=False)
    return [article("orig", f["original"]), article("rewrite", f["rewrites"][1]),
            article("other-view", f["independent"][0])] + background


def test_identical_after_normalising_white_space_and_case():
    a = make_article("a", "T", ["North Korea said on Monday that the talks had failed.", "Second  paragraph here."])
    b = make_article("b", "T", ["north korea said on monday that the talks had failed.", "Second paragraph\nhere."])
    result = deduplicate([a, b], DedupConfig())
    assert result.merged == {"b": "a"}
    assert result.relations["b"][0].kind == "identical" and result.relations["b"][0].derived


def test_truncated_copy_merged_into_the_fuller_text():
    import random
    original = article("orig", family("camp-imagery")["original"])
    copy = copy_of(random.Random(1), original, "short", ("truncate", "typos"))
    result = deduplicate([copy, original], DedupConfig())
    assert result.merged == {"short": "orig"}
    relation = next(r for r in result.relations["short"] if r.other == "orig")
    assert relation.kind == "copy" and relation.score >= DedupConfig().copy_threshold


def test_rewrite_merged_and_independent_report_kept(fishing):
    result = deduplicate(fishing, DedupConfig())
    assert result.merged.get("rewrite") == "orig"
    assert "other-view" not in result.merged and "orig" not in result.merged
    note = next(n for n in result.notes if n.startswith("rewrite merged into orig"))
    assert "rewrite (score" in note and "names" in note


def test_rewrites_flagged_not_merged_when_configured(fishing):
    result = deduplicate(fishing, DedupConfig(merge_rewrites=False))
    assert "rewrite" not in result.merged
    assert result.flagged["rewrite"].other == "orig" and result.flagged["rewrite"].kind == "rewrite"
    assert any("kept and marked" in n for n in result.notes)


def test_keep_separate_overrules_a_merge(fishing):
    result = deduplicate(fishing, DedupConfig(keep_separate=[["orig", "rewrite"]]))
    assert "rewrite" not in result.merged
    assert any("kept separate by the editor" in n for n in result.notes)


def test_editor_merge_and_unknown_ids_noted(fishing):
    result = deduplicate(fishing, DedupConfig(merge=[["other-view", "orig"], ["nope", "orig"]]))
    assert result.merged["other-view"] == "orig"
    assert any("editor's decision" in n and n.startswith("other-view") for n in result.notes)
    assert any("no article with id nope" in n for n in result.notes)


def test_merge_that_would_join_a_separate_pair_is_refused(fishing):
    config = DedupConfig(merge=[["other-view", "rewrite"]], keep_separate=[["other-view", "orig"]])
    result = deduplicate(fishing, config)
    # rewrite -> orig would now pull other-view into orig's cluster: refused.
    assert not ("other-view" in result.merged and result.merged.get("rewrite") == "orig")
    assert any("keeps separate" in n or "kept separate" in n for n in result.notes)


def test_paragraph_repeated_in_one_article_and_across_articles_kept_once():
    caption = "Satellite image of the camp perimeter taken in June."
    quote = ("The special rapporteur said the findings would be presented to the Human Rights Council "
             "in Geneva at its next session in March.")
    a = make_article("a", "A", ["Pyongyang denied everything on Monday, officials said.", caption, caption, quote])
    b = make_article("b", "B", ["Seoul welcomed the report and asked for more access to the border.", quote])
    result = deduplicate([a, b], DedupConfig())
    kept = {x.id: x for x in result.kept}
    assert kept["a"].paragraphs.count(caption) == 1
    assert quote in kept["a"].paragraphs and quote not in kept["b"].paragraphs
    assert result.removed_passages == {"a": [caption], "b": [quote]}
    assert any(r.kind == "passage" and r.other == "a" for r in result.relations["b"])


def test_same_event_reports_grouped_fullest_first():
    articles, truth = build_corpus(distinct=40, events=0, copied=0, seed=11)
    result = deduplicate(articles, DedupConfig())
    words = {a.id: a.word_count for a in articles}
    for group in result.groups:
        assert words[group[0]] == max(words[g] for g in group)
    ids = {g for group in result.groups for g in group}
    # The independent hand-written reports sit with the original of their event.
    hand = [a for a, t in truth.items() if t.kind == "independent"]
    assert any(a in ids for a in hand)


def test_shingles_survive_punctuation_but_not_word_changes():
    one = shingle_hashes(tokens("Kim Jong Un met envoys in Pyongyang on Monday, the agency said."))
    same = shingle_hashes(tokens("Kim Jong Un met envoys in Pyongyang on Monday - the agency said"))
    other = shingle_hashes(tokens("Kim Jong Un met envoys in Wonsan on Monday, the agency said."))
    assert list(one) == list(same)
    assert set(one) != set(other)


def test_thresholds_validated():
    with pytest.raises(ConfigError):
        config_from_data({"dedup": {"same_event_threshold": 1.5}})


def test_marked_rewrite_shown_in_article_and_notes(tmp_path):
    """merge_rewrites: false keeps the seed rewrite, marks it in its article and lists it."""
    from pathlib import Path

    from dossier.__main__ import main

    root = Path(__file__).resolve().parents[1]
    text = (root / "config.yaml").read_text("utf-8").replace("seeds: seeds", f"seeds: {root / 'seeds'}")
    assert "\ndedup:" not in text
    (tmp_path / "config.yaml").write_text(text + "\ndedup:\n  merge_rewrites: false\n", "utf-8")
    assert main(["build", "--config", str(tmp_path / "config.yaml"), "--format", "html",
                 "--out", str(tmp_path / "out"), "-q"]) == 0
    page = (tmp_path / "out" / "dossier.html").read_text("utf-8")
    assert page.count('class="also flagged"') == 1
    assert "<strong>Rewrite of</strong>" in page
    assert "Kept but marked" in page and "Merged into another article" not in page


def test_same_event_groups_do_not_chain_across_the_topic():
    """On one topic every report looks a little like every other: groups are formed by
    complete linkage, so a chain of loose similarities cannot swallow the corpus."""
    articles, _ = build_corpus(seed=7)
    result = deduplicate(articles, DedupConfig())
    assert result.groups and max(len(g) for g in result.groups) <= 6
    links = {frozenset((a, r.other)) for a, rels in result.relations.items() for r in rels
             if r.kind == "same-event"} | {frozenset((a, r.other)) for a, r in result.flagged.items()}
    for group in result.groups:
        assert all(frozenset((x, y)) in links for i, x in enumerate(group) for y in group[i + 1:])


def test_brief_made_of_the_topics_common_names_is_not_a_rewrite():
    """Every name of this independent brief is in the long report, but they are the
    names every article on the topic carries: no evidence that one rewrites the other."""
    background, _ = build_corpus(distinct=60, events=0, copied=0, seed=2, hand=False)
    long = article("long", family("security-council-vote")["original"])
    brief = make_article("brief", "Council meets on North Korea", [
        "Diplomats at the United Nations in New York said on Wednesday that the Security Council "
        "had discussed North Korea again, with China and Russia objecting.",
        "Seoul and Geneva-based groups welcomed the meeting. Pyongyang has rejected every such "
        "session as interference, and North Korea's mission did not comment.",
        "The Human Rights Council and the Security Council have both heard from defectors in recent years."])
    result = deduplicate(background + [long, brief], DedupConfig())
    assert "brief" not in result.merged and "long" not in result.merged


def test_profiles_made_by_running_workers_give_the_same_result(monkeypatch):
    """Deduplication's per-article profiles, computed on the shared workers when they are
    running (dossier/parallel.py), decide exactly what the same profiles made here decide."""
    from dossier import parallel

    articles, _ = build_corpus(distinct=60, events=8, copied=20, seed=3)
    alone = repr(deduplicate(articles, DedupConfig()))
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    with parallel.workers_shared():
        assert list(parallel.ordered_map(abs, [-1, -2], min_items=2)) == [1, 2]  # workers started
        assert (parallel._shared["pool"] is not None) == (parallel.cores() > 1)
        shared = repr(deduplicate(articles, DedupConfig()))
    assert shared == alone and "copy" in alone


def test_minhash_values_are_datasketchs():
    """The MinHash computed in numpy is datasketch's own (`MinHash.update_batch`), value
    for value, on sets of every size (the LSH index compares them with its bands)."""
    import numpy as np

    from dossier import dedup

    rng = np.random.default_rng(7)
    template = dedup._minhash_template()
    for size in (0, 1, 2, 5, 64, 300, 5000):
        shingles = np.unique(rng.integers(0, 2**32, size, dtype=np.uint64).astype(np.uint32))
        expected = template.copy()
        expected.update_batch(shingles.tolist())
        got = dedup.minhash_values(shingles)
        assert got.dtype == expected.hashvalues.dtype and np.array_equal(got, expected.hashvalues)


def test_profile_words_read_paragraph_by_paragraph_are_the_texts():
    """The profile tokenises each paragraph once (for the paragraph keys too): the words,
    shingles and digest are those of the whole text, accents, combining marks, Greek
    final sigma and apostrophes at paragraph edges included."""
    import hashlib

    from dossier import dedup
    from dossier.textsim import tokens

    paragraphs = ["Café de l’Opéra, ΟΔΟΣ", "\u0301combining first; naïve “quotes”", "it's — 12,5 % — done’",
                  "ﬁ ligature and Ǆ digraph", "ΣΑΣ ΣΑΣ."]
    a = make_article("x", "A title", paragraphs)
    p = dedup._profile(a)
    whole = tokens(a.text)
    assert p.words == len(whole) and p.digest == hashlib.sha256(" ".join(whole).encode()).hexdigest()
    assert np_equal(p.shingles, dedup.shingle_hashes(whole))
    keys = [dedup._paragraph_key(tokens(para)) for para in paragraphs]
    assert p.paragraph_keys == keys and [k[0] for k in keys] == [len(tokens(para)) for para in paragraphs]
    assert dedup._paragraph_key(["a", "b"]) == dedup._paragraph_key(["a", "b"]) != dedup._paragraph_key(["ab"])


def np_equal(x, y) -> bool:
    import numpy as np

    return x.dtype == y.dtype and np.array_equal(x, y)


def _dated(a, date):
    return make_article(a.id, str(a.title.value), a.paragraphs, a.outlet.value, a.url.value, date)


def test_reports_of_one_event_published_a_month_apart_are_not_grouped(fishing):
    """The independent report of the fishing-rights story is grouped with the original
    when published the next day; the same text dated five weeks later is another event's."""
    def same_event(articles, config=DedupConfig()):
        result = deduplicate(articles, config)
        return [r for r in result.relations.get("other-view", []) if r.kind == "same-event" and r.other == "orig"]
    orig, rewrite, other, *background = fishing
    [close] = same_event(fishing)
    assert "published 1 day apart" in close.reason
    later = _dated(other, other.date_value + dt.timedelta(days=35))
    assert same_event([orig, rewrite, later] + background) == []
    assert same_event([orig, rewrite, later] + background, DedupConfig(same_event_days=60))
    undated = _dated(other, None)  # an unknown date decides nothing
    [kept] = same_event([orig, rewrite, undated] + background)
    assert "published" not in kept.reason


def test_same_event_days_validated():
    assert config_from_data({"dedup": {"same_event_days": 0}}).dedup.same_event_days == 0
    with pytest.raises(ConfigError, match="same_event_days: must be 0 or more"):
        config_from_data({"dedup": {"same_event_days": -1}})


WIRE_REPORT = [
    "WASHINGTON — The Halvorsen administration on Tuesday tightened rules that restrict the export of advanced "
    "computer chips to Veridia, closing loopholes that officials said allowed Veridian firms to obtain chips "
    "through subsidiaries abroad.",
    "Trade Secretary Gina Ostrander told reporters the rules were \"not designed to harm Veridia's economy\" but to "
    "protect national security. The new rules take effect in 30 days.",
    "The Semiconductor Makers Council said it was reviewing the rules and warned that overly broad restrictions "
    "could harm Calder companies.",
    "Veridia's Foreign Ministry spokesperson said Belgrave \"firmly opposes\" the measures.",
]
OWN_REPORT = [
    "The Halvorsen administration on Tuesday expanded its restrictions on the sale of advanced semiconductors to "
    "Veridia, in an effort to close loopholes that officials said Veridian companies had exploited.",
    "The rules, issued by the Trade Department, will require licences for shipments of certain chips to companies "
    "headquartered in Veridia even when they are located abroad.",
    "\"We are constantly evaluating the threat environment,\" Trade Secretary Gina Ostrander said.",
    "Industry groups criticised the move. The Semiconductor Makers Council said it would comply with the rules.",
]


def test_a_report_quoting_what_the_other_does_not_is_no_rewrite():
    """Every name of the second report is in the first, and its sentences follow the
    first's: the signs of a rewrite. But it quotes the secretary saying what the first
    does not print: a reporter of its own. Without that quotation it is a rewrite."""
    background, _ = build_corpus(distinct=30, events=0, copied=0, seed=5, hand=False)
    wire = make_article("wire", "Chip export rules tightened", WIRE_REPORT, "Wire", None, dt.date(2024, 3, 5))
    own = make_article("own", "Chip sale curbs expanded", OWN_REPORT, "Ledger", None, dt.date(2024, 3, 5))
    result = deduplicate([wire, own] + background, DedupConfig())
    assert "own" not in result.merged and "wire" not in result.merged
    assert not [r for r in result.relations.get("own", []) if r.kind == "rewrite"]
    unquoted = [p.replace('"We are constantly evaluating the threat environment," Trade Secretary Gina Ostrander said.',
                          "Trade Secretary Gina Ostrander said the rules were needed.") for p in OWN_REPORT]
    rewrite = make_article("own", "Chip sale curbs expanded", unquoted, "Ledger", None, dt.date(2024, 3, 5))
    assert deduplicate([wire, rewrite] + background, DedupConfig()).merged == {"own": "wire"}
