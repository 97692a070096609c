"""Source index: every article that was read, kept or merged, with a citation key.

A key is author-date style, built from what is known and nothing else: the outlet
(compacted to letters and digits) and the year, e.g. `YTN-2024`, `KoreaTimes-2016`;
`Anon` stands for an unknown outlet and `nd` for an unknown date, as in bibliographies.
Keys that would collide get a, b, c … in date order. They are valid XML ids, so they
serve as anchors (`s-<key>`) as well as citations.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from .model import Article, Chapter, DedupResult, SourceEntry

_MAX_KEY_NAME = 16
_SMALL_WORDS = frozenset("of and the for on in at de du la le des der und".split())
_LEADING_ARTICLE = re.compile(r"^the\s+", re.I)  # "Le Monde" keeps its article


def _sort_key(a: Article):
    d = a.date_value
    return (d is None, d.toordinal() if d else 0, (a.outlet.value or "~").lower(), a.display_title.lower(), a.id)


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def key_name(outlet: str | None) -> str:
    """'The Korea Times' -> 'KoreaTimes'; a long name -> its initials ('NAR')."""
    if not outlet:
        return "Anon"
    name = _LEADING_ARTICLE.sub("", _ascii(str(outlet)).strip())
    name = re.sub(r"\.(?:com|org|net|co\.\w+|\w{2})$", "", name, flags=re.I)  # 'koreatimes.co.kr'
    name = re.sub(r"^www\.", "", name, flags=re.I)
    words = re.findall(r"[A-Za-z0-9]+", name)
    if not words:
        # An outlet named in another script ('日本経済新聞') keeps its own letters: 'Anon'
        # would say the outlet is unknown.
        own = "".join(re.findall(r"[^\W_]+", name))[:_MAX_KEY_NAME]
        return own or "Anon"
    compact = "".join(w if w.isupper() or w.isdigit() else w[:1].upper() + w[1:] for w in words)
    if len(compact) > _MAX_KEY_NAME:
        compact = "".join(w[0].upper() for w in words if w.lower() not in _SMALL_WORDS)
    return compact


def citation_keys(articles: list[Article]) -> dict[str, str]:
    """article id -> key, for articles given in index order."""
    base = {}
    for a in articles:
        year = str(a.date_value.year) if a.date_value else "nd"
        base[a.id] = f"{key_name(a.outlet.value if a.outlet.known else None)}-{year}"
    counts = defaultdict(int)
    for k in base.values():
        counts[k] += 1
    seen = defaultdict(int)
    keys = {}
    for a in articles:
        k = base[a.id]
        if counts[k] > 1:
            k += _letters(seen[base[a.id]])
            seen[base[a.id]] += 1
        keys[a.id] = k
    return keys


def _letters(n: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'aa' …"""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def build_sources(all_articles: list[Article], dedup: DedupResult, chapters: list[Chapter]) -> list[SourceEntry]:
    """Sorted by date (unknown last), then outlet and title; keys as above."""
    chapter_of = {a.id: c.id for c in chapters for a in c.articles}
    also: dict[str, list[str]] = {}
    for merged, into in sorted(dedup.merged.items()):
        also.setdefault(into, []).append(merged)
    ordered = sorted(all_articles, key=_sort_key)
    keys = citation_keys(ordered)
    entries = []
    for article in ordered:
        merged_into = dedup.merged.get(article.id)
        entries.append(SourceEntry(
            key=keys[article.id], article=article, status="merged" if merged_into else "kept",
            chapter_id=chapter_of.get(article.id), merged_into=merged_into,
            also_reported_by=also.get(article.id, [])))
    return entries

