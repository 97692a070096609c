"""The chapter scorer's shortcuts give what the plain definitions give.

Stemming an ASCII word without tokenising it again and counting a phrase from
list.index are there for speed only (bench/: chapters of 20,000 articles); each is
checked here against the plain definition.
"""
from __future__ import annotations

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
    words = {w for a in articles for w in tokens(a.text)}
    words |= set(tokens("Straße Москва Ålesund 東京 l’Ordre"))
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
