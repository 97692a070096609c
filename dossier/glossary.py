"""Glossary: acronyms, organisations and people found in the text, plus the editor's terms.

What becomes an entry, and why:
  * acronyms defined in the text, found with the Schwartz–Hearst algorithm (Schwartz &
    Hearst, "A simple algorithm for identifying abbreviation definitions in biomedical
    text", PSB 2003): a short form in parentheses is matched, character by character
    from the end, against the words before it; the shortest long form that contains all
    its letters in order (the first starting a word) is its expansion;
  * people named with a title ("Ambassador Hwang Joon-kook", "leader Kim Jong-un") or an
    apposition ("Ri Il-gyu, a former counselor ...", "Kang Min-sook, 51, a counsellor");
  * organisations: capitalised names built on an organisation noun ("Human Rights
    Council", "Ministry of Unification"), or a single name marked as one ("the state
    corporation Rosatom", "Hanawon, the government centre"), when they occur in at least
    `glossary.org_min_articles` articles;
  * the terms of `config.yaml`, which may add, correct, merge, split and exclude.

Spellings of one name are merged when they are the same after folding (case, accents,
hyphens, spaces), after the romanisation rules of `rules/names.yaml`, or when the text
says so ("who now goes by ...", "Sámi Parliament (Sámediggi)"). A typo ("Ri Il-guy") is
merged by edit distance only when everything else agrees: one syllable differs by one
edit, no stated ages conflict, and the sentences around both share a content word.
A false merge of two people is worse than a missed variant, so every other doubt keeps
entries apart. Descriptions are taken from the text (apposition or title), with the
sentence they came from; an entry without one is "not defined in the sources".
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import accumulate, compress

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from . import parallel
from .clean import STOP_WORDS, capitalised_ratio
from .config import GlossaryConfig
from .model import Article, GlossaryEntry, is_subheading
from .textsim import fold, sentences
from .yamlsafe import load_yaml_text

_PAREN = re.compile(r"\(([^()]{1,80})\)")
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")  # '(II)', not 'ICC'
# 'U.N.' is one word (so 'U.N. Security Council' is one name); 'R.' in 'Robert R. King'.
_WORD = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]\.(?=\s[A-Z])|[^\W_][\w'’-]*")
_ABBREVIATED = frozenset("mr mrs ms dr prof gen sen rep gov lt col capt st sgt adm cdr".split())
# Forms of address: they say nothing of what a person does ('Dr', 'Sir').
_HONORIFICS = frozenset("mr mrs ms mx dr sir dame lord lady".split())
# A full stop that ends no sentence: an initial or a short title ('Robert R. King', 'Dr. Kim').
_NO_SENTENCE_END = re.compile(r"(?:\b[A-Z]|\b(?:" + "|".join(w.capitalize() for w in _ABBREVIATED) + r"))\.$")
# 'Semiconductor Manufacturing International Corp. (SMIC)': a company's abbreviated
# ending followed by a bracket is no sentence end (followed by a capital it may be one).
_COMPANY_END = re.compile(r"\b(?:Corp|Inc|Co|Ltd|Bhd|Jr|Sr|Bros|Cie)\.$")
_POSSESSIVE = re.compile(r"['’]s?$")
# 'According to an investigation by the Department of X, the utility often ...': the
# comma ends the attribution and the main clause follows, no apposition.
_ATTRIBUTION_START = re.compile(r"\W*according to\b[^,;]*$", re.I)
_AGE = re.compile(r"\s*(\d{1,3}),\s+")
# Where an apposition ends. 'which' after a preposition ('a process in which ...') goes on.
_CLAUSE_END = re.compile(r"[,;:!?()\[\]]|(?<![A-Z])\.|\s[–—-]\s|\s(?:who|whose|where|while|when|said|says|but|told)\s"
                         r"|(?<!\sin)(?<!\sby)(?<!\sunder)(?<!\sthrough)\swhich\s")
CONNECTORS = frozenset("of for on and the in against de du la van von der des y".split())


@dataclass(frozen=True)
class Rules:
    person_roles: frozenset
    person_markers: frozenset
    name_particles: frozenset
    hyphen_particles: frozenset
    inverted_heads: frozenset
    filler_words: frozenset
    title_modifiers: frozenset
    org_heads: frozenset
    document_heads: frozenset
    final_heads: frozenset
    org_nouns: frozenset
    category_nouns: frozenset
    not_name_words: frozenset
    optional_prefixes: tuple
    country_qualifiers: tuple  # 'U.S.', 'Chinese': words naming whose body a name is
    letters: dict
    syllables: dict  # spelling -> the spelling compared
    suffixes: tuple  # (suffix, the suffix compared)
    alias_cue: re.Pattern
    alias_cue_anywhere: re.Pattern  # a cue and a space, anywhere in a sentence


@lru_cache(maxsize=1)
def rules() -> Rules:
    path = "rules/names.yaml"
    data = load_yaml_text(resources.files("dossier").joinpath(path).read_text("utf-8"), f"dossier/{path}")
    syllables = {}
    for group in data["romanisation"]:
        for spelling in group:
            syllables.setdefault(str(spelling), str(group[0]))
    suffixes = tuple((str(s), str(g[0])) for g in data["suffixes"] for s in g[1:])
    cues = "|".join(f"(?:{c})" for c in data["alias_cues"])
    return Rules(
        person_roles=frozenset(data["person_roles"]), person_markers=frozenset(data["person_markers"]),
        name_particles=frozenset(data["name_particles"]), hyphen_particles=frozenset(data["hyphen_particles"]),
        inverted_heads=frozenset(data["inverted_heads"]), filler_words=frozenset(data["filler_words"]),
        title_modifiers=frozenset(data["title_modifiers"]),
        org_heads=frozenset(data["org_heads"]), document_heads=frozenset(data["document_heads"]),
        final_heads=frozenset(data["final_heads"]), org_nouns=frozenset(data["org_nouns"]),
        category_nouns=frozenset(data["category_nouns"]),
        not_name_words=frozenset(data["not_name_words"]),
        optional_prefixes=tuple(sorted(data["optional_prefixes"], key=len, reverse=True)),
        country_qualifiers=tuple(data.get("country_qualifiers", [])),
        letters=dict(data["letters"]), syllables=syllables, suffixes=suffixes,
        alias_cue=re.compile(rf"\b(?:{cues})\s+$", re.I),
        alias_cue_anywhere=re.compile(rf"\b(?:{cues})\s", re.I))


# ---------------------------------------------------------------- acronyms

def _valid_short_form(sf: str) -> bool:
    sf = sf.strip()
    if not 2 <= len(sf) <= 10 or len(sf.split()) > 2:
        return False
    if not sf[0].isalnum() or not any(c.isupper() for c in sf):
        return False
    letters = [c for c in sf if c.isalpha()]
    # 'Sámediggi' is a name in another language, not an abbreviation: most letters of a
    # short form are capitals ('UPR', 'UiT', 'MoU').
    if len(letters) > 3 and sum(c.isupper() for c in letters) * 2 < len(letters):
        return False
    return bool(letters) and not _ROMAN.fullmatch(sf)


def best_long_form(short: str, long: str) -> str | None:
    """The Schwartz–Hearst match: the shortest suffix of `long` that spells `short`."""
    s_index, l_index = len(short) - 1, len(long) - 1
    while s_index >= 0:
        c = short[s_index].lower()
        if not c.isalnum():
            s_index -= 1
            continue
        while l_index >= 0 and (long[l_index].lower() != c or (
                s_index == 0 and l_index > 0 and long[l_index - 1].isalnum())):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    l_index = long.rfind(" ", 0, l_index + 1) + 1
    result = long[l_index:].strip()
    if len(result) < len(short) or short.lower() in result.lower().split():
        return None
    return result


def _initials(words: list[str]) -> str:
    """The first letters of the words that carry meaning: 'of', 'the', 'and' are skipped."""
    return "".join(_letters(w)[:1] for w in words if w.lower() not in CONNECTORS | {"at", "to", "&"})


def _spells(short: str, long: str) -> bool:
    return _initials(long.split()) == "".join(c for c in _letters(short) if c.isalpha())


def _initials_long_form(short: str, words: list[str], long: str) -> str | None:
    """'Ethiopian Electric Power (EEP)': Schwartz–Hearst stops at 'Electric Power', whose
    'Electric' gives two of the letters. When a few more words before the match make a
    long form whose word initials spell the short form, that is the expansion (the
    refinement of Schwartz–Hearst that prefers word-initial matches). The added words
    are written like the match (capitalised or not), and none ends a phrase."""
    if not short.replace(".", "").isalpha() or _spells(short, long):
        return None
    target = "".join(c for c in _letters(short) if c.isalpha())
    have = len(long.split())
    capitalised = long[:1].isupper()
    for k in range(have + 1, min(len(words), have + len(target)) + 1):
        added = words[-k:-have]
        if any(re.search(r"['’]s$|[,;:.!?)\]\"”]$", w) for w in added):
            return None
        if any(w.lower() not in CONNECTORS and w[:1].isupper() != capitalised for w in added):
            return None
        if added[0].lower() in CONNECTORS:
            continue
        window = words[-k:]
        if _initials(window) == target:
            return " ".join(window)
    return None


def _has_head(name: str) -> bool:
    r = rules()
    return any(_letters(w) in r.org_heads or _letters(w) in r.document_heads for w in name.split())


def _has_org_head(name: str) -> bool:
    return any(_letters(w) in rules().org_heads for w in name.split()[1:] + name.split()[:1])


def _extend_left(before: str, long: str) -> str | None:
    """`long` (which `before` ends with) grown to the left over the rest of the name:
    capitalised words, and connectors ('of the', 'for') that follow a head noun or a
    title ('Office of the ...', 'Commissioner for ...'), never a person's name."""
    at = before.rfind(long)
    if at < 0:
        return None
    words = before[:at].split()
    taken: list[str] = []
    pending = long.split()[0] in CONNECTORS or long.split()[0] == "at"  # 'of the High ...'
    while words:
        w = words[-1]
        word_ok = w[:1].isupper() and not re.search(r"['’]s$|[,;:.!?)\]]$", w) and _letters(w) not in STOP_WORDS
        if pending:
            if word_ok and (_has_head(w) or _role(w)):
                taken.append(words.pop())
                pending = False
                continue
            break
        if word_ok:
            taken.append(words.pop())
        elif w in (CONNECTORS | {"at"}) - {"and"}:
            k = len(words) - 1
            while k >= 0 and words[k] in (CONNECTORS | {"at"}) - {"and"}:
                k -= 1
            taken.extend(reversed(words[k + 1:]))
            del words[k + 1:]
            pending = True
        else:
            break
    if pending:  # connectors with no head before them: not part of the name
        while taken and taken[-1] in CONNECTORS | {"at"}:
            taken.pop()
    if not taken:
        return None
    return " ".join(reversed(taken)) + " " + long


def _letters_within(short: str, name: str) -> bool:
    """'NKDB' for 'Database Center for North Korean Human Rights': a name in another order
    or language; its first letter begins a word and every letter occurs in the name."""
    initials = {_letters(w)[:1] for w in name.split()}
    letters = _letters(name)
    sf = [c for c in _letters(short) if c.isalpha()]
    return bool(sf) and sf[0] in initials and all(c in letters for c in sf)


def _name_before(before: str) -> str | None:
    """The capitalised name that `before` ends with, connectors included: 'Citizens'
    Alliance for North Korean Human Rights', 'Office of the High Commissioner ...'."""
    words = before.split(" ")
    taken = []
    joins = CONNECTORS | {"at"}
    while words:
        w = words[-1]
        if w[:1].isupper() and not re.search(r"['’]s$", w) and not re.search(r"[,;:.!?)\]]$", w) \
                and _letters(w) not in STOP_WORDS:
            taken.append(words.pop())
            continue
        k = len(words) - 1  # 'of the', 'for the': connectors up to a capitalised word
        while k >= 0 and words[k] in joins:
            k -= 1
        # Across 'of'/'for' only from a head noun ('Office of the ...'), never from a
        # person ('Greg Scarlatoiu of the Committee ...'); 'and' joins names.
        crossed = words[k + 1:]
        if taken and k >= 0 and crossed and words[k][:1].isupper() \
                and _letters(words[k]) not in STOP_WORDS \
                and (crossed == ["and"] or _has_head(words[k])):
            taken.extend(reversed(words[k + 1:]))
            del words[k + 1:]
        else:
            break
    while taken and taken[-1] in CONNECTORS:
        taken.pop()
    return " ".join(reversed(taken)) or None


def find_acronyms(text: str) -> list[tuple[str, str, str]]:
    """(short form, long form, sentence) for every 'long form (SF)' or 'SF (long form)'."""
    if "(" not in text:
        return []  # most articles define no acronym: no need to split them into sentences
    return _acronyms_in(_sentences(text))


def _acronyms_in(sentences: list[str]) -> list[tuple[str, str, str]]:
    """`find_acronyms` of a text already split into sentences."""
    found = []
    for sentence in sentences:
        if "(" not in sentence:
            continue
        for m in _PAREN.finditer(sentence):
            inner = m.group(1).strip()
            before = sentence[:m.start()].rstrip()
            if _valid_short_form(inner):
                words = before.split()
                n = min(len(inner) + 5, len(inner) * 2)
                candidate = " ".join(words[-n:])
                long = best_long_form(inner, candidate)
                if long:
                    long = _initials_long_form(inner, before.split(), long) or long
                name = _name_before(before)
                if long:
                    # 'Committee for Human Rights in North Korea (HRNK)': the match stops at
                    # 'Human'; the whole capitalised name it ends is the expansion.
                    extended = _extend_left(before, long)
                    added = _letters(extended[: len(extended) - len(long)]).strip() if extended else ""
                    # Only when the match is no name of its own: it begins with a small
                    # word ('of the High Commissioner ...') or lacks the head noun that the
                    # longer name has ('Human Rights in North Korea').
                    incomplete = long[:1].islower() or (
                        not _has_head(long) and _has_head(extended or ""))
                    if incomplete and extended and extended.endswith(long) and added \
                            and added not in rules().optional_prefixes:
                        long = extended
                elif name and _has_org_head(name) and _letters_within(inner, name):
                    long = name  # 'Geological Survey of Denmark and Greenland (GEUS)': another language
                if long:
                    long = re.sub(r"^(?:the|a|an)\s+", "", long.strip(" ,;:"), flags=re.I)
                    found.append((inner, long, sentence))
            else:
                # 'UPR (Universal Periodic Review)'
                prev = before.split()[-1] if before.split() else ""
                prev = prev.strip(",;:“”\"")
                if _valid_short_form(prev) and len(inner.split()) <= len(prev) + 5:
                    long = best_long_form(prev, inner)
                    if long == inner:
                        found.append((prev, inner, sentence))
    return found


# ---------------------------------------------------------------- comparing names

@lru_cache(maxsize=1 << 18)  # every distinct word of a 20,000-article corpus
def _letters(text: str) -> str:
    text = fold(text)
    for a, b in rules().letters.items():
        text = text.replace(a, b)
    return text.replace("’", "'")


def syllables(name: str) -> list[str]:
    """The parts of a name between spaces and hyphens, folded and romanised alike."""
    table = rules().syllables
    parts = [p for p in re.split(r"[\s\-‐‑]+", _letters(name)) if p]
    return [table.get(p, p) for p in parts]


@lru_cache(maxsize=1 << 16)  # asked again and again of the same forms while merging
def person_key(name: str) -> str:
    return "".join(syllables(name))


@lru_cache(maxsize=1 << 16)
def org_key(name: str) -> str:
    """'UN Human Rights Council' and 'the Human Rights Council' compare equal; so do
    'Organisation' and 'Organization'."""
    text = re.sub(r"['’]s\b", "", _letters(name))
    text = re.sub(r"^the\s+", "", text)
    for prefix in rules().optional_prefixes:
        if text.startswith(prefix + " "):
            text = text[len(prefix) + 1:]
            break
    words = []
    for w in re.findall(r"[\w'-]+", text):
        for suffix, canonical in rules().suffixes:
            if w.endswith(suffix):
                w = w[: -len(suffix)] + canonical
                break
        if w not in rules().filler_words:
            words.append(w)
    if len(words) >= 2 and words[-1] in rules().inverted_heads and "of" not in words:
        words = [words[-1], "of", *words[:-1]]  # 'foreign ministry' -> 'ministry of foreign'
    return " ".join(words)


# ---------------------------------------------------------------- tokens and runs

# The words of a sentence as `_WORD` finds them, with the text between them (re.split
# keeps the words, the one group, between the gaps: gap, word, gap, ..., word, gap).
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")


class Tokens:
    """The words of a sentence, as parallel lists indexed by word (token) number: one
    list per property rather than one object per word, since every word of every article
    is a token (bench/: 2.5 million at 20,000 articles) and what a word is does not
    depend on where it stands (`_word_facts`, worked out once per distinct word)."""

    __slots__ = ("text", "start", "end", "possessive", "cap", "low", "adjacent")

    def __init__(self, words: list[str], starts: list[int], ends: list[int], gaps: list[str]):
        facts = list(map(_word_facts, words))
        if facts:
            self.text, self.possessive, self.cap, self.low = zip(*facts)
        else:
            self.text = self.possessive = self.cap = self.low = ()
        # text: without a possessive ending; cap: capitalised; low: _letters(text).
        self.start = starts
        self.end = ends  # end of the word as written (possessive included)
        # adjacent[i]: word i and word i + 1 stand together in one phrase (`gaps[i]` is
        # the text after word i): one space, or '. ' after an abbreviation ('Dr. Kim'),
        # and word i is no possessive. The spaces are compared in C; the rare
        # possessives and '. ' are then set right one by one.
        self.adjacent = adjacent = list(map(" ".__eq__, gaps))
        if True in self.possessive:
            for i in compress(range(len(gaps)), self.possessive):
                adjacent[i] = False
        if ". " in gaps:
            for i, gap in enumerate(gaps):
                if gap == ". " and not self.possessive[i] and self.low[i] in _ABBREVIATED:
                    adjacent[i] = True

    def __len__(self) -> int:
        return len(self.text)


@lru_cache(maxsize=1 << 18)
def _word_facts(word: str) -> tuple[str, bool, bool, str]:
    """(text without a possessive ending, possessive, capitalised, `_letters` of the text)."""
    bare = _bare(word)
    return bare, bare != word, bare[:1].isupper(), _letters(bare)


def _sentences(text: str) -> list[str]:
    """Sentences, not split after an initial or a short title."""
    out: list[str] = []
    for s in sentences(text):
        # The pattern ends the string and is at most five characters long ('Capt.'): only
        # the end is searched, with the text before it still seen by '\b'.
        if out and (_NO_SENTENCE_END.search(out[-1], max(0, len(out[-1]) - 8))
                    or (s.startswith("(") and _COMPANY_END.search(out[-1], max(0, len(out[-1]) - 8)))):
            out[-1] += " " + s
        else:
            out.append(s)
    return out


@lru_cache(maxsize=1 << 18)
def _bare(word: str) -> str:
    """The word without a possessive ending ("Council's" -> "Council"). Memoised: a
    corpus repeats its words, and this runs for every word of every sentence."""
    return _POSSESSIVE.sub("", word) if _POSSESSIVE.search(word) and len(word) > 2 else word


def _tokens(sentence: str) -> Tokens:
    """Every word of the sentence: split in C, positions summed in C (no match objects)."""
    parts = _WORD_SPLIT.split(sentence)
    ends = list(accumulate(map(len, parts)))  # ends[2k]: where word k starts; ends[2k + 1]: where it ends
    return Tokens(parts[1::2], ends[0:-1:2], ends[1::2], parts[2::2])


def _may_name(sentence: str, first: re.Match) -> bool:
    """Whether a name can stand in the sentence after its first word: some later letter
    is a capital (a name's first letter, or 'al-Burhan') or there are parentheses. Most
    sentences of most articles have none; for them only the first word is looked at."""
    rest = sentence[first.end():]
    # islower(): no upper-case or title-case letter at all (and at least one cased one).
    return "(" in sentence or not rest.islower()


def _role(word: str) -> bool:
    r = rules()
    w = _letters(word)
    return w in r.person_roles


@lru_cache(maxsize=1 << 18)
def _is_name_word(text: str, role_allowed: bool) -> bool:
    """A word that can be part of a person's name: capitalised, not all capitals, not a
    calendar word, place word, role or organisation noun. Memoised, since names recur
    in every article."""
    r = rules()
    w = _letters(text)
    if not text[:1].isupper():
        return w in r.name_particles or w.partition("-")[0] in r.hyphen_particles
    if re.fullmatch(r"[A-Z]\.", text):
        return True  # a middle initial
    return (any(c.islower() for c in text) and w not in r.not_name_words
            and w not in STOP_WORDS and w not in r.org_heads and (role_allowed or not _role(text))
            and not any(c.isdigit() for c in text))


def _particle(toks: Tokens, i: int) -> bool:
    """'al-Burhan'; 'von' in 'von der Leyen': part of a name though not capitalised."""
    text = toks.text[i]
    head, _, rest = text.partition("-")
    if rest[:1].isupper() and head in rules().hyphen_particles:
        return True
    return text in rules().name_particles and i + 1 < len(toks) and (toks.cap[i + 1] or _particle(toks, i + 1))


def _cap_runs(toks: Tokens) -> list[list[int]]:
    """Index lists of maximal runs of adjacent capitalised words (name particles
    included after the first word)."""
    runs = []
    cap, adjacent, n = toks.cap, toks.adjacent, len(toks)
    end = -1  # the last word of the last run
    for i in compress(range(n), cap):  # a run begins with a capitalised word
        if i <= end:
            continue
        end = i
        while end + 1 < n and adjacent[end] and (cap[end + 1] or _particle(toks, end + 1)):
            end += 1
        runs.append(list(range(i, end + 1)))
    return runs


def _org_runs(toks: Tokens) -> list[tuple[int, int]]:
    """(first, last) token indexes of capitalised names joined by connectors: 'Ministry of
    Foreign Affairs', 'Committee against Torture', 'UiT The Arctic University of Norway'."""
    runs = []
    cap, low, adjacent, n = toks.cap, toks.low, toks.adjacent, len(toks)
    j = -1  # the last word of the last run
    for i in compress(range(n), cap):  # a run begins with a capitalised word
        if i <= j:
            continue
        j = i
        while j + 1 < n:
            if not adjacent[j]:
                break
            if cap[j + 1]:
                j += 1
                continue
            if low[j + 1] in CONNECTORS and j + 2 < n and adjacent[j + 1] \
                    and (cap[j + 2] or (low[j + 2] == "the" and j + 3 < n and cap[j + 3])):
                j += 2 if cap[j + 2] else 3
                continue
            break
        runs.append((i, j))
    return runs


def _phrase(sentence: str, toks: Tokens, a: int, b: int) -> str:
    return sentence[toks.start[a]:toks.start[b] + len(toks.text[b])]


# ---------------------------------------------------------------- what the text says

@dataclass
class Found:
    form: str
    kind: str  # person | organisation | acronym
    article: str
    sentence: str
    description: str | None = None
    age: int | None = None
    evidence: bool = False  # a title, an apposition, an acronym definition
    score: float = 0.0  # how good a definition the description makes


@dataclass
class Reading:
    """Everything the text says about names, collected article by article."""

    found: list[Found] = field(default_factory=list)
    acronyms: list[tuple[str, str, str, str]] = field(default_factory=list)  # short, long, sentence, article
    aliases: list[tuple[str, str, str]] = field(default_factory=list)  # (name, other name, kind)
    name_forms: dict[str, set] = field(default_factory=lambda: defaultdict(set))  # person-shaped form -> articles
    contexts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # form -> sentences
    org_forms: set = field(default_factory=set)  # every capitalised name and its named parts


def _description(text: str) -> str | None:
    text = text.strip(" ,;:.")
    if not text or len(text.split()) < 1:
        return None
    return text[0].upper() + text[1:]


def _apposition(sentence: str, end: int) -> tuple[str, int | None] | None:
    """The phrase after 'Name, ' up to the end of the clause, and a stated age."""
    if not sentence.startswith(", ", end) or _ATTRIBUTION_START.match(sentence[:end]):
        return None  # (asked before the rest is copied: most names are followed by no comma)
    rest = sentence[end:]
    rest = rest[1:]
    age = None
    m = _AGE.match(rest)
    if m:
        age, rest = int(m.group(1)), rest[m.end():]
    else:
        rest = " " + rest.lstrip()
    stop = _CLAUSE_END.search(rest[1:] if rest.startswith(" ") else rest)
    who = re.match(r"\s*who\s", rest)
    if who:
        clause = rest[who.end():]
        stop = re.search(r"[,;:.!?\"“”]|\s(?:while|when|and|but|before|after|said)\s", clause)
        return ("who " + (clause[:stop.start()] if stop else clause)).strip(), age
    body = rest.strip()
    stop = _CLAUSE_END.search(body, 1)
    return (body[:stop.start()] if stop else body).strip(), age


def _phrase_score(phrase: str) -> float:
    """A noun phrase ('a former counselor at ...') defines better than a title, which
    defines better than a relative clause ('who left his post ...')."""
    words = re.findall(r"[\w'’-]+", phrase)
    if not words or words[0] in ("who", "whose", "now", "then"):
        return 1.0
    if words[0].lower() in ("a", "an", "the", "one") or any(_role(_POSSESSIVE.sub("", w)) for w in words[:8]):
        return 3.0
    return 1.5


_VERBS = frozenset("was is were are has had have will would could can did does said says told added".split())


def _is_person_phrase(phrase: str) -> bool:
    words = [_letters(_POSSESSIVE.sub("", w)) for w in re.findall(r"[\w'’-]+", phrase)[:8]]
    if words[:1] and words[0] in _VERBS:
        return False  # 'Thae, who ..., was the deputy': the sentence goes on, no apposition
    if words[:1] == ["who"]:
        return True
    if words[:2] == ["one", "of"]:  # 'one of the herders who brought the case'
        words = [w[:-1] if w.endswith("s") else w for w in words[2:]]
    return any(_role(w) for w in words)


def _is_org_phrase(phrase: str, with_categories: bool = False) -> bool:
    """'a coalition of environmental groups', 'the government centre': what a body is.
    With categories, also what a thing is ('a process in which ...')."""
    r = rules()
    words = [_letters(w) for w in re.findall(r"[\w'’-]+", phrase)[:6]]
    if not words or words[0] not in ("the", "a", "an"):
        return False
    nouns = (r.org_nouns | r.org_heads | r.category_nouns) if with_categories else r.org_nouns | r.org_heads
    head = words[1:5]
    return any(w in nouns or (w.endswith("s") and w[:-1] in nouns) for w in head) \
        and not any(_role(w) for w in head)


def _title_before(sentence: str, toks: Tokens, first: int) -> str | None:
    """The title standing before a name: 'UN High Commissioner for Human Rights',
    'Former Norwegian prime minister', 'North Korean leader'; None if no role word."""
    r = rules()
    roles = r.person_roles
    cap, low, possessive, adjacent = toks.cap, toks.low, toks.possessive, toks.adjacent
    i, taken, has_role = first - 1, [], False
    while i >= 0 and adjacent[i]:
        if possessive[i]:
            break
        w = low[i]
        if w in roles:
            has_role = True
        elif w in r.person_markers:
            return ""  # 'the late ...': a person, but no definition
        elif w in r.title_modifiers or cap[i]:
            pass
        elif re.match(r"[a-z]+-[A-Z]", toks.text[i]):  # 'then-North Korean Foreign Minister'
            taken.append(i)
            break
        elif w in CONNECTORS and i > 0 and cap[i - 1] and cap[i + 1] and w != "and":
            pass
        elif taken and low[i + 1] in roles and w not in STOP_WORDS and not cap[i] \
                and i > 0 and (low[i - 1] in ("the", "a", "an") or possessive[i - 1]
                               or (cap[i - 1] and adjacent[i - 1])):
            taken.append(i)  # 'the climate campaigner': one word of compound before the role
            i -= 1
            if cap[i] and not possessive[i]:
                continue  # 'South African water minister': the title goes on
            break
        else:
            break
        taken.append(i)
        i -= 1
    while taken and (low[taken[-1]] in STOP_WORDS or low[taken[-1]] in CONNECTORS):
        taken.pop()
    # 'County health officer Dr Miriam Stahl': the honorific is no part of the description
    while len(taken) > 1 and low[taken[0]] in _HONORIFICS:
        taken.pop(0)
    if not has_role or not taken:
        return None
    if all(low[k] in _ABBREVIATED or low[k] in _HONORIFICS for k in taken):
        return ""  # 'Dr', 'Mr': a person, but no definition
    return _phrase(sentence, toks, taken[-1], taken[0])


def _title_apposed(before: str) -> str | None:
    """'The RSF leader, Mohamed Hamdan Dagalo, ...': a title set off before the name."""
    m = re.search(r"(?:^|[.;:,(]\s*)([^.;:,()]{2,80}?),\s+(?:the late\s+)?$", before)
    if not m:
        return None
    words = m.group(1).split()
    if not words or not _role(_POSSESSIVE.sub("", words[-1])):
        return None
    # The longest ending that is a noun phrase: 'She recalled that Greenland's first
    # premier' -> "Greenland's first premier".
    small = {"the", "a", "an", "of", "for", "and", "in", "on", "at"}
    for i in range(len(words)):
        tail = words[i:]
        if len(tail) <= 8 and (tail[0][:1].isupper() or tail[0].lower() in ("the", "a", "an")) \
                and all(w.lower() not in STOP_WORDS or w.lower() in small for w in tail):
            return re.sub(r"^(?:the|a|an)\s+", "", " ".join(tail), flags=re.I)
    return None


def read_article(article: Article, reading: Reading) -> None:
    """Collect, sentence by sentence, every name the article gives with evidence."""
    last_person: str | None = None  # the last full name mentioned, for 'his name'
    # A crosshead in Title Case capitalises every word; its runs are no names.
    paragraphs = article.paragraphs
    prose = [p for p in paragraphs if not (is_subheading(p) and capitalised_ratio(p) >= 0.75)]
    prose_sentences = _sentences("\n\n".join(prose))
    for sentence in prose_sentences:
        first = _WORD.search(sentence)
        if first is None:
            continue
        if not _may_name(sentence, first):
            # Without a capital after the first word, the other words cannot be or begin
            # a name, a title or a parenthesis: the first word alone is a run, of one
            # word at the sentence's start, so it names a part of a name at most (what
            # _org_candidates finds in a run of one word; no person, no single-word body).
            text, _, cap, low = _word_facts(first.group())
            if cap and low not in STOP_WORDS and low not in CONNECTORS:
                reading.org_forms.add(text)
            continue
        toks = _tokens(sentence)
        people_here: list[tuple[int, str]] = []  # (position, form)
        for run in _cap_runs(toks):
            mention = _person_in_run(sentence, toks, run, article, reading)
            if mention:
                people_here.append(mention)
            elif len(run) == 1:
                _single_word_org(sentence, toks, run[0], article, reading)
        for a, b in _org_runs(toks):
            _org_candidates(sentence, toks, a, b, article, reading)
        _native_names(sentence, toks, reading)
        _aliases(sentence, people_here, last_person, reading)
        if people_here:
            last_person = people_here[-1][1]
    text = article.text
    if "(" in text:
        # Acronyms are looked for in the whole text, crossheads included; when there are
        # none, its sentences are the ones just read.
        whole = prose_sentences if len(prose) == len(paragraphs) else _sentences(text)
        for short, long, sentence in _acronyms_in(whole):
            reading.acronyms.append((short, long, sentence, article.id))


def _person_in_run(sentence, toks, run, article, reading) -> tuple[int, str] | None:
    """The person's name a run of capitalised words ends with, if it is one; recorded
    as found when a title or an apposition says it is a person."""
    if len(run) < 2:
        return None  # no two words to make a name of
    # The name is the end of the run; a title or place words may stand before it.
    start = run[0]
    text, cap, roles = toks.text, toks.cap, rules().person_roles
    for n, k in enumerate(run):
        # A role word last, after two names, is a surname: 'Robert R. King'.
        surname = n == len(run) - 1 and n - start >= 2 and text[k][:1].isupper()
        if (toks.low[k] in roles and not surname) or not _is_name_word(text[k], surname):
            start = k + 1
    name_idx = [k for k in run if k >= start]
    while name_idx and not cap[name_idx[0]]:
        name_idx.pop(0)
    if len(name_idx) < 2 or sum(cap[k] for k in name_idx) > 4:
        return None
    form = _phrase(sentence, toks, name_idx[0], name_idx[-1])
    reading.name_forms[form].add(article.id)
    reading.contexts[form].append(sentence)
    title = _title_before(sentence, toks, name_idx[0])
    title = _title_apposed(sentence[:toks.start[name_idx[0]]]) or title
    app = _apposition(sentence, toks.start[name_idx[-1]] + len(text[name_idx[-1]]))
    found = Found(form, "person", article.id, sentence)
    if app and (app[1] is not None or _is_person_phrase(app[0])):
        found.evidence, found.age = True, app[1]
        if app[0] and _is_person_phrase(app[0]):
            found.description, found.score = _description(app[0]), _phrase_score(app[0])
    if title is not None:
        found.evidence = True
        if found.score < 2 and title:
            found.description, found.score = _description(title), 2
    if found.evidence:
        reading.found.append(found)
    return toks.start[name_idx[0]], form


def _native_names(sentence, toks, reading) -> None:
    """'Sámi Parliament (Sámediggi)': a name in parentheses that is no abbreviation."""
    for m in _PAREN.finditer(sentence):
        inner = m.group(1).strip()
        if _valid_short_form(inner) or len(inner.split()) > 4 or \
                not all(w[:1].isupper() for w in inner.split()):
            continue
        runs = [run for run in _org_runs(toks) if toks.end[run[1]] <= m.start()
                and sentence[toks.end[run[1]]:m.start()].strip() == ""]
        if runs:
            a, b = runs[-1]
            reading.aliases.append((_phrase(sentence, toks, a, b), inner, "any"))


def _aliases(sentence, people_here, last_person, reading) -> None:
    """'Thae, who now goes by Thae Ku-min'; 'media romanise his name as Lee Il-kyu';
    'Mohamed Hamdan Dagalo, known as Hemedti'."""
    if not people_here:
        return  # every alias below names a person mentioned before it in the sentence
    if not rules().alias_cue_anywhere.search(sentence):
        # Each alias follows a cue that ends where a prefix of the sentence ends, after
        # white space; where the sentence has no cue followed by white space, no prefix
        # ends with one (the cues are phrases: no anchors or look-arounds).
        return
    cue_before = rules().alias_cue.search
    for start, form in people_here:
        cue = cue_before(sentence[:start])
        if not cue:
            continue
        before = sentence[:cue.start()]
        subject = None
        earlier = [f for s, f in people_here if s < cue.start()]
        if earlier:
            subject = earlier[-1]
        else:
            surname = re.findall(r"\b([A-Z][\w-]+)\b", before)
            if re.search(r"\b(?:his|her|their)\s+(?:name|\w+ name)?\s*$", before + " ", re.I) or \
                    re.search(r"\b(?:his|her|their)\b", sentence[cue.start():cue.end()], re.I):
                subject = last_person
            elif surname and last_person and surname[-1] in last_person.split():
                subject = last_person
        if subject and subject != form:
            reading.aliases.append((subject, form, "person"))
    for m in re.finditer(r"[A-Z][\w'’-]+", sentence):  # one-word names
        earlier = [f for s, f in people_here if s < m.start()]
        if earlier and cue_before(sentence[:m.start()]) and m.group() not in earlier[-1].split() \
                and not _valid_short_form(m.group()) and _letters(m.group()) not in rules().not_name_words:
            reading.aliases.append((earlier[-1], m.group(), "person"))


def _single_word_org(sentence, toks, k, article, reading) -> None:
    """'the state nuclear corporation Rosatom'; 'Hanawon, the government centre'."""
    text, low = toks.text[k], toks.low[k]
    if not toks.cap[k] or low in STOP_WORDS or low in rules().not_name_words or len(text) < 3 \
            or not any(c.islower() for c in text) or k == 0:
        return
    app = _apposition(sentence, toks.start[k] + len(text))
    if app and _is_org_phrase(app[0]):
        reading.found.append(Found(text, "organisation", article.id, sentence, _description(app[0]),
                                   evidence=True, score=3.0))
    elif toks.low[k - 1] in rules().org_nouns and toks.adjacent[k - 1] and not toks.cap[k - 1]:
        reading.found.append(Found(text, "organisation", article.id, sentence, evidence=True))


def _org_candidates(sentence, toks, a, b, article, reading) -> None:
    r = rules()
    low, cap = toks.low, toks.cap
    while a <= b and (low[a] in STOP_WORDS or low[a] in CONNECTORS):
        a += 1
    if a > b:
        return
    if a == b:  # one word ('The', 'Korea'): a named part, no name found
        reading.org_forms.add(toks.text[a])
        return
    pieces = [(a, b)]
    # 'Third Committee of the United Nations General Assembly': each named body too.
    cut = [k for k in range(a, b + 1) if low[k] in CONNECTORS and not cap[k]]
    bounds = [a] + [k + 1 for k in cut] + [b + 2]
    for i in range(len(bounds) - 1):
        x, y = bounds[i], bounds[i + 1] - 2
        while x <= y and low[x] in CONNECTORS:
            x += 1
        if x <= y and (x, y) != (a, b):
            pieces.append((x, y))
    for x, y in pieces:
        reading.org_forms.add(_phrase(sentence, toks, x, y))
        if x == y:
            continue  # one word names nothing here: a bare head ('Council') or no head at all
        words = low[x:y + 1]
        heads = [k for k in range(x, y + 1) if cap[k] and (
            low[k] in r.org_heads or (k == y and k > x and low[k] in r.final_heads))]
        if not heads or len(words) > 10:
            continue
        if x == heads[0] and x == y:
            continue  # a bare 'Council' is no name
        if any(low[k] == "and" and any(h < k for h in heads) and any(h > k for h in heads)
               for k in range(x, y + 1)):
            continue  # 'the Armed Forces and the Rapid Support Forces': two names, each a piece
        if all(w in r.not_name_words or w in r.org_heads or w in CONNECTORS for w in words) and len(words) < 2:
            continue
        form = _phrase(sentence, toks, x, y)
        found = Found(form, "organisation", article.id, sentence)
        # 'the Clean Arctic Alliance, a coalition of environmental groups'
        app = _apposition(sentence, toks.start[y] + len(toks.text[y])) if not toks.possessive[y] else None
        if app and _is_org_phrase(app[0]) and len(app[0].split()) >= 3:
            found.description, found.score = _description(app[0]), 3.0
        reading.found.append(found)


# ---------------------------------------------------------------- where names occur

# Words that may begin a name: a letter that is not a-z, after no word character. Only
# these are indexed: far fewer than all words, and almost every name has one (a name
# without one is looked for in every article).
_NAME_WORD = re.compile(r"\b[^\W\d_a-z][^\W_]*")


@dataclass
class Texts:
    """The articles' texts, and for the words of the names found in them the articles
    each word occurs in. Asking in which articles a name occurs then reads only the
    articles that hold all its words, not every article for every name (at 20,000
    articles that scan took most of the glossary's time)."""

    ids: list[str]
    texts: list[str]
    articles_with: dict[str, set[int]]  # word -> positions (in ids) of the articles that contain it

    @classmethod
    def of(cls, articles: list[Article], names: set[str]) -> "Texts":
        # One search of all the names, each on a line of its own: a line break is no word
        # character, so each name's words are found as in the name alone.
        words = set(_NAME_WORD.findall("\n".join(names)))
        articles_with: dict[str, set[int]] = {w: set() for w in words}
        for i, a in enumerate(articles):
            for w in words.intersection(_NAME_WORD.findall(a.text)):
                articles_with[w].add(i)
        return cls([a.id for a in articles], [a.text for a in articles], articles_with)

    def candidates(self, form: str):
        """Positions of the articles that may contain `form` as a whole word or phrase.
        Where the phrase stands whole (no word character either side), each of its
        words that `_NAME_WORD` finds in it is found there in the text too, so an
        article without one of them cannot contain it. No such word, or one not
        indexed: every article."""
        words = _NAME_WORD.findall(form)
        if not words or any(w not in self.articles_with for w in words):
            return range(len(self.ids))
        return set.intersection(*(self.articles_with[w] for w in words))

    def where(self, forms, test) -> list[str]:
        """Ids, in article order, of the articles where `test(form, text)` holds for
        some form (`_occurs`, `_standalone`: both need the form as a whole phrase)."""
        hits: set[int] = set()
        for form in forms:
            hits.update(i for i in self.candidates(form) if i not in hits and test(form, self.texts[i]))
        return [self.ids[i] for i in sorted(hits)]


def _forms_read(reading: Reading, config: GlossaryConfig) -> set[str]:
    """Every name the glossary may look up in the texts: what reading found, and the
    editor's terms. (A name missing here is still looked up, in every article.)"""
    names = {f.form for f in reading.found} | set(reading.name_forms) | reading.org_forms
    names |= {n for short, long, _, _ in reading.acronyms for n in (short, long)}
    names |= {n for name, other, _ in reading.aliases for n in (name, other)}
    names |= {n for t in config.terms for n in (t.term, *t.aliases)}
    return names


# ---------------------------------------------------------------- entries

@dataclass(eq=False)  # drafts are compared by identity: two may hold the same forms
class Draft:
    kind: str
    forms: Counter = field(default_factory=Counter)  # surface form -> articles it is found in
    descriptions: list[tuple[str, str, float]] = field(default_factory=list)  # (description, sentence, score)
    articles_found: set = field(default_factory=set)
    ages: set = field(default_factory=set)
    acronym: str | None = None
    long_form: str | None = None
    definition_sentence: str = ""


@dataclass
class Drafts:
    """The entries being built, findable by the key of any of their names."""

    all: list[Draft] = field(default_factory=list)
    by_org_key: dict[str, Draft] = field(default_factory=dict)
    by_person_key: dict[str, Draft] = field(default_factory=dict)
    by_acronym: dict[str, list[Draft]] = field(default_factory=lambda: defaultdict(list))

    def new(self, kind: str, **kw) -> Draft:
        d = Draft(kind, **kw)
        self.all.append(d)
        return d


@parallel.cycle_collector_paused
def read_articles(articles: list[Article]) -> Reading:
    """What the text of `articles` says about names: the costly part of the glossary,
    and a function of the articles alone (so the build caches it with them)."""
    reading = Reading()
    for article in articles:
        read_article(article, reading)
    return reading


@parallel.cycle_collector_paused
def build_glossary(articles: list[Article], config: GlossaryConfig,
                   editor_phrases: list[str] = (), reading: Reading | None = None) -> list[GlossaryEntry]:
    """The glossary of `articles` (the kept ones). `editor_phrases` are what the editor
    wrote about the chapters (titles, descriptions, keywords): an organisation named
    there matters to the dossier and is listed even when it occurs in one article.
    `reading` is `read_articles(articles)`, when it is at hand already."""
    if reading is None:
        reading = read_articles(articles)
    texts = Texts.of(articles, _forms_read(reading, config))
    bylines = {_letters(str(v)) for a in articles for f in (a.author, a.outlet) if f.known
               for v in re.split(r"\s*(?:,|\band\b|&)\s*", str(f.value))}
    named_by_editor = {org_key(m) for p in editor_phrases for m in _org_names(p)}

    drafts = Drafts()
    _acronym_drafts(reading, drafts)
    _organisation_drafts(reading, drafts, texts, bylines, named_by_editor, config.org_min_articles)
    _person_drafts(reading, drafts, bylines)
    _apply_aliases(reading, drafts)
    _merge_typos(drafts.all, drafts.by_person_key, reading)
    # Organisation forms too rare to stand alone that name a listed body ('UN Committee ...').
    for form in reading.org_forms:
        d = drafts.by_org_key.get(org_key(form))
        if d is not None:
            d.forms[form] += 0

    entries = _apply_config([_entry(d, texts) for d in drafts.all], config)
    _resolve_shared_forms(entries, texts)
    excluded = {fold(t) for t in config.exclude}
    result = []
    for entry in entries:
        if fold(entry.term) in excluded or any(fold(v) in excluded for v in entry.variants):
            continue
        if len(entry.articles) < config.min_articles and entry.source != "config.yaml":
            continue
        entry.key = _slug(entry.term)
        result.append(entry)
    _unique_keys(result)
    result.sort(key=lambda e: fold(e.term))
    return result


def _acronym_drafts(reading: Reading, drafts: Drafts) -> None:
    """One entry per short form and expansion: two bodies that share a short form ('MSC')
    stay two entries; two spellings of one expansion ('Office of the UN High
    Commissioner ...' / 'Office of the High Commissioner ...') make one."""
    for short, long, sentence, aid in reading.acronyms:
        key = org_key(long)
        d = next((c for c in drafts.by_acronym[short]
                  if fuzz.token_set_ratio(key, org_key(c.long_form)) >= 90), None) or drafts.by_org_key.get(key)
        if d is None:
            kind = "organisation" if _has_org_head(long) or _marked_as_body(short, sentence) else "acronym"
            d = drafts.new(kind, acronym=short, long_form=long, definition_sentence=sentence)
            drafts.by_acronym[short].append(d)
        drafts.by_org_key.setdefault(key, d)
        d.forms[long] += 1
        d.forms[short] += 1
        d.articles_found.add(aid)
        _acronym_description(d, short, sentence)


def _organisation_drafts(reading, drafts, texts: Texts, bylines, named_by_editor, min_articles) -> None:
    """Organisations found by name: kept when they stand alone in enough articles."""
    found: dict[str, list[Found]] = defaultdict(list)
    for f in reading.found:
        if f.kind == "organisation":
            found[org_key(f.form)].append(f)
    for qualified, bare in _country_variants(found, found.keys() | drafts.by_org_key.keys()).items():
        if qualified in found:
            found[bare] += found.pop(qualified)
    for key, founds in found.items():
        forms = {f.form for f in founds}
        d = drafts.by_org_key.get(key)
        if d is None:
            in_articles = texts.where(forms, _standalone)
            needed = 1 if key in named_by_editor else min_articles
            if len(in_articles) < needed or all(_in_place(f) for f in forms) or _letters(founds[0].form) in bylines:
                continue
            d = drafts.by_org_key[key] = drafts.new("organisation")
        for f in founds:
            d.forms[f.form] += 1
            d.articles_found.add(f.article)
            if f.description:
                d.descriptions.append((f.description, f.sentence, f.score))


def _country_variants(found: dict[str, list[Found]], keys) -> dict[str, str]:
    """Organisation keys whose names have a country in front ('U.S. Commerce Department')
    -> the bare name's key ('Commerce Department'), where the bare name is among `keys`
    too and no other country is put in front of it."""
    by_bare: dict[str, set[str]] = defaultdict(set)
    for key, founds in found.items():
        for form in {f.form for f in founds}:
            split = _country_split(form)
            bare = org_key(split[1]) if split else None
            if bare and bare != key and bare in keys:
                by_bare[bare].add(key)
    return {next(iter(qualified)): bare for bare, qualified in by_bare.items() if len(qualified) == 1}


def _person_drafts(reading: Reading, drafts: Drafts, bylines: set[str]) -> None:
    """People named with a title or apposition, one entry per spelling key; then every
    other person-shaped form with the same key joins as a variant ('Kim Jong Un')."""
    for f in reading.found:
        if f.kind != "person" or _letters(f.form) in bylines or org_key(f.form) in drafts.by_org_key:
            continue
        key = person_key(f.form)
        d = drafts.by_person_key.get(key)
        if d is None:
            d = drafts.by_person_key[key] = drafts.new("person")
        d.forms[f.form] += 1
        d.articles_found.add(f.article)
        if f.age is not None:
            d.ages.add(f.age)
        if f.description:
            d.descriptions.append((f.description, f.sentence, f.score))
    for form, aids in reading.name_forms.items():
        d = drafts.by_person_key.get(person_key(form))
        if d is not None:
            d.forms[form] += 0
            d.articles_found |= aids


def _apply_aliases(reading: Reading, drafts: Drafts) -> None:
    """What the text says outright: other names ('now goes by') and names in another
    language in parentheses."""
    for name, other, kind in reading.aliases:
        target = drafts.by_person_key.get(person_key(name)) if kind != "any" else (
            drafts.by_org_key.get(org_key(name)) or drafts.by_person_key.get(person_key(name)))
        if target is None and kind == "any" and _has_org_head(name):
            # 'Sámi Parliament (Sámediggi)': the text names the body twice; that defines it.
            target = drafts.by_org_key[org_key(name)] = drafts.new("organisation")
            target.forms[name] += 1
        if target is None:
            continue
        if kind == "person":
            other_draft = drafts.by_person_key.get(person_key(other))
            if other_draft is not None and other_draft is not target:
                _merge(target, other_draft, drafts.all, drafts.by_person_key)
                continue
            drafts.by_person_key[person_key(other)] = target
        target.forms[other] += 0


def _marked_as_body(short: str, sentence: str) -> bool:
    """'the Ethiopian Electric Power (EEP) corporation said', '... (EEP), the state
    utility': the sentence says that the name without a head noun is a body's."""
    m = re.search(r"\(" + re.escape(short) + r"\)", sentence)
    if not m:
        return False
    nouns = rules().org_nouns | rules().org_heads
    after = re.match(r"\s+([a-z][\w-]*)\b", sentence[m.end():])
    if after and _letters(after.group(1)) in nouns:
        return True
    app = _apposition(sentence, m.end())
    return bool(app and app[0] and _is_org_phrase(app[0]))


def _acronym_description(d: Draft, short: str, sentence: str) -> None:
    """'the Korea Economic Institute of America (KEI), a Washington think tank' ."""
    m = re.search(r"\(" + re.escape(short) + r"\)", sentence)
    if not m:
        return
    app = _apposition(sentence, m.end())
    if app and app[0] and _is_org_phrase(app[0], with_categories=True):
        d.descriptions.append((_description(app[0]), sentence, _phrase_score(app[0])))


def _merge(into: Draft, other: Draft, drafts: list[Draft], index: dict[str, Draft]) -> None:
    into.forms.update(other.forms)
    into.descriptions += other.descriptions
    into.articles_found |= other.articles_found
    into.ages |= other.ages
    for k, v in list(index.items()):
        if v is other:
            index[k] = into
    drafts.remove(other)


def _context_words(forms, reading: Reading) -> set[str]:
    words = set()
    own = {w for f in forms for w in syllables(f)}
    # Only words that tell people apart: names of places and bodies (capitalised, not
    # first in the sentence) and what the person is (role words).
    for f in forms:
        for s in reading.contexts.get(f, []):
            for i, m in enumerate(re.finditer(r"[^\W\d_][\w-]{2,}", s)):
                w = _letters(m.group())
                if w in own or w in STOP_WORDS or w in rules().not_name_words:
                    continue
                if (m.group()[0].isupper() and i > 0) or _role(w):
                    words.add(w)
    return words


def _merge_typos(drafts: list[Draft], index: dict[str, Draft], reading: Reading) -> None:
    """Merge a person entry into another that differs by one edit in one syllable, when
    nothing says they are different people and their sentences share a word."""
    people = sorted((d for d in drafts if d.kind == "person"),
                    key=lambda d: (-len(d.articles_found), -sum(d.forms.values())))
    for small in reversed(people):
        if small not in drafts:
            continue
        for big in people:
            if big is small or big not in drafts:
                continue
            if _reordered(big, small) or (
                    _one_typo_apart(big, small) and not _ages_conflict(big, small)
                    and _context_words(big.forms, reading) & _context_words(small.forms, reading)):
                _merge(big, small, drafts, index)
                break


def _reordered(a: Draft, b: Draft) -> bool:
    """'Hwang Joon-kook' and 'Joonkook Hwang': the same names, family name first or last."""
    def parts(form):
        return sorted(re.sub(r"[\-‐‑]", "", _letters(form)).split())
    return any(parts(fa) == parts(fb) and len(parts(fa)) >= 2 and person_key(fa) != person_key(fb)
               for fa in a.forms for fb in b.forms)


def _one_typo_apart(a: Draft, b: Draft) -> bool:
    for fa in a.forms:
        for fb in b.forms:
            sa, sb = syllables(fa), syllables(fb)
            if len(sa) != len(sb):
                continue
            diff = [(x, y) for x, y in zip(sa, sb) if x != y]
            if len(diff) == 1 and min(len(diff[0][0]), len(diff[0][1])) >= 3 \
                    and OSA.distance(*diff[0]) == 1 and len("".join(sa)) >= 6:
                return True
    return False


def _ages_conflict(a: Draft, b: Draft) -> bool:
    return bool(a.ages and b.ages and min(abs(x - y) for x in a.ages for y in b.ages) > 2)


def _org_names(text: str) -> list[str]:
    """Organisation names in a phrase written by the editor, in any case: 'security
    council' in a keyword list names the Security Council."""
    heads = rules().org_heads
    words = re.findall(r"[\w'’-]+", text)
    out = []
    for i, w in enumerate(words):
        if _letters(w) in heads:
            for j in range(max(0, i - 4), i):
                if _letters(words[j]) not in STOP_WORDS:
                    out.append(" ".join(words[j:i + 1]))
            for k in range(i + 2, min(len(words), i + 4)):
                if _letters(words[i + 1]) in ("of", "for", "on", "against"):
                    out.append(" ".join(words[i:k + 1]))
    return out


_LONGER_AFTER = re.compile(r" (?:of|for|on|against) (?:the )?[A-Z]| [A-Z][a-z]")


def _standalone(form: str, text: str) -> bool:
    """Whether `form` occurs as a name of its own, not as part of a longer one ('Coast
    Guard' in 'US Coast Guard', 'Database Center' in 'Database Center for ...')."""
    r = rules()
    for start in _whole_at(form, text):
        end = start + len(form)
        pre = re.findall(r"([\w'’-]+)( ?)$", text[max(0, start - 40):start])
        prev_words = text[max(0, start - 60):start].split(" ")
        longer_before = False
        if pre and pre[0][1] == " ":
            w = pre[0][0]
            if w[:1].isupper() and _letters(w) not in STOP_WORDS and not re.search(r"['’]s?$", w) \
                    and _letters(w) not in r.optional_prefixes:
                longer_before = True
            if w in CONNECTORS and len(prev_words) > 2 and prev_words[-3][:1].isupper() and w != "the":
                longer_before = True
        longer_after = _LONGER_AFTER.match(text, end)
        if not longer_before and not longer_after:
            return True
    return False


def _in_place(form: str) -> bool:
    """'Human Rights Council in Geneva': a body and where it sits, not a name."""
    parts = re.split(r" (?:in|at) ", form)
    return len(parts) > 1 and not _has_org_head(parts[-1]) and _has_org_head(parts[0])


def _occurs(form: str, text: str) -> bool:
    return next(_whole_at(form, text), None) is not None


def _whole_at(form: str, text: str):
    """Where `form` stands whole in `text` (no word character either side), left to
    right and not overlapping, as re.finditer gives them for the form between the
    look-arounds (?<!\\w) and (?!\\w); found with str.find, several times faster than
    trying the look-behind at every position of the text."""
    length = len(form)
    at = text.find(form)
    while at >= 0:
        if not (at and _word_char(text[at - 1])) and not (at + length < len(text) and _word_char(text[at + length])):
            yield at
            at = text.find(form, at + max(length, 1))
        else:
            at = text.find(form, at + 1)


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what '\w' matches in a str pattern


def _headword(d: Draft, texts: Texts) -> str:
    if d.long_form:
        longs = [f for f in d.forms if f != d.acronym and org_key(f) == org_key(d.long_form)]
        return max(longs, key=lambda f: (len(texts.where([f], _occurs)),
                                         not _prefixed(f), -len(f)))
    described = {_letters(s) for _, s, _ in d.descriptions}

    keyed = person_key if d.kind == "person" else org_key
    groups = defaultdict(list)  # spelling key -> the forms that have it
    for f in d.forms:
        groups[keyed(f)].append(f)
    group_articles: dict[str, int] = {}  # spelling key -> articles using the group (counted once)

    def score(form):
        # The spelling group used in most articles, then the form that carries the
        # definition, was found with evidence, keeps its accents and hyphens.
        key = keyed(form)
        if key not in group_articles:
            group_articles[key] = len(texts.where(groups[key], _occurs))
        in_articles = group_articles[key]
        carries = any(form in s for _, s, _ in d.descriptions) and bool(described)
        prefixed = d.kind == "organisation" and org_key(form) != _letters(form)
        # 'U.S. Commerce Department' over 'Commerce Department': the name that says whose.
        whose = d.kind == "organisation" and _country_split(form) is not None
        return (whose, in_articles, carries, not prefixed, d.forms[form], sum(ord(c) > 127 for c in form),
                "-" in form, -len(form))
    return max(d.forms, key=score)


def _country_split(name: str) -> tuple[str, str] | None:
    """An organisation's name as the country in front of it and the rest, folded ('the
    U.S. Commerce Department' -> 'u.s.', 'commerce department'); None if no country is."""
    text = re.sub(r"^the\s+", "", _letters(name))
    q = next((q for q in _qualifiers() if text.startswith(q + " ")), None)
    return (q, text[len(q) + 1:]) if q else None


@lru_cache(maxsize=1)
def _qualifiers() -> tuple[str, ...]:
    return tuple(sorted((_letters(q) for q in rules().country_qualifiers), key=len, reverse=True))


def _prefixed(name: str) -> bool:
    """'UN Security Council', 'U.N. Security Council': named with the parent body first."""
    return any(_letters(name).startswith(p + " ") for p in rules().optional_prefixes)


def _entry(d: Draft, texts: Texts) -> GlossaryEntry:
    term = _headword(d, texts)
    variants = sorted((f for f in d.forms if f != term), key=lambda f: (f != d.acronym, fold(f)))
    best = max(d.descriptions, key=lambda x: x[2], default=None)  # max keeps the first of equals
    definition, source = (best[0], best[1]) if best else (None, "")
    if d.long_form and not definition:
        source = d.definition_sentence
    return GlossaryEntry(term=term, definition=definition, kind=d.kind, variants=variants, source=source)


def _apply_config(entries: list[GlossaryEntry], config: GlossaryConfig) -> list[GlossaryEntry]:
    """The editor's terms: add, correct definitions, merge (aliases naming two entries
    make one) and split (`split: true` takes the aliases out of any other entry)."""
    for term in config.terms:
        names = [term.term, *term.aliases]
        keys = {fold(n) for n in names}
        matches = [e for e in entries if keys & {fold(e.term), *map(fold, e.variants)}]
        if term.split:
            for e in matches:
                e.variants = [v for v in e.variants if fold(v) not in keys]
                if fold(e.term) in keys and e.variants:
                    e.term, e.variants = e.variants[0], e.variants[1:]
                elif fold(e.term) in keys:
                    entries.remove(e)
            matches = []
        if matches:
            entry = matches[0]
            for other in matches[1:]:
                entry.variants += [other.term, *other.variants]
                entry.definition = entry.definition or other.definition
                entries.remove(other)
        else:
            entry = GlossaryEntry(term=term.term, definition=None, kind=term.kind)
            entries.append(entry)
        forms = [entry.term, *entry.variants, *term.aliases]
        entry.term = term.term
        entry.variants = sorted({f for f in forms if fold(f) != fold(term.term)}, key=fold)
        if term.kind != "term":
            entry.kind = term.kind
        if term.definition:
            entry.definition, entry.source = term.definition, "config.yaml"
        elif not entry.source:
            entry.source = "config.yaml"
    return entries


def _resolve_shared_forms(entries: list[GlossaryEntry], texts: Texts) -> None:
    """Where each entry is used. A form two entries share ('MSC' for two bodies) counts
    only in articles where the entry is named by another of its forms."""
    owners = Counter(fold(f) for e in entries for f in {e.term, *e.variants})
    for e in entries:
        forms = [f for f in {e.term, *e.variants}]
        own = [f for f in forms if owners[fold(f)] == 1]
        shared = [f for f in forms if owners[fold(f)] > 1]
        e.articles = texts.where(own or shared, _occurs)


def entry_forms(entry: GlossaryEntry, entries: list[GlossaryEntry]) -> list[str]:
    """The forms by which a mention of `entry` can be recognised in any article: a form
    another entry also uses is left out, since it cannot say which is meant."""
    others = Counter(fold(f) for e in entries for f in {e.term, *e.variants})
    return [f for f in {entry.term, *entry.variants} if others[fold(f)] == 1]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _letters(text)).strip("-") or "term"


def _unique_keys(entries: list[GlossaryEntry]) -> None:
    seen: dict[str, int] = defaultdict(int)
    for e in sorted(entries, key=lambda e: (e.key, fold(e.term))):
        seen[e.key] += 1
        if seen[e.key] > 1:
            e.key = f"{e.key}-{seen[e.key]}"


def editor_phrases(config) -> list[str]:
    """What the editor wrote about the chapters: titles, descriptions and keywords."""
    return [p for c in config.chapters for p in (c.title, c.description, *c.keywords)]
