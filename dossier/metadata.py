"""Describe: title, outlet, author, date, address and language of each article.

Values come, in order of trust, from the file's front matter, from
`seeds/sources.yaml` (written by a person), from the page's HTML metadata, and from
the text itself (title line, bylines, datelines, copyright and source lines). Each
value records where it came from. Nothing is guessed: what no source states stays
unknown.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .clean import STOP_WORDS, metadata_kind, words
from .errors import ConfigError
from .model import (FRONT_MATTER, HTML_META, SOURCES_YAML, TEXT, Article, CleanDocument,
                    Field)
from .yamlsafe import LineDict, load_yaml_file

SOURCE_FIELDS = ("title", "outlet", "author", "date", "url", "language", "note")

_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def parse_date(value) -> dt.date | None:
    """Dates as news sites print them; None when no full date (with year) is present."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    m = re.search(r"\b(\d{4})[./-](\d{1,2})[./-](\d{1,2})\b", text)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.search(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b", text)
    if m and m.group(2)[:3].lower() in _MONTHS:
        return _safe_date(int(m.group(3)), _MONTHS[m.group(2)[:3].lower()], int(m.group(1)))
    m = re.search(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", text)
    if m and m.group(1)[:3].lower() in _MONTHS:
        return _safe_date(int(m.group(3)), _MONTHS[m.group(1)[:3].lower()], int(m.group(2)))
    return None


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def load_sources(seeds_dir: Path) -> dict[str, dict]:
    """seeds/sources.yaml: {file name: {title, outlet, author, date, url, language, note}}."""
    for name in ("sources.yaml", "sources.yml"):
        path = seeds_dir / name
        if path.is_file():
            break
    else:
        return {}
    data = load_yaml_file(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of file names to their metadata", path=str(path), line=1)
    out = {}
    lines = data.lines if isinstance(data, LineDict) else {}
    for name, entry in data.items():
        if entry is None:
            entry = {}
        if not isinstance(entry, dict):
            raise ConfigError("expected a mapping of metadata fields", path=str(path),
                              line=lines.get(name), key=str(name))
        for key in entry:
            if key not in SOURCE_FIELDS:
                raise ConfigError(f"unknown field (expected one of {', '.join(SOURCE_FIELDS)})",
                                  path=str(path), line=entry.lines.get(key) if isinstance(entry, LineDict) else None,
                                  key=f"{name}.{key}")
        if "date" in entry and entry["date"] is not None and parse_date(entry["date"]) is None:
            raise ConfigError(f"not a date: {entry['date']!r}", path=str(path),
                              line=entry.lines.get("date") if isinstance(entry, LineDict) else None,
                              key=f"{name}.date")
        out[str(name)] = dict(entry)
    return out


def _pick(name: str, *candidates: tuple[str, object]) -> Field:
    for source, value in candidates:
        if name == "date":
            value = parse_date(value)
        elif isinstance(value, list):
            value = "; ".join(str(v) for v in value if v)
        elif value is not None and not isinstance(value, str):
            value = str(value)
        if isinstance(value, str):
            value = value.strip()
        if value:
            return Field(value, source)
    return Field()


_NAME = r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){1,3}"
_NOTICE_WORDS = {"all", "rights", "reserved", "unauthorized", "unauthorised", "reproduction",
                 "redistribution", "prohibited", "holder", "copyright", "and", "no", "inc", "ltd"}


def _copyright_owner(line: str) -> str | None:
    m = re.search(r"(?:©|\(c\)|copyright)(?:\s+holder)?\s*(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(.*)",
                  line, re.I)
    if not m:
        return None
    owner = []
    for token in m.group(1).replace("]", " ").split():
        if token.lower().strip(".,") in _NOTICE_WORDS or not (token[0].isupper() or token[0].isdigit()):
            break
        owner.append(token.strip(".,"))
    return " ".join(owner) or None


def _byline_author(line: str) -> str | None:
    m = re.match(r"^(?:by|written by|reporter|correspondent|posted by)\s+(" + _NAME + ")", line, re.I)
    if not m:
        return None
    name = re.split(r",|\s+(?:and|staff|reporter|correspondent)\b", m.group(1))[0].strip()
    return name if len(name.split()) >= 2 else None


def _is_name(line: str) -> bool:
    ws = line.split()
    return 2 <= len(ws) <= 4 and all(w[0].isupper() and w.lower() not in STOP_WORDS for w in ws) \
        and not any(ch.isdigit() for ch in line)


_ROLE = re.compile(r"\b(fellow|professor|editor|correspondent|reporter|writer|columnist|director|analyst|"
                   r"researcher|journalist|author|contributor|scholar|lecturer)\b", re.I)


def text_author(clean: CleanDocument) -> str | None:
    """Bylines; a name signed above a contact line; an author's bio at the end."""
    for line in clean.metadata_lines:
        author = _byline_author(line)
        if author:
            return author
    dropped = [d.text for d in clean.dropped]
    for prev, line in zip(dropped, dropped[1:]):
        if metadata_kind(line) == "contact" and "@" in line and _is_name(prev):
            return prev
    for para in clean.paragraphs[-3:]:
        m = re.match(r"^(" + _NAME + r") (?:is|was) (?:a|an|the|former)\b", para)
        if m and _ROLE.search(para) and len(words(m.group(1))) >= 2:
            return m.group(1)
    return None


def text_date(clean: CleanDocument) -> dt.date | None:
    for line in clean.metadata_lines:
        if metadata_kind(line) == "date":
            date = parse_date(line)
            if date:
                return date
    return None


def text_outlet(clean: CleanDocument) -> str | None:
    for line in clean.metadata_lines:
        if metadata_kind(line) == "copyright":
            owner = _copyright_owner(line)
            if owner:
                return owner
    return None


def declared_source(clean: CleanDocument) -> str | None:
    for line in clean.metadata_lines:
        if metadata_kind(line) == "source":
            return line.split(":", 1)[1].strip()
    return None


def detect_language(text: str) -> str | None:
    if len(text.split()) < 20:
        return None
    import py3langid

    lang, _ = py3langid.classify(text[:5000])
    return lang


def describe(clean: CleanDocument, sources: dict[str, dict]) -> Article:
    doc = clean.document
    fm = doc.front_matter
    person = sources.get(Path(doc.path).name) or sources.get(doc.path) or sources.get(doc.id) or {}
    html = doc.html_metadata
    body = "\n\n".join(clean.paragraphs)
    candidates = {
        "title": [(FRONT_MATTER, fm.get("title")), (SOURCES_YAML, person.get("title")),
                  (HTML_META, html.get("title")), (TEXT, clean.title_line)],
        "outlet": [(FRONT_MATTER, fm.get("outlet") or fm.get("source") or fm.get("publisher")),
                   (SOURCES_YAML, person.get("outlet")), (HTML_META, html.get("outlet")),
                   (TEXT, text_outlet(clean))],
        "author": [(FRONT_MATTER, fm.get("author") or fm.get("authors")), (SOURCES_YAML, person.get("author")),
                   (HTML_META, html.get("author")), (TEXT, text_author(clean))],
        "date": [(FRONT_MATTER, fm.get("date")), (SOURCES_YAML, person.get("date")),
                 (HTML_META, html.get("date")), (TEXT, text_date(clean))],
        "url": [(FRONT_MATTER, fm.get("url") or fm.get("link")), (SOURCES_YAML, person.get("url")),
                (HTML_META, html.get("url"))],
        "language": [(FRONT_MATTER, fm.get("language") or fm.get("lang")), (SOURCES_YAML, person.get("language")),
                     (TEXT, detect_language(body))],
    }
    fields = {name: _pick(name, *cands) for name, cands in candidates.items()}
    chapter = fm.get("chapter")
    return Article(
        id=doc.id, path=doc.path, format=doc.format, paragraphs=list(clean.paragraphs),
        declared_source=_pick("source", (TEXT, declared_source(clean))),
        dropped=list(clean.dropped), warnings=list(doc.warnings),
        front_matter_chapter=str(chapter) if chapter else None, **fields)


def describe_all(cleaned: list[CleanDocument], sources: dict[str, dict]) -> list[Article]:
    return [describe(c, sources) for c in cleaned]
