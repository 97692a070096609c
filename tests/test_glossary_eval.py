"""The quality gate for the glossary: the labelled topics in tests/eval/topics/.

For each topic the whole pipeline up to rendering runs on its articles and config, and
the glossary is scored against `expected.yaml` (see tests/eval/glossary_eval.py for the
definitions). Run with `-s` to see the numbers.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

import dossier

sys.path.insert(0, str(Path(__file__).resolve().parent / "eval"))
from glossary_eval import TOPICS, load_expected, score  # noqa: E402

MIN_PRECISION = 0.9
MIN_RECALL = 0.8
MIN_GROUPING = 0.8  # share of expected entries whose variants all land in one entry


@pytest.fixture(scope="module", params=sorted(p.name for p in TOPICS.iterdir() if (p / "expected.yaml").is_file()))
def scored(request):
    topic = request.param
    prepared = dossier.prepare(dossier.load_config(TOPICS / topic / "config.yaml"))
    result = score(prepared.glossary, load_expected(topic))
    print("\n" + result.summary(topic))
    for label, items in (("not expected", result.unmatched_produced), ("missed", result.missed),
                         ("variants split", result.split)):
        if items:
            print(f"  {label}: {', '.join(items)}")
    return topic, result


def test_precision(scored):
    topic, result = scored
    assert result.precision >= MIN_PRECISION, (topic, result.unmatched_produced)


def test_recall(scored):
    topic, result = scored
    assert result.recall >= MIN_RECALL, (topic, result.missed)


def test_variants_grouped(scored):
    topic, result = scored
    assert result.grouping >= MIN_GROUPING, (topic, result.split)


def test_no_false_merge_of_distinct_names(scored):
    topic, result = scored
    assert result.false_merges == [], topic


def test_scoring_counts_a_false_merge_and_a_miss():
    """The scorer itself: a merged pair and a missing entry are seen."""
    from dossier.model import GlossaryEntry

    expected = {"entries": [{"term": "Anders Holm", "kind": "person", "variants": []},
                            {"term": "Anders Holmberg", "kind": "person", "variants": []},
                            {"term": "Arctic Council", "kind": "organisation", "variants": []}],
                "distinct": [["Anders Holm", "Anders Holmberg"]]}
    produced = [GlossaryEntry("Anders Holm", None, "person", variants=["Anders Holmberg"]),
                GlossaryEntry("Seoul", None, "term")]
    result = score(produced, expected)
    assert result.false_merges == [("Anders Holm", "Anders Holmberg")]
    assert result.missed == ["Arctic Council"]
    assert result.precision == 0.5
    assert result.recall == pytest.approx(2 / 3)
