"""Glossary: acronyms defined in the text, plus the editor's terms from config.yaml.

Acronyms are found with the Schwartz–Hearst algorithm (Schwartz & Hearst, "A simple
algorithm for identifying abbreviation definitions in biomedical text", PSB 2003):
a short form in parentheses is matched, character by character from the end, against
the words before it, and the shortest long form that contains all its letters in order
(the first letter starting a word) is its expansion.
"""
from __future__ import annotations

import re
from collections import defaultdict

from .config import GlossaryConfig
from .model import Article, GlossaryEntry
from .textsim import fold, sentences

_PAREN = re.compile(r"\(([^()]{1,80})\)")


def _valid_short_form(sf: str) -> bool:
    sf = sf.strip()
    if not 2 <= len(sf) <= 10 or len(sf.split()) > 2:
        return False
    if not sf[0].isalnum() or not any(c.isupper() for c in sf):
        return False
    return any(c.isalpha() for c in sf) and not re.fullmatch(r"[IVXLC]+", sf)


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


def find_acronyms(text: str) -> list[tuple[str, str, str]]:
    """(short form, long form, sentence) for every 'long form (SF)' or 'SF (long form)'."""
    found = []
    for sentence in sentences(text):
        for m in _PAREN.finditer(sentence):
            inner = m.group(1).strip()
            before = sentence[:m.start()].rstrip()
            if _valid_short_form(inner):
                words = before.split()
                n = min(len(inner) + 5, len(inner) * 2)
                candidate = " ".join(words[-n:])
                long = best_long_form(inner, candidate)
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


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "term"


def build_glossary(articles: list[Article], config: GlossaryConfig) -> list[GlossaryEntry]:
    excluded = {fold(t) for t in config.exclude}
    entries: dict[str, GlossaryEntry] = {}  # keyed by folded short form or term

    for article in articles:
        for short, long, sentence in find_acronyms(article.text):
            key = fold(short)
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = GlossaryEntry(term=long, definition=None, kind="acronym",
                                                     variants=[short], source=sentence)
            elif fold(long) != fold(entry.term) and long not in entry.variants:
                entry.variants.append(long)

    for term in config.terms:
        key = fold(term.term)
        match = entries.get(key) or next(
            (e for e in entries.values() if key == fold(e.term) or key in map(fold, e.variants)
             or any(fold(a) in (fold(e.term), *map(fold, e.variants)) for a in term.aliases)), None)
        if match is None:
            match = entries[key] = GlossaryEntry(term=term.term, definition=None, kind=term.kind)
        match.term = term.term
        if term.kind != "term":
            match.kind = term.kind
        if term.definition:
            match.definition, match.source = term.definition, "config.yaml"
        for alias in term.aliases:
            if alias not in match.variants and fold(alias) != fold(match.term):
                match.variants.append(alias)

    result = []
    for entry in entries.values():
        if fold(entry.term) in excluded or any(fold(v) in excluded for v in entry.variants):
            continue
        forms = [entry.term, *entry.variants]
        patterns = [re.compile(r"(?<!\w)" + re.escape(f) + r"(?!\w)") for f in forms]
        entry.articles = [a.id for a in articles if any(p.search(a.text) for p in patterns)]
        if len(entry.articles) < config.min_articles and entry.source != "config.yaml":
            continue
        entry.key = _slug(entry.term)
        result.append(entry)
    _unique_keys(result)
    result.sort(key=lambda e: fold(e.term))
    return result


def _unique_keys(entries: list[GlossaryEntry]) -> None:
    seen: dict[str, int] = defaultdict(int)
    for e in entries:
        seen[e.key] += 1
        if seen[e.key] > 1:
            e.key = f"{e.key}-{seen[e.key]}"
