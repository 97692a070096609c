"""Boilerplate removal: keep the article's prose, drop the page furniture around it.

Works on lines (a pasted page has one paragraph per line; an HTML page arrives as its
blocks) with signals that generalise across sites and languages:
  * shape: prose lines are long, end like sentences and are dense in the stop words of
    the document's language (jusText's lists; scripts without spaces by length and
    punctuation); furniture is short, label-like, numeric, a menu on one line or a run
    of headline-like lines;
  * position: the article runs from its headline through its first and last prose lines
    (short closing sentences included); short lines outside are furniture unless they
    carry metadata; a bare date above the headline is the site's "today"; what follows
    a comment counter at the end is the comment section;
  * repetition: a short line repeated within the file or across many files of the
    corpus is furniture; a long line repeated in the file is kept once;
  * links: an HTML block that is mostly link text is a link to elsewhere;
  * vocabulary (dossier/rules/boilerplate.yaml), only ever applied to short lines.
Lines that carry metadata (bylines, datelines, source and copyright lines) are
handed to the describe stage before they are dropped; every dropped line keeps its reason.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from importlib import resources

from . import parallel
from .dates import (byline_names, is_outlet_name, is_person_name, names_only, news_agency, read_dateline,
                    signed_names, vocabulary)
from .model import CleanDocument, Document, DroppedBlock, front_matter_value
from .yamlsafe import load_yaml_text

# Per-line answers are asked again and again while one file is cleaned and described,
# and site furniture comes back across files (a least-recently-used cache keeps it).
# 65,536 lines held ~310 MB in each worker at 20,000 articles (each line asked about is
# kept by seven such caches); 16,384 hold the lines of some 1,000 files, at ~70 MB.
LINE_CACHE = 1 << 14

STOP_WORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself no nor not now of off on once only or other our ours ourselves out
over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves said says also its
""".split())

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.U)
# A sentence's end may carry a footnote's number, as text copied from a report does
# ("… upon return.2", "… camps.¹", "… camps.[3]"); not after a digit ("rose to 3.5").
_FOOTNOTE_MARK = r"(?:(?<=[.!?;\"'”’)\]])(?<!\d[.!?;])(?:[1-9]\d{0,2}|[¹²³⁴-⁹⁰]{1,3}|\[\d{1,3}\]))?"
_SENTENCE_END = re.compile(r"[.!?…:;。！？][\"'”’»)\]]*" + _FOOTNOTE_MARK + "$")
_SHORT_SENTENCE_END = re.compile(r"[.!?…。][\"'”’»)]*" + _FOOTNOTE_MARK + "$")
_SOURCE_LINE = re.compile(r"^(?:original\s+)?source\s*:\s*\S", re.I)
_NUMERIC = re.compile(r"^[\W\d_]*$")
# Scripts written without spaces between words (or with few): Hangul, kana, CJK, Thai.
_DENSE = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
# A navigation bar pasted as one line: items separated by runs of spaces or by | / › » ·.
# Korean news prose ends in the plain style ("…했다."); the polite style ("…습니다.",
# "…세요.") is the site talking to its reader.
_POLITE_END = re.compile(r"(니다|세요|해요|까요)[.!?]?$")
_NAV_SEPARATORS = re.compile(r"\s{2,}|\s[|/›»>·]\s")

# ISO 639-1 -> the name of jusText's stop-word list for that language.
_STOPLISTS = {
    "af": "Afrikaans", "sq": "Albanian", "ar": "Arabic", "hy": "Armenian", "az": "Azerbaijani", "eu": "Basque",
    "be": "Belarusian", "bn": "Bengali", "bs": "Bosnian", "br": "Breton", "bg": "Bulgarian", "ca": "Catalan",
    "hr": "Croatian", "cs": "Czech", "da": "Danish", "nl": "Dutch", "en": "English", "eo": "Esperanto",
    "et": "Estonian", "fi": "Finnish", "fr": "French", "gl": "Galician", "ka": "Georgian", "de": "German",
    "el": "Greek", "gu": "Gujarati", "ht": "Haitian", "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian",
    "is": "Icelandic", "id": "Indonesian", "ga": "Irish", "it": "Italian", "jv": "Javanese", "kn": "Kannada",
    "kk": "Kazakh", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin", "lv": "Latvian",
    "lt": "Lithuanian", "lb": "Luxembourgish", "mk": "Macedonian", "ms": "Malay", "ml": "Malayalam",
    "mt": "Maltese", "mr": "Marathi", "ne": "Nepali", "no": "Norwegian_Bokmal", "nb": "Norwegian_Bokmal",
    "nn": "Norwegian_Nynorsk", "oc": "Occitan", "fa": "Persian", "pl": "Polish", "pt": "Portuguese",
    "qu": "Quechua", "ro": "Romanian", "ru": "Russian", "sr": "Serbian", "sk": "Slovak", "sl": "Slovenian",
    "es": "Spanish", "su": "Sundanese", "sw": "Swahili", "sv": "Swedish", "tl": "Tagalog", "ta": "Tamil",
    "te": "Telugu", "tr": "Turkish", "tk": "Turkmen", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek",
    "vi": "Vietnamese", "cy": "Welsh", "fy": "West_Frisian", "yo": "Yoruba",
}


@lru_cache(maxsize=None)
def stop_words(language: str | None) -> frozenset[str]:
    """Function words of a language (jusText's lists), for telling prose from labels.
    Unknown languages fall back to English: labels and headlines look alike everywhere."""
    name = _STOPLISTS.get((language or "en").split("-")[0].lower())
    if not name:
        return STOP_WORDS
    import justext

    try:
        words_ = frozenset(w.lower() for w in justext.get_stoplist(name))
    except (ValueError, KeyError, OSError):
        return STOP_WORDS
    return words_ | STOP_WORDS if name == "English" else words_


def document_language(text: str) -> str | None:
    """The language of a whole document (py3langid), or None for too little text."""
    if len(text) < 80:
        return None
    from .language import identify

    return identify(text[:8000])


@dataclass(frozen=True)
class _Category:
    name: str
    max_words: int
    patterns: tuple[re.Pattern, ...]
    # The patterns as two alternations (one search, not one per pattern): those anchored at
    # the start of the line, tried there only (`match` finds what `search` would), and the
    # others, tried at every place of the line, and so only when the line holds one of
    # their literals (strings in lower case one of which each of their matches contains;
    # None: no such strings known).
    anchored: re.Pattern | None
    unanchored: re.Pattern | None
    literals: frozenset[str] | None

    def applies(self, line: str, n: int | None = None) -> bool:
        """Short enough in words (n, the line's _length, counted here when not given and
        the patterns match) and in characters (a 10,000-character "word" is no label, and
        some patterns cost the square of the length of a run of word characters), and
        matched by one of the patterns."""
        if len(line) > 30 * self.max_words or n is not None and n > self.max_words:
            return False
        if not (self.anchored is not None and self.anchored.match(line) or self._unanchored_match(line)):
            return False
        return n is not None or _length(line) <= self.max_words

    def _unanchored_match(self, line: str) -> bool:
        if self.unanchored is None:
            return False
        if self.literals is not None:
            possible = _possible_categories(line)
            if possible is not None and self.name not in possible:
                return False
        return self.unanchored.search(line) is not None


def _category(name: str, max_words: int, patterns: list[str]) -> _Category:
    compiled = tuple(re.compile(p, re.I) for p in patterns)
    at_start = [_anchored(p) for p in compiled]
    anchored = [p for p, a in zip(compiled, at_start) if a]
    rest = [p for p, a in zip(compiled, at_start) if not a]
    needed = [required_literals(p) for p in rest]
    literals = None if None in needed else frozenset(s for r in needed for s in r)
    if literals and any(len(s) == 1 and (s.isalnum() or s.isspace()) for s in literals):
        literals = None  # a letter or a space is in nearly every line: nothing to screen

    def alternation(group):
        return re.compile("|".join(f"(?:{p.pattern})" for p in group), re.I) if group else None
    return _Category(name, max_words, compiled, alternation(anchored), alternation(rest), literals)


@dataclass(frozen=True)
class _Rules:
    categories: tuple[_Category, ...]
    furniture: tuple[_Category, ...]  # the categories furniture_category tries
    # Every literal of every screened category -> the names of the categories it is a
    # literal of, as an Aho-Corasick automaton: one pass over a line finds all of them.
    literal_finder: object


@lru_cache(maxsize=1)
def _rules() -> tuple[_Category, ...]:
    return _ruleset().categories


@lru_cache(maxsize=1)
def _ruleset() -> _Rules:
    import ahocorasick

    text = resources.files("dossier").joinpath("rules/boilerplate.yaml").read_text("utf-8")
    data = load_yaml_text(text, "dossier/rules/boilerplate.yaml")
    categories = tuple(_category(name, int(spec["max_words"]), spec["patterns"]) for name, spec in data.items())
    finder = ahocorasick.Automaton()
    for literal in sorted({s for c in categories for s in c.literals or ()}):
        finder.add_word(literal, frozenset(c.name for c in categories if literal in (c.literals or ())))
    finder.make_automaton()
    furniture = tuple(c for c in categories if c.name not in _POSITIONAL)
    return _Rules(categories, furniture, finder)


# Characters whose lower case (str.lower) is not the one re.IGNORECASE compares them by:
# 'İ' lowers to two characters, 'ſ' and 'ı' match 's' and 'i', final sigma depends on its
# place, and the Greek and Cyrillic letter variants (re/_casefix.py). A line with one of
# them is not screened by its literals (tests/test_clean_speed.py checks this on every code point).
_IRREGULAR_CASE = re.compile("[\u00b5\u0130-\u0131\u017f\u0345\u0390\u03a3\u03b0\u03c2\u03d0-\u03d1"
                             "\u03d5-\u03d6\u03f0-\u03f1\u03f5\u1c80-\u1c88\u1e9b\u1fbe\u1fd3\u1fe3"
                             "\ufb05-\ufb06]")


def _anchored(pattern: re.Pattern) -> bool:
    """A pattern that can match only at the start of the text ('^…', '^…|^…')."""
    try:
        from re import _constants as op_codes, _parser
        items = _parser.parse(pattern.pattern, pattern.flags).data
    except Exception:  # an internal API of the re module: if it changes, anchor nothing
        return False
    start = (op_codes.AT, op_codes.AT_BEGINNING)
    if pattern.flags & re.MULTILINE:
        return False  # '^' after every line break too
    if items and items[0] == start:
        return True
    return len(items) == 1 and items[0][0] is op_codes.BRANCH and all(a and a[0] == start for a in items[0][1][1])


def required_literals(pattern: re.Pattern) -> frozenset[str] | None:
    """Strings (lower case), one of which is in every text the pattern finds a match in
    (case-insensitively), or None when the pattern has no such strings (or they cannot be
    read). A line without any of them cannot match, which a substring scan tells far
    faster than trying the pattern at every place of the line."""
    try:
        from re import _parser
    except ImportError:
        return None
    try:
        found = _required(_parser.parse(pattern.pattern, pattern.flags).data)
    except Exception:  # an internal API of the re module: if it changes, screen nothing
        return None
    return frozenset(found) if found else None


def _required(items) -> set[str] | None:
    from re import _constants as op_codes

    def literal(code: int) -> str | None:
        ch = chr(code)
        low = ch.lower()
        return low if len(low) == 1 and not _IRREGULAR_CASE.search(ch + low) else None

    options: list[set[str]] = []  # each: strings one of which every match contains
    run = {""}  # the literal text just read, in all the spellings a small class allows

    def end_run():
        nonlocal run
        if run != {""}:
            options.append(run)
        run = {""}

    for op, av in items:
        if op is op_codes.LITERAL and literal(av):
            run = {r + literal(av) for r in run}
            continue
        if op is op_codes.IN and all(o is op_codes.LITERAL and literal(c) for o, c in av) \
                and len(av) * len(run) <= 16:
            run = {r + literal(c) for r in run for _, c in av}
            continue
        end_run()
        inner = None
        if op is op_codes.SUBPATTERN:
            inner = _required(av[3])
        elif op is op_codes.ATOMIC_GROUP:
            inner = _required(av)
        elif op is op_codes.BRANCH:
            alternatives = [_required(a) for a in av[1]]
            inner = set().union(*alternatives) if all(alternatives) else None
        elif op in (op_codes.MAX_REPEAT, op_codes.MIN_REPEAT, op_codes.POSSESSIVE_REPEAT) and av[0] >= 1:
            inner = _required(av[2])
        if inner:
            options.append(inner)
    end_run()
    # The most telling option: its weakest string strongest, then the fewest strings. A
    # punctuation mark is rarer in text than a letter: as telling as two letters.
    return max(options, key=lambda o: (min(len(s) + (not s.isalnum() and not s.isspace()) for s in o), -len(o))) \
        if options else None


@lru_cache(maxsize=LINE_CACHE)  # pure, and asked several times per line
def _possible_categories(line: str) -> frozenset[str] | None:
    """The categories whose patterns can match the line (the others' literals are all
    missing from it); None: any category can."""
    if _IRREGULAR_CASE.search(line):
        return None
    return frozenset().union(*(names for _, names in _ruleset().literal_finder.iter(line.lower())))


@lru_cache(maxsize=LINE_CACHE)  # pure, and asked many times per line (length, prose, title tests)
def words(line: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(line))


def _dense_script(line: str) -> bool:
    if not _DENSE.search(line):
        return False
    letters = sum(1 for ch in line if ch.isalpha())
    return letters > 0 and len(_DENSE.findall(line)) >= letters / 2


@lru_cache(maxsize=LINE_CACHE)  # pure, and asked many times per line
def _length(line: str) -> int:
    """Words, counting two characters of a dense script (Hangul, CJK) as one word."""
    if _dense_script(line):
        return len(_DENSE.findall(line)) // 2 + sum(1 for w in words(line) if not _DENSE.search(w))
    return len(words(line))


@lru_cache(maxsize=LINE_CACHE)  # pure, and asked several times per line
def is_prose(line: str, stops: frozenset[str] = STOP_WORDS) -> bool:
    """A line that reads like a sentence of an article, not a label or a headline:
    long, ending like a sentence, and (in languages with a stop-word list) dense in
    function words. Scripts without spaces are judged by length and punctuation."""
    if _dense_script(line):
        return _length(line) >= 15 and bool(_SENTENCE_END.search(line)) and not _POLITE_END.search(line)
    ws = words(line)
    if len(ws) < 12:
        return False
    is_stop = [w.lower() in stops for w in ws]  # once, for both tests
    if len(ws) < 30 and _capitalised_share([w for w, stop in zip(ws, is_stop) if not stop]) >= 0.75:
        return False  # Title Case: a headline, not a sentence
    return sum(is_stop) / len(ws) >= 0.18 and (bool(_SENTENCE_END.search(line)) or len(ws) >= 25)


def capitalised_ratio(line: str, stops: frozenset[str] = STOP_WORDS) -> float:
    return _capitalised_share([w for w in words(line) if w.lower() not in stops])


def _capitalised_share(content_words: list[str]) -> float:
    return sum(1 for w in content_words if w[0].isupper()) / len(content_words) if content_words else 0.0


# Pitches speak to the reader ("you", "our", a question); a sentence of news that merely
# mentions a subscription or a newsletter does not.
_ADDRESS = re.compile(r"\b(you|your|yours|our|us|we|vous|votre|vos|nos|notre|sie|ihr|ihre|unser\w*|usted|tu|"
                      r"nuestr\w+|voi|vostro|nostro)\b|[?!]", re.I)


# Categories that count only where they stand: after the article's end.
_POSITIONAL = frozenset({"publisher", "author_notes"})


def about_publisher(line: str) -> bool:
    """'Our Standards: …', 'Reuters, the news and media division of …, is the world's largest …':
    the publisher describing itself (a sentence that is furniture only after the article)."""
    return _in_category("publisher", line)


def about_author(line: str, authors: list[str]) -> bool:
    """'Jane Roe covers local government for the Gazette.', 'The author is a fellow at …':
    the note on the byline's author after the last paragraph (a sentence that is
    furniture only there, and only about a person the byline names)."""
    n = _length(line)
    cats = [cat for cat in _rules() if cat.name == "author_notes" and n <= cat.max_words]
    if not cats or len(line) > 30 * cats[0].max_words:
        return False
    # "Gregory C. Allen is …" under the byline "By Gregory C Allen": the name's words in order
    named = [re.match(r"\W{0,3}".join(map(re.escape, words(a))) + r"\b\.?", line) for a in authors if words(a)]
    rests = [line[m.end():].lstrip(" ,") for m in named if m]
    if any((m := p.match(line)) and vocabulary().role.search(line[m.end():]) for p in cats[0].patterns[1:]):
        return True  # "The author is a senior fellow at …" ("The writer is due in court" is news)
    return any(p.match(rest) for rest in rests for p in cats[0].patterns[:1])


@lru_cache(maxsize=LINE_CACHE)  # pure, and asked several times per line
def furniture_category(line: str) -> str | None:
    """The rules-file category a line belongs to, if any. Categories apply to short lines;
    a sentence-length line must also address the reader to count as a pitch."""
    n = _length(line)
    for cat in _ruleset().furniture:
        if cat.applies(line, n):
            if cat.name == "pitches" and n >= 5 and not _ADDRESS.search(line) and not (
                    any(p.match(line) for p in cat.patterns) and not any(ch.isdigit() for ch in line)):
                continue  # "Subscription revenue rose 12%." is news, "Subscribe to …" a pitch
            return cat.name
    return None


@lru_cache(maxsize=LINE_CACHE)  # pure, and asked several times per line
def metadata_kind(line: str, language: str | None = None) -> str | None:
    """'date', 'updated', 'byline', 'source', 'copyright' or 'contact' for lines that carry metadata."""
    dateline = read_dateline(line, language)
    if dateline:
        return "date" if dateline.published else "updated"
    if _length(line) <= 16 and (byline_names(line) or signed_names(line)) or _anonymous_byline(line):
        return "byline"
    if _SOURCE_LINE.match(line):
        return "source"
    cat = furniture_category(line)
    if cat in ("copyright", "contact"):
        return cat
    if cat == "staff_credits":
        return "credit"
    if _length(line) <= 4 and news_agency(line):
        return "source"  # 'Reuters' above a republished story: the wire it came from
    return None


def _anonymous_byline(line: str) -> bool:
    """'By Our West Africa Correspondent', 'By Staff': a byline naming no person."""
    m = vocabulary().byline_prefix.match(line)
    if not m or _length(line) > 8:
        return False
    rest = words(line[m.end():])
    return bool(rest) and all(w[0].isupper() for w in rest)


def _has_internal_repeat(line: str) -> bool:
    """'Skip to top ... Skip to bottom': a label phrase said twice in one line."""
    ws = [w.lower() for w in words(line)]
    grams: set[tuple[str, ...]] = set()
    for i in range(len(ws) - 2):
        gram = (ws[i], ws[i + 1], ws[i + 2])
        if gram in grams:
            return True
        grams.add(gram)
    return False


def is_navigation(line: str) -> bool:
    """'World    Business    Science' or 'Home / Research / Eurasia': a menu on one line."""
    pieces = [p for p in _NAV_SEPARATORS.split(line.strip()) if p.strip()]
    return len(pieces) >= 3 and all(_length(p) <= 4 for p in pieces)


_MENU_SEPARATOR = re.compile(r"\s[|/›»·]\s")


def _opens_with_menu(line: str) -> bool:
    """'Home | English | Arabic Khartoum water plants restart …': menu labels run on into
    whatever text followed them (a cut-off page)."""
    pieces = [p for p in _MENU_SEPARATOR.split(line.strip()) if p.strip()]
    return len(pieces) >= 3 and all(_length(p) <= 3 for p in pieces[:-1])


def navigation_only(text: str, link_blocks: list[str] = ()) -> str | None:
    """The text of a file that holds only page navigation (a menu, perhaps with a headline
    and the site's name run into it) and not one sentence of an article; None otherwise."""
    if not _DENSE.search(text) and _more_words_than(text, 80):
        return None  # the test below, without splitting the text into lines first
    lines = [l for _, l in split_lines(text)]
    if not lines or sum(_length(l) for l in lines) > 80:
        return None
    # Any sentence, in any language, is article text.
    if any(re.search(r"[.!?…。！？][\"'”’»)]*$", l) and _length(l) >= 5 or is_prose(l) for l in lines):
        return None
    links = {fold_line(b) for b in link_blocks}
    menu = any(is_navigation(l) or _opens_with_menu(l) for l in lines)
    linked = sum(len(l) for l in lines if fold_line(l) in links) >= 0.5 * sum(len(l) for l in lines)
    if not (menu or linked):
        return None
    shown = " / ".join(" ".join(l.split()) for l in lines)
    return shown if len(shown) <= 160 else shown[:159] + "…"


def _more_words_than(text: str, limit: int) -> bool:
    """More than `limit` words in the text. Without a dense script, the lengths of
    split_lines' lines add up to at least this: it drops no word and splits none in two
    but an overlong line's, which only adds one."""
    return next(islice(_WORD.finditer(text), limit, None), None) is not None


def looks_like_title(line: str, stops: frozenset[str] = STOP_WORDS) -> bool:
    n = _length(line)
    stripped = line.rstrip()
    if not 3 <= n <= 30 or stripped.endswith((".", ":")) and not stripped.endswith("..."):
        return False
    if metadata_kind(line) or furniture_category(line) or _has_internal_repeat(line) or is_navigation(line):
        return False
    quoted = line.lstrip()[:1] in "\"“‘'«"
    return quoted or n >= 4


def split_lines(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their 1-based line numbers. Hard-wrapped paragraphs
    (consecutive lines of similar width, blank lines between paragraphs) are joined."""
    return list(_split_lines(text))


_BULLET = re.compile(r"^[•·▪●◦‣∙*▶►■○◆-]\s+")
_BULLET_CHARS = "•·▪●◦‣∙*▶►■○◆-"
_HAS_WORD = re.compile(r"\w")


@lru_cache(maxsize=4)  # describing one file splits its text up to five times
def _split_lines(text: str) -> tuple[tuple[int, str], ...]:
    stripped = [l.strip() for l in text.split("\n")]
    # Hard-wrapped text (e-mail, old sites): no long lines, blank lines between paragraphs,
    # and the lines that run on into the next one are of similar width and mostly end mid-sentence.
    wrapped, width = False, 0
    if "" in stripped and max(map(len, stripped)) <= 100:
        running = [l for l, nxt in zip(stripped, stripped[1:] + [""]) if l and nxt]
        wrapped = (len(running) >= 3 and sum(1 for l in running if 45 <= len(l) <= 100) >= 0.6 * len(running)
                   and sum(1 for l in running if l[-1] not in ".!?\"”’") >= 0.5 * len(running))
        if wrapped:
            width = sorted(map(len, running))[(len(running) - 1) * 9 // 10]  # where the text was wrapped
    out: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    first_block = True
    for no, line in enumerate(stripped, 1):
        if not line:
            if current:
                out.append((start, " ".join(current)))
                current, first_block = [], False
            continue
        if line[0] in _BULLET_CHARS:
            line = _BULLET.sub("", line)
        if not (line[:1].isalnum() or line[:1] == "_") and not _HAS_WORD.search(line):
            continue  # a rule or ornament: '----', '* * *'
        if wrapped and current:
            if current[-1][-1] == "-" and line[0].islower() and current[-1][-2:-1].isalpha():
                current[-1] = _unhyphenated(current[-1], line)  # 'semicon-' + 'ductor'
                continue
            if _runs_on(current[-1], width, first_block) and not (first_block and _HEADER_FIELD.match(line)):
                current.append(line)
                continue
        if current:
            out.append((start, " ".join(current)))
        current, start = [line], no
    if current:
        out.append((start, " ".join(current)))
    # Internal spacing kept: a run of spaces separates menu items.
    return tuple((no, piece) for no, l in out
                 for piece in ((l,) if len(l) <= MAX_LINE_CHARS else _split_overlong(l)))


# 'Subject: …', 'From: …' at the top of a saved e-mail: each field a line of its own.
_HEADER_FIELD = re.compile(r"(?:From|To|Cc|Date|Sent|Subject|Reply-To)\s*:\s", re.I)


# A saved e-mail's subject as a headline: 'Subject: Fwd: Chip curbs widen' -> 'Chip curbs widen'.
_SUBJECT_LABEL = re.compile(r"^subject\s*:\s*(?:(?:re|fwd?|aw|wg|tr)\s*:\s*)*", re.I)


def _runs_on(line: str, width: int, first_block: bool) -> bool:
    """In hard-wrapped text, whether the next line continues this one: a line well short
    of the width ends its paragraph ('Summary', 'Congressional Research Service'), and at
    the top of the file a line ending in a capitalised word without punctuation is a
    headline, not a sentence broken off ('…: Policy Options' over the author's name)."""
    if len(line) < 0.6 * width:
        return False
    if first_block:
        last = line.rsplit(None, 1)[-1]
        return not (last[:1].isupper() and last[-1:].isalnum())
    return True


@lru_cache(maxsize=256)
def _unhyphenated(line: str, following: str) -> str:
    """A word hyphenated at a line break, joined: 'semicon-' and 'ductor' make
    'semiconductor', 're-' and 'port' 'report' (the word is commoner than the two
    pieces hyphenated); 'well-' and 'known' stay 'well-known'."""
    head, tail = line.rsplit(None, 1) if " " in line else ("", line)
    rest, _, after = following.partition(" ")
    whole, hyphenated = tail[:-1] + rest, tail + rest
    joined = whole if _frequency(whole.lower()) > _frequency(hyphenated.lower()) else hyphenated
    return " ".join(filter(None, (head, joined, after)))


def _frequency(word: str) -> float:
    """How common a word is in ordinary text, in the commonest of a few languages (0: unknown)."""
    return max(word_frequency(word, lang) for lang in _HYPHENATION_LANGUAGES)


@lru_cache(maxsize=65536)
def word_frequency(text: str, language: str) -> float:
    """wordfreq's frequency of a word (or phrase) in ordinary text of `language`; 0 when unknown."""
    try:
        import wordfreq
    except ImportError:  # pragma: no cover - a declared dependency
        return 0.0
    try:
        return wordfreq.word_frequency(text, language, wordlist="small")
    except (LookupError, ValueError):
        return 0.0


_HYPHENATION_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "nb", "pl")


@lru_cache(maxsize=LINE_CACHE)  # lines are compared (folded) several times each
def fold_line(line: str) -> str:
    """Lower case, white space collapsed: how lines are compared across a page."""
    return " ".join(line.lower().split())


# A paragraph longer than this is a page whose line breaks were lost (or not prose at
# all): it is cut at sentence ends so that every later stage and the layout engine
# work on paragraph-sized pieces. Nothing is dropped.
MAX_LINE_CHARS = 10_000
_CUT = re.compile(r"(?<=[.!?…。])[\"'”’)\]]*\s+")


def _split_overlong(line: str, limit: int = MAX_LINE_CHARS) -> list[str]:
    if len(line) <= limit:
        return [line]
    pieces, start = [], 0
    while len(line) - start > limit:
        window = line[start:start + limit]
        cuts = [m.end() for m in _CUT.finditer(window, limit // 2)]
        cut = cuts[-1] if cuts else (window.rfind(" ", limit // 2) + 1 or limit)
        pieces.append(line[start:start + cut].strip())
        start += cut
    pieces.append(line[start:].strip())
    return [p for p in pieces if p]


def corpus_repeats(documents: list[Document], min_files: int = 3) -> frozenset[str]:
    """Lines found in many files of the corpus: site furniture. Short lines count anywhere;
    a sentence counts (after an article's end only, see clean) when the files sharing it
    share little else: copies of one story share all their sentences."""
    return repeated_lines([line_profile(d, document_language(d.text))[:2] for d in documents], min_files)


def line_profile(doc: Document, language: str | None) -> tuple[dict[str, bool], set[str], list[bool]]:
    """What corpus_repeats needs of one file: its lines (folded), each with whether it is
    short (not prose), and the lines in the middle of its text; and, for clean, whether
    each line is prose."""
    stops = stop_words(language)
    lines = split_lines(doc.text)
    prose = [is_prose(l, stops) for _, l in lines]
    keys = {fold_line(l): not p for (_, l), p in zip(lines, prose)}
    middle = {fold_line(l) for k, (_, l) in enumerate(lines) if 0.15 * len(lines) <= k < 0.7 * len(lines)}
    return keys, middle, prose


def repeated_lines(profiles: list[tuple[dict[str, bool], set[str]]], min_files: int = 3) -> frozenset[str]:
    """corpus_repeats from the line profiles of every file."""
    per_doc = [keys for keys, _ in profiles]
    mid_text: set[str] = set()  # sentences found in the middle of some article: content
    for _, middle in profiles:
        mid_text |= middle
    counts: Counter[str] = Counter(key for keys in per_doc for key in keys)
    threshold = max(min_files, len(profiles) // 10 + 1)
    out = {key for keys in per_doc for key, short in keys.items() if short and counts[key] >= threshold}
    for keys in per_doc:
        shared = {key for key in keys if counts[key] >= threshold}
        if len(shared) <= 0.3 * len(keys):
            out |= shared - mid_text
    return frozenset(out)


def _known_title(doc: Document) -> str | None:
    for value in (front_matter_value(doc.front_matter, "title"), doc.html_metadata.get("title"), doc.heading):
        if isinstance(value, str) and value.strip():
            return fold_line(value)
    return None


def _pick_title(lines: list[tuple[int, str]], first: int, stops, repeated) -> int | None:
    """The headline of a pasted page: the last headline-shaped line before the byline, or
    before the article's first sentence (above it sit the site name, menus and labels)."""
    byline = next((i for i in range(first) if byline_names(lines[i][1]) or signed_names(lines[i][1])), first)
    def candidates_before(end):
        return [i for i in range(end) if looks_like_title(lines[i][1], stops)
                and fold_line(lines[i][1]) not in repeated and not is_person_name(lines[i][1])
                and not (_length(lines[i][1]) <= 6 and vocabulary().role.search(lines[i][1]))]
    candidates = candidates_before(byline) or candidates_before(first)
    short = [i for i in candidates if _length(lines[i][1]) <= 20]
    pool = short or candidates
    # A headline is followed closely by its byline or date (perhaps after a standfirst), or
    # by share buttons; a photo caption or a standfirst sits right above the text, and a
    # masthead is short.
    dated = [i for i in pool if any(metadata_kind(lines[j][1]) in ("byline", "date", "updated")
                                    for j in range(i + 1, min(i + 5, len(lines))))]
    ends = {i: next((k for k in candidates if k > i), first) for i in pool}
    marked = [i for i in pool if _length(lines[i][1]) >= 5 and any(
        metadata_kind(lines[j][1]) or furniture_category(lines[j][1]) for j in range(i + 1, ends[i]))]
    # With nothing after it that marks a headline, a short line is as likely a subheading
    # of a pasted fragment: only a headline-length line counts then.
    pool = dated or marked or [i for i in pool if _length(lines[i][1]) >= 6
                               or _opens_the_text(lines, i, first, candidates, stops)]
    if not pool:
        return None
    title = pool[-1]
    # Right above a byline, a headline-length line directly under another (no blank line
    # between) is the standfirst: 'Japan joins U.S. in restricting chip exports', then
    # 'Tokyo Electron among companies affected', then the byline. A kicker or a label
    # above a headline is shorter, or marked ('Sponsored: …', 'Daily — News you can use').
    while dated and title - 1 in candidates and lines[title][0] - lines[title - 1][0] == 1 \
            and _headline_over_standfirst(lines[title - 1][1]):
        title -= 1
    return title


def _headline_over_standfirst(line: str) -> bool:
    return _length(line) >= 5 and not _LABELLED.match(line) and not MASTHEAD_SEPARATOR.search(line) \
        and not line.rstrip().endswith((".", ":")) and not furniture_category(line)


_LABELLED = re.compile(r"^\W*(?:\w+\W+){0,2}?\w+\s*:\s")  # 'Sponsored: …', 'Live updates: …'
# 'Harbor City Daily — News you can use': a site's name and its motto on one line.
MASTHEAD_SEPARATOR = re.compile(r"\s+[|—–·]\s+")


def _opens_the_text(lines, i: int, first: int, candidates: list[int], stops) -> bool:
    """A plain paste: 'Headline', a blank line, then the article. The first headline-shaped
    line of the file, set apart by a blank line, with only sentences between it and the
    first paragraph of prose, is the headline (a subheading has text above it)."""
    line = lines[i][1]
    return (i == candidates[0] and i < first < len(lines) and lines[i + 1][0] - lines[i][0] >= 2
            and all(_sentence_like(lines[k][1], stops) for k in range(i + 1, first))
            and not (_DATELINE_START.match(line) or names_only(line) or is_outlet_name(line)))


# 'UNITED NATIONS, Nov. 12 (Wire)', 'WASHINGTON (AP) —': a dateline, printed on a line of its own.
_DATELINE_START = re.compile(r"^[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*\s*"
                             r"(?:\(|[—–-]\s|,\s*[A-Z][a-z]+\.?\s+\d{1,2}\b)")


# "skipper_joe wrote: …", "Pieter V. says:": a reader's comment.
_COMMENTER = re.compile(r"^[^\s:]+(?:\s[^\s:]+){0,2}\s(?:wrote|says|a écrit|schrieb|escribió|scrive)\s*:", re.I)


def _comments_start(lines, prose: list[int], comment_lines: list[int]) -> int | None:
    """Where the reader comments begin: a comment counter or a first comment after most
    of the article's prose (the comments' own prose not counted)."""
    article = [i for i in prose if not _COMMENTER.match(lines[i][1])]
    if not article:
        return None
    total = sum(len(lines[i][1]) for i in article)
    for c in comment_lines:
        before = sum(len(lines[i][1]) for i in article if i < c)
        if before >= 0.75 * total:
            return c
    return None


def clean(doc: Document, repeated: frozenset[str] = frozenset(), keep_boilerplate: bool = False,
          language: str | None = None, line_is_prose: list[bool] | None = None) -> CleanDocument:
    """`language` and `line_is_prose` (is_prose of each of split_lines' lines): what
    line_profile already found, when the caller has it."""
    lines = split_lines(doc.text)
    if keep_boilerplate:
        return CleanDocument(doc, [" ".join(l.split()) for _, l in lines])
    language = language or document_language(doc.text)
    stops = stop_words(language)
    if line_is_prose is None or len(line_is_prose) != len(lines):
        line_is_prose = [is_prose(l, stops) for _, l in lines]
    links = {fold_line(b) for b in doc.link_blocks}
    prose = [i for i, (_, l) in enumerate(lines) if line_is_prose[i] and not furniture_category(l)
             and not metadata_kind(l, language)]
    runs = _label_runs(lines, stops, line_is_prose)
    listed = _list_items(lines, stops) if not doc.page_blocks else set()
    first, last = (prose[0], prose[-1]) if prose else (0, len(lines) - 1)
    if prose and doc.page_blocks:
        last = len(lines) - 1  # HTML: the extractor's body ends the stretch of page we were given
    elif prose:
        last = _closing_sentences(lines, last, stops, language)
    known_title = _known_title(doc)
    if known_title:
        title_at = next((i for i, (_, l) in enumerate(lines) if fold_line(l) == known_title), None)
    else:
        title_at = _pick_title(lines, first, stops, repeated)
    if prose:
        # Short opening sentences ("WASHINGTON (AP) — The Senate passed the bill.") too.
        while first - 1 > (title_at if title_at is not None else -1) and _sentence_like(lines[first - 1][1], stops) \
                and not furniture_category(lines[first - 1][1]) and not metadata_kind(lines[first - 1][1], language):
            first -= 1
    comment_lines = [i for i, (_, l) in enumerate(lines) if furniture_category(l) == "comments" or _COMMENTER.match(l)]
    comments_from = _comments_start(lines, prose, comment_lines)

    verdict: list[str | None] = [None] * len(lines)  # None: content
    metadata_lines: list[str] = []
    title_line = _SUBJECT_LABEL.sub("", " ".join(lines[title_at][1].split())) if title_at is not None else None
    seen: Counter[str] = Counter(fold_line(l) for _, l in lines)
    emitted: set[str] = set()

    for i, (_, line) in enumerate(lines):
        key = fold_line(line)
        short = not line_is_prose[i]
        header = title_at is not None and i < title_at or title_at is None and i < first
        kind = metadata_kind(line, language)
        if known_title and key == known_title or i == title_at:
            verdict[i] = "title"
        elif kind in ("date", "updated") and header and not read_dateline(line, language).labelled:
            # A bare date above the headline is the site header's "today", not a publication date.
            verdict[i] = "site header date"
        elif kind:
            verdict[i] = f"metadata line ({kind})"
            metadata_lines.append(line)
        elif short and title_at is not None and title_at < i <= title_at + 4 and (
                _name_with_place(line) or name_with_outlet(line, doc.html_metadata.get("outlet"))):
            verdict[i] = "metadata line (byline)"
            metadata_lines.append(line)
        elif comments_from is not None and i >= comments_from:
            verdict[i] = "comments and what follows the article"
        elif key in emitted:
            verdict[i] = "repeated in this article"
        elif short and key in repeated:
            verdict[i] = "repeated across the corpus"
        elif short and seen[key] > 1:
            verdict[i] = "repeated label"
        elif short and _NUMERIC.match(line):
            verdict[i] = "counter or number"
        elif cat := furniture_category(line):
            verdict[i] = f"page furniture ({cat})"
        elif short and key in links:
            verdict[i] = "link to another page"
        elif short and is_navigation(line):
            verdict[i] = "navigation"
        elif short and (title_at is None or title_at < i) and i + 1 < len(lines) and line_is_prose[i + 1] \
                and _numbered_heading(line):
            pass  # a report's numbered section heading ("II. Forced returns") over its text
        elif short and i < first and (title_at is None or title_at < i) and not is_person_name(line) \
                and not _DATE_SHAPE.search(line) and (
                title_at is not None and i == title_at + 1 and _length(line) >= 6 and not is_navigation(line)
                or i == first - 1):
            pass  # the standfirst under the headline, or a heading that leads into the text
        elif short and (i < first or i > last):
            verdict[i] = "outside the article" if i < first else "after the article"
        elif short and _in_label_run(lines, i, runs):
            verdict[i] = "list of links or headlines"
        elif short and i in listed:
            verdict[i] = "list of links or headlines"
        emitted.add(key)

    # The publisher's note about itself after the last paragraph ("Our Standards: …").
    kept = [i for i, v in enumerate(verdict) if v is None]
    authors = [n for l in metadata_lines for n in byline_names(l)]
    for i in reversed(kept[1:]):
        if about_publisher(lines[i][1]):
            verdict[i] = "about the publisher (after the article)"
        elif about_author(lines[i][1], authors):
            verdict[i] = "about the author (after the article)"
        elif fold_line(lines[i][1]) in repeated:
            verdict[i] = "repeated across the corpus (after the article)"
        else:
            break

    flat = [" ".join(l.split()) for _, l in lines]
    paragraphs = [l for l, v in zip(flat, verdict) if v is None]
    dropped = [DroppedBlock(l, v, no) for l, (no, _), v in zip(flat, lines, verdict) if v not in (None, "title")]
    if not paragraphs and lines:
        # Nothing looked like prose: keep what is left rather than lose the article.
        paragraphs = [l for l, v in zip(flat, verdict) if v in ("outside the article", "after the article")]
        dropped = [d for d in dropped if d.reason not in ("outside the article", "after the article")]
    dropped += _outside_body(doc, lines)
    metadata_lines += _page_metadata_lines(doc, lines, language)
    return CleanDocument(doc, paragraphs, dropped, metadata_lines, title_line)


# "I. Introduction", "II. Forced returns", "3.2 Detention", "B. Detention conditions": how
# a report copied from a PDF numbers its sections.
_NUMBERED_HEADING = re.compile(r"^(?:[IVXLC]{1,6}\.|\d{1,2}(?:\.\d{1,2}){0,3}\.?|[A-H]\.)\s+\S")


def _numbered_heading(line: str) -> bool:
    """A numbered section heading: short and not a sentence. A capital letter with a full
    stop may be a name's initial ('J. Smith', and so 'B. Findings'); a Roman numeral is
    taken as a number ('I. Introduction')."""
    if _length(line) > 12 or _SENTENCE_END.search(line) or not _NUMBERED_HEADING.match(line):
        return False
    return line.split(".", 1)[0] in _ROMAN or not is_person_name(line)


_ROMAN = frozenset("I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split())


# A date as sites print it, read or not ('03/04/2025' may be day- or month-first).
_DATE_SHAPE = re.compile(r"(?<!\d)\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?!\d)")


def _closing_sentences(lines, last: int, stops, language) -> int:
    """Extend the article over the short sentences after its last long one ("The talks
    resume in June."), and over a subheading that leads into more of them."""
    def plain(j):
        line = lines[j][1]
        return not furniture_category(line) and not metadata_kind(line, language) and not is_navigation(line)
    j = last + 1
    while j < len(lines) and plain(j):
        if _sentence_like(lines[j][1], stops):
            last = j
        elif not (_length(lines[j][1]) <= 10 and j + 1 < len(lines) and plain(j + 1)
                  and _sentence_like(lines[j + 1][1], stops)):
            break
        j += 1
    return last


# Words and numbers ("Millbrook has about 48,000 residents." is five tokens).
_TOKEN = re.compile(r"[^\W_][\w'’.,-]*")


def _sentence_like(line: str, stops: frozenset[str]) -> bool:
    """A short sentence: five words or more, ending like a sentence, not Title Case."""
    if not _SHORT_SENTENCE_END.search(line):
        return False
    if _dense_script(line):
        return _length(line) >= 5
    ws = words(line)
    return len(_TOKEN.findall(line)) >= 5 and capitalised_ratio(line, stops) < 0.6 and \
        sum(1 for w in ws if w.lower() in stops) / len(ws) >= 0.15


_PLACE_BYLINE = re.compile(r"^(.+?)\s+in\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?$")


def _name_with_place(line: str) -> bool:
    """'Rachel Okafor in Giresun': a reporter's name and where they filed from."""
    m = _PLACE_BYLINE.match(line)
    return bool(m and is_person_name(m.group(1)))


def name_with_outlet(line: str, outlet: str | None = None) -> str | None:
    """'Wedaeli Chibelushi BBC News': a reporter's name followed by the outlet's (the page's
    site name, or a name that ends like an organisation's); the person's name, or None."""
    from .dates import vocabulary

    tokens = line.split()
    for k in (2, 3, 4):
        name, rest = " ".join(tokens[:k]), " ".join(tokens[k:]).strip(" ,|·-–—")
        if not rest or not is_person_name(name.rstrip(",|·")):
            continue
        rest_words = rest.split()
        if outlet and fold_line(rest) == fold_line(outlet) or len(rest_words) <= 4 and all(
                w[0].isupper() for w in rest_words) and rest_words[-1].lower() in vocabulary().organisation_words:
            return name.rstrip(",|·")
    return None


def _outside_body(doc: Document, lines) -> list[DroppedBlock]:
    """HTML: the page's blocks that the extractor left out of the body, for the report."""
    if not doc.page_blocks:
        return []
    body = {fold_line(l) for _, l in lines}
    return [DroppedBlock(b, "outside the article body (page layout)") for b in doc.page_blocks
            if fold_line(b) not in body]


def _page_metadata_lines(doc: Document, lines, language) -> list[str]:
    """HTML: bylines, datelines and copyright lines of the page outside the body. A byline
    or a date counts only above the end of the article (not a comment's or a sidebar's), and an
    unlabelled one only between the headline and the body (above it is the site header's
    "today")."""
    if not doc.page_blocks:
        return []
    folded = [fold_line(b) for b in doc.page_blocks]
    body = {fold_line(l) for _, l in lines}
    inside = [i for i, f in enumerate(folded) if f in body]
    start, end = (inside[0], inside[-1]) if inside else (len(folded), len(folded))
    title = _known_title(doc)
    title_at = next((i for i, f in enumerate(folded) if f == title), None) if title else None
    out = []
    for i, block in enumerate(doc.page_blocks):
        if folded[i] in body or len(block) > 300:
            continue
        kind = metadata_kind(block, language)
        if not kind:
            continue
        if kind == "byline" and i > end:
            continue  # a sidebar's or a comment's byline
        if kind in ("date", "updated"):
            dateline = read_dateline(block, language)
            if i > end or not dateline.labelled and not (title_at is not None and title_at < i < start):
                continue
        out.append(block)
    return out


def _label_runs(lines: list[tuple[int, str]], stops=STOP_WORDS,
                line_is_prose: list[bool] | None = None) -> tuple[list[int | None], list[int | None]]:
    """For each label line (short, not a sentence): the first and last index of the run
    of label lines it belongs to. One pass, so that a page of 100,000 short lines costs
    100,000 steps and not their square."""
    if line_is_prose is None:
        line_is_prose = [is_prose(l, stops) for _, l in lines]
    label = [not p and not _SENTENCE_END.search(l) for p, (_, l) in zip(line_is_prose, lines)]
    first, last = list(range(len(lines))), list(range(len(lines)))
    for j in range(1, len(lines)):
        if label[j] and label[j - 1]:
            first[j] = first[j - 1]
    for j in range(len(lines) - 2, -1, -1):
        if label[j] and label[j + 1]:
            last[j] = last[j + 1]
    return [first[j] if label[j] else None for j in range(len(lines))], \
        [last[j] if label[j] else None for j in range(len(lines))]


def _in_label_run(lines: list[tuple[int, str]], i: int, runs, run: int = 3) -> bool:
    """Inside the article, three or more short non-sentence lines in a row are a link list,
    unless they are a list introduced by a sentence (content lists end with ':')."""
    first, last = runs
    if first[i] is None:
        return False
    lo, hi = first[i], last[i]
    if hi - lo + 1 < run:
        return False
    before = lines[lo - 1][1] if lo > 0 else ""
    # "Related Content:" introduces links, not a list of the article's own
    return not before.rstrip().endswith(":") or furniture_category(before) == "lists"


def _list_items(lines: list[tuple[int, str]], stops=STOP_WORDS) -> set[int]:
    """Pasted text: the short lines in the block right under a list header ("Related Content:",
    "Most Read"), with no blank line between: that list's headlines, however few (and whether
    they end in a question mark or not). A label such as "READ MORE" on its own line above
    one headline is such a header too. One pass over the lines."""
    def headline(k):  # a sentence, even a short one, is the article's
        return not is_prose(lines[k][1], stops) and _length(lines[k][1]) <= 20 and not _sentence_like(lines[k][1], stops)

    def under_header(k):
        label = lines[k - 1][1]
        return furniture_category(label) == "lists" or _in_category("interlinks", f"{label.rstrip(' :：')}: {lines[k][1]}")
    items: set[int] = set()
    for k in range(1, len(lines)):
        if lines[k][0] == lines[k - 1][0] + 1 and (k - 1 in items or under_header(k)) and headline(k):
            items.add(k)
    return items


def _in_category(name: str, line: str) -> bool:
    category = _category_named(name)
    return category is not None and category.applies(line)


@lru_cache(maxsize=None)
def _category_named(name: str) -> _Category | None:
    return next((cat for cat in _rules() if cat.name == name), None)


def clean_all(documents: list[Document], keep_boilerplate: bool = False) -> list[CleanDocument]:
    """Clean every document against the lines repeated across the corpus. Both passes
    run on every core for large corpora (dossier/parallel.py); each file's language is
    identified once, in the first."""
    if keep_boilerplate:
        return [clean(d, keep_boilerplate=True) for d in documents]
    profiles = list(parallel.ordered_map(_profile, documents))
    repeated = repeated_lines([p[:2] for _, p in profiles]) if len(documents) >= 3 else frozenset()
    tasks = [(doc, repeated, language, p[2]) for doc, (language, p) in zip(documents, profiles)]
    cleaned = []
    for doc, result in zip(documents, parallel.ordered_map(_clean_one, tasks)):
        result.document = doc  # the reader's own object, not a copy sent back by a worker
        cleaned.append(result)
    return cleaned


def _profile(doc: Document) -> tuple[str | None, tuple[dict[str, bool], set[str], list[bool]]]:
    language = document_language(doc.text)
    return language, line_profile(doc, language)


def _clean_one(task: tuple[Document, frozenset[str], str | None, list[bool]]) -> CleanDocument:
    doc, repeated, language, line_is_prose = task
    result = clean(doc, repeated, language=language, line_is_prose=line_is_prose)
    result.document = None  # the caller has it: not sent back
    return result
