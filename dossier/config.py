"""The typed schema of config.yaml.

Every option is declared once, as a dataclass field with a type, a default and a
docstring (`doc=`). `load_config` checks the file against these declarations and
collects *all* problems (unknown keys, wrong types, bad values) with their key paths
and lines before stopping, as MkDocs does.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import types
import typing
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from pathlib import Path

from .errors import ConfigError, ConfigErrors
from .yamlsafe import LineDict, load_yaml_file


def option(default=MISSING, *, doc: str, choices: tuple = (), factory=None, schema: dict | None = None):
    """Declare a config option: its default, its documentation, allowed values, and any
    further JSON Schema constraints (pattern, minimum, ...) for config.schema.json."""
    meta = {"doc": doc, "choices": choices, "schema": schema or {}}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    if default is MISSING:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class ChapterConfig:
    id: str = option(doc="Stable identifier (letters, digits, '-', '_'); used in links, pins and reports.",
                     schema={"pattern": "^[A-Za-z0-9][A-Za-z0-9_-]*$"})
    title: str = option(doc="Chapter title as printed; its words count for assignment.")
    description: str = option("", doc="What belongs here; its words count for assignment, at half a keyword's weight.")
    keywords: dict[str, float] = option(
        factory=dict, doc="Words or phrases that mark an article as belonging here; a list, "
                          "or a mapping of keyword to weight (default weight 1).")
    intro: str = option("", doc="Markdown printed at the start of the chapter (emphasis, links, lists; "
                                "raw HTML is shown as text).")
    include: list[str] = option(factory=list, doc="Regular expressions: an article whose title or text matches one is placed here.")
    exclude: list[str] = option(factory=list, doc="Regular expressions: an article whose title or text matches one never goes here.")
    articles: list[str] = option(factory=list, doc="Article ids (file names without extension) pinned to this "
                                                   "chapter, listed first in this order.")
    order: str = option("date", doc="How the other articles are ordered: `date` (oldest first, unknown dates "
                                    "last), `date-desc`, `relevance` (best score first) or `manual` (seeds "
                                    "folder file order).", choices=("date", "date-desc", "relevance", "manual"))
    min_score: float = option(0.0, doc="An article whose score (0-1, as `dossier plan` shows) is below this "
                                       "is not placed here by scoring.", schema={"minimum": 0, "maximum": 1})


@dataclass
class TermConfig:
    term: str = option(doc="The entry's headword.")
    definition: str = option("", doc="Definition; overrides one found in the text.")
    aliases: list[str] = option(factory=list, doc="Other spellings merged into this entry.")
    kind: str = option("term", doc="Kind of entry.", choices=("acronym", "organisation", "person", "term"))
    split: bool = option(False, doc="Take the term and its aliases out of any entry found in the text (to undo a wrong merge) and make them an entry of their own.")


@dataclass
class GlossaryConfig:
    terms: list[TermConfig] = option(factory=list, doc="Entries to add or correct.")
    exclude: list[str] = option(factory=list, doc="Terms never to list.")
    min_articles: int = option(1, doc="An entry found in the text must occur in at least this many articles.")
    org_min_articles: int = option(2, doc="An organisation found only by its name (no acronym defined, not named in a chapter's title, description or keywords) must occur in at least this many articles.")


@dataclass
class DedupConfig:
    copy_threshold: float = option(0.5, doc="Share (0-1) of one text's word 5-grams, weighted by rarity, found in "
                                                 "the other above which two articles are copies.")
    rewrite_threshold: float = option(0.75, doc="Combined similarity (0-1) above which one article is a rewrite of another.")
    same_event_threshold: float = option(0.06, doc="Similarity (0-1) of the opening paragraphs above which two articles "
                                                        "sharing rare names are grouped as reports of the same event.")
    same_event_days: int = option(3, doc="Reports published more than this many days apart are never grouped as "
                                         "the same event (an article without a known date can still be).")
    merge_identical: bool = option(True, doc="Merge identical files (false: only flag them).")
    merge_copies: bool = option(True, doc="Merge copies into the fuller article (false: only flag them).")
    merge_rewrites: bool = option(True, doc="Merge rewrites into their original (false: keep and mark them).")
    keep_separate: list[list[str]] = option(factory=list, doc="Pairs of article ids never to merge.")
    merge: list[list[str]] = option(factory=list, doc="Pairs [duplicate, original] to merge whatever the scores.")


@dataclass
class CleanConfig:
    keep_boilerplate: bool = option(False, doc="Keep every line (turn boilerplate removal off).")


@dataclass
class Config:
    title: str = option("Briefing dossier", doc="Title on the cover, in metadata and running heads.")
    subtitle: str = option("", doc="Subtitle on the cover.")
    organisation: str = option("", doc="Who compiled the dossier (cover, metadata).")
    language: str = option("en", doc="Language of the dossier (BCP 47), for hyphenation and metadata.")
    date: dt.date | None = option(None, doc="Date of compilation; default: SOURCE_DATE_EPOCH, else today.")
    marking: str = option("", doc="Handling marking printed on the cover, e.g. FOR INTERNAL BRIEFING.")
    seeds: str = option("seeds", doc="Folder of articles, relative to this file.")
    output: str = option("build", doc="Output folder, relative to this file.")
    paper: str = option("A4", doc="Paper size of the PDF.", choices=("A4", "Letter"))
    margin: str = option("20mm", doc="Page margin of the PDF (CSS length).")
    unplaced: str = option("other", doc="Articles fitting no chapter: `other` (a final chapter), `index` (the "
                                        "source index only) or `error` (the build fails).",
                           choices=("other", "index", "error"))
    other_title: str = option("Other reports", doc="Title of the chapter for unplaced articles.")
    chapters: list[ChapterConfig] = option(factory=list, doc="The chapters, in book order.")
    glossary: GlossaryConfig = option(factory=GlossaryConfig, doc="Glossary additions and corrections.")
    dedup: DedupConfig = option(factory=DedupConfig, doc="Deduplication thresholds and overrides.")
    clean: CleanConfig = option(factory=CleanConfig, doc="Boilerplate removal.")

    # Not options: where the config came from, filled in by load_config.
    path: Path | None = field(default=None, metadata={"internal": True})

    @property
    def base_dir(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    @property
    def seeds_dir(self) -> Path:
        return (self.base_dir / self.seeds).resolve()

    @property
    def output_dir(self) -> Path:
        return (self.base_dir / self.output).resolve()


_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_LENGTH = r"(?:(?:\d+(?:\.\d+)?|\.\d+)(?:mm|cm|in|pt|pc|px|q|em|rem|%)|0)"
_CSS_LENGTH = re.compile(rf"^{_LENGTH}(?:\s+{_LENGTH}){{0,3}}$", re.I)


def _line(data, key: str) -> int | None:
    return data.lines.get(key) if isinstance(data, LineDict) else None


class _Checker:
    """Walks a parsed YAML value against a dataclass, collecting errors."""

    def __init__(self, path: str):
        self.path = path
        self.errors: list[ConfigError] = []

    def error(self, key: str, line: int | None, message: str) -> None:
        self.errors.append(ConfigError(message, path=self.path, line=line, key=key))

    def build(self, cls, data, key: str, line: int | None):
        if not isinstance(data, dict):
            self.error(key or "(top level)", line, f"expected a mapping, got {_kind(data)}")
            return None
        lines = data.lines if isinstance(data, LineDict) else {}
        known = {f.name: f for f in fields(cls) if not f.metadata.get("internal")}
        values = {}
        for name, value in data.items():
            sub = f"{key}.{name}" if key else str(name)
            if name not in known:
                hint = _closest(str(name), known)
                self.error(sub, lines.get(name), "unknown key" + (f" (did you mean '{hint}'?)" if hint else ""))
                continue
            spec = known[name]
            converted = self.convert(spec.type, value, sub, lines.get(name))
            if converted is _BAD:
                continue
            choices = spec.metadata.get("choices")
            if choices and converted not in choices:
                self.error(sub, lines.get(name), f"must be one of {', '.join(map(str, choices))}; got {value!r}")
                continue
            values[name] = converted
        for name, spec in known.items():
            if name not in values and spec.default is MISSING and spec.default_factory is MISSING:
                if name not in data:
                    self.error(f"{key}.{name}" if key else name, getattr(data, "line", line), "missing required key")
        try:
            return cls(**values)
        except TypeError:
            return None

    def convert(self, tp, value, key, line):
        tp = _resolve(tp)
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            if value is None and type(None) in args:
                return None
            inner = [a for a in args if a is not type(None)]
            return self.convert(inner[0], value, key, line)
        if is_dataclass(tp):
            result = self.build(tp, value, key, getattr(value, "line", line))
            return _BAD if result is None else result
        if origin is list:
            if value is None:
                return []
            if not isinstance(value, list):
                self.error(key, line, f"expected a list, got {_kind(value)}")
                return _BAD
            out = []
            for i, item in enumerate(value):
                c = self.convert(args[0], item, f"{key}[{i}]", getattr(item, "line", line))
                if c is not _BAD:
                    out.append(c)
            return out
        if origin is dict:
            # keywords: a list means weight 1 each.
            if isinstance(value, list) and args[1] is float:
                value = {str(v): 1.0 for v in value if isinstance(v, (str, int, float))} if all(
                    isinstance(v, (str, int, float)) for v in value) else value
            if not isinstance(value, dict):
                self.error(key, line, f"expected a mapping or list, got {_kind(value)}")
                return _BAD
            out = {}
            for k, v in value.items():
                c = self.convert(args[1], v, f"{key}.{k}", line)
                if c is not _BAD:
                    out[str(k)] = c
            return out
        if tp is bool:
            if isinstance(value, bool):
                return value
        elif tp is float:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return float(value)
        elif tp is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        elif tp is str:
            if isinstance(value, str):
                return value
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return str(value)
        elif tp is dt.date:
            if isinstance(value, dt.datetime):
                return value.date()
            if isinstance(value, dt.date):
                return value
            if isinstance(value, str):
                try:
                    return dt.date.fromisoformat(value)
                except ValueError:
                    pass
            self.error(key, line, f"expected a date (YYYY-MM-DD), got {value!r}")
            return _BAD
        self.error(key, line, f"expected {_typename(tp)}, got {_kind(value)}")
        return _BAD


_BAD = object()


def _resolve(tp):
    if isinstance(tp, str):
        return eval(tp, {**globals(), "dt": dt})  # annotations are postponed; names are ours
    return tp


def _kind(value) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", LineDict: "a mapping", list: "a list", str: "text", bool: "true/false",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _typename(tp) -> str:
    return {str: "text", float: "a number", int: "a whole number", bool: "true or false"}.get(tp, str(tp))


def _closest(name: str, options) -> str | None:
    import difflib
    match = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return match[0] if match else None


def _check_semantics(config: Config, checker: _Checker, data) -> None:
    """Rules that span several keys: unique ids, valid patterns."""
    seen: dict[str, int] = {}
    pinned_in: dict[str, str] = {}
    raw_chapters = data.get("chapters") if isinstance(data, dict) else None
    for i, chapter in enumerate(config.chapters):
        raw = raw_chapters[i] if isinstance(raw_chapters, list) and i < len(raw_chapters) else None
        line = getattr(raw, "line", None)
        key = f"chapters[{i}]"
        if not _ID.match(chapter.id):
            checker.error(f"{key}.id", line, f"'{chapter.id}' is not a valid id (letters, digits, '-', '_')")
        if chapter.id in seen:
            checker.error(f"{key}.id", line, f"duplicate chapter id '{chapter.id}' (also chapters[{seen[chapter.id]}])")
        seen.setdefault(chapter.id, i)
        if not 0 <= chapter.min_score <= 1:
            checker.error(f"{key}.min_score", line, f"must be between 0 and 1 (scores are similarities); got {chapter.min_score}")
        for aid in chapter.articles:
            if pinned_in.get(aid, chapter.id) != chapter.id:
                checker.error(f"{key}.articles", line, f"article '{aid}' is already pinned to chapter '{pinned_in[aid]}'")
            pinned_in.setdefault(aid, chapter.id)
        for which in ("include", "exclude"):
            for pattern in getattr(chapter, which):
                try:
                    re.compile(pattern)
                except re.error as err:
                    checker.error(f"{key}.{which}", line, f"invalid regular expression {pattern!r}: {err}")
    if not _CSS_LENGTH.match(config.margin.strip()):  # it is written into the PDF's CSS
        checker.error("margin", _line(data, "margin"),
                      f"expected one to four CSS lengths such as '20mm' or '2cm 1.5cm', got {config.margin!r}")
    for name in ("copy_threshold", "rewrite_threshold", "same_event_threshold"):
        value = getattr(config.dedup, name)
        if not 0 < value <= 1:
            checker.error(f"dedup.{name}", None, "must be between 0 and 1")
    if config.dedup.same_event_days < 0:
        checker.error("dedup.same_event_days", None, "must be 0 or more")
    for name in ("keep_separate", "merge"):
        for pair in getattr(config.dedup, name):
            if len(pair) != 2:
                checker.error(f"dedup.{name}", None, f"each entry must be a pair of article ids, got {pair!r}")


def config_from_data(data, path: str | None = None) -> Config:
    """Validate already-parsed YAML data; raise ConfigErrors listing every problem."""
    checker = _Checker(path or "config.yaml")
    if data is None:
        data = LineDict()
    config = checker.build(Config, data, "", 1)
    if config is not None:
        config.path = Path(path).resolve() if path else None
        _check_semantics(config, checker, data)
    if checker.errors:
        raise ConfigErrors(checker.errors)
    return config


def load_config(path: str | os.PathLike = "config.yaml", *, check_seeds: bool = True) -> Config:
    """Read and validate config.yaml. Raises ConfigError (exit code 2) on any problem."""
    path = Path(path)
    if not path.exists():
        raise ConfigError("config file not found", path=str(path))
    config = config_from_data(load_yaml_file(path), str(path))
    if check_seeds and not config.seeds_dir.is_dir():
        raise ConfigError(f"seeds folder not found: {config.seeds_dir}", path=str(path), key="seeds")
    return config


def describe_options(cls=Config, prefix: str = "") -> list[tuple[str, str, str, str]]:
    """(key, type, default, doc) for every option: used for docs and the JSON schema."""
    rows = []
    for f in fields(cls):
        if f.metadata.get("internal"):
            continue
        tp = _resolve(f.type)
        key = f"{prefix}{f.name}"
        default = "" if f.default is MISSING else repr(f.default)
        if f.default_factory is not MISSING and f.default_factory in (list, dict):
            default = repr(f.default_factory())
        doc = f.metadata.get("doc", "")
        if f.metadata.get("choices"):
            doc += " One of: " + ", ".join(f"`{c}`" for c in f.metadata["choices"]) + "."
        rows.append((key, str(f.type), default, doc))
        inner = typing.get_args(tp)[0] if typing.get_origin(tp) is list else tp
        if is_dataclass(inner):
            rows.extend(describe_options(inner, key + ("[]." if inner is not tp else ".")))
    return rows


def compilation_date(config: Config) -> dt.date:
    """The date printed as 'compiled': config, else SOURCE_DATE_EPOCH, else today (UTC)."""
    if config.date:
        return config.date
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()
