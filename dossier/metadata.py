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

from . import parallel
from .clean import (MASTHEAD_SEPARATOR, capitalised_ratio, fold_line, furniture_category, is_navigation,
                    metadata_kind, name_with_outlet, split_lines, words)
from .dates import (byline_names, find_dates, is_outlet_name, is_person_name, news_agency, numeric_order, parse_date,
                    read_dateline, signed_names, vocabulary)
from .errors import ConfigError
from .model import (FRONT_MATTER, HTML_META, SOURCES_YAML, TEXT, Article, CleanDocument, Field,
                    front_matter_value)
from .yamlsafe import LineDict, load_yaml_file

SOURCE_FIELDS = ("title", "outlet", "author", "date", "url", "language", "note")

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
                 "redistribution", "prohibited", "holder", "copyright", "and", "no", "proudly", "powered"}
# Words that begin the notice after an owner's name, in other languages ("무단전재 및 재배포 금지").
_NOTICE_STEMS = re.compile(r"^(무단|재배포|금지|저작권|tous|todos|alle|droits|derechos|rechte|diritti|riproduzione|"
                           r"prohibida|interdit|reproducci)")
_CONNECTORS = {"of", "the", "de", "del", "la", "le", "du", "des", "di", "da", "van", "von", "y", "&", "für", "for"}
_CORPORATE = re.compile(r"(?:\s*,)?\s+(?:ltd|limited|inc|llc|plc|gmbh|ag|corp|co|s\.?a|pty)\.?$", re.I)


def copyright_owner(line: str) -> str | None:
    """'© 2024 Freight Ledger Ltd · Privacy' -> 'Freight Ledger'."""
    m = re.search(r"(?:©|ⓒ|\(c\)|copyright)(?:\s+holder)?\s*(?:©|ⓒ|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(.*)",
                  line, re.I)
    if not m:
        return None
    rest = re.split(r"[.,|·<>\[\]]|\s[–—-]\s|\s\d{4}\b", m.group(1))[0]
    tokens = rest.split()
    owner: list[str] = []
    for i, token in enumerate(tokens):
        low = token.lower()
        if low in _NOTICE_WORDS or _NOTICE_STEMS.match(low):
            break
        if token[0].isupper() or token[0].isdigit() or not token[0].isascii() and token[0].isalpha() and not token[0].islower():
            owner.append(token)
        elif low in _CONNECTORS and owner and i + 1 < len(tokens) and tokens[i + 1][0].isupper():
            owner.append(token)
        else:
            break
    name = _CORPORATE.sub("", " ".join(owner)).strip()
    return name or None


def normalise_author(value) -> str | None:
    """Person names, '; '-joined, from whatever a page says ('Reporter Park Ji-hoon jhpark
    example', '이서연 기자', ['A', 'B']); None when it names no person."""
    if isinstance(value, (list, tuple)):
        parts = [normalise_author(v) for v in value]
        return "; ".join(p for p in parts if p) or None
    if value is None:
        return None
    text = " ".join(str(value).split())
    if not text:
        return None
    names = byline_names(text) or byline_names("By " + text)
    if not names and is_person_name(text, allow_caps=True):
        names = [text]
    # An author is a person: "Staff", "Reuters" or "Our Correspondent" name nobody.
    return "; ".join(names) if names else None


def uncapitalised(names: str) -> str:
    """A byline set in capitals ('JONAH BRENNER') as the name is written ('Jonah Brenner');
    names already in mixed case are left as they are (McDonald, van der Berg)."""
    def one(name: str) -> str:
        letters = [ch for ch in name if ch.isalpha()]
        if len(letters) < 4 or not all(ch.isupper() for ch in letters):
            return name
        return re.sub(r"[^\W\d_]{2,}", lambda m: m.group(0).capitalize(), name)
    return "; ".join(one(n) for n in names.split("; "))


def text_author(clean: CleanDocument) -> str | None:
    """Bylines; names with their roles above the article; a name signed above a contact
    line; an author's note at the end."""
    for line in clean.metadata_lines:
        names = byline_names(line) or signed_names(line)
        inner = re.search(r"\s(?:by|par|von|por|door)\s+(.+)$", line, re.I)
        if not names and inner and read_dateline(line):  # "Posted on 4 March 2024 by Sam Lee"
            names = byline_names("By " + inner.group(1))
        if not names:
            m = re.match(r"^(.+?)\s+in\s+[A-Z]", line)
            names = [m.group(1)] if m and is_person_name(m.group(1)) else []
        if not names and metadata_kind(line) is None:
            named = name_with_outlet(line, clean.document.html_metadata.get("outlet"))
            names = [named] if named else []
        if names:
            return "; ".join(names)
    dropped = clean.dropped
    signed = [prev.text for prev, d in zip(dropped, dropped[1:])
              if prev.reason == "outside the article" and _is_role_line(d.text) and is_person_name(prev.text)
              and prev.line is not None and d.line is not None and d.line - prev.line <= 2]
    # "Aigerim Sadykova, Senior Fellow" above the article
    signed += [m.group(1) for d in dropped if d.reason == "outside the article"
               for m in [re.match(r"^(.+?),\s+(.+)$", d.text)]
               if m and is_person_name(m.group(1)) and _is_role_line(m.group(2))]
    if signed:
        return "; ".join(dict.fromkeys(signed))
    texts = [d.text for d in dropped]
    for prev, line in zip(texts, texts[1:]):
        if metadata_kind(line) == "contact" and "@" in line and is_person_name(prev):
            return prev
    for para in clean.paragraphs[-3:]:
        m = re.match(r"^(" + _NAME + r") (?:is|was) (?:a|an|the|former)\b", para)
        if m and vocabulary().role.search(para) and is_person_name(m.group(1)):
            return m.group(1)
    return None


def _is_role_line(line: str) -> bool:
    return 1 <= len(words(line)) <= 7 and bool(vocabulary().role.search(line)) and not any(ch.isdigit() for ch in line)


def text_date(clean: CleanDocument, language: str | None = None) -> dt.date | None:
    """A labelled publication date ('Posted …', '입력 …', 'Publié le …') first, else the
    first unlabelled dateline, else the earliest 'Updated …' date when the page states no
    other: the text in hand is of that date. Header dates were set aside by the cleaner."""
    bare, updated = None, []
    order = numeric_order(clean.document.text)  # 12.10.2024 is read only if the page shows its order
    for line in clean.metadata_lines:
        dateline = read_dateline(line, language, order=order)
        if dateline is None and byline_names(line):  # "By Jane Roe | 12 Nov 2024 | 5 min read"
            dateline = read_dateline(vocabulary().byline_prefix.sub("", line, count=1), language, max_words=30,
                                     order=order)
            found = find_dates(line, language, order)
            if dateline is None and found:
                bare = bare or found[0].date
                continue
        if dateline is not None and dateline.updated_only and _above_the_text(clean, line):
            updated += _only_date(line, language, order)
        if dateline is None or dateline.published is None:
            continue
        if dateline.labelled:
            return dateline.published
        bare = bare or dateline.published
    return bare or min(updated, default=None) or _opening_dateline_date(clean, language, order)


# A press release's or wire story's dateline run into its first sentence: "WASHINGTON,
# D.C. — April 2, 2024 — The Committee …", "NEW YORK, April 2, 2024 /PRNewswire/ -- …",
# "GENEVA (12 March 2024) – UN experts …".
_OPENING_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.’' -]{0,30}?)?\s*"
                               r"(?:\((.{6,40}?)\)|(?:,|—|–|--?)\s*(.{6,40}?)\s*(?:/[^/\n]{2,40}/)?)"
                               r"\s*(?:—|–|--?)\s")


def _opening_dateline_date(clean: CleanDocument, language: str | None, order: str | None) -> dt.date | None:
    """The date of a dateline that opens the first paragraph, if it states its year."""
    m = _OPENING_DATELINE.match(clean.paragraphs[0]) if clean.paragraphs else None
    if not m:
        return None
    stated = re.sub(r"\s*\([^()]*\)$", "", (m.group(1) or m.group(2)).strip())  # a wire's credit: '(Wire)'
    found = find_dates(stated, language, order)
    # the whole of it a date: not 'Nov 14 (Reuters)', whose year is not said
    return found[0].date if len(found) == 1 and found[0].end - found[0].start >= len(stated) - 1 else None


def _above_the_text(clean: CleanDocument, line: str) -> bool:
    """A metadata line printed above the article's first paragraph (not a teaser's stamp
    after it). Lines of an HTML page outside the body were placed by the cleaner already."""
    folded = [fold_line(l) for _, l in split_lines(clean.document.text)]
    at = next((i for i, f in enumerate(folded) if f == fold_line(line)), None)
    first = fold_line(clean.paragraphs[0]) if clean.paragraphs else None
    start = next((i for i, f in enumerate(folded) if f == first), None)
    return at is None and bool(clean.document.page_blocks) or at is not None and start is not None and at < start


def _only_date(line: str, language: str | None, order: str | None) -> list[dt.date]:
    """The date of a line that states one ('Updated 11:02 AM EDT, Mon June 10, 2024'); none
    of a line that states several."""
    dates = {d.date for d in find_dates(line, language, order)}
    return list(dates) if len(dates) == 1 else []



# "This commentary is published by the Northbridge Institute for Global Affairs, an …"
_PUBLISHED_BY = re.compile(r"\bpublished by (?:the )?"
                           r"([A-Z][\w&'’.-]*(?:\s+(?:of|for|and|on|the|&|[A-Z][\w&'’.-]*)){0,8})")


def publisher_named(clean: CleanDocument) -> str | None:
    """The organisation a publisher's note after the article names as the publisher."""
    for d in clean.dropped:
        if d.reason.startswith("about the publisher"):
            m = _PUBLISHED_BY.search(d.text)
            if m:
                name = re.sub(r"(?:\s+(?:of|for|and|on|the|&))+$", "", m.group(1)).rstrip(".,;")
                if any(w.lower() in vocabulary().organisation_words for w in name.split()):
                    return name
    return None


def masthead(clean: CleanDocument) -> str | None:
    """The site's name printed at the top of a pasted page, known by the motto under it:
    'THE CITIZEN' / 'Tanzania's leading independent newspaper'. Cookie notices and skip
    links above it do not count; a name followed by a menu or the headline is not taken."""
    lines = [l.strip() for _, l in split_lines(clean.document.text)[:8]]
    at = next((i for i, l in enumerate(lines) if not furniture_category(l)), None)
    if at is None:
        return None
    # 'Harbor City Daily — News you can use': an outlet's name and its motto on one line.
    pieces = [p.strip() for p in MASTHEAD_SEPARATOR.split(lines[at])]
    if len(pieces) == 2 and is_outlet_name(pieces[0]) and fold_line(lines[at]) != fold_line(clean.title_line or ""):
        name, motto = pieces
    elif at + 1 < len(lines):
        name, motto = lines[at], lines[at + 1]
    else:
        return None
    name_words = words(name)
    if not 1 <= len(name_words) <= 4 or any(ch.isdigit() for ch in name) or not all(
            w[0].isupper() for w in name_words if w.lower() not in _CONNECTORS):
        return None
    title = fold_line(clean.title_line or "")
    motto_words = words(motto)
    if (not 3 <= len(motto_words) <= 10 or re.search(r"[.!?:]$", motto) or is_navigation(motto)
            or furniture_category(motto) or metadata_kind(motto) or capitalised_ratio(motto) >= 0.6
            or fold_line(motto) == title or fold_line(name) == title):
        return None
    if name.isupper():  # the same name as the page writes it elsewhere, if it does
        cased = re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", clean.document.text[len(name):], re.I)
        if cased and not cased.group(0).isupper():
            return cased.group(0)
    return name


def text_outlet(clean: CleanDocument) -> str | None:
    """A masthead with its motto; else the copyright owner; else a masthead: a short line
    above the article whose words come back in the page's own furniture (pitches,
    contact or copyright lines); else an organisation named in the byline."""
    # The site's own name comes before its copyright holder (a publishing group).
    named = masthead(clean)
    if named:
        return named
    for line in clean.metadata_lines:
        if metadata_kind(line) == "copyright":
            owner = copyright_owner(line)
            if owner:
                return owner
    named = publisher_named(clean)
    if named:
        return named
    furniture = [d.text for d in clean.dropped
                 if d.reason.startswith(("page furniture (pitches", "page furniture (contact",
                                         "page furniture (copyright", "metadata line"))]
    for d in clean.dropped:
        if d.reason != "outside the article" or not 1 <= len(words(d.text)) <= 4 or d.text.lower() in _CONNECTORS:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(d.text) + r"(?!\w)", re.I)
        hits = [m.group(0) for line in furniture for m in [pattern.search(line)] if m]
        if len(hits) >= 2:
            cased = [h for h in hits if not h.isupper()]
            return (cased or [d.text])[0]
        if clean.title_line is None:
            break
    for line in clean.metadata_lines:  # "by Sudan Tribune": the outlet signs the story
        m = vocabulary().byline_prefix.match(line)
        if m and metadata_kind(line) == "byline" and not byline_names(line) and is_organisation(line[m.end():]):
            return " ".join(line[m.end():].split()).rstrip(".,;")
    for line in clean.metadata_lines:
        named = outlet_beside(line)
        if named:
            return named
    return credit_line(clean) or echoed_masthead(clean)


# The pieces of a byline or dateline: "By Priya Raman, Valley Public Radio", "Gazette · April 5, 2024".
_PIECES = re.compile(r"\s*(?:[,;|·•/]|\s[–—-])\s*")


def outlet_beside(line: str) -> str | None:
    """The outlet printed beside a byline's names or a date: 'By Priya Raman, Valley Public
    Radio', 'Millbrook Gazette · April 5, 2024'. A wire's name is a declared source instead."""
    pieces = [p.strip().rstrip(".") for p in _PIECES.split(" ".join(line.split())) if p.strip()]
    if byline_names(line):
        pieces = pieces[1:]  # the names themselves
    elif read_dateline(line) is None:
        return None
    return next((p for p in pieces if not any(ch.isdigit() for ch in p) and is_outlet_name(p)), None)


def credit_line(clean: CleanDocument) -> str | None:
    """An outlet's name alone on a line between the headline and the article, where the
    byline and date stand ('Bloomberg News'); kickers and site names stand above the headline."""
    if clean.title_line is None or not clean.paragraphs:
        return None
    folded = [fold_line(l) for _, l in split_lines(clean.document.text)]
    title = next((i for i, f in enumerate(folded) if f == fold_line(clean.title_line)), None)
    first = next((i for i, f in enumerate(folded) if f == fold_line(clean.paragraphs[0])), None)
    if title is None or first is None:
        return None
    lines = [" ".join(l.split()) for _, l in split_lines(clean.document.text)]
    return next((lines[i] for i in range(title + 1, first) if is_outlet_name(lines[i])), None)


def echoed_masthead(clean: CleanDocument) -> str | None:
    """A site's name alone on the first line of a paste, above the headline ('EE Times'), when
    it has an outlet's shape and the article names it again ('… interviewed by EE Times')."""
    lines = [l for _, l in split_lines(clean.document.text)]
    if not lines or clean.title_line is None or fold_line(lines[0]) == fold_line(clean.title_line):
        return None
    name = " ".join(lines[0].split())
    if not is_outlet_name(name) or name.isupper() and len(name.split()) > 1:
        return None
    echo = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")  # as printed, capitals and all
    return name if any(echo.search(p) for p in clean.paragraphs) else None


def is_organisation(name: str) -> bool:
    """'Sudan Tribune', 'Ahram Online', 'Reuters': a capitalised name of an outlet or agency."""
    tokens = name.strip().rstrip(".,;").split()
    return bool(tokens) and len(tokens) <= 5 and all(t[0].isupper() for t in tokens) and (
        news_agency(name) is not None or tokens[-1].lower() in vocabulary().organisation_words)


# "ADDIS ABABA, Sept 10 (Reuters) -": a wire story's dateline names its agency.
_WIRE_DATELINE = re.compile(r"^[^\W\d_][^()]{0,60}\(([^()]{2,40})\)\s*[-–—]")


def declared_source(clean: CleanDocument) -> str | None:
    """Where the text says the story comes from: a 'Source:' line, a wire's name printed
    alone or as the byline above the story, or the agency in the first paragraph's dateline."""
    for line in clean.metadata_lines:
        kind = metadata_kind(line)
        if kind == "source":
            return line.split(":", 1)[1].strip() if ":" in line else news_agency(line)
        if kind == "byline" and news_agency(line):
            return news_agency(line)
    for para in clean.paragraphs[:1]:
        m = _WIRE_DATELINE.match(para)
        if m and news_agency(m.group(1)):
            return news_agency(m.group(1))
    return None


def detect_language(text: str) -> str | None:
    from .model import count_words

    if count_words(text) < 20:  # too little text to tell (words of CJK scripts counted too)
        return None
    from .language import identify

    return identify(text[:5000])


def describe(clean: CleanDocument, sources: dict[str, dict]) -> Article:
    doc = clean.document
    fm = doc.front_matter
    person = next((sources[key] for key in _source_keys(doc) if sources.get(key)), {})
    html = doc.html_metadata
    body = "\n\n".join(clean.paragraphs)
    language = _pick("language", (FRONT_MATTER, front_matter_value(fm, "language")),
                     (SOURCES_YAML, person.get("language")), (TEXT, detect_language(body)))
    code = str(language.value).split("-")[0].lower() if language.known else None
    candidates = {
        "title": [(FRONT_MATTER, front_matter_value(fm, "title")), (SOURCES_YAML, person.get("title")),
                  (HTML_META, html.get("title")), (TEXT, clean.title_line)],
        "outlet": [(FRONT_MATTER, front_matter_value(fm, "outlet")),
                   (SOURCES_YAML, person.get("outlet")), (HTML_META, html.get("outlet")),
                   (TEXT, text_outlet(clean))],
        "author": [(FRONT_MATTER, front_matter_value(fm, "author")), (SOURCES_YAML, person.get("author")),
                   (HTML_META, normalise_author(html.get("author"))), (TEXT, text_author(clean))],
        "date": [(FRONT_MATTER, front_matter_value(fm, "date")), (SOURCES_YAML, person.get("date")),
                 (HTML_META, html.get("date")), (TEXT, text_date(clean, code))],
        "url": [(FRONT_MATTER, front_matter_value(fm, "url")), (SOURCES_YAML, person.get("url")),
                (HTML_META, html.get("url"))],
    }
    fields = {name: _pick(name, *cands) for name, cands in candidates.items()}
    outlet = fold_line(str(fields["outlet"].value or ""))
    if fields["author"].known and fields["author"].source in (HTML_META, TEXT) and (
            fold_line(str(fields["author"].value)) == outlet or is_organisation(str(fields["author"].value))):
        fields["author"] = Field()  # the outlet or an agency signs the story: no person is named
    if fields["author"].known and fields["author"].source in (HTML_META, TEXT):
        fields["author"] = Field(uncapitalised(str(fields["author"].value)), fields["author"].source)
    fields["language"] = language
    source = _pick("source", (TEXT, declared_source(clean)))
    if source.known and fold_line(str(source.value)) == outlet:
        source = Field()  # the outlet's own name is no credit to another source
    chapter = fm.get("chapter")
    return Article(
        id=doc.id, path=doc.path, format=doc.format, paragraphs=list(clean.paragraphs),
        declared_source=source,
        dropped=list(clean.dropped), warnings=list(doc.warnings),
        front_matter_chapter=str(chapter) if chapter else None, **fields)


def describe_all(cleaned: list[CleanDocument], sources: dict[str, dict]) -> list[Article]:
    """Describe every article; on every core for large corpora (dossier/parallel.py). Each
    worker is sent only the sources.yaml entries its article can match."""
    tasks = [(c, {key: sources[key] for key in _source_keys(c.document) if key in sources}) for c in cleaned]
    articles = list(parallel.ordered_map(_describe_one, tasks))
    # The last stage with per-file work. Its workers are stopped: they hold some 500 MB
    # each by now, and workers forked afresh from this process, which holds the corpus,
    # would each count all of it; dedup and the glossary run here.
    parallel.release()
    for article, c in zip(articles, cleaned):
        # A worker sends back copies of the paragraphs and dropped lines; share the
        # caller's own, as describe() does in this process (at 20,000 articles, ~100 MB).
        if article.paragraphs == c.paragraphs and article.dropped == c.dropped:
            article.paragraphs, article.dropped = list(c.paragraphs), list(c.dropped)
    return articles


def _source_keys(doc) -> tuple[str, ...]:
    """The names a sources.yaml entry may give a file by, in the order they are tried."""
    return Path(doc.path).name, doc.path, doc.id


def _describe_one(task: tuple[CleanDocument, dict[str, dict]]) -> Article:
    return describe(*task)
