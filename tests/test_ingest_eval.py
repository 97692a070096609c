"""The eval gate for ingestion: read → clean → describe on the labelled cases in
tests/eval/ingest/ (see its README for the labelling rules), scored by line/block.

Floors: content kept ≥ 0.99, boilerplate removed ≥ 0.90, title/date/author accuracy
≥ 0.90 where the truth has a value, and not one invented value."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parent / "eval" / "ingest"
sys.path.insert(0, str(EVAL))

import evaluate  # noqa: E402  (tests/eval/ingest/evaluate.py)

FLOORS = {"content kept": 0.99, "boilerplate removed": 0.90, "title": 0.90, "date": 0.90, "author": 0.90}


@pytest.fixture(scope="module")
def totals():
    return evaluate.evaluate(EVAL / "truth.yaml")


def test_every_case_is_read(totals):
    assert totals.skipped == []
    assert len(totals.cases) == 31


def test_ingestion_meets_the_floors(totals):
    print("\n" + evaluate.report(totals, verbose=False))
    scores = {"content kept": totals.content_kept, "boilerplate removed": totals.boilerplate_removed,
              **{f: totals.accuracy[f] for f in ("title", "date", "author")}}
    below = {k: round(v, 3) for k, v in scores.items() if v < FLOORS[k]}
    assert not below, f"below the floor: {below}\n{evaluate.report(totals)}"


def test_no_value_is_invented(totals):
    assert totals.invented == [], totals.invented


def test_scoring_counts_losses_and_leaks():
    """The scorer itself: a lost content line and a kept boilerplate line both count."""
    class Field:
        def __init__(self, value=None):
            self.value = value

        @property
        def known(self):
            return self.value is not None

    class Article:
        paragraphs = ["First paragraph of the story.", "Share this article"]
        title, date, author = Field("T"), Field(None), Field("A; B")
        outlet, url, language = Field(None), Field(None), Field("en")

    truth = {"title": "T", "date": None, "author": "B; A", "outlet": "O", "url": None, "language": "en",
             "content": ["First paragraph of the story.", "Second paragraph."],
             "boilerplate": ["Share this article", "Menu"]}
    score = evaluate.score_case("x", truth, Article())
    assert (score.content_kept, score.content_total) == (1, 2)
    assert (score.boiler_removed, score.boiler_total) == (1, 2)
    assert evaluate.field_matches("author", *score.fields["author"])
    assert not evaluate.field_matches("outlet", *score.fields["outlet"])
