"""The boilerplate rules are screened by their literals (clean._possible_categories) and
tried as one alternation per category: this must decide exactly what trying every
pattern of every category on the line decides."""
from __future__ import annotations

import re
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier import clean

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = [(cat, p) for cat in clean._rules() for p in cat.patterns]


def reference_category(line: str) -> str | None:
    """furniture_category as it was: every pattern of every category, one by one."""
    n = clean._length(line)
    for cat in clean._rules():
        if cat.name in clean._POSITIONAL:
            continue
        if n <= cat.max_words and len(line) <= 30 * cat.max_words and any(p.search(line) for p in cat.patterns):
            if cat.name == "pitches" and n >= 5 and not clean._ADDRESS.search(line) and not (
                    any(p.match(line) for p in cat.patterns) and not any(ch.isdigit() for ch in line)):
                continue
            return cat.name
    return None


def reference_in_category(name: str, line: str) -> bool:
    n = clean._length(line)
    return any(cat.name == name and n <= cat.max_words and len(line) <= 30 * cat.max_words
               and any(p.search(line) for p in cat.patterns) for cat in clean._rules())


def _sample_lines() -> list[str]:
    lines = []
    for folder in (ROOT / "seeds", ROOT / "tests" / "eval" / "ingest" / "cases"):
        for path in sorted(folder.iterdir()):
            if path.suffix in (".txt", ".md", ".html"):
                text = path.read_text("utf-8", errors="replace")
                lines += [l for _, l in clean.split_lines(text)]
    # The irregular letters of case-insensitive matching, inside words the rules look for.
    lines += ["ſubſcribe to our newsletter", "Photo: Reuterſ", "SIGN UP FOR OUR NEWSLETTER",
              "İmage: Getty Images", "ΣΥΝΔΡΟΜΗ ς σ Σ", "µ © 2024", "Log ın", "ʀead more",
              # Too long in characters for some categories, not in words.
              "Share " + "a" * 200, "Comments " + "x" * 160, "Subscribe to our newsletter " + "y" * 1000,
              "© " + "z" * 2000]
    return lines


def test_screened_rules_decide_as_every_pattern_on_real_lines():
    lines = _sample_lines()
    assert len(lines) > 1000
    decided = 0
    for line in lines:
        expected = reference_category(line)
        assert clean.furniture_category.__wrapped__(line) == expected, line
        decided += expected is not None
        for name in ("interlinks", "lists", "publisher"):
            assert clean._in_category(name, line) == reference_in_category(name, line), (name, line)
    assert decided > 50  # the rules did fire


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_every_match_of_a_pattern_holds_one_of_its_literals(data):
    """A text a pattern matches (made by hypothesis from the pattern itself, with text
    around it) holds one of the literals the pattern was screened by, lower-cased,
    unless it has one of the letters that lower-case irregularly."""
    cat, pattern = data.draw(st.sampled_from(PATTERNS))
    text = data.draw(st.from_regex(pattern))
    around = data.draw(st.sampled_from(["", "Breaking: ", "the "]))
    line = around + text
    literals = clean.required_literals(pattern)
    if literals is not None and pattern.search(line) and not clean._IRREGULAR_CASE.search(line):
        assert any(s in line.lower() for s in literals), (pattern.pattern, line, sorted(literals))
    assert clean._in_category(cat.name, line) == reference_in_category(cat.name, line), (cat.name, line)
    assert clean.furniture_category.__wrapped__(line) == reference_category(line), line


def test_literals_lower_case_as_the_regex_engine_compares():
    """Every character that re.IGNORECASE takes for a literal's character lower-cases
    (str.lower) to it, or is one of _IRREGULAR_CASE (whose lines are not screened):
    checked on every code point."""
    chars = {ch for cat in clean._rules() for s in cat.literals or () for ch in s}
    assert chars and all(ch == ch.lower() and not clean._IRREGULAR_CASE.match(ch) for ch in chars)
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    candidates = set(re.findall("[" + "".join(map(re.escape, sorted(chars))) + "]", every, re.I))
    for t in candidates:
        for p in chars:
            if re.fullmatch(re.escape(p), t, re.I):
                assert t.lower() == p or clean._IRREGULAR_CASE.match(t), (t, p)
    # 'Σ' lower-cases to 'ς' or 'σ' by its place in the word, and 'İ' to two characters.
    assert clean._IRREGULAR_CASE.match("\u03a3") and clean._IRREGULAR_CASE.match("\u0130")


def test_required_literals_of_typical_patterns():
    def literals(pattern):
        found = clean.required_literals(re.compile(pattern, re.I))
        return sorted(found) if found is not None else None
    assert literals(r"\bsubscri(be|ption)\b") == ["subscri"]
    assert literals(r"^(share|shares)\W*$") == ["share"]
    assert literals(r"\b(photo|image) (by|credit)\b") == ["image", "photo"]
    assert literals(r"^a[+-]$") == ["a+", "a-"]
    assert literals(r"\d{3}-\d{4}") == ["-"]
    assert literals(r"\d+") is None  # no literal: the pattern is always tried
    assert literals(r"(news)?\d") is None  # an optional literal is no requirement
    assert literals(r"News|\d") is None  # nor one that only one alternative has
    assert literals(r"(?-i:[A-Z]\w+) Reuters") == [" reuters"]


def reference_split_lines(text: str) -> tuple[tuple[int, str], ...]:
    """_split_lines as it was, before its fast paths."""
    stripped = [l.strip() for l in text.split("\n")]
    nonempty = [l for l in stripped if l]
    running = [l for l, nxt in zip(stripped, stripped[1:] + [""]) if l and nxt]
    wrapped = (len(running) >= 3 and any(not l for l in stripped) and max(map(len, nonempty)) <= 100
               and sum(1 for l in running if 45 <= len(l) <= 100) >= 0.6 * len(running)
               and sum(1 for l in running if not re.search(r"[.!?\"”’]$", l)) >= 0.5 * len(running))
    width = sorted(len(l) for l in running)[(len(running) - 1) * 9 // 10] if wrapped else 0
    out, current, start, first_block = [], [], 0, True
    for no, line in enumerate(stripped, 1):
        if not line:
            if current:
                out.append((start, " ".join(current)))
                current, first_block = [], False
            continue
        line = re.sub(r"^[•·▪●◦‣∙*▶►■○◆-]\s+", "", line)
        if not re.search(r"\w", line):
            continue
        if wrapped and current and re.search(r"[^\W\d_]-$", current[-1]) and line[0].islower():
            current[-1] = clean._unhyphenated(current[-1], line)
            continue
        if wrapped and current and clean._runs_on(current[-1], width, first_block) \
                and not (first_block and re.match(r"(from|to|cc|date|sent|subject|reply-to)\s*:\s", line, re.I)):
            current.append(line)
            continue
        if current:
            out.append((start, " ".join(current)))
        current, start = [line], no
    if current:
        out.append((start, " ".join(current)))
    return tuple((no, piece) for no, l in out for piece in clean._split_overlong(l))


def reference_is_prose(line: str, stops=clean.STOP_WORDS) -> bool:
    """is_prose as it was, before it lower-cased each word once."""
    if clean._dense_script(line):
        return clean._length(line) >= 15 and bool(clean._SENTENCE_END.search(line)) \
            and not clean._POLITE_END.search(line)
    ws = clean.words(line)
    if len(ws) < 12:
        return False
    if clean.capitalised_ratio(line, stops) >= 0.75 and len(ws) < 30:
        return False
    stop = sum(1 for w in ws if w.lower() in stops)
    return stop / len(ws) >= 0.18 and (bool(clean._SENTENCE_END.search(line)) or len(ws) >= 25)


def _sample_texts() -> list[str]:
    import textwrap

    texts = []
    for folder in (ROOT / "seeds", ROOT / "tests" / "eval" / "ingest" / "cases"):
        texts += [p.read_text("utf-8", errors="replace") for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".md")]
    # Hard-wrapped e-mail text, bullets, rules and ornaments, an overlong paragraph.
    texts += ["\n\n".join(textwrap.fill(" ".join(t.split()), width) for t in texts[i:i + 3])
              for i, width in zip(range(0, 60, 3), [60, 72, 80, 99] * 5)]
    texts += ["• item one\n- item two\n----\n* * *\n_x\n\n▶ more", "a\n\nb", "\n\n", "x" * 25_000,
              ("Short. " * 3000 + "\n") * 2]
    return texts


def test_split_lines_as_before():
    texts = _sample_texts()
    wrapped = 0
    for text in texts:
        expected = reference_split_lines(text)
        assert clean._split_lines.__wrapped__(text) == expected
        wrapped += len(expected) < len([l for l in text.split("\n") if l.strip()]) - 3
    assert wrapped >= 10  # the hard-wrapped texts were joined


def test_is_prose_as_before():
    lines = _sample_lines() + [" ".join(["The"] * 4 + ["Word"] * k) + "." for k in range(30)]
    french = clean.stop_words("fr")
    for line in lines:
        assert clean.is_prose.__wrapped__(line) == reference_is_prose(line), line
        assert clean.is_prose.__wrapped__(line, french) == reference_is_prose(line, french), line
    assert 100 < sum(map(reference_is_prose, lines)) < len(lines) - 100


def test_anchored_patterns():
    def anchored(pattern, flags=re.I):
        return clean._anchored(re.compile(pattern, flags))
    assert anchored(r"^share$") and anchored(r"^a[+-]$|^[가-힣]?\s*가\s*$") and anchored(r"^(menu|search)\W*$")
    assert not anchored(r"\bshare\b") and not anchored(r"^share|\bshare this\b") and not anchored(r"(^a)?b")
    assert not anchored(r"^share", re.I | re.M)  # '^' after a line break too
    # Every anchored pattern of the rules finds, at the start, what a search finds anywhere.
    at_start = {cat.name: [p for p in cat.patterns if clean._anchored(p)] for cat in clean._rules()}
    assert sum(map(len, at_start.values())) > 20
    for line in _sample_lines():
        for cat in clean._rules():
            if cat.anchored is not None:
                assert bool(cat.anchored.match(line)) == any(p.search(line) for p in at_start[cat.name]), line


def test_page_blocks_as_before(monkeypatch):
    """readers._runs_on looks at the next element's first character before the text of the
    one before it: the same blocks as joining both texts first."""
    from dossier import readers

    def reference_runs_on(previous, child):
        if not isinstance(child.tag, str):
            return False
        before, after = "".join(previous.itertext()), "".join(child.itertext())
        return len(before.strip()) >= 2 and before[-1:].isalnum() and after[:1].isupper()

    pages = [p.read_text("utf-8", errors="replace") for folder in (ROOT / "seeds", ROOT / "tests" / "eval" / "ingest" / "cases")
             for p in sorted(folder.iterdir()) if p.suffix in (".html", ".htm")]
    pages += ["<div><span>Jane Roe</span><span>BBC News</span><span>T</span><span>he</span>"
              "<b>bo</b><i>ld</i><p>A</p><p>x</p><span> </span><span>Next</span></div>"]
    trees = [t for t in map(readers._parse_page, pages) if t is not None]
    assert len(trees) >= 5
    fast = [readers.text_blocks(t) for t in trees]
    monkeypatch.setattr(readers, "_runs_on", reference_runs_on)
    assert fast == [readers.text_blocks(t) for t in trees]
    # Labels set apart, a drop cap and a word styled in two parts kept whole.
    assert fast[-1] == [("Jane Roe BBC News Thebold", 0.0), ("A", 0.0), ("x", 0.0), ("Next", 0.0)]
