"""PDF output: WeasyPrint lays out the same HTML that `--format html` writes.

The PDF is tagged PDF/UA-1 (structure tree, document language, title shown in the
window title), embeds only the fonts shipped in dossier/assets/fonts/ plus the system
fonts Pango falls back to for other scripts, and is reproducible: every date in it
comes from the dossier's compilation date, and no random identifier is written.
"""
from __future__ import annotations

import bisect
import contextlib
import functools
import html as html_lib
import re
import shutil
import subprocess
import unicodedata
import logging
from pathlib import Path

import pydyf
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from . import pagemap, pagerefs, stamp
from .html import DEFAULT_STYLES_DIR, PACKAGE_DIR

FONTS_DIR = PACKAGE_DIR / "assets" / "fonts"
PDF_VARIANT = "pdf/ua-1"
log = logging.getLogger("dossier")


class LocalOnlyFetcher(URLFetcher):
    """Refuses every URL except files inside the package's own assets and styles.

    Articles come from anywhere: an <img src>, a CSS url() or a <link
    rel="attachment"> in one must never make the build fetch, read or embed anything.
    """

    def __init__(self, allowed_dirs: tuple[Path, ...] = (PACKAGE_DIR / "assets", DEFAULT_STYLES_DIR)):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=False)
        self.allowed_dirs = tuple(d.resolve() for d in allowed_dirs)

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            from urllib.request import url2pathname

            path = Path(url2pathname(url.split("?", 1)[0].split("#", 1)[0].removeprefix("file:"))).resolve()
            if any(path.is_relative_to(d) for d in self.allowed_dirs) and path.is_file():
                return super().fetch(path.as_uri(), headers)
        log.warning("warning: refused to fetch %s: rendering never fetches outside resources", url[:80])
        raise ValueError(f"refused to fetch {url[:80]}: rendering never fetches outside resources")


def write_pdf(html: str, target: Path, on_page_map=None, parts: bool | None = None, on_progress=None,
              cache=None) -> int:
    """Lay `html` out and write the PDF to `target`. Returns the number of pages.

    Title, author, subject, keywords, language and dates come from the HTML's <html
    lang> and <meta> tags, so the PDF and the HTML preview say the same thing.
    `on_page_map(page_map)` gets the pages' positions as soon as the book is laid out:
    the EPUB's page-list cites them (render/pagemap.py). The book is laid out once:
    page numbers are filled in afterwards (render/pagerefs.py). A long book is laid
    out in parts on both cores (render/parts.py; `parts` forces it on or off), and
    `on_progress(done, total)` hears of each part laid out, and `cache`
    (dossier/cache.py) keeps them for the next build."""
    from . import parts as in_parts

    if _laid_out_in_parts(html, parts, cache):
        try:
            with page_references_memoised():
                return in_parts.write_pdf(html, target, on_page_map, on_progress=on_progress, cache=cache)
        except stamp.CannotStamp as err:
            log.debug("the book laid out whole: %s", err)
    layout = pagemap.PrintLayout()
    document = lay_out(html, layout.before_layout)
    layout.on_render(document)
    if on_page_map:
        on_page_map(layout.page_map)
    write_document(document, target)
    return len(document.pages)


def page_map(html: str, folder: Path, cache=None) -> pagemap.PageMap:
    """Where the PDF's pages would begin, without writing it (an EPUB-only build): a
    long book is laid out in parts, as `write_pdf` would, and the parts are kept in
    `cache` for the PDF's next build. `folder`: where parts may be drawn."""
    from . import parts as in_parts

    if _laid_out_in_parts(html, None, cache):
        try:
            with page_references_memoised():
                return in_parts.page_map(html, folder, cache=cache)
        except stamp.CannotStamp as err:
            log.debug("the book laid out whole for its page map: %s", err)
    return pagemap.layout_page_map(html)


def _laid_out_in_parts(html: str, parts: bool | None, cache) -> bool:
    """Whether the book is laid out in parts (`parts` forces it on or off)."""
    from . import parts as in_parts

    if parts is None:  # one core and no cache: nothing to gain from parts
        keeps = cache is not None and cache.folder is not None
        parts = len(html) >= in_parts.MIN_PART_CHARS and (in_parts.cores() > 1 or keeps)
    return bool(parts and in_parts.splittable(html) and pagerefs.print_source(html)[1])


def write_document(document, target: Path) -> None:
    """Write a laid-out book (or part of one) as PDF/UA-1."""
    with page_references_memoised():
        document.metadata.attachments = []  # <link rel="attachment"> in an article embeds nothing
        document.metadata.modified = document.metadata.created
        # pdf/ua-1 turns on tagging (StructTreeRoot, MarkInfo, DisplayDocTitle) and writes the
        # pdfuaid XMP entry; no pdf_identifier, so two builds of the same input are identical.
        document.write_pdf(target, pdf_variant=PDF_VARIANT, pdf_identifier=False)


def lay_out(html: str, before_layout=None):
    """The laid-out book (a WeasyPrint Document), laid out once, cross-reference page
    numbers filled in (render/pagerefs.py)."""
    source, placeholder = pagerefs.print_source(html)
    document = _render(source, before_layout)
    if placeholder and not pagerefs.fill_in(document, placeholder):
        log.debug("more pages than the cross-reference placeholder allows: laid out again")
        document = _render(html, before_layout)
    return document


def _render(html: str, before_layout=None):
    source = HTML(string=html, base_url=str(PACKAGE_DIR), url_fetcher=LocalOnlyFetcher())
    if before_layout:
        before_layout(source.etree_element)
    return source.render()


@contextlib.contextmanager
def page_references_memoised():
    """pydyf rebuilds its tuple of page references on every read of
    `PDF.page_references`, and WeasyPrint reads it once per tagged element and per
    anchor: quadratic in pages (22 million steps at 365 pages, a sixth of writing the
    PDF; at 1,600 pages, minutes). While the PDF is written, the tuple is kept until a
    page is added. Same values, so the same bytes."""
    original = pydyf.PDF.page_references

    def page_references(pdf):
        kids = pdf.pages["Kids"]
        cached = pdf.__dict__.get("_page_references_memo")
        if cached is None or cached[0] != len(kids):
            cached = (len(kids), original.fget(pdf))
            pdf.__dict__["_page_references_memo"] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original


# --- Glyph coverage -------------------------------------------------------------------
# Pango silently draws a box for a character no font has. The build checks the text
# against the fonts shipped with the package and every font fontconfig knows, and
# names the characters that none of them covers.

_TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)


def text_characters(html: str) -> set[str]:
    """The characters a reader will see: tags, styles and invisible characters left out."""
    text = html_lib.unescape(_TAG.sub(" ", html))
    return {ch for ch in set(text)
            if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf", "Mn", "Zs", "Zl", "Zp")
            and not 0xFE00 <= ord(ch) <= 0xFE0F}


@functools.lru_cache(maxsize=None)
def shipped_coverage(fonts_dir: Path = FONTS_DIR) -> frozenset[int]:
    """Code points the fonts shipped with the package have glyphs for."""
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for path in sorted(fonts_dir.glob("*.[ot]tf")):
        with TTFont(str(path), lazy=True) as font:
            covered.update(font.getBestCmap() or {})
    return frozenset(covered)


def parse_charset(text: str) -> list[tuple[int, int]]:
    """fontconfig's charset notation ('20-7e a0 ...', hexadecimal) as sorted ranges."""
    ranges = []
    for token in text.split():
        low, _, high = token.partition("-")
        try:
            ranges.append((int(low, 16), int(high or low, 16)))
        except ValueError:
            continue
    return sorted(ranges)


@functools.lru_cache(maxsize=1)
def system_coverage() -> tuple[tuple[int, int], ...] | None:
    """Code point ranges covered by the fonts fontconfig knows; None if it cannot be asked."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return None
    try:
        out = subprocess.run([fc_list, "--format", "%{charset}\n"], capture_output=True, text=True,
                             timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return tuple(parse_charset(out))


def _in_ranges(code: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether `code` lies in one of `ranges` (sorted and disjoint)."""
    i = bisect.bisect_right(ranges, (code, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= code <= ranges[i][1]


def missing_glyphs(html: str, system: tuple[tuple[int, int], ...] | None = ...) -> list[str]:
    """Characters of the text that no shipped or installed font has a glyph for."""
    if system is ...:
        system = system_coverage()
    shipped = shipped_coverage()
    merged = _merge(system or ())
    missing = [ch for ch in text_characters(html)
               if ord(ch) not in shipped and not _in_ranges(ord(ch), merged)]
    return sorted(missing)


def _merge(ranges) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def glyph_warnings(html: str, limit: int = 20) -> list[str]:
    """One warning naming the characters that would print as boxes, if any."""
    missing = missing_glyphs(html)
    if not missing:
        return []
    named = ", ".join(f"{ch} U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}" for ch in missing[:limit])
    more = f" and {len(missing) - limit} more" if len(missing) > limit else ""
    return [f"PDF: no installed font has a glyph for {len(missing)} character"
            f"{'s' if len(missing) != 1 else ''} (printed as boxes): {named}{more}; "
            "install a font covering them (see README, 'Fonts')"]
