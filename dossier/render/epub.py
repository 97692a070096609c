"""EPUB 3 output (ebooklib): the same sections as the PDF, one XHTML file each."""
from __future__ import annotations

import uuid
from pathlib import Path

from ebooklib import epub

from ..model import Dossier
from .html import article_anchor, render_epub_pages


def book_identifier(dossier: Dossier) -> str:
    """Stable across rebuilds of the same config: derived from what the config says."""
    seed = "\x1f".join([dossier.title, dossier.subtitle, dossier.organisation,
                        *[c.id for c in dossier.chapters]])
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'dossier:' + seed)}"


def build_epub(dossier: Dossier, css: str) -> epub.EpubBook:
    book = epub.EpubBook()
    book.set_identifier(book_identifier(dossier))
    book.set_title(dossier.title)
    book.set_language(dossier.language)
    if dossier.organisation:
        book.add_author(dossier.organisation)
    book.add_metadata("DC", "date", dossier.compiled.isoformat())
    if dossier.subtitle:
        book.add_metadata("DC", "description", dossier.subtitle)
    for chapter in dossier.chapters:
        book.add_metadata("DC", "subject", chapter.title)

    style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=css.encode("utf-8"))
    book.add_item(style)

    items = {}
    for file_name, title, body in render_epub_pages(dossier):
        item = epub.EpubHtml(title=title, file_name=file_name, lang=dossier.language)
        item.content = f"<html><head><title>{_escape(title)}</title></head><body>{body}</body></html>"
        item.add_item(style)
        book.add_item(item)
        items[file_name] = item

    chapter_files = [f"chapter-{i:02d}.xhtml" for i in range(1, len(dossier.chapters) + 1)]
    toc = []
    for file_name, chapter in zip(chapter_files, dossier.chapters):
        section = epub.Link(f"{file_name}#c-{chapter.id}", chapter.title, f"toc-{chapter.id}")
        links = [epub.Link(f"{file_name}#{article_anchor(a)}", a.display_title, f"toc-{a.id}")
                 for a in chapter.articles]
        toc.append((section, links) if links else section)
    toc += [epub.Link("glossary.xhtml#glossary", "Glossary", "toc-glossary"),
            epub.Link("sources.xhtml#sources", "Source index", "toc-sources"),
            epub.Link("notes.xhtml#notes", "Editorial notes", "toc-notes")]
    book.toc = toc
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = [items["title.xhtml"], "nav", *[items[f] for f in items if f != "title.xhtml"]]
    return book


def write_epub(dossier: Dossier, css: str, target: Path) -> None:
    book = build_epub(dossier, css)
    epub.write_epub(str(target), book, {"epub3_pages": False, "raise_exceptions": True})


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
