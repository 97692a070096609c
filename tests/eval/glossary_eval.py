"""Scoring of a produced glossary against the labelled entries of an eval topic.

An expected entry is found when one produced entry's term or variants cover the
expected term (compared folded, so 'Turk' and 'Türk' meet). Precision is the share of
produced entries that correspond to some expected entry (term or listed variant);
recall the share of expected entries found; an expected entry is grouped correctly when
its term and all its variants land in one produced entry. A false merge is a `distinct`
pair whose two names are forms of one produced entry.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dossier.yamlsafe import load_yaml_file
from dossier.model import GlossaryEntry
from dossier.textsim import fold

TOPICS = Path(__file__).resolve().parent / "topics"


@dataclass
class Score:
    precision: float
    recall: float
    grouping: float
    produced: int
    expected: int
    unmatched_produced: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    split: list[str] = field(default_factory=list)
    false_merges: list[tuple[str, str]] = field(default_factory=list)

    def summary(self, name: str) -> str:
        return (f"{name}: precision {self.precision:.3f} recall {self.recall:.3f} grouping {self.grouping:.3f} "
                f"({self.produced} produced, {self.expected} expected, {len(self.false_merges)} false merges)")


def forms(entry: GlossaryEntry) -> set[str]:
    return {fold(entry.term), *(fold(v) for v in entry.variants)}


def load_expected(topic: str) -> dict:
    path = TOPICS / topic / "expected.yaml"
    return load_yaml_file(path)["glossary"]


def score(entries: list[GlossaryEntry], expected: dict) -> Score:
    gold = expected["entries"]
    produced_forms = [forms(e) for e in entries]
    gold_forms = [{fold(g["term"]), *(fold(v) for v in g.get("variants") or [])} for g in gold]
    gold_terms = [fold(g["term"]) for g in gold]

    found = [any(t in f for f in produced_forms) for t in gold_terms]
    # A produced entry corresponds to an expected one when it holds that entry's term or
    # one of its non-acronym variants (an acronym shared by two
    # expected entries, e.g. two 'MSC', does not count on its own).
    acronym_list = [fold(g["acronym"]) for g in gold if g.get("acronym")]
    acronyms = {a for a in acronym_list if acronym_list.count(a) > 1}  # shared by two entries
    def corresponds(f: set[str]) -> bool:
        return any((f & (gf - acronyms)) for gf in gold_forms)
    matched = [corresponds(f) for f in produced_forms]
    grouped = [any(gf - acronyms <= f for f in produced_forms) for gf in gold_forms]
    false_merges = [(a, b) for a, b in expected.get("distinct") or []
                    if any(fold(a) in f and fold(b) in f for f in produced_forms)]
    return Score(
        precision=sum(matched) / len(entries) if entries else 0.0,
        recall=sum(found) / len(gold),
        grouping=sum(grouped) / len(gold),
        produced=len(entries), expected=len(gold),
        unmatched_produced=[e.term for e, m in zip(entries, matched) if not m],
        missed=[g["term"] for g, f in zip(gold, found) if not f],
        split=[g["term"] for g, ok, f in zip(gold, grouped, found) if f and not ok],
        false_merges=false_merges)
