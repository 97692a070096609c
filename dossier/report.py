"""report.json: what became of every input file, so nothing vanishes silently."""
from __future__ import annotations

import json
from pathlib import Path

from .model import Article, Dossier, Field


def _field(f: Field):
    value = f.value
    return value.isoformat() if hasattr(value, "isoformat") else value


def _provenance(a: Article) -> dict:
    return {name: getattr(a, name).source for name in ("title", "outlet", "author", "date", "url", "language")}


def article_records(dossier: Dossier) -> list[dict]:
    records = []
    for s in dossier.sources:
        a = s.article
        placement = dossier.placements.get(a.id)
        if s.status == "merged":
            rel = next((r for r in dossier.dedup.relations.get(a.id, []) if r.other == s.merged_into), None)
            reason = f"merged into {s.merged_into}" + (f" ({rel.kind}, score {rel.score}): {rel.reason}" if rel else "")
        elif placement is not None and placement.chapter_id is None:
            reason = f"fits no chapter: {placement.reason}"
        else:
            reason = placement.reason if placement else ""
        records.append({
            "id": a.id, "key": s.key, "path": a.path, "format": a.format,
            "title": _field(a.title), "display_title": a.display_title,
            "outlet": _field(a.outlet), "author": _field(a.author), "date": _field(a.date),
            "url": _field(a.url), "language": _field(a.language), "words": a.word_count,
            "declared_source": _field(a.declared_source), "provenance": _provenance(a),
            "status": s.status, "merged_into": s.merged_into, "chapter": s.chapter_id,
            "reason": reason,
            "score": placement.score if placement else None,
            "runner_up": placement.runner_up if placement else None,
            "related": [{"id": r.other, "relation": r.kind, "score": r.score, "reason": r.reason}
                        for r in dossier.dedup.relations.get(a.id, [])],
            "removed_passages": dossier.dedup.removed_passages.get(a.id, []),
            "dropped": [{"line": d.line, "text": d.text, "reason": d.reason} for d in a.dropped],
        })
    for s in dossier.skipped:
        records.append({"id": s.id, "key": None, "path": s.path, "title": None, "outlet": None, "author": None,
                        "date": None, "url": None, "status": "skipped", "merged_into": None, "chapter": None,
                        "reason": s.reason, "related": [], "dropped": []})
    return records


def build_report(dossier: Dossier, seconds: dict, outputs: dict, pages: int | None, warnings: list[str]) -> dict:
    return {
        "title": dossier.title,
        "compiled": dossier.compiled.isoformat(),
        "articles": article_records(dossier),
        "chapters": [{"id": c.id, "title": c.title, "articles": [a.id for a in c.articles],
                      "see_also": c.see_also} for c in dossier.chapters],
        "glossary": [{"term": e.term, "kind": e.kind, "definition": e.definition, "variants": e.variants,
                      "articles": e.articles, "source": e.source} for e in dossier.glossary],
        "notes": dossier.notes,
        "warnings": warnings,
        "outputs": outputs,
        "pages": pages,
        "seconds": seconds,
        "counts": counts(dossier),
    }


def counts(dossier: Dossier) -> dict:
    statuses = [s.status for s in dossier.sources]
    return {"read": dossier.articles_read, "kept": statuses.count("kept"), "merged": statuses.count("merged"),
            "skipped": len(dossier.skipped),
            "per_chapter": {c.id: len(c.articles) for c in dossier.chapters},
            "glossary_terms": len(dossier.glossary)}


def write_report(dossier: Dossier, result, config, path: Path, formats: list[str]) -> None:
    out = Path(path).parent
    outputs = {fmt: str(out / f"dossier.{fmt}") for fmt in formats}
    data = build_report(dossier, result.seconds, outputs, result.pages, result.warnings)
    Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", "utf-8")
