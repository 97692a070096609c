"""Arrange: place each kept article in a chapter of config.yaml, and say why.

Scoring is lexical and deterministic. Each chapter becomes a weighted vector of
Snowball stems: its keywords (with the editor's weights; phrases stay phrases, so
"memo" never matches inside "memoir"), the words of its title and, at half weight, of
its description. Each article becomes a vector of the stems of its title (counted
three times) and body, with BM25's saturating term frequency. Every term is weighted
by its rarity: inverse document frequency in this corpus, smoothed by a background of
ordinary text (wordfreq), so that even in a handful of articles "use" or "north" never
outweighs "defector", and a term found in every article counts little.

The score is the cosine of the two vectors, from 0 (no word in common) to 1, so a
chapter with a long description or many keywords has no head start. No weight depends
on the other chapters: adding, deleting or reordering chapters never moves an article
between the chapters that remain.

An article fits a chapter if it scores at least OTHER_SHARE of what the article that
fits that chapter best scores (and the chapter's `min_score`); it goes to the best
chapter it fits, or, fitting none, to "Other reports". An editor's decisions come
first: pinned `articles`, a `chapter:` in front matter, and `include` / `exclude`
patterns. Same-event groups from deduplication are placed together where that is a
close call for each member.
"""
from __future__ import annotations

import difflib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from operator import mul

from . import parallel
from .clean import word_frequency
from .config import ChapterConfig, Config
from .errors import ConfigError
from .model import Article, Chapter, DedupResult, Placement
from .textsim import stem_words, stems, tokens

K1, B = 1.2, 0.75  # BM25 term-frequency saturation and length normalisation
TITLE_REPEAT = 3  # an article's title words count as often as this
TITLE_TERM_WEIGHT = 1.0  # weight of a chapter title's words
DESCRIPTION_WEIGHT = 0.5  # weight of a chapter description's words
BACKGROUND_DOCS = 50  # how many ordinary-English articles smooth the corpus frequencies
DOC_WORDS = 400  # typical article length, to turn a word's frequency into P(in an article)
SEE_ALSO_RATIO = 0.75  # a runner-up within this share of the best score is cross-referenced
OTHER_SHARE = 0.15  # below this share of a chapter's best-fitting article's score: does not fit it
EXPLAIN_TERMS = 5
RARE_FREQUENCY = 1e-7  # a word missing from wordfreq's list of common words (it stops at 1e-6)
OTHER_ID = "other"
_EXTENSIONS = {"txt", "text", "md", "markdown", "html", "htm"}


@dataclass
class Score:
    """How well one article fits one chapter: cosine similarity and its largest parts."""

    value: float
    terms: list[tuple[str, int, float]] = field(default_factory=list)  # (term, count, share of the score)

    def explain(self) -> list[str]:
        return [f"{term} ×{count}" for term, count, _ in self.terms]


@dataclass
class _Query:
    weights: dict[tuple[str, ...], float]  # stem sequence -> weight
    labels: dict[tuple[str, ...], str]  # stem sequence -> the editor's wording


def _chapter_query(chapter: ChapterConfig, language: str) -> _Query:
    """Chapter -> weighted stem sequences; keywords may be phrases."""
    weights: dict[tuple[str, ...], float] = defaultdict(float)
    labels: dict[tuple[str, ...], str] = {}
    sources = [(keyword, weight) for keyword, weight in chapter.keywords.items()]
    sources += [(word, TITLE_TERM_WEIGHT) for word in chapter.title.split()]
    sources += [(word, DESCRIPTION_WEIGHT) for word in chapter.description.split()]
    for text, weight in sources:
        key = tuple(stems(text, language))
        if key and weight > 0:
            # 'cable' and 'cables' are one stem: a term counts once, at its highest weight.
            if weight > weights[key]:
                labels[key] = " ".join(tokens(text))
            weights[key] = max(weights[key], weight)
    return _Query(dict(weights), labels)


def _as_written(folded: str, text: str) -> str | None:
    """`folded` ('foreign ministry') as `text` writes it within sentences: lower case if
    it is ever written so (a common noun), else its most frequent capitals ('Foreign
    Ministry'); None if the text never writes it so (other accents, other dashes)."""
    words = folded.split()
    if not words or not text:
        return None
    pattern = re.compile(r"(?<![^\W_])" + r"\s+".join(map(re.escape, words)) + r"(?![^\W_])", re.I)
    # Only where a sentence goes on: a capital after a full stop or at a line's start says nothing.
    forms = Counter(" ".join(m.group(0).split()) for m in pattern.finditer(text)
                    if _MID_SENTENCE.search(text, max(0, m.start() - 3), m.start()))
    if any(form.islower() for form in forms):
        return folded if folded.islower() else min(f for f in forms if f.islower())  # a common noun
    return forms.most_common(1)[0][0] if forms else None


_MID_SENTENCE = re.compile(r"[^\W_][,;:]?\s+$|[(,;:]\s*$")


LABEL_TRIES = 5  # articles searched for how a term is written before its folded form stands


@lru_cache(maxsize=64)
def _has_background(language: str) -> bool:
    try:
        import wordfreq
    except ImportError:  # pragma: no cover
        return False
    return language in wordfreq.available_languages()


@lru_cache(maxsize=65536)
def _stem(word: str, language: str) -> str | None:
    """The stem of a word as `tokens` gives it; None for a stop word. An ASCII word is its
    own only token (nothing to fold, already lower case), so it is not tokenised again."""
    found = stem_words([word], language) if word.isascii() else stems(word, language)
    return found[0] if found else None


def _count(seq: list[str], phrase: tuple[str, ...]) -> int:
    """How often a phrase occurs in a stem sequence (overlapping occurrences too). Its
    first stem is looked for with list.index, in C: most stems of an article are not it."""
    n, first = len(phrase), phrase[0]
    found, i = 0, -1
    while True:
        try:
            i = seq.index(first, i + 1)
        except ValueError:
            return found
        if tuple(seq[i:i + n]) == phrase:
            found += 1


class _Corpus:
    """The articles as stem vectors, with the rarity of every term."""

    def __init__(self, articles: list[Article], queries: dict[str, _Query], language: str):
        self.language = language
        self.texts = {a.id: a.text for a in articles}  # for labels only (titles are in title case)
        self.surface: dict[str, Counter] = defaultdict(Counter)  # stem -> surface words seen
        self.docs: dict[str, list[str]] = {}
        stem_of: dict[str, str | None] = {}  # word -> its stem (None: a stop word)
        seen: Counter = Counter()  # every word, how often, in the order first seen
        for a in articles:
            title = self._stems(a.title.value or "", stem_of, seen)
            self.docs[a.id] = title * TITLE_REPEAT + self._stems(a.text, stem_of, seen)
        for word, n in seen.items():  # words of one stem in the order first seen
            if stem_of[word]:
                self.surface[stem_of[word]][word] += n
        for q in queries.values():
            for key, label in q.labels.items():
                if len(key) == 1:
                    self.surface[key[0]][label] += 0  # known, but not counted as seen in text
        phrases = {p for q in queries.values() for p in q.weights if len(p) > 1}
        self.phrase_labels = {p: label for q in queries.values() for p, label in q.labels.items() if len(p) > 1}
        self.counts: dict[str, Counter] = {}
        for aid, doc in self.docs.items():
            # Counted as stems first (in C), then keyed as one-stem terms: same counts,
            # same order (of first occurrence) as counting the terms one by one.
            stem_counts = Counter(doc)
            counts = Counter(dict(zip(zip(stem_counts), stem_counts.values())))  # stem -> (stem,), in C
            for p in phrases:
                if (p[0],) in counts:  # a phrase can only occur where its first stem does
                    c = _count(doc, p)
                    if c:
                        counts[p] = c
            self.counts[aid] = counts
        self.n = len(self.docs)
        self.avg_len = (sum(len(d) for d in self.docs.values()) / self.n) if self.n else 1.0
        self.df = Counter(chain.from_iterable(self.counts.values()))
        self._idf: dict[tuple[str, ...], float] = {}
        self._labels: dict[tuple[str, ...], str] = {}
        self._tries: Counter = Counter()
        idf = {t: self.idf(t) for t in self.df}  # once per term, not once per term and article
        self.vectors = {aid: self._vector(aid, idf) for aid in self.docs}
        self.norms = {aid: math.sqrt(sum(map(mul, vec.values(), vec.values()))) or 1.0
                      for aid, vec in self.vectors.items()}

    def _stems(self, text: str, stem_of: dict[str, str | None], seen: Counter) -> list[str]:
        """The text's stems; its words counted in `seen`. Word by word in C where it can
        be: a corpus of 20,000 articles has millions of words but few distinct ones."""
        words = tokens(text)
        seen.update(words)
        if len(seen) > len(stem_of):  # some word is new (`stem_of` has a stem for every word seen)
            for word in set(words).difference(stem_of):
                stem_of[word] = _stem(word, self.language)
        return list(filter(None, map(stem_of.__getitem__, words)))  # None: a stop word

    def background(self, term: tuple[str, ...]) -> float:
        """Chance that an ordinary article in this language contains the term."""
        if not _has_background(self.language):
            return 0.05
        if len(term) > 1:
            freq = word_frequency(self.phrase_labels.get(term, " ".join(term)), self.language)
        else:
            freq = sum(word_frequency(w, self.language) for w in self.surface.get(term[0], {term[0]: 0}))
        freq = max(freq, RARE_FREQUENCY)
        return 1 - math.exp(-DOC_WORDS * freq)

    def idf(self, term: tuple[str, ...]) -> float:
        if term not in self._idf:
            expected = self.df[term] + BACKGROUND_DOCS * self.background(term)
            self._idf[term] = math.log((self.n + BACKGROUND_DOCS + 1) / (expected + 0.5))
        return self._idf[term]

    def _vector(self, aid: str, idf: dict[tuple[str, ...], float]) -> dict[tuple[str, ...], float]:
        length = len(self.docs[aid])
        norm = K1 * (1 - B + B * length / (self.avg_len or 1.0))
        return {t: idf[t] * tf * (K1 + 1) / (tf + norm) for t, tf in self.counts[aid].items()}

    def label(self, term: tuple[str, ...], aid: str | None = None) -> str:
        """A term as a reader would write it: the form these articles use most, with the
        capitals and accents of article `aid` (which has it) where that spells it alike."""
        if term in self._labels:  # asked for again for every article that has the term
            return self._labels[term]
        if len(term) > 1:
            folded = self.phrase_labels.get(term, " ".join(term))
        else:
            forms = self.surface.get(term[0])
            folded = forms.most_common(1)[0][0] if forms else term[0]
        written = _as_written(folded, self.texts.get(aid, ""))
        self._tries[term] += 1
        if written is not None or self._tries[term] >= LABEL_TRIES:  # else another article may show it
            self._labels[term] = written or folded
        return written or folded


def _unit(vector: dict) -> dict:
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def score_articles(articles: list[Article], config: Config) -> dict[str, dict[str, Score]]:
    """article id -> chapter id -> Score (cosine similarity, 0 to 1)."""
    language = config.language.split("-")[0].lower()
    queries = {c.id: _chapter_query(c, language) for c in config.chapters}
    if not articles or not queries:
        return {a.id: {} for a in articles}
    corpus = _Corpus(articles, queries, language)
    # Each chapter is weighed on its own terms: no weight depends on the other chapters,
    # so that adding, deleting or reordering chapters never moves an article between
    # the chapters that remain. Words common to the whole corpus or to ordinary text
    # ("North Korea", "human rights", "use") already count little through their rarity.
    base = {cid: _unit({t: w * corpus.idf(t) for t, w in q.weights.items()}) for cid, q in queries.items()}
    # An article's terms that some chapter asks for, in the vector's order (the order the
    # parts of a score are summed in): the other terms of the vector are skipped once.
    asked = {t for query in base.values() for t in query}
    shared = {aid: [(t, vec[t]) for t in filter(asked.__contains__, vec)] for aid, vec in corpus.vectors.items()}

    def cosine(aid: str, query: dict) -> Score:
        parts = [(query[t] * v, t) for t, v in shared[aid] if t in query]
        total = sum(p for p, _ in parts)
        value = total / corpus.norms[aid]
        parts.sort(key=lambda p: (-p[0], p[1]))
        terms = [(corpus.label(t, aid), corpus.counts[aid][t], round(p / total, 3))
                 for p, t in parts[:EXPLAIN_TERMS] if p > 0]
        return Score(round(value, 4), terms)

    return {aid: {cid: cosine(aid, q) for cid, q in base.items()} for aid in corpus.docs}


def _matches(patterns: list[str], article: Article) -> bool:
    text = f"{article.title.value or ''}\n{article.text}"
    return any(re.search(p, text, re.I) for p in patterns)


def _median(values: list[float]) -> float:
    values = sorted(values)
    if not values:
        return 0.0
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


@parallel.cycle_collector_paused
def assign(dedup: DedupResult, config: Config) -> tuple[list[Chapter], dict[str, Placement]]:
    """Chapters in book order (plus "Other reports" if configured and needed), and for
    every kept article the placement with its reason."""
    articles = dedup.kept
    scores = score_articles(articles, config)
    by_id = {a.id: a for a in articles}
    chapter_ids = [c.id for c in config.chapters]
    chapter_config = {c.id: c for c in config.chapters}
    titles = {c.id: c.title for c in config.chapters}

    pins = _pins(config, set(by_id), dedup.merged)
    pinned = {aid: cid for cid, ids in pins.items() for aid in ids}

    def score(aid: str, cid: str | None) -> float:
        return scores[aid][cid].value if cid in scores.get(aid, {}) else 0.0

    def ranked(a: Article) -> list[str]:
        """Chapters with any match not excluded for this article, best first; ties go to the earlier chapter."""
        order = sorted(chapter_ids, key=lambda cid: (-score(a.id, cid), chapter_ids.index(cid)))
        return [cid for cid in order if score(a.id, cid) > 0
                and not (chapter_config[cid].exclude and _matches(chapter_config[cid].exclude, a))]

    # What it takes to fit a chapter: a share of what the article that fits it best scores
    # (or of the typical article's best score, for a chapter nothing fits well), and at
    # least the editor's min_score. Per chapter, so that deleting one chapter does not
    # change what fits another.
    typical = _median([max((score(a.id, cid) for cid in chapter_ids), default=0.0) for a in articles])
    reference = {cid: max([typical] + [score(a.id, cid) for a in articles]) for cid in chapter_ids}
    floors = {cid: max(chapter_config[cid].min_score, OTHER_SHARE * reference[cid]) for cid in chapter_ids}

    def placed(a: Article, cid: str | None, basis: str, reason: str, runner_up: str | None = None) -> Placement:
        return Placement(a.id, cid, score(a.id, cid), reason, runner_up, score(a.id, runner_up),
                         explain(a.id, cid), basis, explain(a.id, runner_up))

    def explain(aid: str, cid: str | None) -> list[str]:
        return scores[aid][cid].explain() if cid in scores.get(aid, {}) else []

    def best_other(a: Article, cid: str | None) -> str | None:
        return next((c for c in ranked(a) if c != cid), None)

    def decide(a: Article) -> Placement:
        if a.id in pinned:
            cid = pinned[a.id]
            return placed(a, cid, "pinned", "pinned by the editor (the chapter's articles list)", best_other(a, cid))
        if a.front_matter_chapter in chapter_ids:
            cid = a.front_matter_chapter
            return placed(a, cid, "front matter", "chosen in the article's front matter (chapter:)",
                          best_other(a, cid))
        for c in config.chapters:
            if c.include and _matches(c.include, a) and not (c.exclude and _matches(c.exclude, a)):
                return placed(a, c.id, "include", "matches the chapter's include pattern", best_other(a, c.id))
        candidates = ranked(a)
        if not candidates:
            return placed(a, None, "unplaced", "no chapter's keywords, title or description occur in it")
        fitting = [cid for cid in candidates if score(a.id, cid) >= floors[cid]]
        if not fitting:
            best = candidates[0]
            why = (f"the editor's min_score {chapter_config[best].min_score:.2f}"
                   if floors[best] == chapter_config[best].min_score and floors[best] > 0 else
                   f"{OTHER_SHARE:.0%} of the best-fitting article's {reference[best]:.2f}")
            return placed(a, None, "unplaced", f"its best match, “{titles[best]}” at {score(a.id, best):.2f}, is below "
                          f"the {floors[best]:.2f} that chapter asks for ({why})", best)
        best = fitting[0]
        runner_up = next((cid for cid in candidates if cid != best), None)
        return placed(a, best, "score", _reason(a.id, best, runner_up, scores, titles), runner_up)

    placements = {a.id: decide(a) for a in articles}
    for a in articles:
        if a.front_matter_chapter and a.front_matter_chapter not in chapter_ids:
            placements[a.id].reason += (f" (its front matter names chapter '{a.front_matter_chapter}', "
                                        "which config.yaml does not define)")
    _keep_groups_together(dedup.groups, placements, scores, titles)

    chapters = [Chapter(c.id, c.title, c.description, c.intro) for c in config.chapters]
    index = {c.id: c for c in chapters}
    unplaced = [a for a in articles if placements[a.id].chapter_id is None]
    if unplaced and config.unplaced == "other":
        other = Chapter(OTHER_ID if OTHER_ID not in index else "other-reports", config.other_title,
                        "Articles that fit none of the chapters above.")
        chapters.append(other)
        index[other.id] = other
        for a in unplaced:
            placements[a.id].chapter_id = other.id
    for a in articles:
        cid = placements[a.id].chapter_id
        if cid is not None:
            index[cid].articles.append(a)

    groups = {aid: i for i, g in enumerate(dedup.groups) for aid in g}
    file_order = {a.id: i for i, a in enumerate(articles)}
    for chapter in chapters:
        cc = chapter_config.get(chapter.id)
        chapter.articles = order_articles(chapter.articles, cc.order if cc else "date",
                                          pins.get(chapter.id, []), placements, groups, file_order)
    # Cross-references: an article whose runner-up chapter scores close to the chapter
    # it is in is listed under "See also" in the runner-up.
    for a in articles:
        p = placements[a.id]
        if (p.runner_up in index and p.chapter_id in chapter_config and p.runner_up != p.chapter_id
                and p.runner_up_score > 0 and p.runner_up_score >= SEE_ALSO_RATIO * p.score):
            index[p.runner_up].see_also.append(a.id)
    return chapters, placements


def _chapter_key_line(config: Config, index: int, key: str) -> int | None:
    """The line of `key` in the config's `index`-th chapter, for an error found after
    loading (the articles must be read before a pin can be checked)."""
    if not config.path:
        return None
    from .yamlsafe import load_yaml_file

    try:
        chapter = load_yaml_file(config.path)["chapters"][index]
        return chapter.lines.get(key) or chapter.line
    except Exception:  # the file changed since it was loaded: the message has no line
        return None


def _pins(config: Config, kept: set[str], merged: dict[str, str]) -> dict[str, list[str]]:
    """chapter id -> pinned article ids, in the editor's order; a pinned article that
    deduplication merged stands for the article it was merged into."""
    pins: dict[str, list[str]] = {}
    for i, c in enumerate(config.chapters):
        for aid in c.articles:
            if aid not in kept and aid not in merged:
                # sources.yaml is keyed by file name, so editors pin "a.md" as naturally as "a".
                stem = aid.rsplit(".", 1)[0] if aid.rsplit(".", 1)[-1].lower() in _EXTENSIONS else aid
                aid = stem if stem in kept or stem in merged else aid
            target = merged.get(aid, aid)
            if target not in kept:
                hint = difflib.get_close_matches(aid, sorted(kept | set(merged)), n=1, cutoff=0.6)
                raise ConfigError(f"pinned article '{aid}' is not among the articles read (ids are file names "
                                  "without extension)" + (f"; did you mean '{hint[0]}'?" if hint else ""),
                                  path=str(config.path) if config.path else "config.yaml",
                                  line=_chapter_key_line(config, i, "articles"), key=f"chapters[{i}].articles")
            if target not in pins.get(c.id, []):
                pins.setdefault(c.id, []).append(target)
    return pins


def _reason(aid: str, best: str, runner_up: str | None, scores, titles: dict[str, str]) -> str:
    value = scores[aid][best].value
    reason = f"fits “{titles[best]}” best (similarity {value:.2f})"
    if runner_up:
        other = scores[aid][runner_up].value
        reason += f", ahead of “{titles[runner_up]}” ({other:.2f}, margin {value - other:.2f})"
    return reason + f"; decided by: {', '.join(scores[aid][best].explain())}"


def _keep_groups_together(groups: list[list[str]], placements: dict[str, Placement], scores,
                          titles: dict[str, str]) -> None:
    """Same-event reports go to the chapter most of them chose on their own.

    A member moves only if the group's chapter is a close call for it (or it fits no
    chapter on its own). A group of three or more without a two-thirds majority is left
    alone: a chain of "same story" links can join articles on different subjects. A
    pair that disagrees goes where the two score best together."""
    for group in groups:
        # Only placements made by scoring move; an editor's decision stands.
        free = [aid for aid in group if aid in placements and placements[aid].basis in ("score", "unplaced")
                and (placements[aid].chapter_id or placements[aid].runner_up)]
        if len(free) < 2:
            continue
        votes = Counter(placements[aid].chapter_id for aid in free if placements[aid].chapter_id)
        if not votes:
            continue
        target, count = min(votes.items(), key=lambda kv: (-kv[1], -sum(scores[aid][kv[0]].value for aid in free),
                                                           list(titles).index(kv[0])))
        if len(free) > 2 and 3 * count < 2 * len(free):
            continue  # no two-thirds majority: the "group" spans several subjects
        for aid in free:
            p = placements[aid]
            value = scores[aid][target].value
            if p.chapter_id == target or value <= 0 or (p.chapter_id and value < SEE_ALSO_RATIO * p.score):
                continue
            others = ", ".join(g for g in group if g != aid)
            own = f"“{titles[p.chapter_id]}” ({p.reason})" if p.chapter_id else f"no chapter ({p.reason})"
            placements[aid] = Placement(
                aid, target, value, f"kept with the other reports of the same event ({others}); on its own: {own}",
                p.chapter_id or p.runner_up, p.score if p.chapter_id else p.runner_up_score,
                scores[aid][target].explain(), "same event", p.terms if p.chapter_id else p.runner_up_terms)


def _date_key(a: Article, descending: bool = False):
    d = a.date_value
    if d is None:
        return (1, 0, a.display_title.lower())  # unknown dates last
    return (0, -d.toordinal() if descending else d.toordinal(), a.display_title.lower())


def order_articles(articles: list[Article], order: str, pins: list[str], placements, groups,
                   file_order: dict[str, int] | None = None) -> list[Article]:
    """Pinned articles first, in the editor's order; then the rest by `order`:
    `date` (oldest first, unknown dates last), `date-desc`, `relevance` (best score
    first, reports of the same event next to each other) or `manual` (the order of the
    files in the seeds folder)."""
    file_order = file_order or {}
    pinned = [a for pid in pins for a in articles if a.id == pid]
    rest = [a for a in articles if a.id not in pins]
    if order == "relevance":
        rest.sort(key=lambda a: (-placements[a.id].score, _date_key(a)))
    elif order == "manual":
        rest.sort(key=lambda a: (file_order.get(a.id, len(file_order)), a.id))
        return pinned + rest  # the editor's order is kept exactly
    else:
        rest.sort(key=lambda a: _date_key(a, order == "date-desc"))
        return pinned + rest  # a timeline: dates in order, whatever the groups
    # Keep same-event reports adjacent: the group sits where its first member falls,
    # fullest report first, then by date.
    out, seen = [], set()
    for a in rest:
        if a.id in seen:
            continue
        g = groups.get(a.id)
        members = [a] if g is None else [b for b in rest if groups.get(b.id) == g]
        if len(members) > 1:
            members.sort(key=lambda b: (-b.word_count, _date_key(b)))
        out.extend(members)
        seen.update(b.id for b in members)
    return pinned + out
