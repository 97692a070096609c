"""Dates and bylines as news sites print them, in several languages.

The vocabulary (month names, byline words, "published"/"updated" labels) lives in
dossier/rules/metadata.yaml. A date is only ever a full date: day, month and year all
stated; "Nov. 12" alone is no date, because the year would have to be invented.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .yamlsafe import load_yaml_text


@dataclass(frozen=True)
class Vocabulary:
    months: dict[str, int]  # month name or abbreviation -> 1..12
    month_pattern: str
    published: re.Pattern
    updated: re.Pattern
    byline_prefix: re.Pattern
    byline_suffix: re.Pattern
    joiners: re.Pattern
    role: re.Pattern  # a role word ("Senior Fellow")
    roles: re.Pattern  # a role word or its plural ("staff writers")
    agencies: frozenset[str]  # folded names of news agencies
    organisation_words: frozenset[str]
    outlet_words: frozenset[str] = frozenset()  # last words of outlets' names ("Gazette", "Radio")
    section_words: frozenset[str] = frozenset()  # words of desks and page labels ("Local News")


def _alternation(phrases) -> str:
    return "|".join(re.escape(p) for p in sorted({str(p).lower() for p in phrases}, key=len, reverse=True))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    text = resources.files("dossier").joinpath("rules/metadata.yaml").read_text("utf-8")
    data = load_yaml_text(text, "dossier/rules/metadata.yaml")
    months: dict[str, int] = {}
    for names in data["months"].values():
        for number, spellings in enumerate(names, 1):
            for name in spellings:
                months.setdefault(str(name).lower(), number)
    # A label is a whole word: followed by a non-letter (space, colon, digit: "입력2024.10.28.").
    label = r"(?<![^\W\d_])(?:{})(?![^\W\d_])"
    return Vocabulary(
        months=months,
        month_pattern=_alternation(months),
        published=re.compile(label.format(_alternation(data["published_labels"])), re.I),
        updated=re.compile(label.format(_alternation(data["updated_labels"])), re.I),
        byline_prefix=re.compile(r"^(?:{})\s*:?\s+".format(_alternation(data["byline_prefixes"])), re.I),
        byline_suffix=re.compile(r"\s*(?:{})(?![^\W\d_])".format(_alternation(data["byline_suffixes"])), re.I),
        joiners=re.compile(r"\s*(?:,|;|\s(?:{})\s)\s*".format(_alternation(data["name_joiners"])), re.I),
        role=re.compile(r"\b(?:{})\b".format(_alternation(data["role_words"])), re.I),
        roles=re.compile(r"\b(?:{})s?\b".format(_alternation(data["role_words"])), re.I),
        agencies=frozenset(" ".join(str(a).lower().split()) for a in data.get("news_agencies", [])),
        organisation_words=frozenset(str(w).lower() for w in data.get("organisation_words", [])),
        outlet_words=frozenset(str(w).lower() for w in data.get("outlet_words", [])),
        section_words=frozenset(str(w).lower() for w in data.get("section_words", [])),
    )


# A year ends at a non-digit, or runs straight into a time as some sites print it
# ("November 12, 20245:01 PM").
_YEAR_END = r"(?:(?!\d)|(?=\d{1,2}:\d{2}))"


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    month = vocabulary().month_pattern
    return [
        ("ymd", re.compile(r"(?<!\d)(\d{4})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,2})(?!\d)")),
        ("ymd", re.compile(r"(\d{4})\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日]")),
        ("dmy_numeric", re.compile(r"(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)")),
        ("dmy", re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(" + month + r")\.?,?\s+(?:de\s+)?(\d{4})" + _YEAR_END,
                           re.I)),
        ("mdy", re.compile(r"(?<![^\W\d_])(" + month + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _YEAR_END, re.I)),
    ]


_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    date: dt.date


def find_dates(text: str, language: str | None = None, order: str | None = None) -> list[DateMatch]:
    """Every full date in the text, in order. Numeric dates that could be day/month or
    month/day (03/04/2024, 12.10.2024) are read day-first except in English, where they
    stay unread unless `order` ('dmy' or 'mdy', see numeric_order) says how the page writes them."""
    if not _DIGIT.search(text):
        return []  # every date pattern below has digits (day, year)
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    months = vocabulary().months
    for kind, pattern in _patterns():
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            date = None
            if kind == "ymd":
                date = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            elif kind == "dmy_numeric":
                a, sep, b, y = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
                day_first = _day_first(a, sep, b, language, order)
                if day_first is not None:
                    date = _safe_date(y, b, a) if day_first else _safe_date(y, a, b)
            elif kind == "dmy":
                date = _safe_date(int(m.group(3)), months[m.group(2).lower()], int(m.group(1)))
            else:
                date = _safe_date(int(m.group(3)), months[m.group(1).lower()], int(m.group(2)))
            if date:
                found.append(DateMatch(m.start(), m.end(), date))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def _day_first(a: int, sep: str, b: int, language: str | None, order: str | None) -> bool | None:
    """How to read the numeric date a<sep>b<sep>year; None when it could be either way."""
    if a > 12 or b > 12:
        return a > 12
    if order in ("dmy", "mdy"):
        return order == "dmy"
    if language and language != "en":
        return True  # outside English, the day comes first
    # A dotted date is day-first in the languages that write it so (07.02.2024, 10:15 Uhr),
    # but English pages also print month-first with dots (12.10.2024): there it stays unread.
    return True if sep == "." and not language else None


_NUMERIC_DATE_LIKE = re.compile(r"\d[./-]\d{1,2}[./-]\d{4}")  # every numeric date has this shape


def numeric_order(text: str) -> str | None:
    """'dmy' or 'mdy' when the text's own numeric dates show the order (a part above 12:
    25.11.2023 is day-first, 12.15.2024 month-first) and all agree; otherwise None."""
    if not _NUMERIC_DATE_LIKE.search(text):  # most texts have none: one quick pass says so
        return None
    seen = set()
    for m in re.finditer(r"(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)", text):
        a, b = int(m.group(1)), int(m.group(3))
        if (a > 12) != (b > 12) and max(a, b) <= 31:
            seen.add("dmy" if a > 12 else "mdy")
    return seen.pop() if len(seen) == 1 else None


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    if not 1900 <= y <= 2200:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_date(value, language: str | None = None) -> dt.date | None:
    """A date value (date, datetime or text as sites print it); None when no full date
    (with year) is present."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    found = find_dates(value, language)
    return found[0].date if found else None


_TIME = re.compile(r"(?<!\d)\d{1,2}[:h.]\d{2}(?::\d{2})?(?:\s*(?:[ap]\.?m\.?|uhr))?(?:\s*[A-Z]{2,4}\b)?|"
                   r"(?<![^\W\d_])(?:[ap]m|오전|오후)(?![^\W\d_])|\b\d+\s*min(?:ute)?s?\b.*$", re.I)
_WEEKDAYS = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?|"
    r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|"
    r"samstag|sonntag|lunes|martes|miércoles|jueves|viernes|sábado|domingo)\b|[월화수목금토일]요일", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True)
class DateLine:
    published: dt.date | None  # a date labelled as publication, or an unlabelled one
    labelled: bool  # a "published" label stands before it
    updated_only: bool  # only "updated"/"modified" dates on the line


def read_dateline(line: str, language: str | None = None, max_words: int = 20,
                  order: str | None = None) -> DateLine | None:
    """A short line that states a date (a dateline or timestamp), or None.

    Each date is classed by the nearest label before it: "Publié le 19 …, modifié le 20 …"
    publishes on the 19th; "Last modified on …" publishes nothing."""
    if len(line) > 200:
        return None
    dates = find_dates(line, language, order)
    if not dates:
        return None
    words = _WORD.findall(line)
    if len(words) > max_words:
        return None
    voc = vocabulary()
    labels = sorted([(m.end(), "published") for m in voc.published.finditer(line)]
                    + [(m.end(), "updated") for m in voc.updated.finditer(line)])
    residue = line
    for d in reversed(dates):
        residue = residue[:d.start] + " " + residue[d.end:]
    residue = voc.published.sub(" ", voc.updated.sub(" ", _WEEKDAYS.sub(" ", _TIME.sub(" ", residue))))
    rest = _WORD.findall(residue)
    # A label counts only before a date: "GENEVA (12 March 2024) – The committee today
    # published …" is a sentence with a dateline in front, not a labelled date.
    if not any(end <= dates[-1].start for end, _ in labels):
        # "Talks resume on 4 March 2024." is a sentence that mentions a date.
        sentence = re.search(r"[.!?][\"'”’)]*\s*$", line) and any(w[0].islower() for w in rest)
        if len(rest) > 4 or sentence:
            return None
    published, labelled, any_updated = None, False, False
    for d in dates:
        before = [kind for end, kind in labels if end <= d.start]
        kind = before[-1] if before else None
        if kind == "updated":
            any_updated = True
            continue
        if published is None:
            published, labelled = d.date, kind == "published"
    return DateLine(published, labelled, published is None and any_updated)


# Words that make a byline a description rather than a person's name.
_NOT_NAME = frozenset("""our the a an staff reporter reporters correspondent correspondents editor editors desk team
news agency agencies wire service services writer writers contributor contributors and in at of for with from
special senior chief political science environment business foreign economics editorial board
newsroom redactie redaktion rédaction redacción redazione redação""".split())
_HANGUL_NAME = re.compile(r"^[가-힣]{2,4}$")
_NAME_TOKEN = re.compile(r"^[^\W\d_](?:[^\W\d_]|[’'.-])*$")


def is_person_name(text: str, allow_caps: bool = False) -> bool:
    """Two to four capitalised words (or one Hangul name), none a role or function word.
    Words in capitals ('UNITED NATIONS') are a label, except in a byline ('By JOSH ROE')."""
    text = text.strip()
    if _HANGUL_NAME.match(text):
        return True
    tokens = text.split()
    if not 2 <= len(tokens) <= 4:
        return False
    for token in tokens:
        if not _NAME_TOKEN.match(token) or token.lower().strip(".") in _NOT_NAME:
            return False
        if token.lower().strip(".") in vocabulary().organisation_words:
            return False  # 'Sudan Tribune', 'Ahram Online': an organisation
        if not token[0].isupper() or (len(token) > 3 and token.isupper() and not allow_caps):
            return False
    return True


def _leading_name(piece: str) -> str:
    """The capitalised words at the start of a piece: 'Park Ji-hoon jhpark@x' -> 'Park Ji-hoon'."""
    out = []
    tokens = piece.split()
    capitals = bool(tokens) and len(tokens[0]) > 1 and tokens[0].isupper()
    for token in tokens:
        if not token[0].isupper() and not _HANGUL_NAME.match(token):
            break
        if capitals and not token.isupper():
            break  # 'JOSH ROE Associated Press': the name ends where the capitals do
        # an initial keeps its full stop ('Gregory C. Allen'); other trailing punctuation goes
        out.append(token.rstrip(",;:") if _INITIALS.fullmatch(token.rstrip(",;:")) else token.rstrip(",.;:"))
    return " ".join(out)


_INITIALS = re.compile(r"(?:[^\W\d_]\.)+")


def byline_names(line: str) -> list[str]:
    """The people a byline names: 'By A and B, Staff Reporter' -> [A, B]; '김민지 기자' -> [김민지]."""
    voc = vocabulary()
    line = " ".join(line.replace("*", " ").replace("_", " ").split())
    m = voc.byline_prefix.match(line)
    if m:
        rest = line[m.end():]
    else:
        m = re.match(r"^([가-힣]{2,4})" + voc.byline_suffix.pattern, line)
        return [m.group(1)] if m else []
    rest = re.split(r"\s[|·—–-]\s|\s\(|[\w.+-]+@[\w-]+\.|https?://", rest)[0]
    names = []
    pieces = voc.joiners.split(rest)
    if len(pieces) == 2 and rest.count(",") == 1 and len(voc.joiners.split(rest.replace(",", " "))) == 1:
        # 'By Hiba Osman, Wad Madani': after a lone comma comes where they filed from (or
        # their role); co-authors are joined by a word ('By A, B and C').
        pieces = pieces[:1]
    for piece in pieces:
        name = _leading_name(piece)
        if not name or not is_person_name(name, allow_caps=True):
            break
        names.append(name)
    return names


def signed_names(line: str) -> list[str]:
    """The people a byline without its 'By' names, before the role they sign with:
    'NAOYUKI TOYAMA and KOTARO HOSOKAWA, Nikkei staff writers' -> both; 'Jane Roe, Staff
    Reporter' -> [Jane Roe]. Every name before the comma must be a person's."""
    head, comma, role = line.rpartition(",")
    if not comma or not 1 <= len(role.split()) <= 5 or any(ch.isdigit() for ch in line):
        return []
    voc = vocabulary()
    if not voc.roles.search(role) or voc.byline_prefix.match(head):
        return []
    pieces = [p for p in voc.joiners.split(head.strip()) if p]
    names = byline_names("By " + head.strip())
    return names if len(names) == len(pieces) else []


_CREDIT_WRAP = re.compile(r"^\W*(?:(?:source|via|credit|by)\s*:?\s+)?|[\W]*$", re.I)


def news_agency(line: str) -> str | None:
    """'Reuters', '(AFP)', 'Source: Reuters', 'By The Associated Press': the agency named, as printed."""
    name = _CREDIT_WRAP.sub("", line.strip()).strip()
    return name if name and " ".join(name.lower().split()) in vocabulary().agencies else None


def is_outlet_name(name: str) -> bool:
    """'Valley Public Radio', 'EE Times', 'BBC News': capitalised words ending in a word of an
    outlet's name, at least one of the others a proper name (not 'Local News', 'Guest Post')."""
    voc = vocabulary()
    tokens = name.split()
    if not 2 <= len(tokens) <= 5 or tokens[-1].lower() not in voc.outlet_words or news_agency(name):
        return False
    if not all(re.match(r"^[^\W\d_][\w.&’'-]*$", t) and t[0].isupper() for t in tokens):
        return False
    return any(t.lower() not in voc.section_words and t.lower() not in voc.outlet_words for t in tokens[:-1])


def names_only(line: str) -> bool:
    """'Jane Roe and John Doe': a byline without its 'By', nothing but people's names."""
    pieces = [p for p in vocabulary().joiners.split(line.strip()) if p]
    return bool(pieces) and all(is_person_name(p) for p in pieces)
