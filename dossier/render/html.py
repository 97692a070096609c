"""The one Jinja environment that both outputs are rendered from.

`render_book` produces the single HTML document that the PDF is laid out from (and
that `--format html` writes); `render_epub_pages` produces the same sections, one
XHTML page per chapter. The templates are shared; `fmt` ('pdf' or 'epub') and the
`href` function are the only things that differ.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..model import Article, Dossier, is_subheading
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
    env.filters["markdown"] = markdown_block  # chapter intros
    return env


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
    glossary_first = {}
    return {
        "d": dossier, "fmt": fmt, "href": links, "source_of": by_id, "anchor": article_anchor,
        "chapter_titles": chapter_titles, "glossary_first": glossary_first,
        "article_by_id": {a.id: a for a in dossier.articles},
        "placements": dossier.placements,
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
    return file_of


def render_epub_pages(dossier: Dossier) -> list[tuple[str, str, str]]:
    """[(file name, title, XHTML body)] in reading order."""
    env = environment()
    links = Links(epub_files(dossier))
    ctx = context(dossier, "epub", links)
    parts = env.get_template("parts.html.j2").make_module(ctx)
    pages = [("title.xhtml", dossier.title, str(parts.title_page())),
             ("contents.xhtml", "Contents", str(parts.toc()))]
    for i, chapter in enumerate(dossier.chapters, 1):
        pages.append((f"chapter-{i:02d}.xhtml", chapter.title, str(parts.chapter(chapter))))
    pages.append(("glossary.xhtml", "Glossary", str(parts.glossary())))
    pages.append(("sources.xhtml", "Source index", str(parts.sources())))
    pages.append(("notes.xhtml", "Editorial notes", str(parts.notes())))
    return pages
