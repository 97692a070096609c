"""Score ingestion (read → clean → describe) against the labelled cases in this folder.

Usable on its own (`python tests/eval/ingest/evaluate.py [truth.yaml]`, prints the
table) and from tests/test_ingest_eval.py, which holds the floors.

Scoring, per unit of truth (a line of a txt/md file, a visible block of an html page):
  * content kept: a content unit counts as kept when its text (whitespace normalised)
    occurs in one of the output paragraphs;
  * boilerplate removed: a boilerplate unit counts as removed unless an output paragraph
    still holds it — equal to the paragraph, or (for units of 4+ words) inside it. Units
    listed twice need two surviving copies to count twice;
  * metadata, per field where the truth has a value: title/outlet/url/language compared
    after whitespace normalisation, date as ISO, author as the set of names;
  * invented: a value output where the truth is null.
"""
from __future__ import annotations

import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
FIELDS = ("title", "date", "author", "outlet", "url", "language")


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


@dataclass
class CaseScore:
    name: str
    content_total: int = 0
    content_kept: int = 0
    boiler_total: int = 0
    boiler_removed: int = 0
    lost: list[str] = field(default_factory=list)  # content units missing from the output
    leaked: list[str] = field(default_factory=list)  # boilerplate units left in the output
    fields: dict[str, tuple[object, object]] = field(default_factory=dict)  # name -> (got, want)


def _field_value(article, name: str):
    f = getattr(article, name)
    if not f.known:
        return None
    value = f.value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def field_matches(name: str, got, want) -> bool:
    if got is None or want is None:
        return got is None and want is None
    if name == "author":
        return {norm(a) for a in str(got).split(";")} == {norm(a) for a in str(want).split(";")}
    return norm(got) == norm(want)


def ingest(cases_dir: Path):
    """The same stages as a build: read every file, clean as a corpus, describe."""
    from dossier import clean, metadata, readers

    documents, skipped = readers.read_all(cases_dir)
    cleaned = clean.clean_all(documents)
    articles = metadata.describe_all(cleaned, {})
    return {Path(a.path).name: a for a in articles}, skipped


def score_case(name: str, truth: dict, article) -> CaseScore:
    score = CaseScore(name)
    paragraphs = [norm(p) for p in (article.paragraphs if article else [])]
    for unit in truth.get("content") or []:
        score.content_total += 1
        if any(norm(unit) in p for p in paragraphs):
            score.content_kept += 1
        else:
            score.lost.append(unit)
    remaining = Counter(paragraphs)
    for unit in truth.get("boilerplate") or []:
        score.boiler_total += 1
        u = norm(unit)
        hit = u if remaining[u] > 0 else None
        if hit is None and len(u.split()) >= 4:
            hit = next((p for p in remaining if remaining[p] > 0 and u in p), None)
        if hit is None:
            score.boiler_removed += 1
        else:
            remaining[hit] -= 1
            score.leaked.append(unit)
    for f in FIELDS:
        got = _field_value(article, f) if article else None
        score.fields[f] = (got, truth.get(f))
    return score


@dataclass
class Totals:
    content_kept: float
    boilerplate_removed: float
    accuracy: dict[str, float]  # field -> share right where truth has a value
    invented: list[str]  # "case: field=value"
    cases: list[CaseScore]
    skipped: list[str]


def evaluate(truth_path: Path = HERE / "truth.yaml") -> Totals:
    truth = yaml.safe_load(truth_path.read_text("utf-8"))["cases"]
    articles, skipped = ingest(truth_path.parent / "cases")
    scores = [score_case(name, t, articles.get(name)) for name, t in truth.items()]
    content = sum(s.content_kept for s in scores) / max(1, sum(s.content_total for s in scores))
    boiler = sum(s.boiler_removed for s in scores) / max(1, sum(s.boiler_total for s in scores))
    accuracy, invented = {}, []
    for f in FIELDS:
        with_value = [s for s in scores if s.fields[f][1] is not None]
        right = sum(1 for s in with_value if field_matches(f, *s.fields[f]))
        accuracy[f] = right / len(with_value) if with_value else 1.0
        invented += [f"{s.name}: {f}={s.fields[f][0]!r}" for s in scores
                     if s.fields[f][1] is None and s.fields[f][0] is not None]
    return Totals(content, boiler, accuracy, invented, scores, [f"{s.path}: {s.reason}" for s in skipped])


def report(t: Totals, verbose: bool = True) -> str:
    lines = [f"content kept        {t.content_kept:.3f}",
             f"boilerplate removed {t.boilerplate_removed:.3f}"]
    lines += [f"{f:<19} {t.accuracy[f]:.3f}" for f in FIELDS]
    lines.append(f"invented values     {len(t.invented)}")
    if verbose:
        lines += [f"  invented: {i}" for i in t.invented]
        lines += [f"  skipped: {s}" for s in t.skipped]
        for s in t.cases:
            lines += [f"  {s.name}: lost content: {u[:90]!r}" for u in s.lost]
            lines += [f"  {s.name}: boilerplate kept: {u[:90]!r}" for u in s.leaked]
            lines += [f"  {s.name}: {f} = {got!r}, truth {want!r}" for f, (got, want) in s.fields.items()
                      if want is not None and not field_matches(f, got, want)]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parents[2]))
    print(report(evaluate(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "truth.yaml")))
