"""Language identification: py3langid's answer, computed faster.

py3langid finds the byte n-grams of its model by walking a finite automaton over the
text's UTF-8 bytes, one Python step per byte: at 20,000 articles, every file identified
twice (cleaning and describing), that walk was a fifth of the time before rendering.
The automaton is an Aho-Corasick matcher whose state after any six bytes no longer
depends on where it started (`automaton_window` proves it over all 104,583 states of
py3langid 0.4.0's model; tests/test_language.py runs the proof), so the state at every
byte is the state reached from the start over the six bytes ending there: six array
lookups over the whole text, in numpy. The features found, their counts and their order are py3langid's own,
and the scoring is py3langid's: the answer is the same (tests/test_language.py compares
the two on every test corpus). Should py3langid change shape, its own `classify` is used.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

import numpy as np

# The model this was proved for: another py3langid is asked itself.
PROVED = {"version": "0.4.0", "states": 104_583, "window": 6}


def identify(text: str) -> str:
    """`py3langid.classify(text)[0]`."""
    model = _model()
    if model is None:
        import py3langid

        return py3langid.classify(text)[0]
    return model.nb_classes[int(scores(text, model).argmax())]


def scores(text: str, model) -> np.ndarray:
    """py3langid's `_decide(text)`: the score of every language, the same numbers."""
    from py3langid.langid import RAW_FLOOR

    found = _visits(model.identifier._encode(text), model)
    if found is None:
        out = np.full(len(model.nb_classes), RAW_FLOOR, dtype=np.float32)
    else:
        features, counts = found
        # py3langid's `np.log1p(counts) @ nb_ptc[features] + nb_pc`, with the float16 table
        # widened to float32 once rather than row by row at every call (the same numbers).
        out = np.log1p(counts) @ model.table[features] + model.priors
    for i, j in model.aliases:  # py3langid's folding of one language's script variants
        out[i] = max(out[i], out[j])
        out[j] = RAW_FLOOR
    return out


def _visits(data: bytes, model) -> tuple[np.ndarray, np.ndarray] | None:
    """py3langid's `visit_counts`: the features found and how often, in the order they
    first occur (as its Counter lists them)."""
    if not data:
        return None
    text = np.frombuffer(data, dtype=np.uint8)
    n, window = len(text), model.window
    starts = max(n - window + 1, 1)  # one run per window of bytes (one, if the text is shorter)
    state = np.zeros(starts, dtype=np.intp)
    head = []  # states at the first bytes, read by the first run
    for k in range(min(window, n)):
        state = model.moves[model.rows[state] + text[k:k + starts]]
        head.append(state[0])
    states = np.concatenate([np.array(head[:-1], dtype=np.intp), state]) if n >= window else np.array(head)
    features = model.output[states]
    features = features[features >= 0]
    if not len(features):
        return None
    # np.unique(return_index=True, return_counts=True), without its overhead per call:
    # one plain sort of (feature, position) keys, not a stable argsort (2.5 x faster).
    size = len(features)
    keys = features.astype(np.int64) * size + np.arange(size)
    keys.sort()
    ranked = keys // size
    new = np.empty(size, dtype=bool)
    new[0] = True
    np.not_equal(ranked[1:], ranked[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    counts = np.diff(np.append(starts, size))
    order = np.argsort(keys[starts] - ranked[starts] * size)  # by first occurrence (positions are distinct)
    return ranked[starts][order].astype(np.intp), counts[order].astype(np.float32)


@dataclass(frozen=True)
class _Model:
    identifier: object
    nb_classes: list
    moves: np.ndarray  # py3langid's transition table (shared, not copied)
    rows: np.ndarray  # each state's row in it
    output: np.ndarray  # the feature each state emits, or -1
    table: np.ndarray  # feature x language log-probabilities, float32
    priors: np.ndarray
    aliases: list
    window: int


@lru_cache(maxsize=1)
def _model() -> _Model | None:
    """py3langid's identifier as arrays; None for a py3langid this was not proved for."""
    try:
        from py3langid import langid

        identifier = langid._get_identifier()
        if version("py3langid") != PROVED["version"] or len(identifier._rowbase) != PROVED["states"] \
                or identifier._norm_probs or identifier.min_confidence is not None:
            return None
        moves, rows = automaton(identifier)
        return _Model(identifier, list(identifier.nb_classes), moves, rows,
                      np.asarray(identifier.tk_output, dtype=np.intp), identifier.nb_ptc.astype(np.float32),
                      identifier.nb_pc, list(identifier._alias_pairs), PROVED["window"])
    except (AttributeError, TypeError, ValueError, ImportError, PackageNotFoundError):
        return None


def automaton(identifier) -> tuple[np.ndarray, np.ndarray]:
    """The identifier's transition table (shared, not copied) and each state's row in it."""
    return np.frombuffer(identifier.tk_nextmove, dtype=np.uint32), np.asarray(identifier._rowbase, dtype=np.intp)


def automaton_window(moves: np.ndarray, rows: np.ndarray, limit: int = 12, chunk: int = 2048) -> int | None:
    """The number of bytes after which the automaton is in the same state whatever state
    it started from, or None if that takes more than `limit`: follows every pair (state
    from anywhere, state from the start) over every byte until all pairs meet."""
    n = len(rows)
    a, b = np.arange(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    every_byte = np.arange(256, dtype=np.int64)
    for step in range(1, limit + 1):
        found = []
        for lo in range(0, len(a), chunk):  # in slices: 256 successors a pair
            na = moves[(rows[a[lo:lo + chunk]][:, None] + every_byte).ravel()].astype(np.int64)
            nb = moves[(rows[b[lo:lo + chunk]][:, None] + every_byte).ravel()].astype(np.int64)
            apart = na != nb
            found.append(np.unique(na[apart] * n + nb[apart]))
        pairs = np.unique(np.concatenate(found))
        if not len(pairs):
            return step
        a, b = pairs // n, pairs % n
    return None
