"""Links from the first mention of each glossary term in an article to its entry.

`first_mentions` decides, once per dossier, where each entry is first named in each
article (paragraphs printed as body text only, not crossheads); the `terms` filter
then renders a paragraph with the text escaped and only those links added. Each link
carries an id, so the glossary's "Used in" list can point at the mention itself: the
PDF prints its page (CSS target-counter), the EPUB jumps to it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import jinja2
from markupsafe import Markup, escape

from ..glossary import entry_forms
from ..model import Dossier, GlossaryEntry, is_subheading


def mention_id(entry_key: str, article_id: str) -> str:
    """A valid XML id for the first mention of an entry in an article."""
    return "m-" + re.sub(r"[^A-Za-z0-9_-]", "-", f"{entry_key}--{article_id}")


@dataclass
class Mentions:
    # (article id, paragraph index) -> [(start, end, entry)] in text order
    spans: dict[tuple[str, int], list[tuple[int, int, GlossaryEntry]]] = field(default_factory=dict)
    linked: set[tuple[str, str]] = field(default_factory=set)  # (entry key, article id)
    # entry key -> merged sources (not printed) whose text names the entry
    in_merged: dict[str, list] = field(default_factory=dict)

    def mention(self, entry_key: str, article_id: str) -> str | None:
        """The id of the linked first mention, or None if the article has none."""
        return mention_id(entry_key, article_id) if (entry_key, article_id) in self.linked else None


def _pattern(entries: list[GlossaryEntry]) -> tuple[re.Pattern | None, dict[str, GlossaryEntry]]:
    owner: dict[str, GlossaryEntry] = {}
    for e in entries:
        for form in entry_forms(e, entries):
            owner.setdefault(form, e)
    if not owner:
        return None, owner
    # Longest first, so 'UN Human Rights Council' wins over 'Human Rights Council'.
    alternatives = sorted(owner, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)"), owner


def first_mentions(dossier: Dossier) -> Mentions:
    result = Mentions()
    pattern, owner = _pattern(dossier.glossary)
    if pattern is None:
        return result
    for article in dossier.articles:
        seen: set[str] = set()
        last = len(article.paragraphs) - 1
        for i, paragraph in enumerate(article.paragraphs):
            if is_subheading(paragraph) and i != last:
                continue  # printed as a crosshead, where a link would be out of place
            spans = []
            for m in pattern.finditer(paragraph):
                entry = owner[m.group()]
                if entry.key not in seen and article.id in entry.articles:
                    seen.add(entry.key)
                    spans.append((m.start(), m.end(), entry))
                    result.linked.add((entry.key, article.id))
            if spans:
                result.spans[(article.id, i)] = spans
    for source in dossier.sources:
        if source.status != "merged":
            continue
        for m in pattern.finditer(source.article.text):
            users = result.in_merged.setdefault(owner[m.group()].key, [])
            if source not in users:
                users.append(source)
    return result


@jinja2.pass_context
def link_terms(ctx, text: str, article, index: int) -> Markup:
    """`{{ p | terms(a, loop.index0) }}`: the paragraph, escaped, with its first mentions
    of glossary terms linked to their entries."""
    mentions: Mentions = ctx["glossary_first"]
    spans = mentions.spans.get((article.id, index)) if isinstance(mentions, Mentions) else None
    if not spans:
        return escape(text)
    href = ctx["href"]
    out, pos = [], 0
    for start, end, entry in spans:
        out.append(escape(text[pos:start]))
        out.append(Markup('<a class="term" id="{}" href="{}">{}</a>').format(
            mention_id(entry.key, article.id), href(entry.anchor), text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)
