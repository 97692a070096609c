"""Deduplication measured on the generated corpus (tests/dedup_corpus.py): precision and
recall of the merge decisions, printed, and gated at the issue's minimums."""
from __future__ import annotations

import pytest

from dedup_corpus import build_corpus, score
from dossier.config import DedupConfig
from dossier.dedup import deduplicate


@pytest.fixture(scope="module", params=[7, 23])
def measured(request):
    articles, truth = build_corpus(seed=request.param)
    result = deduplicate(articles, DedupConfig())
    scores = score(result.merged, truth)
    print(f"\nseed {request.param}: {len(articles)} articles, {scores.merges} merges, "
          f"precision {scores.precision:.3f}, recall copies {scores.recall['copy']:.3f}, "
          f"rewrites {scores.recall['rewrite']:.3f}")
    return articles, truth, result, scores


def test_no_distinct_articles_merged(measured):
    _, truth, result, scores = measured
    explained = [(a, b, [r.reason for r in result.relations[a] if r.other == b]) for a, b in scores.false_merges]
    assert not scores.false_merges, explained


def test_copies_found(measured):
    *_, scores = measured
    assert scores.recall["copy"] >= 0.95, scores.missed["copy"]


def test_hand_written_rewrites_found(measured):
    *_, scores = measured
    assert scores.recall["rewrite"] >= 0.7, scores.missed["rewrite"]


def test_independent_reports_of_one_event_kept(measured):
    _, truth, result, _ = measured
    independent = [a for a, t in truth.items() if t.kind == "independent"]
    assert independent
    assert not [a for a in independent if a in result.merged]
    # Nothing was merged into an independent report either.
    assert not [a for a, into in result.merged.items() if truth[into].kind == "independent"]


def test_every_merge_has_a_note_with_its_score(measured):
    _, _, result, _ = measured
    for drop, into in result.merged.items():
        assert any(n.startswith(f"{drop} merged into {into}") and "score" in n for n in result.notes), drop


def test_corpus_is_deterministic():
    first, truth = build_corpus(seed=3, distinct=20, events=3, copied=10)
    again, _ = build_corpus(seed=3, distinct=20, events=3, copied=10)
    assert [a.text for a in first] == [a.text for a in again]
    kinds = {t.kind for t in truth.values()}
    assert {"distinct", "copy", "rewrite", "independent", "original"} <= kinds
