"""The data that flows through the pipeline, as plain dataclasses.

Each stage takes values of these types and returns new ones; nothing here knows
about files, templates or output formats.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# Where a metadata value came from, in order of trust.
FRONT_MATTER = "front matter"
SOURCES_YAML = "sources.yaml"
TEXT = "text"
HTML_META = "html metadata"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Field:
    """A metadata value together with where it came from."""

    value: object = None
    source: str = UNKNOWN

    @property
    def known(self) -> bool:
        return self.value not in (None, "", [])


@dataclass
class DroppedBlock:
    """A line or block removed by cleaning, kept so the report can list it."""

    text: str
    reason: str
    line: int | None = None


@dataclass
class Document:
    """What a reader produced from one input file, before any interpretation."""

    id: str  # file stem, unique within the seeds folder
    path: str  # relative to the seeds folder
    format: str  # txt | md | html
    text: str  # decoded, normalised body text, paragraphs separated by blank lines
    encoding: str = "utf-8"
    front_matter: dict = field(default_factory=dict)
    html_metadata: dict = field(default_factory=dict)  # title, author, date, url, outlet from <head>
    # html only: every visible block of the page (for metadata lines outside the body) and
    # the body blocks that are mostly link text (related stories, interlinks).
    page_blocks: list[str] = field(default_factory=list)
    link_blocks: list[str] = field(default_factory=list)
    # md only: the level-1 heading ("# Title") that opens the body: the writer's own headline.
    heading: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Skipped:
    """An input file that could not become an article, and why."""

    id: str
    path: str
    reason: str


@dataclass
class CleanDocument:
    """A document after boilerplate removal."""

    document: Document
    paragraphs: list[str]
    dropped: list[DroppedBlock] = field(default_factory=list)
    # Lines that carry metadata (bylines, datelines, source lines): used by the
    # describe stage before they disappear from the body.
    metadata_lines: list[str] = field(default_factory=list)
    title_line: str | None = None


@dataclass
class Article:
    """A described article: body paragraphs plus metadata with provenance."""

    id: str
    path: str
    format: str
    paragraphs: list[str]
    title: Field = field(default_factory=Field)
    outlet: Field = field(default_factory=Field)
    author: Field = field(default_factory=Field)
    date: Field = field(default_factory=Field)  # value is a datetime.date
    url: Field = field(default_factory=Field)
    language: Field = field(default_factory=Field)
    declared_source: Field = field(default_factory=Field)  # "Original Source: ..." lines
    dropped: list[DroppedBlock] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    front_matter_chapter: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        return sum(count_words(p) for p in self.paragraphs)

    @property
    def display_title(self) -> str:
        """The title to print: the real one, or a clearly marked stand-in."""
        if self.title.known:
            return str(self.title.value)
        lead, _ = lead_words(self.text)
        return f"[Untitled] {lead}…" if lead else f"[Untitled] {self.id}"

    @property
    def date_value(self) -> dt.date | None:
        return self.date.value if isinstance(self.date.value, dt.date) else None


@dataclass(frozen=True)
class Relation:
    """How one article relates to another, as found by deduplication."""

    other: str  # article id
    kind: str  # identical | copy | rewrite | same-event | passage
    score: float
    reason: str = ""
    derived: bool = False  # True: this article is the copy/rewrite of `other` (not the original)


@dataclass
class DedupResult:
    """Which articles stay, which were merged into which, and why."""

    kept: list[Article]
    merged: dict[str, str]  # merged id -> id of the kept article
    relations: dict[str, list[Relation]]  # article id -> relations
    notes: list[str]  # one line per decision, for the editorial notes
    groups: list[list[str]] = field(default_factory=list)  # same-event groups (kept ids)
    # article id -> paragraph texts removed because they repeat elsewhere
    removed_passages: dict[str, list[str]] = field(default_factory=dict)
    # kept articles found to be a copy or rewrite of another but, as configured, not
    # merged: article id -> the relation to its original ("rewrite of …")
    flagged: dict[str, Relation] = field(default_factory=dict)


@dataclass
class Placement:
    """Why an article is in a chapter."""

    article_id: str
    chapter_id: str | None
    score: float
    reason: str
    runner_up: str | None = None
    runner_up_score: float = 0.0
    terms: list[str] = field(default_factory=list)
    # What decided it: score | pinned | front matter | include | same event | unplaced
    basis: str = "score"
    runner_up_terms: list[str] = field(default_factory=list)


@dataclass
class Chapter:
    id: str
    title: str
    description: str = ""
    intro: str = ""
    articles: list[Article] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)  # ids of articles placed elsewhere


@dataclass
class GlossaryEntry:
    term: str
    definition: str | None  # None: not defined in the sources
    kind: str  # acronym | organisation | person | term
    variants: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)  # ids of articles that use it
    source: str = ""  # the sentence the definition came from, or "config"
    key: str = ""  # anchor id

    @property
    def anchor(self) -> str:
        return f"g-{self.key}"


@dataclass
class SourceEntry:
    """One line of the source index: every article that was read."""

    key: str  # short citation key
    article: Article
    status: str  # kept | merged
    chapter_id: str | None
    merged_into: str | None = None
    also_reported_by: list[str] = field(default_factory=list)  # merged ids (for kept ones)


@dataclass
class Dossier:
    """Everything the renderers need, and nothing they have to compute."""

    title: str
    subtitle: str
    organisation: str
    language: str
    compiled: dt.date
    marking: str
    chapters: list[Chapter]
    glossary: list[GlossaryEntry]
    sources: list[SourceEntry]
    notes: list[str]
    placements: dict[str, Placement]
    dedup: DedupResult
    skipped: list[Skipped]
    articles_read: int

    @property
    def articles(self) -> list[Article]:
        return [a for c in self.chapters for a in c.articles]

    @property
    def date_range(self) -> tuple[dt.date, dt.date] | None:
        dates = sorted(s.article.date_value for s in self.sources if s.article.date_value)
        return (dates[0], dates[-1]) if dates else None


# A lower-case word ending a sentence with more text after it ("… eleven countries.
# Getty Images"): the line holds a sentence, so it is a caption, not a heading.
# Abbreviations such as "U.S." or "Mr." start upper-case and do not count.
_SENTENCE_INSIDE = re.compile(r"\b[a-z\u00df-\u00ff]{2,}[.!?…][\"”’)]?\s+\S")


def is_subheading(paragraph: str) -> bool:
    """A short line without closing punctuation inside an article: a crosshead."""
    text = paragraph.strip()
    # The last character first: most paragraphs end a sentence, and counting words costs more.
    # (A text that is not empty has at least one word.)
    return (bool(text) and text[-1] not in ".!?…:;,\"”’)。！？」』）" and not text.startswith(("“", '"'))
            and count_words(text) <= 14 and not _SENTENCE_INSIDE.search(text) and not _CJK_SENTENCE_INSIDE.search(text))


# Chinese and Japanese are written without spaces between words: their characters (Han, kana)
# are counted as one word per two characters, about the length of a word in both languages
# (a reader takes in some 400-600 characters a minute against some 250 English words).
# Korean puts spaces between its words, so Hangul is counted by spaces like Latin text.
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_SENTENCE_INSIDE = re.compile(r"[。！？][」』）]?\s*\S")


def lead_words(text: str, count: int = 10) -> tuple[str, bool]:
    """The first `count` words of `text`, counted as `count_words` counts them (so a
    Japanese paragraph gives its first twenty characters, not the whole paragraph), and
    whether more text follows."""
    words = text.split()
    lead = " ".join(words[:count])
    more = len(words) > count
    if _CJK_CHAR.search(lead):
        for end in range(1, len(lead) + 1):
            if count_words(lead[:end]) >= count and end < len(lead):
                return lead[:end], True
    return lead, more


def count_words(text: str) -> int:
    """Words of a paragraph: white-space separated tokens, and one per two Han or kana
    characters. (The cleaner's line tests measure lines with clean._length, which also
    counts Hangul by characters: a line's shape, not its length for a reader.)"""
    cjk = len(_CJK_CHAR.findall(text))
    if not cjk:
        return len(text.split())
    rest = _CJK_CHAR.sub(" ", text).split()
    return (cjk + 1) // 2 + sum(1 for token in rest if any(ch.isalnum() for ch in token))


# What front matter calls each field, as blogs, static-site generators and web clippers
# write it, in order of preference. Obsidian's web clipper writes the page's address as
# `source` and the article's date as `published` (its `created` is the day of clipping).
FRONT_MATTER_NAMES = {
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "publisher", "publication", "site_name", "site"),
    "author": ("author", "authors", "byline", "creator", "creators"),
    "date": ("date", "published", "publishdate", "publish_date", "date_published", "published_at", "pubdate"),
    "url": ("url", "link", "canonical", "canonical_url", "permalink", "source_url", "source"),
    "language": ("language", "lang"),
}
_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_WIKI_LINK = re.compile(r"^\[\[(?:[^\]|]*\|)?([^\]|]+)\]\]$")  # "[[Jane Roe]]", "[[people/jroe|Jane Roe]]"


def front_matter_value(front_matter: dict, name: str):
    """The value front matter gives for field `name`, under any of its usual names. A
    `source` that is an address is the url, any other `source` the outlet."""
    for key in FRONT_MATTER_NAMES[name]:
        value = front_matter.get(key)
        if value is None or value == "" or value == []:
            continue
        if key == "source" and (name == "url") != bool(isinstance(value, str) and _ADDRESS.match(value.strip())):
            continue
        if isinstance(value, list):
            value = [_unlinked(v) for v in value]
        return _unlinked(value)
    return None


def _unlinked(value):
    """An Obsidian note link's text: '[[Jane Roe]]' -> 'Jane Roe'."""
    if isinstance(value, str) and (m := _WIKI_LINK.match(value.strip())):
        return m.group(1).strip()
    return value
