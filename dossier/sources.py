"""Source index: every article that was read, kept or merged, with a citation key."""
from __future__ import annotations

from .model import Article, Chapter, DedupResult, SourceEntry


def _sort_key(a: Article):
    d = a.date_value
    return (d is None, d.toordinal() if d else 0, (a.outlet.value or "~").lower(), a.display_title.lower(), a.id)


def build_sources(all_articles: list[Article], dedup: DedupResult, chapters: list[Chapter]) -> list[SourceEntry]:
    """Sorted by date (unknown last); keys S1, S2, … follow that order."""
    chapter_of = {a.id: c.id for c in chapters for a in c.articles}
    also: dict[str, list[str]] = {}
    for merged, into in sorted(dedup.merged.items()):
        also.setdefault(into, []).append(merged)
    entries = []
    for i, article in enumerate(sorted(all_articles, key=_sort_key), 1):
        merged_into = dedup.merged.get(article.id)
        entries.append(SourceEntry(
            key=f"S{i}", article=article, status="merged" if merged_into else "kept",
            chapter_id=chapter_of.get(article.id), merged_into=merged_into,
            also_reported_by=also.get(article.id, [])))
    return entries
