"""`dossier plan`: the table of contents a build would produce, and why, without rendering."""
from __future__ import annotations

from .config import Config
from .cache import open_cache
from .pipeline import prepare


def plan(config: Config, use_cache: bool = True) -> dict:
    """Every article with its chapter, order, status and the reason for it. Shares the
    build's cache (in the output folder), so planning after a build is quick."""
    dossier = prepare(config, cache=open_cache(config.output_dir, use_cache))
    keys = {s.article.id: s.key for s in dossier.sources}
    chapters = []
    for c in dossier.chapters:
        rows = []
        for order, a in enumerate(c.articles, 1):
            p = dossier.placements[a.id]
            rows.append({"order": order, "id": a.id, "key": keys[a.id], "title": a.display_title,
                         "status": "kept", "score": p.score, "runner_up": p.runner_up,
                         "runner_up_score": p.runner_up_score, "margin": round(p.score - p.runner_up_score, 3),
                         "terms": p.terms, "reason": p.reason})
        chapters.append({"id": c.id, "title": c.title, "articles": rows, "see_also": c.see_also})
    others = []
    for s in dossier.sources:
        if s.status == "merged":
            rel = next((r for r in dossier.dedup.relations.get(s.article.id, []) if r.other == s.merged_into), None)
            others.append({"id": s.article.id, "key": s.key, "title": s.article.display_title,
                           "status": f"merged into {s.merged_into}",
                           "reason": f"{rel.kind} (score {rel.score}): {rel.reason}" if rel else "merged"})
        elif s.chapter_id is None:
            p = dossier.placements.get(s.article.id)
            others.append({"id": s.article.id, "key": s.key, "title": s.article.display_title,
                           "status": "excluded: fits no chapter", "reason": p.reason if p else ""})
    for s in dossier.skipped:
        others.append({"id": s.id, "key": None, "title": s.path, "status": "skipped", "reason": s.reason})
    return {"chapters": chapters, "not_in_chapters": others, "notes": dossier.notes}


def format_plan(data: dict) -> str:
    lines = []
    for c in data["chapters"]:
        lines.append(f"{c['title']}  [{c['id']}]")
        for r in c["articles"]:
            lines.append(f"  {r['order']:>2}. {r['title']}  ({r['id']}, {r['key']})")
            lines.append(f"      kept · score {r['score']:.1f}"
                         + (f" · runner-up {r['runner_up']} {r['runner_up_score']:.1f} (margin {r['margin']:.1f})"
                            if r["runner_up"] else ""))
            lines.append(f"      why: {r['reason']}")
        if c["see_also"]:
            lines.append(f"  see also: {', '.join(c['see_also'])}")
        lines.append("")
    if data["not_in_chapters"]:
        lines.append("Not in any chapter")
        for r in data["not_in_chapters"]:
            lines.append(f"  - {r['title']}  ({r['id']}): {r['status']}")
            lines.append(f"      why: {r['reason']}")
    return "\n".join(lines).rstrip() + "\n"
