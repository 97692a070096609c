"""dossier.language gives py3langid's answer (and its very scores), only faster."""
from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import py3langid
import pytest
from py3langid import langid

from dossier import language

TESTS = Path(__file__).resolve().parent


def sample_texts() -> list[str]:
    """The test corpora's files, whole and cut as the stages cut them, shouted, and
    random strings over many scripts (short ones walk the automaton's first bytes only)."""
    texts = []
    for path in sorted(p for p in (TESTS / "eval").rglob("*") if p.is_file() and p.suffix in (".txt", ".md", ".html", ".htm")):
        text = path.read_bytes().decode("utf-8", "replace")
        texts += [text, text[:8000], text[:5000], text[:60], text[:5], text[:300].upper()]
    rng = random.Random(7)
    for _ in range(300):
        texts.append("".join(chr(rng.randrange(32, 0x3100)) for _ in range(rng.randrange(0, 40))))
    return texts + ["", " ", "a", "abcde", "abcdef", "abcdefg", "\ud800 lone surrogate", "ÉTÉ À PARIS", "中文", "日本語の文章です。"]


@pytest.fixture(scope="module")
def model():
    m = language._model()
    assert m is not None, "the installed py3langid is not the one the window was proved for (see PROVED)"
    return m


def test_the_automaton_forgets_its_start_after_the_proved_window(model):
    """The proof the fast walk rests on, run over every state of the installed model."""
    identifier = langid._get_identifier()
    assert language.automaton_window(*language.automaton(identifier)) == language.PROVED["window"]


def test_a_walk_that_depends_on_more_bytes_is_told_apart():
    # Two states; byte 1 flips the state, so the state is never independent of the start.
    moves = np.array([0, 1] + [0] * 254 + [1, 0] + [1] * 254, dtype=np.uint32)
    assert language.automaton_window(moves, np.array([0, 256]), limit=5) is None
    # Byte 1 always leads to state 1, every other byte to state 0: one byte decides.
    moves = np.array(([0, 1] + [0] * 254) * 2, dtype=np.uint32)
    assert language.automaton_window(moves, np.array([0, 256]), limit=5) == 1


def test_same_answer_and_same_scores_as_py3langid(model):
    identifier = langid._get_identifier()
    texts = sample_texts()
    assert len(texts) > 400
    for text in texts:
        assert np.array_equal(language.scores(text, model), identifier._decide(text)), text[:80]
        assert language.identify(text) == py3langid.classify(text)[0]
