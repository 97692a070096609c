"""Deduplication: identical files, near-identical copies, rewrites, repeated passages.

* identical: the same text after folding case, accents and white space;
* copy: MinHash/LSH (datasketch) proposes pairs whose word 5-shingles overlap, and
  the exact containment of the shorter in the longer confirms them, so the cost grows
  with the corpus rather than with the number of pairs;
* rewrite: a summary or paraphrase of another article. Shingles miss these, so a pair
  of articles sharing names is scored on several signals: how much of one article's
  names and numbers the other contains, how closely its sentences match the other's,
  whether it follows the same order, and whether it declares the other as its source;
* same-event: articles sharing many names but none of the above are independent
  reports of one event: all kept, and grouped together in their chapter;
* passage: a paragraph that another kept article already carries is kept once.
Every decision is recorded with its score; config overrides win over scores.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from .clean import STOP_WORDS
from .config import DedupConfig
from .model import Article, DedupResult, Relation
from .textsim import fold, sentences, stems, tokens

NUM_PERM = 128
SHINGLE = 5
LSH_THRESHOLD = 0.3  # well below copy_threshold: LSH at the target itself misses pairs
MIN_PASSAGE_WORDS = 12
LEAD_WORDS = 150
SAME_EVENT_THRESHOLD = 0.06  # TF-IDF cosine of the two leads


@dataclass
class _Profile:
    """What deduplication needs to know of one article, computed once."""

    article: Article
    digest: str
    shingles: set[str]
    entities: set[str]
    numbers: set[str]
    sentence_vectors: list[Counter]
    lead: Counter  # stems of the first ~150 words, where news states its event
    words: int


_CAP = re.compile(r"[A-Z][\w.’'-]*")
_CONNECTORS = {"of", "the", "for", "on", "de", "la", "del", "al"}
_POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")


def entities(text: str) -> set[str]:
    """Names: runs of capitalised words (with 'of', 'for'... inside), folded so that
    'Kim Jong Un', 'Kim Jong-un' and 'U.N.'/'UN' meet. A possessive ends a name; a
    capitalised stop word ('The', 'In') or a lone word at a sentence start is not one."""
    out = set()
    for sent in sentences(text):
        words = sent.split()
        run: list[str] = []
        start = 0

        def flush():
            while run and run[-1].lower() in _CONNECTORS:
                run.pop()
            if run and not (start == 0 and len(run) == 1):
                key = re.sub(r"[\s.’'-]+", "", fold(" ".join(run)))
                if len(key) > 2:
                    out.add(key)
            run.clear()

        for i, raw in enumerate(words):
            word = raw.strip("\"“”‘’()[],;:!?")
            possessive = bool(_POSSESSIVE.search(word))
            word = _POSSESSIVE.sub("", word).rstrip(".") if not re.fullmatch(r"(?:[A-Z]\.)+", word) else word
            if word and _CAP.fullmatch(word) and word.lower() not in STOP_WORDS:
                if not run:
                    start = i
                run.append(word)
            elif run and word.lower() in _CONNECTORS and not raw.endswith((",", ".")):
                run.append(word)
                continue
            else:
                flush()
                continue
            if possessive or raw.endswith((",", ";", ":")) or (raw.endswith(".") and len(word) > 3):
                flush()
        flush()
    return out


def _profile(article: Article) -> _Profile:
    text = article.text
    words = tokens(text)
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    return _Profile(
        article=article,
        digest=hashlib.sha256(" ".join(words).encode()).hexdigest(),
        shingles=shingles,
        entities=entities(text),
        numbers={w for w in words if w.isdigit() and len(w) >= 2},
        sentence_vectors=[Counter(stems(s)) for s in sentences(text)],
        lead=Counter(stems(" ".join(text.split()[:LEAD_WORDS]))),
        words=len(words),
    )


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def containment(a: set, b: set, weight=None) -> float:
    """Share of a that is in b, each element weighted (by rarity) when weights are given."""
    if not a:
        return 0.0
    w = weight or (lambda _: 1.0)
    total = sum(w(x) for x in a)
    return sum(w(x) for x in a & b) / total if total else 0.0


def rewrite_score(a: _Profile, b: _Profile, weight=None) -> tuple[float, str]:
    """How much a looks like a rewrite of b (0-1), and the signals behind it.
    Names and numbers are weighted by rarity in the corpus: sharing 'North Korea'
    says nothing, sharing a minor official's name says a lot."""
    names = containment(a.entities, b.entities, weight)
    nums = containment(a.numbers, b.numbers, weight) if a.numbers else names
    best = []
    for va in a.sentence_vectors:
        scores = [(_cosine(va, vb), j) for j, vb in enumerate(b.sentence_vectors)]
        best.append(max(scores) if scores else (0.0, -1))
    sent = sum(s for s, _ in best) / len(best) if best else 0.0
    # Same order: matched sentence positions in b increase along a.
    matched = [j for s, j in best if s >= 0.3]
    pairs = [(x, y) for i, x in enumerate(matched) for y in matched[i + 1:]]
    order = sum(1 for x, y in pairs if y >= x) / len(pairs) if pairs else 0.5
    declared = _declares(a.article, b.article)
    score = 0.6 * names + 0.15 * nums + 0.1 * sent + 0.15 * order + (0.3 if declared else 0.0)
    reason = (f"contains {names:.0%} of the other's names and {nums:.0%} of its numbers (weighted by rarity); "
              f"sentence similarity {sent:.2f}; same order {order:.0%}"
              + ("; names it as its source" if declared else ""))
    return min(score, 1.0), reason


def _declares(a: Article, b: Article) -> bool:
    """a says 'Original Source: X' and X is b's outlet or address."""
    source = a.declared_source.value
    if not source:
        return False
    source = fold(str(source))
    for field in (b.outlet.value, b.url.value):
        if field:
            f = fold(str(field))
            host = re.sub(r"^(https?://)?(www\.)?", "", f).split("/")[0]
            if f in source or (host and host in source):
                return True
    return False


class _UnionFind:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, keep: str, drop: str) -> None:
        self.parent[self.find(drop)] = self.find(keep)


def deduplicate(articles: list[Article], config: DedupConfig) -> DedupResult:
    profiles = {a.id: _profile(a) for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}
    relations: dict[str, list[Relation]] = defaultdict(list)
    notes: list[str] = []
    separate = {frozenset(p) for p in config.keep_separate}
    merges: list[tuple[str, str, str, float, str]] = []  # (drop, keep, kind, score, reason)

    def fuller(x: str, y: str) -> tuple[str, str]:
        """(kept, dropped): the longer text is kept; ties go to the earlier file."""
        px, py = profiles[x], profiles[y]
        if (px.words, -order[x]) >= (py.words, -order[y]):
            return x, y
        return y, x

    def relate(x: str, y: str, kind: str, score: float, reason: str) -> None:
        relations[x].append(Relation(y, kind, round(score, 3), reason))
        relations[y].append(Relation(x, kind, round(score, 3), reason))

    # 1. identical
    by_digest: dict[str, list[str]] = defaultdict(list)
    for aid, p in profiles.items():
        by_digest[p.digest].append(aid)
    paired: set[frozenset] = set()
    for ids in by_digest.values():
        for other in ids[1:]:
            relate(ids[0], other, "identical", 1.0, "same text")
            merges.append((other, ids[0], "identical", 1.0, "same text after normalising"))
            paired.add(frozenset((ids[0], other)))

    # 2. copies: LSH candidates confirmed by exact containment
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    hashes = {}
    for aid in sorted(profiles, key=order.get):
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch([s.encode() for s in profiles[aid].shingles])
        hashes[aid] = m
        for other in lsh.query(m):
            pair = frozenset((aid, other))
            if pair in paired:
                continue
            a, b = profiles[aid].shingles, profiles[other].shingles
            score = len(a & b) / min(len(a), len(b))
            if score >= config.copy_threshold:
                keep, drop = fuller(aid, other)
                reason = f"{score:.0%} of the shorter text's word sequences are in the longer"
                relate(keep, drop, "copy", score, reason)
                merges.append((drop, keep, "copy", score, reason))
                paired.add(pair)
        lsh.insert(aid, m)

    # 3. rewrites and 4. same event, among pairs that share several names
    by_entity: dict[str, list[str]] = defaultdict(list)
    for aid, p in profiles.items():
        for e in p.entities:
            by_entity[e].append(aid)
    shared: Counter[frozenset] = Counter()
    for ids in by_entity.values():
        if len(ids) > 200:  # a name in everything (the country) says nothing
            continue
        for i, x in enumerate(ids):
            for y in ids[i + 1:]:
                shared[frozenset((x, y))] += 1
    df = Counter(x for p in profiles.values() for x in p.entities | p.numbers)
    n = len(profiles)

    def rarity(x: str) -> float:
        return math.log((n + 1) / (df[x] + 0.5))

    stem_df = Counter(t for p in profiles.values() for t in p.lead)
    lead_vectors = {aid: Counter({t: v * math.log((n + 1) / (stem_df[t] + 0.5)) for t, v in p.lead.items()})
                    for aid, p in profiles.items()}

    # For each article, the other article it most looks rewritten from.
    candidates = [pair for pair, count in shared.items() if pair not in paired and count >= 3]
    scored: dict[tuple[str, str], tuple[float, str]] = {}
    for pair in candidates:
        x, y = sorted(pair, key=order.get)
        scored[(x, y)] = rewrite_score(profiles[x], profiles[y], rarity)
        scored[(y, x)] = rewrite_score(profiles[y], profiles[x], rarity)
    best_original: dict[str, tuple[float, str]] = {}
    for (x, y), (score, _) in scored.items():
        if score > best_original.get(x, (0.0, ""))[0]:
            best_original[x] = (score, y)
    for pair in sorted(candidates, key=lambda p: sorted(p)):
        x, y = sorted(pair, key=order.get)
        (s_xy, r_xy), (s_yx, r_yx) = scored[(x, y)], scored[(y, x)]
        count = shared[pair]
        # The rewrite is the one whose content the other contains.
        (score, reason, drop, keep) = max((s_xy, r_xy, x, y), (s_yx, r_yx, y, x))
        if score >= config.rewrite_threshold and best_original[drop][1] == keep:
            relate(keep, drop, "rewrite", score, reason)
            merges.append((drop, keep, "rewrite", score, reason))
        else:
            lead = _cosine(lead_vectors[x], lead_vectors[y])
            if lead >= SAME_EVENT_THRESHOLD:
                relate(x, y, "same-event", lead, f"their opening paragraphs tell the same story (similarity {lead:.2f}) "
                                                f"and they share {count} names, but neither copies nor rewrites the "
                                                f"other (rewrite score {score:.2f})")

    # Overrides, then apply merges.
    for drop, keep in config.merge:
        if drop in profiles and keep in profiles:
            merges.append((drop, keep, "editor", 1.0, "merged by the editor (config dedup.merge)"))
            relate(keep, drop, "copy", 1.0, "merged by the editor")
    uf = _UnionFind()
    merged_kinds: dict[str, tuple[str, float, str]] = {}
    flag_only = {"copy": not config.merge_copies, "rewrite": not config.merge_rewrites}
    for drop, keep, kind, score, reason in merges:
        if frozenset((drop, keep)) in separate:
            notes.append(f"{drop} and {keep}: kept separate by the editor although they look like a {kind} "
                         f"(score {score:.2f}).")
            continue
        if flag_only.get(kind):
            notes.append(f"{drop} is a {kind} of {keep} (score {score:.2f}): kept and marked, as configured. {reason}.")
            continue
        if uf.find(drop) == uf.find(keep):
            continue
        uf.union(keep, drop)
        merged_kinds[drop] = (kind, score, reason)
    merged = {aid: uf.find(aid) for aid in profiles if uf.find(aid) != aid}
    for drop, root in sorted(merged.items()):
        kind, score, reason = merged_kinds.get(drop, ("copy", 1.0, "merged with a merged article"))
        notes.append(f"{drop} merged into {root}: {kind} (score {score:.2f}). {reason}.")
    kept = [a for a in articles if a.id not in merged]

    # Same-event groups among kept articles.
    groups_uf = _UnionFind()
    for aid, rels in relations.items():
        for r in rels:
            if r.kind == "same-event" and aid not in merged and r.other not in merged:
                groups_uf.union(aid, r.other)
    groups: dict[str, list[str]] = defaultdict(list)
    for a in kept:
        groups[groups_uf.find(a.id)].append(a.id)
    same_event = [g for g in groups.values() if len(g) > 1]
    for g in same_event:
        notes.append(f"Same event, reported independently, all kept and grouped: {', '.join(g)}.")

    kept, removed = _remove_repeated_passages(kept, relations)
    for aid, paras in removed.items():
        for p in paras:
            notes.append(f"{aid}: a passage already printed in another article was kept once: “{p[:80]}…”")
    return DedupResult(kept=kept, merged=merged, relations=dict(relations), notes=notes,
                       groups=same_event, removed_passages=removed)


def _remove_repeated_passages(kept: list[Article], relations) -> tuple[list[Article], dict[str, list[str]]]:
    """A long paragraph printed in an earlier kept article is dropped from a later one."""
    seen: dict[str, str] = {}
    removed: dict[str, list[str]] = {}
    out = []
    for article in kept:
        paragraphs = []
        for para in article.paragraphs:
            key = " ".join(tokens(para))
            if len(key.split()) >= MIN_PASSAGE_WORDS and key in seen and seen[key] != article.id:
                removed.setdefault(article.id, []).append(para)
                relations.setdefault(article.id, []).append(Relation(seen[key], "passage", 1.0, "repeated paragraph"))
                continue
            seen.setdefault(key, article.id)
            paragraphs.append(para)
        if len(paragraphs) != len(article.paragraphs):
            from dataclasses import replace
            article = replace(article, paragraphs=paragraphs)
        out.append(article)
    return out, removed
