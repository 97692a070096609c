"""Arrange: place each kept article in a chapter of config.yaml, and say why.

Every article is scored against every chapter with BM25 over Snowball stems: the
chapter's keywords (with their weights), title and description form the query, the
article's title (counted three times) and body the document. An editor's decisions
come first: a chapter's pinned `articles`, a `chapter:` in an article's front
matter, and `include` / `exclude` patterns. Articles that deduplication found to
report one event are kept together, in the chapter where they score best as a group.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from .config import ChapterConfig, Config
from .model import Article, Chapter, DedupResult, Placement
from .textsim import stems

K1, B = 1.2, 0.75
TITLE_WEIGHT = 3
DESCRIPTION_WEIGHT = 0.5
TITLE_TERM_WEIGHT = 1.0
SEE_ALSO_RATIO = 0.75  # a runner-up within this share of the best score is cross-referenced
OTHER_ID = "other"
BACKGROUND_DOCS = 20


def _query(chapter: ChapterConfig, language: str) -> dict[tuple[str, ...], float]:
    """Chapter -> {stem sequence: weight}. Keywords may be phrases."""
    # 'cable' and 'cables' are one stem: a term counts once, at its highest weight.
    query: dict[tuple[str, ...], float] = defaultdict(float)
    sources = [(keyword, weight) for keyword, weight in chapter.keywords.items()]
    sources += [(word, TITLE_TERM_WEIGHT) for word in chapter.title.split()]
    sources += [(word, DESCRIPTION_WEIGHT) for word in chapter.description.split()]
    for text, weight in sources:
        key = tuple(stems(text, language))
        if key:
            query[key] = max(query[key], weight)
    return dict(query)


def _count(seq: list[str], phrase: tuple[str, ...]) -> int:
    if len(phrase) == 1:
        return seq.count(phrase[0])
    n = len(phrase)
    return sum(1 for i in range(len(seq) - n + 1) if tuple(seq[i:i + n]) == phrase)


def score_articles(articles: list[Article], config: Config) -> dict[str, dict[str, tuple[float, list[str]]]]:
    """article id -> chapter id -> (BM25 score, the terms that contributed most)."""
    language = config.language.split("-")[0]
    docs = {}
    for a in articles:
        title = stems(a.title.value or "", language)
        docs[a.id] = title * TITLE_WEIGHT + stems(a.text, language)
    queries = {c.id: _query(c, language) for c in config.chapters}
    n = len(docs) or 1
    avg = sum(len(d) for d in docs.values()) / n or 1.0
    # Phrase document frequencies, over every phrase any chapter asks for.
    phrases = {p for q in queries.values() for p in q}
    counts = {aid: {p: _count(d, p) if len(p) > 1 else 0 for p in phrases} for aid, d in docs.items()}
    unigrams = {aid: Counter(d) for aid, d in docs.items()}
    for aid in docs:
        for p in phrases:
            if len(p) == 1:
                counts[aid][p] = unigrams[aid][p[0]]
    df = Counter(p for aid in docs for p in phrases if counts[aid][p])

    scores: dict[str, dict[str, tuple[float, list[str]]]] = {}
    for aid, doc in docs.items():
        length = len(doc)
        scores[aid] = {}
        for cid, query in queries.items():
            total, parts = 0.0, []
            for phrase, weight in query.items():
                tf = counts[aid][phrase]
                if not tf:
                    continue
                # Smoothed as if BACKGROUND_DOCS more articles lacked the term: in a small
                # corpus raw IDF turns chance differences into large weights.
                idf = math.log((n + BACKGROUND_DOCS - df[phrase] + 0.5) / (df[phrase] + 0.5) + 1)
                part = weight * idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / avg))
                total += part
                parts.append((part, " ".join(phrase), tf))
            parts.sort(reverse=True)
            scores[aid][cid] = (round(total, 3), [f"{t} ×{tf}" for _, t, tf in parts[:5]])
    return scores


def _matches(patterns: list[str], article: Article) -> bool:
    text = f"{article.title.value or ''}\n{article.text}"
    return any(re.search(p, text, re.I) for p in patterns)


def assign(dedup: DedupResult, config: Config) -> tuple[list[Chapter], dict[str, Placement]]:
    articles = dedup.kept
    scores = score_articles(articles, config)
    by_id = {a.id: a for a in articles}
    chapter_ids = [c.id for c in config.chapters]
    chapter_config = {c.id: c for c in config.chapters}
    placements: dict[str, Placement] = {}

    pinned = {}
    for c in config.chapters:
        for aid in c.articles:
            if aid in by_id and aid not in pinned:
                pinned[aid] = c.id

    def decide(a: Article) -> Placement:
        # Highest score first; ties go to the chapter that comes first in the book.
        ranked = sorted(((scores[a.id][cid][0], -i, cid) for i, cid in enumerate(chapter_ids)), reverse=True)
        if a.id in pinned:
            cid = pinned[a.id]
            return Placement(a.id, cid, scores[a.id][cid][0], "pinned by the editor (chapter articles list)",
                             terms=scores[a.id][cid][1])
        if a.front_matter_chapter in chapter_ids:
            cid = a.front_matter_chapter
            return Placement(a.id, cid, scores[a.id][cid][0], "chosen in the article's front matter",
                             terms=scores[a.id][cid][1])
        for c in config.chapters:
            if c.include and _matches(c.include, a) and not (c.exclude and _matches(c.exclude, a)):
                return Placement(a.id, c.id, scores[a.id][c.id][0], "matches the chapter's include pattern",
                                 terms=scores[a.id][c.id][1])
        eligible = [(s, i, cid) for s, i, cid in ranked
                    if s > 0 and s >= chapter_config[cid].min_score
                    and not (chapter_config[cid].exclude and _matches(chapter_config[cid].exclude, a))]
        if not eligible:
            return Placement(a.id, None, 0.0, "no chapter's keywords, title or description occur in it")
        best = eligible[0]
        second = eligible[1] if len(eligible) > 1 else (0.0, 0, None)
        terms = scores[a.id][best[2]][1]
        reason = f"best score {best[0]:.1f}"
        if second[2]:
            reason += f", ahead of '{second[2]}' ({second[0]:.1f}, margin {best[0] - second[0]:.1f})"
        reason += f"; decided by: {', '.join(terms)}"
        return Placement(a.id, best[2], best[0], reason, second[2], second[0], terms)

    for a in articles:
        placements[a.id] = decide(a)

    # Same-event groups stay together, in the chapter the group scores best in as a whole.
    for group in dedup.groups:
        free = [aid for aid in group if placements[aid].reason.startswith(("best score", "no chapter"))]
        if len(free) < 2:
            continue
        totals = {cid: sum(scores[aid][cid][0] for aid in free) for cid in chapter_ids}
        target = max(chapter_ids, key=lambda cid: (totals[cid], -chapter_ids.index(cid)))
        if totals[target] <= 0:
            continue
        for aid in free:
            p = placements[aid]
            if p.chapter_id != target:
                placements[aid] = Placement(
                    aid, target, scores[aid][target][0],
                    f"kept with the other reports of the same event ({', '.join(g for g in group if g != aid)}); "
                    f"on its own it would go to '{p.chapter_id}' ({p.reason})",
                    p.chapter_id, p.score, scores[aid][target][1])

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
    for chapter in chapters:
        cc = chapter_config.get(chapter.id)
        chapter.articles = order_articles(chapter.articles, cc.order if cc else "date",
                                          cc.articles if cc else [], placements, groups)
        for a in articles:
            p = placements[a.id]
            if (p.runner_up == chapter.id and p.chapter_id != chapter.id and p.score > 0
                    and p.runner_up_score >= SEE_ALSO_RATIO * p.score):
                chapter.see_also.append(a.id)
    return chapters, placements


def _date_key(a: Article, descending: bool = False):
    d = a.date_value
    if d is None:
        return (1, 0, a.display_title.lower())  # unknown dates last
    return (0, -d.toordinal() if descending else d.toordinal(), a.display_title.lower())


def order_articles(articles: list[Article], order: str, pins: list[str], placements, groups) -> list[Article]:
    pinned = [a for pid in pins for a in articles if a.id == pid]
    rest = [a for a in articles if a.id not in pins]
    if order == "relevance":
        rest.sort(key=lambda a: (-placements[a.id].score, _date_key(a)))
    elif order == "manual":
        rest.sort(key=lambda a: a.id)
    else:
        rest.sort(key=lambda a: _date_key(a, order == "date-desc"))
    # Keep same-event reports adjacent: the group sits where its first member falls,
    # fullest report first, then by date.
    out, placed = [], set()
    for a in rest:
        if a.id in placed:
            continue
        g = groups.get(a.id)
        members = [a] if g is None else [b for b in rest if groups.get(b.id) == g]
        if len(members) > 1:
            members.sort(key=lambda b: (-b.word_count, _date_key(b)))
        out.extend(members)
        placed.update(b.id for b in members)
    return pinned + out

