"""The glossary's shortcuts find exactly what the long way finds.

Reading a sentence from its first word alone (when no later word is capitalised and
nothing is in parentheses), looking names up through the index of capitalised words,
and testing word boundaries around str.find are there for speed only (bench/: the
glossary of 20,000 articles): each is checked here against the long way on the
labelled topics and the seeds.
"""
from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dossier
from dossier import glossary

from conftest import ROOT

CONFIGS = [ROOT / "tests" / "eval" / "topics" / t / "config.yaml" for t in ("arctic-shipping", "korea-rights")]
CONFIGS.append(ROOT / "config.yaml")


@pytest.fixture(scope="module")
def kept():
    """The kept articles of the labelled topics and the seeds, and the glossary config."""
    articles = []
    for path in CONFIGS:
        articles += dossier.prepare(dossier.load_config(path)).dedup.kept
    return articles, dossier.load_config(CONFIGS[0]).glossary


def _plain(reading: glossary.Reading) -> tuple:
    return (reading.found, reading.acronyms, reading.aliases, dict(reading.name_forms),
            dict(reading.contexts), reading.org_forms)


def test_first_word_shortcut_reads_the_same(kept, monkeypatch):
    articles, _ = kept
    sentences = [s for a in articles for s in glossary._sentences(a.text) if glossary._WORD.search(s)]
    shortcut = [s for s in sentences if not glossary._may_name(s, glossary._WORD.search(s))]
    assert shortcut and len(shortcut) < len(sentences)  # both ways are exercised
    fast = glossary.read_articles(articles)
    monkeypatch.setattr(glossary, "_may_name", lambda sentence, first: True)
    slow = glossary.read_articles(articles)
    assert fast.found and _plain(fast) == _plain(slow)


def test_index_finds_every_article_a_name_stands_in(kept):
    articles, config = kept
    names = sorted(glossary._forms_read(glossary.read_articles(articles), config))
    # Half the names indexed: the others are looked up in every article.
    texts = glossary.Texts.of(articles, set(names[::2]))
    assert any(texts.where([n], glossary._occurs) for n in names[1::2])
    for name in names:
        for test in (glossary._occurs, glossary._standalone):
            assert texts.where([name], test) == [a.id for a in articles if test(name, a.text)], name


def _whole_pattern(form: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text) is not None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab_ é.-'1\n", max_size=30), st.text(alphabet="ab_ é.", min_size=1, max_size=4))
def test_occurs_is_the_whole_phrase_pattern(text, form):
    assert glossary._occurs(form, text) == _whole_pattern(form, text)
    starts = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text)]
    assert list(glossary._whole_at(form, text)) == starts


@pytest.mark.parametrize("form, text", [
    ("UN", "UNICEF and the UN"), ("UN", "the UN_x"), ("Kim", "Kim"), ("Kim", "Kimchi, Kim's"),
    ("aa", "aaa aa"), ("Sámi", "the Sámi Parliament"), ("Sámi", "Sámis"), ("a a", "a a a a"),
])
def test_occurs_examples(form, text):
    assert glossary._occurs(form, text) == _whole_pattern(form, text)


def test_alias_cue_gate_reads_the_same(kept, monkeypatch):
    """A sentence without a cue anywhere is skipped by `_aliases`; read without the gate
    (an empty pattern is found in every sentence), the same aliases come out."""
    articles, _ = kept
    fast = glossary.read_articles(articles)
    assert fast.aliases  # the topics define aliases, so the gate lets some sentences through
    ungated = dataclasses.replace(glossary.rules(), alias_cue_anywhere=re.compile(""))
    monkeypatch.setattr(glossary, "rules", lambda: ungated)
    slow = glossary.read_articles(articles)
    assert _plain(fast) == _plain(slow)


def _tokens_one_by_one(sentence: str) -> list[tuple]:
    """Each word of the sentence from its own match, as the token lists give it."""
    matches = list(glossary._WORD.finditer(sentence))
    out = []
    for i, m in enumerate(matches):
        bare = glossary._bare(m.group())
        gap = sentence[m.end():matches[i + 1].start()] if i + 1 < len(matches) else sentence[m.end():]
        abbreviated = glossary._letters(bare) in glossary._ABBREVIATED
        adjacent = bare == m.group() and (gap == " " or (gap == ". " and abbreviated))
        out.append((bare, m.start(), m.end(), bare != m.group(), bare[:1].isupper(), glossary._letters(bare), adjacent))
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="AaKkDdr_ é.-'’()1,\n", max_size=40))
def test_tokens_are_the_matches_of_word(sentence):
    toks = glossary._tokens(sentence)
    assert list(zip(toks.text, toks.start, toks.end, toks.possessive, toks.cap, toks.low, toks.adjacent)) \
        == _tokens_one_by_one(sentence)


@pytest.mark.parametrize("sentence", ["Dr. Kim Jong-un's aide, U.N. envoy Robert R. King (RRK) said.",
                                      "  the Council's  head ", "Mr. A. B. Cee", ""])
def test_tokens_examples(sentence):
    toks = glossary._tokens(sentence)
    assert list(zip(toks.text, toks.start, toks.end, toks.possessive, toks.cap, toks.low, toks.adjacent)) \
        == _tokens_one_by_one(sentence)
