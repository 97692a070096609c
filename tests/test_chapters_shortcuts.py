"""The chapter scorer's shortcuts give what the plain definitions give.

Stemming an ASCII word without tokenising it again, counting a phrase from
list.index and working out the BM25 weights with numpy are there for speed only
(bench/: chapters of 20,000 articles); each is checked here against the plain
definition, to the last bit, on the korea-rights topic.
"""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dossier
from dossier import chapters
from dossier.textsim import stems, tokens

from conftest import ROOT

KOREA = ROOT / "tests" / "eval" / "topics" / "korea-rights" / "config.yaml"


@pytest.fixture(scope="module")
def korea():
    config = dossier.load_config(KOREA)
    return config, dossier.prepare(config).dedup.kept


def test_stem_of_a_token_is_its_stem_by_the_long_way(korea):
    _, articles = korea
    words = {w for a in articles for w in tokens(a.text)} | set(tokens("Straße Москва Ålesund 東京 l’Ordre"))
    assert any(w.isascii() for w in words) and any(not w.isascii() for w in words)  # both ways
    for w in words:
        found = stems(w, "en")
        assert chapters._stem(w, "en") == (found[0] if found else None), w


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from("abc"), max_size=30), st.lists(st.sampled_from("abc"), min_size=1, max_size=3))
def test_phrase_count_is_the_overlapping_count(seq, phrase):
    n = len(phrase)
    expected = sum(1 for i in range(len(seq)) if seq[i:i + n] == phrase)
    assert chapters._count(seq, tuple(phrase)) == expected


def test_weights_are_the_bm25_formula_to_the_bit(korea):
    config, articles = korea
    queries = {c.id: chapters._chapter_query(c, "en") for c in config.chapters}
    corpus = chapters._Corpus(articles, queries, "en")
    assert any(len(t) > 1 for counts in corpus.counts.values() for t in counts)  # phrases too
    for aid, counts in corpus.counts.items():
        norm = chapters.K1 * (1 - chapters.B + chapters.B * len(corpus.docs[aid]) / corpus.avg_len)
        plain = {t: corpus.idf(t) * tf * (chapters.K1 + 1) / (tf + norm) for t, tf in counts.items()}
        assert list(corpus.vectors[aid].items()) == list(plain.items())  # same terms, order and bits
        assert corpus.norms[aid] == (math.sqrt(sum(v * v for v in plain.values())) or 1.0)
