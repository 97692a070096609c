"""`dossier plan`: the table of contents a build would produce, and why, without rendering."""
from __future__ import annotations

from .chapters import OTHER_SHARE, SEE_ALSO_RATIO
from .config import Config
from .cache import open_cache
from .model import Dossier
from .pipeline import prepare

SCORES_EXPLAINED = (
    "Scores are similarities from 0 (no word in common) to 1 between an article's words and a chapter's "
    "title, description and keywords; words that are rare in ordinary text and in these articles count "
    f"more, words several chapters share count less. An article goes to its best chapter; if the "
    f"runner-up scores at least {SEE_ALSO_RATIO:.0%} of that, it is a close call and the article is "
    f"listed under the runner-up's \"See also\". An article scoring under {OTHER_SHARE:.0%} of the typical "
    "article's best score fits no chapter."
)


def plan(config: Config, use_cache: bool = True) -> dict:
    """Every article with its chapter, order, status and the reason for it. Shares the
    build's cache (in the output folder), so planning after a build is quick."""
    return plan_from_dossier(prepare(config, cache=open_cache(config.output_dir, use_cache)), config)


def plan_from_dossier(dossier: Dossier, config: Config) -> dict:
    """The same, for a dossier already prepared (the live preview has one)."""
    keys = {s.article.id: s.key for s in dossier.sources}
    titles = {c.id: c.title for c in dossier.chapters}
    orders = {c.id: c.order for c in config.chapters}
    chapters = []
    for c in dossier.chapters:
        rows = []
        for order, a in enumerate(c.articles, 1):
            p = dossier.placements[a.id]
            close = bool(p.runner_up and p.basis != "unplaced" and p.runner_up_score > 0
                         and p.runner_up_score >= SEE_ALSO_RATIO * p.score)
            rows.append({"order": order, "id": a.id, "key": keys[a.id], "title": a.display_title,
                         "status": "kept", "chapter": c.id, "decided_by": p.basis,
                         "score": round(p.score, 3), "runner_up": p.runner_up,
                         "runner_up_score": round(p.runner_up_score, 3) if p.runner_up else None,
                         "margin": round(p.score - p.runner_up_score, 3) if p.runner_up and p.basis != "unplaced" else None,
                         "close_call": close, "terms": p.terms, "runner_up_terms": p.runner_up_terms,
                         "reason": p.reason})
        chapters.append({"id": c.id, "title": c.title, "order": orders.get(c.id, "date"), "articles": rows,
                         "see_also": [{"id": aid, "in": dossier.placements[aid].chapter_id,
                                       "in_title": titles.get(dossier.placements[aid].chapter_id)}
                                      for aid in c.see_also]})
    empty = [{"id": c.id, "title": c.title} for c in config.chapters if c.id not in titles]
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
                           "status": "fits no chapter: in the source index only",
                           "score": round(p.score, 3) if p else None, "runner_up": p.runner_up if p else None,
                           "terms": p.runner_up_terms if p else [], "reason": p.reason if p else ""})
    for s in dossier.skipped:
        others.append({"id": s.id, "key": None, "title": s.path, "status": "skipped", "reason": s.reason})
    return {"scores": SCORES_EXPLAINED, "chapters": chapters, "empty_chapters": empty,
            "not_in_chapters": others, "notes": dossier.notes}


BASIS = {"score": "best fit", "pinned": "pinned by the editor", "front matter": "chosen in front matter",
         "include": "include pattern", "same event": "kept with its same-event group", "unplaced": "no chapter"}


def _score_line(r: dict) -> str:
    if r["decided_by"] == "unplaced":
        return "fits no chapter" + (f" · closest: {r['runner_up']} {r['runner_up_score']:.2f}" if r["runner_up"] else "")
    line = f"{BASIS.get(r['decided_by'], r['decided_by'])} · score {r['score']:.2f}"
    if r["runner_up"]:
        line += f" · runner-up {r['runner_up']} {r['runner_up_score']:.2f}, margin {r['margin']:.2f}"
        if r["close_call"]:
            line += " (close call: listed there under See also)"
    return line


def format_plan(data: dict) -> str:
    lines = [data["scores"], ""]
    for c in data["chapters"]:
        lines.append(f"{c['title']}  [{c['id']}] · {len(c['articles'])} article{'s' if len(c['articles']) != 1 else ''}"
                     f" · order: {c['order']}")
        for r in c["articles"]:
            lines.append(f"  {r['order']:>2}. {r['title']}  ({r['id']}, {r['key']})")
            lines.append(f"      {_score_line(r)}")
            if r["terms"]:
                lines.append(f"      decided by: {', '.join(r['terms'])}")
            if r["runner_up"] and r["runner_up_terms"]:
                lines.append(f"      {r['runner_up']} matched: {', '.join(r['runner_up_terms'])}")
            if r["decided_by"] != "score":
                lines.append(f"      why: {r['reason']}")
        if c["see_also"]:
            lines.append("  see also: " + "; ".join(f"{s['id']} (in {s['in_title'] or s['in']})" for s in c["see_also"]))
        lines.append("")
    for c in data["empty_chapters"]:
        lines.append(f"{c['title']}  [{c['id']}] · no articles: left out of the book")
        lines.append("")
    if data["not_in_chapters"]:
        lines.append("Not in any chapter")
        for r in data["not_in_chapters"]:
            lines.append(f"  - {r['title']}  ({r['id']}): {r['status']}")
            lines.append(f"      why: {r['reason']}")
    if data.get("notes"):
        lines.append("")
        lines.append("Deduplication decisions")
        lines.extend(f"  - {n}" for n in data["notes"])
    return "\n".join(lines).rstrip() + "\n"
