"""Deduplication: identical files, near-identical copies, rewrites, repeated passages.

* identical: the same words after folding case, accents, punctuation and white space;
* copy: MinHash/LSH (datasketch) over word 5-shingles proposes pairs, and the exact
  containment of one text's shingles in the other, each weighted by its rarity in the
  corpus (stock sentences and site furniture prove little), confirms them; the cost
  grows with the corpus rather than with the number of pairs;
* rewrite: a summary or paraphrase of another article. Shingles miss these, so pairs
  that share rare names or numbers (found through an inverted index whose postings
  are capped: a name in everything finds nothing) are scored on what a rewrite is:
  it says nothing the other does not (its names and numbers are the other's, and it
  quotes no one the other does not), it
  restates most of the other's facts (it covers the other's names and numbers), in
  the same order, and it may declare the other as its source;
* same-event: pairs that share rare names, were published within days of each other
  (when both dates are known) and whose leads tell the same story but
  are no rewrite are independent reports: all kept, and grouped in their chapter;
* passage: a paragraph printed twice in one article, or already printed in another
  kept article, is kept once.
Thresholds were set on the generated corpus of tests/dedup_corpus.py (distinct
articles on one topic, same-event reports, copies, hand-written rewrites), where
tests/test_dedup_corpus.py measures them; bench/dedup_bench.py measures the cost.
Every decision is recorded with its score and reason; the editor's overrides in
config.yaml (`dedup.merge`, `dedup.keep_separate`) win over scores.
"""
from __future__ import annotations

import hashlib
import heapq
import math
import re
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain

import numpy as np

from . import parallel
from .clean import STOP_WORDS
from .config import DedupConfig
from .model import Article, DedupResult, Relation
from .textsim import fold, sentences, stem_words, tokens

NUM_PERM = 64  # LSH only proposes pairs; exact containment decides
SHINGLE = 5
LSH_THRESHOLD = 0.3  # well below copy_threshold: LSH at the target itself misses pairs
ESTIMATE_MARGIN = 0.15  # MinHash estimates of containment err by ~0.06 at 64 permutations
POSTING_CAP = 50  # a name or number in more articles than this says nothing about a pair
CANDIDATES_PER_ARTICLE = 10  # rewrite/same-event partners examined per article
MIN_SHARED = 2  # rare names or numbers a pair must share to be examined
SAME_EVENT_SHARED = 3  # rare names or numbers two reports of one event share at least
PREFILTER = 0.5  # name containment below which a pair cannot be a rewrite: not scored
MIN_FACTS = 8  # names and numbers an article must state for "it adds nothing" to mean something
MIN_DISTINCTIVE = 4  # ...of which distinctive ones shared with the other
ADDS_NOTHING_SENTENCES = 0.3  # ...and a third of its sentences must restate the other's
LEAD_WORDS = 150
MIN_PASSAGE_WORDS = 12  # across articles: shorter paragraphs repeat by chance
MIN_REPEAT_WORDS = 6  # inside one article: a caption printed twice
SENTENCE_MATCH = 0.3  # cosine at which a sentence counts as restated
QUOTE_STEMS = 4  # content stems a direct quotation needs to count as something someone said
QUOTE_FOUND = 0.6  # share of a quotation's stems one sentence of the other must hold for it to be the other's
NEW_QUOTE_FACTOR = 0.7  # a rewrite's score, times this, when it quotes what the other does not

_WORD = re.compile(r"[^\W_]+(?:[’'-][^\W_]+)*", re.U)
_CAPITALISED = re.compile(r"\b[^\W\d_a-z][^\W_]*(?:[’'-][^\W_]+)*", re.U)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_POSSESSIVE = re.compile(r"(?:'s|')$")
# “…”, "…", «…», „…“: a direct quotation (not an apostrophe's single quotes).
_QUOTED = re.compile(r'“([^”\n]+)”|"([^"\n]+)"|«\s*([^»\n]+?)\s*»|„([^“”\n]+)[“”]')
_SENTENCE_START = re.compile(r"(?:^|[.!?…:]\s+|\n)[\"'“‘(]*$")


@dataclass
class _Profile:
    """What deduplication needs to know of one article, computed once. Words of the text
    are kept as hashes in arrays where their spelling is never shown (the words written
    in lower case, the lead's stems, the paragraphs): a fraction of the memory of strings
    (some 7 kB an article where a Counter and sets of strings took 10)."""

    article: Article
    digest: str  # of the folded words: identical texts
    shingles: np.ndarray  # sorted unique 32-bit hashes of word 5-shingles
    minhash: np.ndarray  # MinHash values of the shingles (find_copies' LSH)
    words: int
    capitalised: set[str]  # folded words written with a capital inside a sentence
    initial: set[str]  # folded words capitalised only at a sentence start
    numbers: set[str]
    lowercase: np.ndarray  # 64-bit hashes (`_HASHES64`) of the parts of the words written in lower case
    # The stems of the opening words, where news states its event: their 64-bit hashes in
    # order of first use, and how often each occurs (a Counter of strings is 4 times the size).
    lead: tuple[np.ndarray, np.ndarray]
    paragraph_keys: list[tuple[int, bytes]]  # each paragraph's word count and digest of its folded words
    names: set[str] = field(default_factory=set)  # filled once the corpus vocabulary is known
    _sentences: list[frozenset] | None = None
    _quotes: list[frozenset] | None = None

    @property
    def sentence_vectors(self) -> list[frozenset]:
        """Each sentence as its set of content stems (computed only for candidate pairs)."""
        if self._sentences is None:
            self._sentences = [frozenset(stem_words(tokens(s))) for s in sentences(self.article.text)]
        return self._sentences

    @property
    def quote_vectors(self) -> list[frozenset]:
        """Each direct quotation of QUOTE_STEMS content stems or more, as its set of stems
        (computed only for candidate pairs)."""
        if self._quotes is None:
            quoted = (next(filter(None, m.groups())) for m in _QUOTED.finditer(self.article.text))
            self._quotes = [v for v in (frozenset(stem_words(tokens(q))) for q in quoted) if len(v) >= QUOTE_STEMS]
        return self._quotes


class _PerWord(dict):
    """word -> compute(word), computed once per distinct word: a corpus repeats its words
    endlessly (a dict's __missing__, a lookup in C for every word seen before)."""

    def __init__(self, compute):
        super().__init__()
        self.compute = compute

    def __missing__(self, word: str):
        value = self[word] = self.compute(word)
        return value


# crc32: deterministic, unlike hash().
_HASHES = _PerWord(lambda word: zlib.crc32(word.encode()))
# 64-bit BLAKE2b: a word's identity where 20,000 articles' sets of strings would cost too
# much memory (two words share one with odds of 2**-64).
_HASHES64 = _PerWord(lambda word: int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little"))
# A word as written -> the hashes of its parts when it is written in lower case, else ()
# ('rock-and-roll' -> the hashes of 'rock' and 'roll').
_LOWERCASE_PARTS = _PerWord(lambda word: tuple(_HASHES64[part] for part in _parts(word)) if word[0].islower() else ())


def _word_hashes(words: list[str]) -> np.ndarray:
    return np.fromiter(map(_HASHES.__getitem__, words), dtype=np.uint64, count=len(words))


def shingle_hashes(words: list[str]) -> np.ndarray:
    """32-bit hashes of the word 5-shingles, as a sorted unique array: a fraction of the
    memory of a set of strings, and intersections run in numpy."""
    h = _word_hashes(words)
    if len(h) < SHINGLE:
        return np.unique(h.astype(np.uint32))
    acc = np.zeros(len(h) - SHINGLE + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE):  # a polynomial rolling hash, wrapping modulo 2**64
            acc = acc * np.uint64(1_000_003) + h[k:len(h) - SHINGLE + 1 + k]
    return np.unique((acc ^ (acc >> np.uint64(32))).astype(np.uint32))


def _profile(article: Article) -> _Profile:
    # Paragraph by paragraph: the text's words are its paragraphs' words (no word spans
    # the blank line between two), and each paragraph's are needed for its key.
    words, keys = [], []
    for para in article.paragraphs:
        folded = tokens(para)
        words += folded
        keys.append(_paragraph_key(folded))
    text = article.text
    capitalised, initial = set(), set()
    for m in _CAPITALISED.finditer(text):
        word = m.group()
        if word[0].isupper():
            parts = _parts(word)
            if capitalised.issuperset(parts):
                continue  # a name seen inside a sentence already: wherever it stands now changes nothing
            where = initial if _SENTENCE_START.search(text, max(0, m.start() - 4), m.start()) else capitalised
            where.update(parts)
    numbers = set()
    for m in _NUMBER.finditer(text):
        value = m.group().replace(",", "")
        if sum(ch.isdigit() for ch in value) >= 2:
            numbers.add(value.rstrip("."))
    shingles = shingle_hashes(words)
    lowercase = np.unique(np.fromiter(chain.from_iterable(map(_LOWERCASE_PARTS.__getitem__, set(_WORD.findall(text)))),
                                      dtype=np.uint64))
    return _Profile(article=article, digest=hashlib.sha256(" ".join(words).encode()).hexdigest(), shingles=shingles,
                    minhash=minhash_values(shingles), words=len(words), capitalised=capitalised,
                    initial=initial - capitalised, numbers=numbers, lowercase=lowercase,
                    lead=_lead(words[:LEAD_WORDS]), paragraph_keys=keys)


def _lead(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    counts = Counter(stem_words(words))
    return (np.fromiter(map(_HASHES64.__getitem__, counts), dtype=np.uint64, count=len(counts)),
            np.fromiter(counts.values(), dtype=np.uint32, count=len(counts)))


def _paragraph_key(folded: list[str]) -> tuple[int, bytes]:
    """A paragraph as its number of words and a digest of them: two paragraphs of the same
    words have the same key (and others, with odds of 2**-128, do not)."""
    return len(folded), hashlib.blake2b(" ".join(folded).encode(), digest_size=16).digest()


@lru_cache(maxsize=1)
def _minhash_template():
    # Imported here, not with the module: datasketch loads scipy (0.4-0.7 s), which a
    # `dossier plan` whose deduplication comes from the cache never needs.
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, hashfunc=int)


def minhash_values(shingles: np.ndarray) -> np.ndarray:
    """The MinHash of a set of shingles: the values datasketch's `MinHash.update_batch`
    gives, computed here in numpy for its "affine32" scheme (its own permutations, the
    MurmurHash3 finaliser it mixes with, the same arithmetic), by datasketch otherwise."""
    template = _minhash_template()
    if getattr(template, "scheme", None) != "affine32" or not len(shingles):
        m = template.copy()
        m.update_batch(shingles.tolist())
        return m.hashvalues
    a, b = template.permutations
    h = shingles.astype(np.uint32)
    h = h ^ (h >> np.uint32(16))  # fmix32: MurmurHash3's finaliser, modulo 2**32
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    h = h ^ (h >> np.uint32(16))
    return np.minimum(template.hashvalues, (h[:, None] * a + b).min(axis=0))


_PARTS: dict[str, list[str]] = {}


def _parts(word: str) -> list[str]:
    """'Korea's' is 'korea'; 'Il-gyu' is 'il', 'gyu' (to meet 'Il Gyu'): folded, cached."""
    parts = _PARTS.get(word)
    if parts is None:
        parts = _PARTS[word] = [p for p in re.split(r"[-’']", _POSSESSIVE.sub("", fold(word)))
                                if p and p not in STOP_WORDS]
    return parts


def _assign_names(profiles: dict[str, _Profile]) -> None:
    """Names are words written with a capital that the corpus never writes in lower case
    ('Okonkwo', 'Nampo', 'UNICEF', not 'Analyst' or 'Council'). Word by word, so that
    'Ambassador Han Tae-song' and 'Han Tae-song' meet. A word seen capitalised only at
    sentence starts counts when some article capitalises it inside a sentence."""
    caps: set[str] = set()
    for p in profiles.values():
        caps |= p.capitalised
    # The parts of every word written in lower case, as hashes (see _Profile.lowercase).
    every = np.concatenate([np.zeros(0, np.uint64)] + [p.lowercase for p in profiles.values()])
    lowercase_seen = set(np.unique(every).tolist())
    for p in profiles.values():
        p.names = {w for w in p.capitalised if _HASHES64[w] not in lowercase_seen and not w.isdigit()}
        p.names |= {w for w in p.initial if w in caps and _HASHES64[w] not in lowercase_seen}


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def containment(a: set, b: set, weight=None) -> float:
    """Share of a that is in b, each element weighted (by rarity) when weights are given."""
    if not a:
        return 0.0
    w = weight or (lambda _: 1.0)
    # fsum: exactly rounded, so the same whatever order the set is walked in (a set's
    # order of strings changes with PYTHONHASHSEED, and a plain sum's last bits with it)
    total = math.fsum(w(x) for x in a)
    return math.fsum(w(x) for x in a & b) / total if total else 0.0


@dataclass
class RewriteEvidence:
    """Why article `a` looks like a rewrite of `b`, signal by signal (each 0-1)."""

    names: float  # share of a's names (weighted by rarity) that b has: a adds no one
    numbers: float | None  # the same for numbers; None when a states none
    coverage: float  # share of b's names and numbers that a repeats: a restates b
    sentences: float  # share of a's sentences that restate one of b's
    order: float  # of those, the share in b's order
    declared: bool  # a names b's outlet or address as its source
    contained: float = 0.0  # share of a's names and numbers together that b has
    facts: int = 0  # how many names and numbers a states
    distinctive: int = 0  # how many of them are rare in the corpus and in b too
    new_quotes: int = 0  # direct quotations in a that b does not have: someone a spoke to

    @property
    def adds_nothing(self) -> bool:
        """Everything a names and counts is in b, there is enough of it to tell, and a
        restates b's sentences: a summary, whatever its coverage of a long original."""
        return (self.contained >= 0.95 and self.facts >= MIN_FACTS and self.distinctive >= MIN_DISTINCTIVE
                and self.sentences >= ADDS_NOTHING_SENTENCES and not self.new_quotes)

    @property
    def score(self) -> float:
        numbers = self.names if self.numbers is None else self.numbers
        # Shares of one or two names prove nothing: two short briefs that both mention
        # only "the UN" contain each other completely. Fact-based signals count in full
        # only once the pair shares MIN_DISTINCTIVE distinctive names or numbers.
        evidence = min(1.0, self.distinctive / MIN_DISTINCTIVE)
        facts = evidence * (0.4 * self.names + 0.15 * numbers + 0.25 * self.coverage)
        base = facts + 0.1 * self.sentences + 0.1 * self.order
        base = max(base, self.contained if self.adds_nothing else 0.0)
        # Words someone said that the other does not print: a reporter of one's own, not a
        # rewriter (a rewrite quotes its original, if anyone).
        if self.new_quotes and not self.declared:
            base *= NEW_QUOTE_FACTOR
        return min(1.0, base + (0.2 if self.declared else 0.0))

    def reason(self) -> str:
        numbers = "states no numbers" if self.numbers is None else f"{self.numbers:.0%} of its numbers are the other's"
        return (("everything it names or counts is in the other; " if self.adds_nothing else "")
                + f"{self.names:.0%} of its names are the other's (weighted by rarity), {numbers}; "
                f"it repeats {self.coverage:.0%} of the other's names and numbers; "
                f"{self.sentences:.0%} of its sentences restate the other's, {self.order:.0%} of them in the same order"
                + (f"; it quotes {self.new_quotes} passage{'s' if self.new_quotes > 1 else ''} the other does not"
                   if self.new_quotes else "")
                + ("; it names the other as its source" if self.declared else ""))


def rewrite_evidence(a: _Profile, b: _Profile, weight, rare: float = 0.0) -> RewriteEvidence:
    """How much a looks like a rewrite of b. Names and numbers are weighted by rarity in
    the corpus: sharing 'Korea' says nothing, sharing a minor official's name a lot."""
    names = containment(a.names, b.names, weight)
    numbers = containment(a.numbers, b.numbers, weight) if a.numbers else None
    coverage = containment(b.names | b.numbers, a.names | a.numbers, weight)
    matched = []
    vb = b.sentence_vectors
    sizes = [math.sqrt(len(v)) for v in vb]
    for va in a.sentence_vectors:
        best, where = 0.0, -1
        if not va:
            continue
        root = math.sqrt(len(va))
        for j, v in enumerate(vb):
            s = len(va & v) / (root * sizes[j]) if sizes[j] else 0.0  # cosine of the stem sets
            if s > best:
                best, where = s, j
        if best >= SENTENCE_MATCH:
            matched.append(where)
    share = len(matched) / len(a.sentence_vectors) if a.sentence_vectors else 0.0
    in_order = sum(1 for x, y in zip(matched, matched[1:]) if y >= x)
    order = in_order / (len(matched) - 1) if len(matched) > 1 else 0.5
    facts = a.names | a.numbers
    contained = containment(facts, b.names | b.numbers, weight)
    said = b.sentence_vectors + b.quote_vectors
    new_quotes = sum(1 for q in a.quote_vectors if not any(len(q & v) >= QUOTE_FOUND * len(q) for v in said))
    return RewriteEvidence(names, numbers, coverage, share, order, _declares(a.article, b.article), contained,
                           len(facts), sum(1 for f in facts & (b.names | b.numbers) if weight(f) >= rare), new_quotes)


def _declares(a: Article, b: Article) -> bool:
    """a says 'Original Source: X' and X is b's outlet or address."""
    source = a.declared_source.value
    if not source:
        return False
    source = fold(str(source))
    for value in (b.outlet.value, b.url.value):
        if value:
            f = fold(str(value))
            host = re.sub(r"^(https?://)?(www\.)?", "", f).split("/")[0]
            if f in source or (host and host in source) or (source and source in f):
                return True
    return False


class _Clusters:
    """Union-find over merges that refuses a merge joining a pair kept separate."""

    def __init__(self, separate: set[frozenset]):
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        self.separate = separate

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        self.members.setdefault(x, {x})
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def conflict(self, keep: str, drop: str) -> tuple[str, str] | None:
        a, b = self.members[self.find(keep)], self.members[self.find(drop)]
        for pair in self.separate:
            x, y = tuple(pair) if len(pair) == 2 else (next(iter(pair)),) * 2
            if (x in a and y in b) or (y in a and x in b):
                return x, y
        return None

    def union(self, keep: str, drop: str) -> None:
        rk, rd = self.find(keep), self.find(drop)
        if rk != rd:
            self.parent[rd] = rk
            self.members[rk] |= self.members.pop(rd)


@dataclass
class _Decision:
    drop: str  # the copy or rewrite
    keep: str  # the article it repeats
    kind: str  # identical | copy | rewrite | editor
    score: float
    reason: str


def find_copies(profiles: dict[str, _Profile], order: dict[str, int], threshold: float,
                skip: set[frozenset]) -> list[tuple[str, str, float]]:
    """Pairs (fuller, copy, containment) whose shingles overlap at least `threshold`, via LSH;
    containment is the share of the lesser text's shingles, weighted by rarity, in the other."""
    from datasketch import MinHashLSH

    # datasketch's bands (its choice of b bands of r rows for the threshold), indexed
    # here: a signature's band is looked up by its bytes, as datasketch does, without a
    # MinHash object, a byte swap and a storage layer per band (a quarter of dedup's time
    # at 20,000 articles). Candidates are the same: any earlier article sharing a band.
    bands = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM).hashranges
    buckets: list[dict[bytes, list[int]]] = [{} for _ in bands]
    ids = sorted(profiles, key=order.get)
    row = {aid: i for i, aid in enumerate(ids)}
    signatures = np.zeros((len(ids), NUM_PERM), dtype=np.uint64)
    sizes = np.array([len(profiles[aid].shingles) for aid in ids], dtype=np.float64)
    # Each shingle weighs by its rarity in the corpus: a stock sentence or a site's
    # furniture printed on hundreds of pages proves little; a wire story copied by 30
    # outlets has all its shingles equally common, so its containment is unchanged.
    every = np.concatenate([profiles[aid].shingles for aid in ids]) if ids else np.zeros(0, np.uint32)
    _, where_unique, counts = np.unique(every, return_inverse=True, return_counts=True)
    idf = np.log((len(ids) + 1) / (counts + 0.5)).astype(np.float32)
    # Each article's shingle weights, all looked up at once and cut apart (views, same values).
    weights = np.split(idf[where_unique], np.cumsum(sizes[:-1].astype(np.intp))) if ids else []
    del every, where_unique
    totals = np.array([w.sum() for w in weights], dtype=np.float64)
    found = []
    for aid in ids:
        i = row[aid]
        signatures[i] = profiles[aid].minhash
        keys = [signatures[i, start:end].tobytes() for start, end in bands]
        candidates = set()
        for key, bucket in zip(keys, buckets):
            candidates.update(bucket.get(key, ()))
        others = [ids[j] for j in sorted(candidates)]
        if skip:
            others = [o for o in others if frozenset((aid, o)) not in skip]
        if others:
            # Containment estimated from the signatures, all candidates at once; only
            # the plausible ones are counted exactly.
            rows = np.array([row[o] for o in others])
            jaccard = (signatures[rows] == signatures[i]).mean(axis=1)
            estimate = jaccard * (sizes[rows] + sizes[i]) / (1 + jaccard) / np.minimum(sizes[rows], sizes[i])
            others = [o for o, e in zip(others, estimate) if e >= threshold - ESTIMATE_MARGIN]
        for other in others:
            j = row[other]
            _, where, _ = np.intersect1d(profiles[aid].shingles, profiles[other].shingles, assume_unique=True,
                                         return_indices=True)
            score = float(weights[i][where].sum() / max(1e-9, min(totals[i], totals[j])))
            if score >= threshold:
                # The copy is the one with less distinctive text, so a truncated page
                # stays the copy although another site's furniture made it longer; on a
                # tie the earlier file is kept.
                if totals[i] <= totals[j]:
                    found.append((other, aid, score))  # (fuller, copy, score)
                else:
                    found.append((aid, other, score))
        for key, bucket in zip(keys, buckets):
            bucket.setdefault(key, []).append(i)
    return found


def find_related(profiles: dict[str, _Profile], order: dict[str, int], skip: set[frozenset],
                 weight) -> dict[frozenset, int]:
    """Pairs sharing at least MIN_SHARED rare names or numbers, each article's
    CANDIDATES_PER_ARTICLE best partners by shared rarity. Postings of features in more
    than POSTING_CAP articles are not walked, so the cost stays linear in the corpus."""
    features = {aid: p.names | p.numbers for aid, p in profiles.items()}
    postings: dict[str, list[str]] = defaultdict(list)
    for aid in sorted(profiles, key=order.get):
        for f in features[aid]:
            postings[f].append(aid)
    rare = {f: ids for f, ids in postings.items() if 1 < len(ids) <= POSTING_CAP}
    pairs: dict[frozenset, int] = {}
    for aid in sorted(profiles, key=order.get):
        weights: Counter = Counter()
        counts: Counter = Counter()
        for f in sorted(features[aid]):  # sums in one order whatever the hash seed
            ids = rare.get(f)
            if ids:
                w = weight(f)
                for other in ids:
                    weights[other] += w
                    counts[other] += 1
        weights.pop(aid, None)
        best = heapq.nlargest(CANDIDATES_PER_ARTICLE, (o for o in weights if counts[o] >= MIN_SHARED),
                              key=lambda o: (weights[o], -order[o]))
        for other in best:
            pair = frozenset((aid, other))
            if pair not in skip:
                pairs[pair] = counts[other]
    return pairs


@parallel.cycle_collector_paused
def deduplicate(articles: list[Article], config: DedupConfig) -> DedupResult:
    profiles = {}
    for article in articles:
        profiles[article.id] = _profile(article)
    _assign_names(profiles)
    order = {a.id: i for i, a in enumerate(articles)}
    relations: dict[str, list[Relation]] = defaultdict(list)
    notes: list[str] = []
    decisions: list[_Decision] = []
    paired: set[frozenset] = set()

    def relate(keep: str, drop: str, kind: str, score: float, reason: str) -> None:
        relations[keep].append(Relation(drop, kind, round(score, 3), reason))
        relations[drop].append(Relation(keep, kind, round(score, 3), reason, derived=True))

    # 1. identical
    by_digest: dict[str, list[str]] = defaultdict(list)
    for aid in sorted(profiles, key=order.get):
        by_digest[profiles[aid].digest].append(aid)
    for ids in by_digest.values():
        for other in ids[1:]:
            relate(ids[0], other, "identical", 1.0, "same text after normalising")
            decisions.append(_Decision(other, ids[0], "identical", 1.0, "same text after normalising case, "
                                                                       "accents, punctuation and white space"))
            paired.add(frozenset((ids[0], other)))

    # 2. copies: LSH candidates confirmed by exact containment
    for x, y, score in sorted(find_copies(profiles, order, config.copy_threshold, paired),
                              key=lambda t: (-t[2], order[t[0]], order[t[1]])):
        keep, drop = x, y
        reason = f"{score:.0%} of its word sequences (5 words) are in the other, which is fuller"
        relate(keep, drop, "copy", score, reason)
        decisions.append(_Decision(drop, keep, "copy", score, reason))
        paired.add(frozenset((x, y)))

    # 3. rewrites and 4. same event, among pairs that share rare names or numbers
    n = len(profiles)
    df = Counter(f for p in profiles.values() for f in p.names | p.numbers)

    def rarity(f: str) -> float:
        return math.log((n + 1) / (df[f] + 0.5))

    # "Distinctive": in at most max(3, √n) articles. A brief made of the topic's common
    # names ('United Nations', 'Seoul') is contained in every long report on the topic.
    distinctive = math.log((n + 1) / (max(3.0, math.sqrt(n)) + 0.5))
    candidates = find_related(profiles, order, paired, rarity)
    evidence: dict[tuple[str, str], RewriteEvidence] = {}
    for pair in candidates:
        x, y = sorted(pair, key=order.get)
        for a, b in ((x, y), (y, x)):
            if containment(profiles[a].names, profiles[b].names, rarity) >= PREFILTER:
                evidence[(a, b)] = rewrite_evidence(profiles[a], profiles[b], rarity, distinctive)
    # An article is a rewrite of one original only: the one it matches best, or a copy of it.
    copies = _Clusters(set())
    for d in decisions:
        copies.union(d.keep, d.drop)
    best_original: dict[str, tuple[float, str]] = {}
    for (a, b), ev in evidence.items():
        if ev.score > best_original.get(a, (0.0, ""))[0]:
            best_original[a] = (ev.score, b)

    def same_original(best: str, other: str) -> bool:
        """other is the best original, a copy of it, or one of them rewrites the other."""
        if copies.find(best) == copies.find(other):
            return True
        return any((ev := evidence.get(p)) and ev.score >= config.rewrite_threshold
                   for p in ((best, other), (other, best)))

    lead_vectors: dict[str, Counter] = {}
    stem_df: Counter | None = None

    def lead_vector(aid: str) -> Counter:
        nonlocal stem_df
        if stem_df is None:  # document frequency of lead stems, over the whole corpus
            stem_df = Counter(t for p in profiles.values() for t in p.lead[0].tolist())
        if aid not in lead_vectors:
            stems, counts = profiles[aid].lead
            lead_vectors[aid] = Counter({t: v * math.log((n + 1) / (stem_df[t] + 0.5))
                                         for t, v in zip(stems.tolist(), counts.tolist())})
        return lead_vectors[aid]

    for pair in sorted(candidates, key=lambda p: sorted(order[i] for i in p)):
        x, y = sorted(pair, key=order.get)
        options = [(ev.score, a, b, ev) for (a, b) in ((x, y), (y, x)) if (ev := evidence.get((a, b)))]
        accepted = [o for o in options if o[0] >= config.rewrite_threshold
                    and same_original(best_original[o[1]][1], o[2])]
        score, drop, keep, ev = max(accepted or options or [(0.0, x, y, None)], key=lambda o: o[0])
        if accepted:
            reason = ev.reason()
            relate(keep, drop, "rewrite", score, reason)
            decisions.append(_Decision(drop, keep, "rewrite", score, reason))
            continue
        if candidates[pair] < SAME_EVENT_SHARED:
            continue
        # On one topic, reports of different events a month apart share names and wording;
        # reports of one event appear within days of it.
        days = _days_apart(profiles[x].article, profiles[y].article)
        if days is not None and days > config.same_event_days:
            continue
        lead = _cosine(lead_vector(x), lead_vector(y))
        if lead >= config.same_event_threshold:
            reason = _same_event_reason(lead, candidates[pair], score, days)
            relations[x].append(Relation(y, "same-event", round(lead, 3), reason))
            relations[y].append(Relation(x, "same-event", round(lead, 3), reason))

    # The editor's overrides first: they win over scores.
    known = set(profiles)
    for pair in config.merge:
        drop, keep = pair
        missing = [i for i in (drop, keep) if i not in known]
        if missing:
            notes.append(f"dedup.merge [{drop}, {keep}]: no article with id {', '.join(missing)}; ignored.")
            continue
        relate(keep, drop, "copy", 1.0, "merged by the editor (config dedup.merge)")
        decisions.insert(0, _Decision(drop, keep, "editor", 1.0, "merged by the editor (config dedup.merge)"))
    for pair in config.keep_separate:
        missing = [i for i in pair if i not in known]
        if missing:
            notes.append(f"dedup.keep_separate [{', '.join(pair)}]: no article with id {', '.join(missing)}; ignored.")
    separate = {frozenset(p) for p in config.keep_separate}

    clusters = _Clusters(separate)
    merge_kind = {"identical": config.merge_identical, "copy": config.merge_copies,
                  "rewrite": config.merge_rewrites, "editor": True}
    flagged: dict[str, Relation] = {}
    how: dict[str, _Decision] = {}
    for d in decisions:
        clusters.find(d.keep), clusters.find(d.drop)
        if d.kind != "editor" and frozenset((d.drop, d.keep)) in separate:
            notes.append(f"{d.drop} and {d.keep} kept separate by the editor (config dedup.keep_separate) "
                         f"although {d.drop} looks like a {d.kind} of {d.keep} (score {d.score:.2f}).")
            continue
        if not merge_kind[d.kind]:
            if d.drop not in flagged:
                flagged[d.drop] = Relation(d.keep, d.kind, round(d.score, 3), d.reason, derived=True)
                notes.append(f"{d.drop} is a {d.kind} of {d.keep} (score {d.score:.2f}): kept and marked, "
                             f"as configured. {d.reason}.")
            continue
        if clusters.find(d.drop) == clusters.find(d.keep):
            continue
        conflict = clusters.conflict(d.keep, d.drop)
        if conflict:
            notes.append(f"{d.drop} not merged into {d.keep} ({d.kind}, score {d.score:.2f}): that would join "
                         f"{conflict[0]} and {conflict[1]}, which the editor keeps separate.")
            continue
        old_root = clusters.find(d.drop)
        clusters.union(d.keep, d.drop)
        how[d.drop] = d
        if old_root != d.drop:  # d.drop had absorbed others: its cluster's root goes along
            how.setdefault(old_root, d)
    merged = {aid: clusters.find(aid) for aid in profiles if clusters.find(aid) != aid}
    for drop in sorted(merged, key=order.get):
        d = how[drop]
        into = merged[drop]
        kind = "editor's decision" if d.kind == "editor" else d.kind
        if d.drop != drop:
            notes.append(f"{drop} merged into {into} together with {d.drop}, which repeats it and is a {kind} of "
                         f"{d.keep} (score {d.score:.2f}).")
            continue
        via = f" (via {d.keep})" if d.keep != into else ""
        notes.append(f"{drop} merged into {into}{via}: {kind} (score {d.score:.2f}). {d.reason}.")
    kept = [a for a in articles if a.id not in merged]

    # Same-event groups among kept articles: the fullest first, then by date.
    for aid in [a for a in flagged if a in merged]:
        del flagged[aid]
    links: dict[frozenset, float] = {}
    for aid, rels in relations.items():
        for r in rels:
            if r.kind == "same-event" and aid not in merged and r.other not in merged:
                links[frozenset((aid, r.other))] = r.score
    for aid, r in flagged.items():  # a rewrite kept and marked is printed next to its original
        if r.other not in merged:
            links[frozenset((aid, r.other))] = 2.0
    same_event = [_group_order(g, profiles) for g in _complete_linkage(links, order)]
    for g in same_event:
        notes.append(f"Reports of the same event (or a rewrite kept, with its original): {', '.join(g)}; all printed.")

    kept, removed = _remove_repeated_passages(kept, relations, {id(p.article): p.paragraph_keys
                                                                for p in profiles.values()})
    for aid, paras in removed.items():
        for p, where in paras:
            notes.append(f"{aid}: a passage already printed {where} was kept once: “{_clip(p)}”")
    return DedupResult(kept=kept, merged=merged, relations=dict(relations), notes=notes, groups=same_event,
                       removed_passages={aid: [p for p, _ in paras] for aid, paras in removed.items()},
                       flagged=flagged)


def _complete_linkage(links: dict[frozenset, float], order: dict[str, int]) -> list[list[str]]:
    """Groups in which every two members are linked, strongest links first: on one topic
    a chain of loosely similar reports would otherwise swallow the whole corpus."""
    group_of: dict[str, set[str]] = {}
    for pair in sorted(links, key=lambda p: (-links[p], sorted(order[i] for i in p))):
        x, y = sorted(pair, key=order.get)
        gx, gy = group_of.get(x, {x}), group_of.get(y, {y})
        if gx is gy or not all(frozenset((a, b)) in links for a in gx for b in gy):
            continue
        joined = gx | gy
        for member in joined:
            group_of[member] = joined
    groups = {id(g): g for g in group_of.values()}.values()
    return sorted((sorted(g, key=order.get) for g in groups), key=lambda g: order[g[0]])


def _same_event_reason(lead: float, shared: int, rewrite: float, days: int | None) -> str:
    when = "" if days is None else ", published on the same day" if not days else \
        f", published {days} day{'s' if days > 1 else ''} apart"
    return (f"their opening paragraphs are alike (similarity {lead:.2f}) and they share {shared} rare "
            f"names or numbers{when}, but neither copies nor rewrites the other (rewrite score {rewrite:.2f})")


def _days_apart(a: Article, b: Article) -> int | None:
    if a.date_value is None or b.date_value is None:
        return None
    return abs((a.date_value - b.date_value).days)


def _group_order(ids: list[str], profiles: dict[str, _Profile]) -> list[str]:
    fullest = max(ids, key=lambda i: profiles[i].words)
    rest = sorted((i for i in ids if i != fullest),
                  key=lambda i: (profiles[i].article.date_value is None, profiles[i].article.date_value or 0, i))
    return [fullest] + rest


def _clip(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + "…"


def _remove_repeated_passages(kept: list[Article], relations,
                              paragraph_keys: dict[int, list[tuple[int, bytes]]] | None = None,
                              ) -> tuple[list[Article], dict[str, list[tuple[str, str]]]]:
    """A paragraph printed twice in one article, or a long one already printed in an
    earlier kept article, is kept once (its first printing). `paragraph_keys`: each
    article's (by id()) paragraph keys (`_paragraph_key`), when the profiles have them."""
    paragraph_keys = paragraph_keys or {}
    seen: dict[tuple[int, bytes], str] = {}
    removed: dict[str, list[tuple[str, str]]] = {}
    out = []
    for article in kept:
        paragraphs = []
        own: set[tuple[int, bytes]] = set()
        keys = paragraph_keys.get(id(article)) or [_paragraph_key(tokens(para)) for para in article.paragraphs]
        for para, key in zip(article.paragraphs, keys):
            words = key[0]
            if key in own and words >= MIN_REPEAT_WORDS:
                removed.setdefault(article.id, []).append((para, "earlier in the same article"))
                continue
            if words >= MIN_PASSAGE_WORDS and seen.get(key, article.id) != article.id:
                removed.setdefault(article.id, []).append((para, f"in {seen[key]}"))
                mine = Relation(seen[key], "passage", 1.0, "repeats a paragraph printed there", derived=True)
                if mine not in relations.get(article.id, []):
                    relations.setdefault(article.id, []).append(mine)
                    relations.setdefault(seen[key], []).append(
                        Relation(article.id, "passage", 1.0, "a paragraph printed here is repeated there"))
                continue
            own.add(key)
            seen.setdefault(key, article.id)
            paragraphs.append(para)
        if len(paragraphs) != len(article.paragraphs):
            article = replace(article, paragraphs=paragraphs)
        out.append(article)
    return out, removed
