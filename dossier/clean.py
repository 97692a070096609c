"""Boilerplate removal: keep the article's prose, drop the page furniture around it.

Works on lines (a pasted page has one paragraph per line) with signals that
generalise across sites:
  * shape: prose lines are long, end like sentences and are dense in stop words;
    furniture is short, label-like, numeric or a run of headline-like lines;
  * position: the article is the span between its first and last prose lines; short
    lines outside that span are furniture unless they carry metadata;
  * repetition: a short line repeated within the file or across many files of the
    corpus is furniture; a long line repeated in the file is kept once;
  * vocabulary (dossier/rules/boilerplate.yaml), only ever applied to short lines.
Lines that carry metadata (bylines, datelines, source and copyright lines) are
handed to the describe stage before they are dropped.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .model import CleanDocument, Document, DroppedBlock
from .yamlsafe import load_yaml_text

STOP_WORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself no nor not now of off on once only or other our ours ourselves out
over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves said says also its
""".split())

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.U)
_SENTENCE_END = re.compile(r"[.!?…:;。][\"'”’)\]]*$")
_DATE_LINE = re.compile(
    r"^\W*(?:(?:posted|published|updated|last updated|date)\s*:?\s*)?"
    r"(?:\d{4}[./-]\d{1,2}[./-]\d{1,2}\.?|(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s+\d{1,2}\s+\w+\s+\d{4}|"
    r"\w+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+\w+\s+\d{4})"
    r"(?:[\s,]*(?:at\s+)?(?:[AP]M\s*)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?(?:\s*[A-Z]{2,4})?)?\W*$", re.I)
_BYLINE = re.compile(r"^(?:by|written by|reporter|correspondent|posted by)\s+\S", re.I)
_SOURCE_LINE = re.compile(r"^(?:original\s+)?source\s*:\s*\S", re.I)
_NUMERIC = re.compile(r"^[\W\d_]*$")


@dataclass(frozen=True)
class _Category:
    name: str
    max_words: int
    patterns: tuple[re.Pattern, ...]


@lru_cache(maxsize=1)
def _rules() -> tuple[_Category, ...]:
    text = resources.files("dossier").joinpath("rules/boilerplate.yaml").read_text("utf-8")
    data = load_yaml_text(text, "dossier/rules/boilerplate.yaml")
    return tuple(
        _Category(name, int(spec["max_words"]), tuple(re.compile(p, re.I) for p in spec["patterns"]))
        for name, spec in data.items())


def words(line: str) -> list[str]:
    return _WORD.findall(line)


def is_prose(line: str) -> bool:
    """A line that reads like a sentence of an article, not a label or a headline."""
    ws = words(line)
    if len(ws) < 12:
        return False
    stop = sum(1 for w in ws if w.lower() in STOP_WORDS)
    if capitalised_ratio(line) >= 0.75 and len(ws) < 30:
        return False  # Title Case: a headline, not a sentence
    return stop / len(ws) >= 0.18 and (bool(_SENTENCE_END.search(line)) or len(ws) >= 25)


def capitalised_ratio(line: str) -> float:
    ws = [w for w in words(line) if w.lower() not in STOP_WORDS]
    return sum(1 for w in ws if w[0].isupper()) / len(ws) if ws else 0.0


def furniture_category(line: str) -> str | None:
    """The rules-file category a short line belongs to, if any."""
    n = len(words(line))
    for cat in _rules():
        # Short in characters too: a 10,000-character "word" is no label, and some
        # patterns cost the square of the length of a run of word characters.
        if n <= cat.max_words and len(line) <= 30 * cat.max_words and any(p.search(line) for p in cat.patterns):
            return cat.name
    return None


def metadata_kind(line: str) -> str | None:
    """'date', 'byline', 'source', 'copyright' or 'contact' for lines that carry metadata."""
    if len(line) <= 80 and _DATE_LINE.match(line):
        return "date"
    if _BYLINE.match(line) and len(words(line)) <= 12:
        return "byline"
    if _SOURCE_LINE.match(line):
        return "source"
    cat = furniture_category(line)
    if cat in ("copyright", "contact"):
        return cat
    return None


def _has_internal_repeat(line: str) -> bool:
    """'Skip to top ... Skip to bottom': a label phrase said twice in one line."""
    ws = [w.lower() for w in words(line)]
    grams = Counter(tuple(ws[i:i + 3]) for i in range(len(ws) - 2))
    return any(c > 1 for c in grams.values())


def looks_like_title(line: str) -> bool:
    ws = words(line)
    if not 3 <= len(ws) <= 30 or line.rstrip().endswith(".") and not line.rstrip().endswith("..."):
        return False
    if metadata_kind(line) or furniture_category(line) or _has_internal_repeat(line):
        return False
    quoted = line.lstrip()[:1] in "\"“‘'"
    return quoted or capitalised_ratio(line) >= 0.5 or len(ws) >= 6


def split_lines(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their 1-based line numbers. Hard-wrapped paragraphs
    (consecutive lines of similar width, blank lines between paragraphs) are joined."""
    raw = text.split("\n")
    stripped = [l.strip() for l in raw]
    nonempty = [l for l in stripped if l]
    wrapped = (len(nonempty) >= 6 and sum(1 for l in nonempty if 45 <= len(l) <= 80) / len(nonempty) > 0.6
               and any(not l for l in stripped))
    out: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for no, line in enumerate(stripped, 1):
        if not line:
            if current:
                out.append((start, " ".join(current)))
                current = []
            continue
        line = re.sub(r"^[•·▪●◦‣∙*-]\s+", "", line)
        if wrapped and current:
            current.append(line)
            continue
        if current:
            out.append((start, " ".join(current)))
        current, start = [line], no
    if current:
        out.append((start, " ".join(current)))
    return [(no, piece) for no, l in out for piece in _split_overlong(re.sub(r"\s+", " ", l))]


# A paragraph longer than this is a page whose line breaks were lost (or not prose at
# all): it is cut at sentence ends so that every later stage and the layout engine
# work on paragraph-sized pieces. Nothing is dropped.
MAX_LINE_CHARS = 10_000
_CUT = re.compile(r"(?<=[.!?…。])[\"'”’)\]]*\s+")


def _split_overlong(line: str, limit: int = MAX_LINE_CHARS) -> list[str]:
    if len(line) <= limit:
        return [line]
    pieces, start = [], 0
    while len(line) - start > limit:
        window = line[start:start + limit]
        cuts = [m.end() for m in _CUT.finditer(window, limit // 2)]
        cut = cuts[-1] if cuts else (window.rfind(" ", limit // 2) + 1 or limit)
        pieces.append(line[start:start + cut].strip())
        start += cut
    pieces.append(line[start:].strip())
    return [p for p in pieces if p]


def corpus_repeats(documents: list[Document], min_files: int = 3) -> frozenset[str]:
    """Short lines found in many files of the corpus: site furniture."""
    counts: Counter[str] = Counter()
    for doc in documents:
        counts.update({l.lower() for _, l in split_lines(doc.text) if not is_prose(l)})
    threshold = max(min_files, len(documents) // 10 + 1)
    return frozenset(l for l, c in counts.items() if c >= threshold)


def clean(doc: Document, repeated: frozenset[str] = frozenset(), keep_boilerplate: bool = False) -> CleanDocument:
    lines = split_lines(doc.text)
    if keep_boilerplate:
        return CleanDocument(doc, [l for _, l in lines])
    prose = [i for i, (_, l) in enumerate(lines) if is_prose(l)]
    runs = _label_runs(lines)
    first, last = (prose[0], prose[-1]) if prose else (0, len(lines) - 1)

    verdict: list[str | None] = [None] * len(lines)  # None: content
    metadata_lines: list[str] = []
    title_line = None
    seen: Counter[str] = Counter(l.lower() for _, l in lines)
    emitted: set[str] = set()

    for i, (_, line) in enumerate(lines):
        key = line.lower()
        kind = metadata_kind(line)
        short = not is_prose(line)
        if kind:
            verdict[i] = f"metadata line ({kind})"
            metadata_lines.append(line)
        elif key in emitted:
            verdict[i] = "repeated in this article"
        elif short and key in repeated:
            verdict[i] = "repeated across the corpus"
        elif short and seen[key] > 1:
            verdict[i] = "repeated label"
        elif short and _NUMERIC.match(line):
            verdict[i] = "counter or number"
        elif short and (cat := furniture_category(line)):
            verdict[i] = f"page furniture ({cat})"
        elif short and (i < first or i > last):
            if i < first and title_line is None and looks_like_title(line):
                title_line = line
                verdict[i] = "title"
            else:
                verdict[i] = "outside the article" if i < first else "after the article"
        elif short and _in_label_run(lines, i, runs):
            verdict[i] = "list of links or headlines"
        emitted.add(key)

    paragraphs = [l for (_, l), v in zip(lines, verdict) if v is None]
    dropped = [DroppedBlock(l, v, no) for (no, l), v in zip(lines, verdict) if v not in (None, "title")]
    if not paragraphs and lines:
        # Nothing looked like prose: keep what is left rather than lose the article.
        paragraphs = [l for (_, l), v in zip(lines, verdict) if v in ("outside the article", "after the article")]
        dropped = [d for d in dropped if d.reason not in ("outside the article", "after the article")]
    return CleanDocument(doc, paragraphs, dropped, metadata_lines, title_line)


def _label_runs(lines: list[tuple[int, str]]) -> tuple[list[int | None], list[int | None]]:
    """For each label line (short, not a sentence): the first and last index of the run
    of label lines it belongs to. One pass, so that a page of 100,000 short lines costs
    100,000 steps and not their square."""
    label = [not is_prose(l) and not _SENTENCE_END.search(l) for _, l in lines]
    first, last = list(range(len(lines))), list(range(len(lines)))
    for j in range(1, len(lines)):
        if label[j] and label[j - 1]:
            first[j] = first[j - 1]
    for j in range(len(lines) - 2, -1, -1):
        if label[j] and label[j + 1]:
            last[j] = last[j + 1]
    return [first[j] if label[j] else None for j in range(len(lines))], \
        [last[j] if label[j] else None for j in range(len(lines))]


def _in_label_run(lines: list[tuple[int, str]], i: int, runs, run: int = 3) -> bool:
    """Inside the article, three or more short non-sentence lines in a row are a link list,
    unless they are a list introduced by a sentence (content lists end with ':')."""
    first, last = runs
    lo = first[i - 1] if i > 0 and first[i - 1] is not None else i
    hi = last[i + 1] if i + 1 < len(lines) and last[i + 1] is not None else i
    if hi - lo + 1 < run:
        return False
    before = lines[lo - 1][1] if lo > 0 else ""
    return not before.rstrip().endswith(":")


def clean_all(documents: list[Document], keep_boilerplate: bool = False) -> list[CleanDocument]:
    repeated = corpus_repeats(documents) if len(documents) >= 3 else frozenset()
    return [clean(d, repeated, keep_boilerplate) for d in documents]
