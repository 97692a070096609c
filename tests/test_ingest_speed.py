"""The shortcuts that make ingestion fast give exactly what the plain computation gives:
the ftfy fast path, the mojibake search near non-ASCII text, the navigation-only
shortcut, and reading/cleaning/describing on several processes (dossier/parallel.py)."""
from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest

from dossier import clean, metadata, parallel, readers

CASES = Path(__file__).resolve().parent / "eval" / "ingest" / "cases"


def reference_normalise(text: str) -> str:
    """normalise_text as it was before the fast path: ftfy on everything (after the
    lost quote bytes are put back, which the fast path must not skip either)."""
    import ftfy

    text = ftfy.fix_text(readers.restore_lost_quote_bytes(text), uncurl_quotes=False, fix_latin_ligatures=False,
                         fix_character_width=False, normalization="NFC")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return unicodedata.normalize("NFC", text)


# Mojibake, entities, odd line breaks, controls, decomposed accents, and clean text.
SAMPLES = [
    "Plain ASCII news.\nSecond line.",
    "They donâ€™t pay â‚¬3 at the cafÃ©, â€œreallyâ€\x9d.",
    "Le cafÃ© est fermÃ©.\nCafé normal.\nÃ la carte",
    "Â Leading mojibake on a line\nnext",
    "AT&amp;T and R&D &#x2019; entities",
    "Windows\r\nline\rbreaks\u2028and separators\u2029",
    "Control\x07 characters\x1b[31m and\x85 NEL",
    "Cafe\u0301 decomposed, re\u0301sume\u0301",
    "Curly “quotes” and ‘single’ — dashes – stay.",
    "Korean 기사 입력 2024.10.28. and 中文 text",
    "œuvre\nœ\n×²",
    "BOM\ufeff inside and zero\u200bwidth",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_normalise_text_equals_ftfy_on_everything(text):
    assert readers.normalise_text(text) == reference_normalise(text)


def test_normalise_text_on_the_eval_cases():
    for path in sorted(CASES.iterdir()):
        text, _ = readers.decode(path.read_bytes())
        assert readers.normalise_text(text) == reference_normalise(text), path.name


def test_mojibake_search_near_non_ascii_equals_ftfy():
    from ftfy.badness import is_bad

    pool = list("abcdefghij XYZ.,?!-'\"\n") + list("ÃÂâ€œ™šžŸ¢£¥©®°±²³µ·»¼½¾éèàçñöüß×ØÙГВРСўЂΒΓΞΟ–—“”‘’…√≈‚Ä")
    rng = random.Random(7)
    segments = ["".join(rng.choice(pool) for _ in range(rng.randint(1, 60))) for _ in range(4000)]
    # Mostly ASCII with a rare non-ASCII character, where the window's reach matters.
    sparse = list("abcdefghijklmnopqrstuvwxyz ABC.,?!") * 30 + pool
    segments += ["".join(rng.choice(sparse) for _ in range(rng.randint(20, 120))) for _ in range(4000)]
    # Known mojibake shapes, their match reaching up to six characters from a non-ASCII one.
    snippets = ["a Ã ", "x Â ", "ГўВЂВ.a", "‚Ä†", "Ã©", "â€™", "d Â (", "× ²", "œ1"]
    segments += [f"{'plain words ' * k}{snippet}{' more text' * j}" for snippet in snippets
                 for k in range(3) for j in range(3)]
    segments += [s for text in SAMPLES for s in text.split("\n")]
    found = 0
    for segment in segments:
        expected = is_bad(segment)
        assert readers.looks_like_mojibake(segment) == expected, repr(segment)
        found += expected
    assert 100 < found < len(segments) - 100  # both answers were exercised


def _parse(pattern, flags):
    try:
        from re import _parser as parser  # Python 3.11+
    except ImportError:  # pragma: no cover
        import sre_parse as parser
    return parser.parse(pattern, flags), parser


def test_ftfy_mojibake_pattern_fits_the_window_search():
    """What looks_like_mojibake relies on: matches of ftfy's BADNESS_RE are short, each
    holds a non-ASCII character, and nothing outside a match is looked at."""
    from ftfy.badness import BADNESS_RE

    tree, _ = _parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert tree.getwidth()[1] <= readers.MOJIBAKE_WIDTH
    assert not BADNESS_RE.flags & re.IGNORECASE
    names = {str(op) for op, _ in _walk(tree)}
    assert not names & {"ASSERT", "ASSERT_NOT", "GROUPREF", "GROUPREF_EXISTS"}
    at_codes = {str(arg) for op, arg in _walk(tree) if str(op) == "AT"}
    assert at_codes <= {"AT_BEGINNING"}, at_codes  # '^' only: the real start, never a window's
    branches = tree.data[0][1][1] if len(tree.data) == 1 and str(tree.data[0][0]) == "BRANCH" else [tree]
    assert len(branches) > 20
    for branch in branches:
        assert any(_only_non_ascii(op, arg) for op, arg in branch.data), branch


def _walk(tree):
    for op, arg in tree.data if hasattr(tree, "data") else tree:
        yield op, arg
        if str(op) == "BRANCH":
            for sub in arg[1]:
                yield from _walk(sub)
        elif str(op) == "SUBPATTERN":
            yield from _walk(arg[-1])
        elif str(op) in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            yield from _walk(arg[2])


def _only_non_ascii(op, arg) -> bool:
    """An element that matches non-ASCII characters only (a literal or a set of them)."""
    if str(op) == "LITERAL":
        return arg >= 128
    if str(op) == "IN":
        return all(str(o) == "LITERAL" and a >= 128 or str(o) == "RANGE" and a[0] >= 128 for o, a in arg)
    return False


def test_navigation_shortcut_agrees_with_the_line_count():
    rng = random.Random(3)
    vocabulary = ["news", "Home", "–", "•", "*", "a-b", "x_y", "2024", "l'été", "word", "|", "»"]
    for _ in range(300):
        lines = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 12))) for _ in range(rng.randint(1, 20))]
        text = "\n".join(("- " if rng.random() < 0.2 else "") + line for line in lines)
        split = clean.split_lines(text)
        total = sum(clean._length(l) for _, l in split)
        for limit in (5, 20, 80):
            if clean._more_words_than(text, limit):
                assert total > limit, text


# --- several processes -------------------------------------------------------------------

def _corpus(root: Path, n: int = 70) -> None:
    rng = random.Random(11)
    words = "the council said on monday that fishing quotas would fall by a third next year".split()
    for i in range(n):
        body = "\n\n".join(" ".join(rng.choice(words) for _ in range(rng.randint(14, 30))).capitalize() + "."
                           for _ in range(rng.randint(2, 6)))
        furniture = "Share this article\nSubscribe to our newsletter\n"
        if i % 10 == 3:
            (root / f"a{i:03}.md").write_text(f"---\ntitle: Story {i}\ndate: 2024-03-{i % 28 + 1:02}\n---\n{body}\n", "utf-8")
        elif i % 10 == 7:
            (root / f"a{i:03}.html").write_text(
                f"<html><head><title>Story {i} | Site</title></head><body><nav>Home | World | Sport</nav>"
                f"<article><h1>Story {i}</h1>" + "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
                + "</article></body></html>", "utf-8")
        else:
            (root / f"a{i:03}.txt").write_text(f"Harbour Daily\nStory number {i} on the quota\nBy Jane Roe\n"
                                               f"{body}\n{furniture}", "utf-8")
    (root / "broken.md").write_text("---\ntitle: [unclosed\n---\nText.\n", "utf-8")
    (root / "binary.txt").write_bytes(b"%PDF-1.4 binary")


def _ingest(root: Path):
    docs, skipped = readers.read_all(root)
    cleaned = clean.clean_all(docs)
    articles = metadata.describe_all(cleaned, {"a001.txt": {"outlet": "Person-written outlet"}})
    return repr((docs, skipped, cleaned, articles))


def test_several_processes_give_the_same_result_in_the_same_order(tmp_path, monkeypatch):
    _corpus(tmp_path)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10 ** 9)
    alone = _ingest(tmp_path)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    started = []
    start = parallel._start
    monkeypatch.setattr(parallel, "_start", lambda: started.append(1) or start())
    assert _ingest(tmp_path) == alone  # each stage with its own workers
    assert len(started) == (4 if parallel.cores() > 1 else 0)  # read, clean (two passes), describe
    with parallel.workers_shared():
        shared = _ingest(tmp_path)  # one set of workers for all three stages
    assert shared == alone
    assert len(started) == (5 if parallel.cores() > 1 else 0)  # one more, shared by all
    assert parallel._shared["pool"] is None  # stopped when the block ends
    assert "front matter ignored" in alone and "not text" in alone and "Person-written outlet" in alone


def test_small_corpora_run_in_the_calling_process(monkeypatch):
    started = []
    monkeypatch.setattr(parallel, "_start", lambda: started.append(1))
    assert list(parallel.ordered_map(abs, [-1, 2, -3])) == [1, 2, 3]
    assert started == []
