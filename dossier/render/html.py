"""The one Jinja environment that both outputs are rendered from.

`render_book` produces the single HTML document that the PDF is laid out from (and
that `--format html` writes); `render_epub_pages` produces the same sections, one
XHTML page per chapter. The templates are shared; `fmt` ('pdf' or 'epub') and the
`href` function are the only things that differ.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..model import Article, Dossier, is_subheading
from . import terms
from .markdown import markdown_block

PACKAGE_DIR = Path(__file__).resolve().parents[1]
TEMPLATES_DIR = PACKAGE_DIR / "templates"
DEFAULT_STYLES_DIR = PACKAGE_DIR.parent / "styles"
UNKNOWN = "unknown"


def stylesheet(name: str, project_styles: Path | None = None) -> str:
    """A stylesheet from the defaults, followed by the project's override of it, if any."""
    parts = []
    default = DEFAULT_STYLES_DIR / name
    if default.is_file():
        parts.append(default.read_text("utf-8"))
    if project_styles and project_styles.resolve() != DEFAULT_STYLES_DIR.resolve():
        override = project_styles / name
        if override.is_file():
            parts.append(f"/* project override: {name} */\n" + override.read_text("utf-8"))
    return "\n".join(parts)


def book_css(config) -> str:
    """The CSS of the one-document book (PDF and dossier.html): shared, print, screen,
    then the paper size and margin from the config."""
    styles = config.base_dir / "styles"
    css = "\n".join(stylesheet(name, styles) for name in ("base.css", "print.css", "screen.css"))
    return css + f"\n@page {{ size: {config.paper}; margin: {config.margin}; }}\n"


def epub_css(config) -> str:
    """The EPUB's CSS: the shared stylesheet and the small EPUB override."""
    styles = config.base_dir / "styles"
    return stylesheet("base.css", styles) + "\n" + stylesheet("epub.css", styles)


def format_date(value) -> str:
    if isinstance(value, dt.date):
        return f"{value.day} {value.strftime('%B')} {value.year}"
    return UNKNOWN


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,  # article text is data, never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["date"] = format_date
    env.filters["value"] = lambda field: field.value if field.known else UNKNOWN
    env.tests["subheading"] = is_subheading
    env.filters["host"] = url_host
    env.filters["lead_words"] = lead_words
    env.filters["terms"] = terms.link_terms
    env.filters["markdown"] = markdown_block  # chapter intros
    env.filters["mark_ids"] = mark_ids
    env.filters["running_head"] = running_head
    env.filters["quotation"] = quotation
    env.filters["relation"] = lambda kind: RELATION_NOUNS.get(kind, f"a {kind}")
    return env


# About two thirds of a line of running head on A4: the stylesheet's ellipsis cuts
# what still does not fit, and a PDF's text layer then maps that ellipsis to a few
# hidden characters only (poppler rejects a long mapping).
RUNNING_HEAD_CHARS = 60


def running_head(text: str, limit: int = RUNNING_HEAD_CHARS) -> str:
    """`text` shortened at a word boundary to at most `limit` characters, with an
    ellipsis if anything was cut: the string the running heads show."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:–—-") + "…"


# How a merge is named in running text ("merged into [X] as an identical copy").
RELATION_NOUNS = {"identical": "an identical copy", "copy": "a near-identical copy", "rewrite": "a rewrite",
                  "same-event": "a report of the same event", "passage": "a repeated passage",
                  "duplicate": "a duplicate"}

_STRAIGHT_QUOTE = re.compile(r'"([^"]*)"')


def quotation(text: str) -> str:
    """`text` between double quotes; the quotation marks inside it become single ones,
    as a quote within a quote is written ('“‘Harbour closed,’ she said.”', not '““…')."""
    inner = _STRAIGHT_QUOTE.sub("‘\\1’", text).replace("“", "‘").replace("”", "’")
    return f"“{inner}”"


def mark_ids(text: str, ids) -> Markup:
    """`text` escaped, with every article id in it marked up as one: ids are copied into
    config.yaml, so the stylesheets keep them from being hyphenated."""
    names = sorted({str(i) for i in ids if i}, key=len, reverse=True)
    if not names:
        return escape(text)
    # An id is a file stem: it ends where the neighbouring characters stop being id characters.
    pattern = re.compile(r"(?<![\w.-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(Markup('<span class="article-id">{}</span>').format(match.group(1)))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def url_host(url: str) -> str:
    """The site part of an address, for a short printed reference ('www.' dropped)."""
    host = urlsplit(str(url)).hostname or ""
    return host.removeprefix("www.") or str(url)


def lead_words(article: Article, count: int = 10) -> str:
    """The article's first words, to stand in for a missing title (never a made-up one)."""
    from ..model import lead_words as first_words

    lead, more = first_words(article.text, count)
    return lead + ("…" if more else "")


@dataclass
class Links:
    """Where each anchor lives: one document for the PDF, many files for the EPUB."""

    file_of: dict[str, str]  # anchor id -> file name ('' for the one-document book)

    def __call__(self, anchor: str) -> str:
        return f"{self.file_of.get(anchor, '')}#{anchor}"


def article_anchor(article: Article) -> str:
    return f"a-{article.id}"


def context(dossier: Dossier, fmt: str, links: Links) -> dict:
    by_id = {s.article.id: s for s in dossier.sources}
    chapter_titles = {c.id: c.title for c in dossier.chapters}
    glossary_first = terms.first_mentions(dossier)
    return {
        "d": dossier, "fmt": fmt, "href": links, "source_of": by_id, "anchor": article_anchor,
        "chapter_titles": chapter_titles, "glossary_first": glossary_first,
        "article_by_id": {a.id: a for a in dossier.articles},
        "placements": dossier.placements,
        "related_of": related_articles(dossier),
        "glance": at_a_glance(dossier),
        "article_ids": [s.article.id for s in dossier.sources],
    }


# Relations that make another kept article worth a "see also" (copies and rewrites
# that were merged are listed under "also reported by" instead).
SEE_ALSO_KINDS = ("rewrite", "same-event", "passage")


# "See also" under an article names at most this many others: the closest reports of
# the same events; a longer list is noise at the end of every article of a busy story.
SEE_ALSO_LIMIT = 3


def related_articles(dossier: Dossier, limit: int = SEE_ALSO_LIMIT) -> dict[str, list[str]]:
    """article id -> ids of other printed articles about the same events, closest first."""
    printed = {a.id for a in dossier.articles}
    related = {}
    for aid in printed:
        relations = sorted(dossier.dedup.relations.get(aid, []), key=lambda r: (-r.score, r.other))
        ids = []
        for r in relations:
            if r.kind in SEE_ALSO_KINDS and r.other in printed and r.other != aid and r.other not in ids:
                ids.append(r.other)
        related[aid] = ids[:limit]
    return related


def at_a_glance(dossier: Dossier, top: int = 8) -> dict:
    """The figures of the 'At a glance' page, all counted from the dossier itself."""
    outlets = Counter(str(s.article.outlet.value) for s in dossier.sources if s.article.outlet.known)
    unknown_outlets = sum(1 for s in dossier.sources if not s.article.outlet.known)
    dated = [s.article.date_value for s in dossier.sources if s.article.date_value]
    # Most sources first; equal counts by name, so that the order is stable.
    ranked = sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0]))

    def most_named(kinds):
        entries = [e for e in dossier.glossary if e.kind in kinds and e.articles]
        entries.sort(key=lambda e: (-len(set(e.articles)), e.term.lower()))
        return [(e, len(set(e.articles))) for e in entries[:top]]

    return {
        "chapters": [(c, len(c.articles)) for c in dossier.chapters],
        "outlets": ranked[:top],
        # The outlets beyond the first `top`: how many, and how many sources they gave.
        "more_outlets": len(ranked[top:]),
        "more_outlet_sources": sum(n for _, n in ranked[top:]),
        "unknown_outlets": unknown_outlets,
        "undated": len(dossier.sources) - len(dated),
        "merged": sum(1 for s in dossier.sources if s.status == "merged"),
        "people": most_named(("person",)),
        "organisations": most_named(("organisation",)),
        "terms": most_named(("acronym", "term")),
    }


def render_book(dossier: Dossier, css: str) -> str:
    env = environment()
    ctx = context(dossier, "pdf", Links({}))
    return env.get_template("book.html.j2").render(css=css, **ctx)


def epub_files(dossier: Dossier) -> dict[str, str]:
    """anchor -> file name, for every anchor that EPUB links point at."""
    file_of = {}
    for i, chapter in enumerate(dossier.chapters, 1):
        name = f"chapter-{i:02d}.xhtml"
        file_of[f"c-{chapter.id}"] = name
        for a in chapter.articles:
            file_of[article_anchor(a)] = name
    for entry in dossier.glossary:
        file_of[entry.anchor] = "glossary.xhtml"
    for source in dossier.sources:
        file_of[f"s-{source.key}"] = "sources.xhtml"
    file_of["glossary"] = "glossary.xhtml"
    file_of["sources"] = "sources.xhtml"
    file_of["notes"] = "notes.xhtml"
    file_of["contents"] = "contents.xhtml"
    file_of["glance"] = "glance.xhtml"
    return file_of


def render_epub_pages(dossier: Dossier) -> list[tuple[str, str, str]]:
    """[(file name, title, XHTML body)] in reading order."""
    env = environment()
    links = Links(epub_files(dossier))
    ctx = context(dossier, "epub", links)
    parts = env.get_template("parts.html.j2").make_module(ctx)
    # The PDF's order (At a glance on the page after the cover, then the contents), so
    # that the EPUB's printed-page markers follow each other as the pages do.
    pages = [("title.xhtml", dossier.title, str(parts.title_page())),
             ("glance.xhtml", "At a glance", str(parts.at_a_glance())),
             ("contents.xhtml", "Contents", str(parts.toc()))]
    for i, chapter in enumerate(dossier.chapters, 1):
        pages.append((f"chapter-{i:02d}.xhtml", chapter.title, str(parts.chapter(chapter))))
    pages.append(("glossary.xhtml", "Glossary", str(parts.glossary())))
    pages.append(("sources.xhtml", "Source index", str(parts.sources())))
    pages.append(("notes.xhtml", "Editorial notes", str(parts.notes())))
    return pages
