"""Readers: one per input format, picked by file extension from a registry.

A reader turns the bytes of one file into a `Document` (decoded text plus whatever
metadata the format itself carries) and interprets nothing else.
"""
from __future__ import annotations

import logging
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Callable

from .errors import ConfigError
from .model import Document, Skipped

log = logging.getLogger("dossier")

MAX_FILE_BYTES = 20 * 1024 * 1024

# Magic numbers of files that are not text even when named .txt.
_BINARY_MAGIC = {
    b"%PDF": "a PDF file", b"PK\x03\x04": "a ZIP archive", b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image", b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}


class UnreadableFile(Exception):
    """The file cannot become a document; the message says why."""


def decode(raw: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding name). Detects BOMs, UTF-8, then asks charset-normalizer."""
    for magic, what in _BINARY_MAGIC.items():
        if raw.startswith(magic):
            raise UnreadableFile(f"not text: looks like {what}")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw[:4096] and raw.count(b"\x00") > len(raw) // 4:
        # BOM-less UTF-16: every other byte is zero in Latin text.
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                return raw.decode(enc), enc
            except UnicodeDecodeError:
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise UnreadableFile("cannot detect the text encoding")
    return str(best), best.encoding


def normalise_text(text: str) -> str:
    """Repair mojibake, drop control characters, NFC. Curly quotes stay as written."""
    import ftfy

    text = ftfy.fix_text(text, uncurl_quotes=False, fix_latin_ligatures=False,
                         fix_character_width=False, normalization="NFC")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return unicodedata.normalize("NFC", text)


def read_txt(text: str, doc: Document) -> Document:
    doc.text = text
    return doc


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def read_md(text: str, doc: Document) -> Document:
    from .yamlsafe import load_yaml_text

    match = _FRONT_MATTER.match(text)
    if match:
        data = load_yaml_text(match.group(1) or "", doc.path, line_offset=1)
        if data is not None and not isinstance(data, dict):
            raise ConfigError("front matter must be a mapping", path=doc.path, line=2)
        doc.front_matter = {str(k).lower(): v for k, v in (data or {}).items()}
        text = text[match.end():]
    doc.text = _strip_markdown(text)
    return doc


# Inline Markdown, matched in linear time: no part of a pattern can run over the
# delimiter that ends it, so a line of 200,000 '[' or '*' costs no more than its length.
_MD_TARGET = r"\((?:[^()\n]|\([^()\n]*\))*\)"
_MD_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]" + _MD_TARGET)
_MD_LINK = re.compile(r"\[([^\[\]\n]+)\]" + _MD_TARGET)
_MD_STRONG = re.compile(r"\*\*([^*\n]+)\*\*|__([^_\n]+)__")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")


def _strip_markdown(text: str) -> str:
    """Markdown to plain paragraphs: headings, emphasis markers and link targets go."""
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
        line = re.sub(r"^\s{0,3}>\s?", "", line)
        line = _MD_IMAGE.sub(r"\1", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_STRONG.sub(lambda m: m.group(1) or m.group(2), line)
        line = _MD_EMPHASIS.sub(r"\1", line)
        lines.append(line)
    return "\n".join(lines)


def read_html(text: str, doc: Document) -> Document:
    """Whole saved pages: trafilatura finds the article body and the page metadata."""
    import trafilatura

    body = trafilatura.extract(text, include_comments=False, include_tables=True,
                               include_links=False, include_images=False, favor_recall=True,
                               deduplicate=False, with_metadata=False)
    meta = trafilatura.extract_metadata(text)
    if meta is not None:
        doc.html_metadata = {k: v for k, v in {
            "title": meta.title, "author": meta.author, "date": meta.date, "url": meta.url,
            "outlet": meta.sitename, "language": getattr(meta, "language", None),
        }.items() if v}
    doc.text = body or ""
    return doc


READERS: dict[str, tuple[str, Callable[[str, Document], Document]]] = {
    ".txt": ("txt", read_txt),
    ".text": ("txt", read_txt),
    ".md": ("md", read_md),
    ".markdown": ("md", read_md),
    ".html": ("html", read_html),
    ".htm": ("html", read_html),
}

# Files in the seeds folder that are not articles.
NOT_ARTICLES = {"sources.yaml", "sources.yml"}


def read_file(path: Path, root: Path) -> Document:
    """Read one file; raises UnreadableFile or ConfigError (bad front matter)."""
    rel = path.relative_to(root).as_posix()
    fmt, reader = READERS[path.suffix.lower()]
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableFile(f"larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # the file may grow after stat()
    except OSError as err:
        raise UnreadableFile(f"cannot read: {err.strerror or err}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise UnreadableFile(f"larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
    if not raw.strip():
        raise UnreadableFile("empty file")
    text, encoding = decode(raw)
    if _control_ratio(text) > MAX_CONTROL_RATIO:
        raise UnreadableFile("not text: binary data (control characters)")
    text = normalise_text(text)
    doc = Document(id=_article_id(rel), path=rel, format=fmt, text="", encoding=encoding)
    doc = reader(text, doc)
    if not doc.text.strip():
        raise UnreadableFile("no text found")
    return doc


# Text has next to no control characters; binary data of any kind, decoded as some
# 8-bit encoding, has about one in ten. A few stray NULs in an article are dropped.
MAX_CONTROL_RATIO = 0.02


def _control_ratio(text: str, sample: int = 65536) -> float:
    head = text[:sample]
    if not head:
        return 0.0
    controls = sum(1 for ch in head if (ch < " " and ch not in "\n\r\t\f") or "\x7f" <= ch <= "\x9f")
    return controls / len(head)


def _article_id(rel: str) -> str:
    stem = rel.rsplit(".", 1)[0]
    return re.sub(r"[^\w.-]+", "-", stem).strip("-") or "article"


def _display(rel: str) -> str:
    """A path as it can be printed and written to report.json (undecodable bytes shown as \ufffd)."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def list_inputs(root: Path) -> tuple[list[Path], list[Skipped]]:
    """Every candidate file below root, sorted by name (never file-system order).

    Nothing below root is lost silently: links (to files or folders) are not
    followed, folders that cannot be listed, special files and file names that are
    not UTF-8 are all returned as skipped, with the reason."""
    files, skipped = [], []

    def skip(path: Path, reason: str) -> None:
        rel = _display(path.relative_to(root).as_posix())
        skipped.append(Skipped(_article_id(rel), rel, reason))

    def unlistable(err: OSError) -> None:
        if err.filename and Path(err.filename) != root:
            skip(Path(err.filename), f"folder cannot be read: {err.strerror or err}")

    for dirpath, dirnames, filenames in os.walk(root, onerror=unlistable, followlinks=False):
        here = Path(dirpath)
        for name in sorted(dirnames):
            if not name.startswith(".") and (here / name).is_symlink():
                skip(here / name, "symbolic link to a folder, not followed")
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(filenames):
            path = here / name
            if name in NOT_ARTICLES or name.startswith(".") and path.suffix.lower() not in READERS:
                continue  # .DS_Store and the like are not inputs; a hidden article is reported
            if name.startswith("."):
                skip(path, "hidden file (its name starts with '.'), not read")
                continue
            if path.is_symlink():
                skip(path, "symbolic link, not followed")
            elif _display(name) != name:
                skip(path, "file name is not valid UTF-8; rename the file")
            elif path.suffix.lower() not in READERS:
                skip(path, f"unknown file type '{path.suffix or name}'")
            elif not _is_regular(path):
                skip(path, "not a regular file")
            else:
                files.append(path)
    files.sort(key=lambda p: p.relative_to(root).as_posix())
    skipped.sort(key=lambda s: s.path)
    return files, skipped


def _is_regular(path: Path) -> bool:
    """A FIFO or device named *.txt would block or never end; stat errors are read errors later."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return True


def read_all(root: Path, progress=None) -> tuple[list[Document], list[Skipped]]:
    """Read every article file; a file that fails is skipped with its reason.

    As in Pelican, each file is read inside its own try: one bad file never stops
    the book, and whatever went wrong is reported against that file."""
    files, skipped = list_inputs(root)
    documents: list[Document] = []
    used_ids: set[str] = set()
    for path in files:
        rel = path.relative_to(root).as_posix()
        try:
            doc = read_file(path, root)
        except UnreadableFile as err:
            skipped.append(Skipped(_article_id(rel), rel, str(err)))
        except ConfigError as err:
            skipped.append(Skipped(_article_id(rel), rel, f"bad front matter: {err}"))
        except (RecursionError, MemoryError):
            skipped.append(Skipped(_article_id(rel), rel, "could not be read: too deeply nested or too large"))
        except Exception as err:  # a reader bug must not cost the other articles
            log.warning("%s: could not be read: %s: %s", rel, type(err).__name__, err)
            skipped.append(Skipped(_article_id(rel), rel, f"could not be read: {type(err).__name__}: {err}"))
        else:
            doc.id = _unique_id(doc.id, rel, used_ids)
            used_ids.add(doc.id)
            documents.append(doc)
        if progress:
            progress()
    return documents, skipped


def _unique_id(wanted: str, rel: str, used: set[str]) -> str:
    """a.txt and a.md, or 'a b.txt' and 'a-b.txt': keep both, distinctly."""
    if wanted not in used:
        return wanted
    candidate = re.sub(r"[^\w.-]+", "-", rel).strip("-") or "article"
    n = 2
    while candidate in used:
        candidate = f"{wanted}-{n}"
        n += 1
    return candidate
