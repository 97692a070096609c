"""Accuracy gate for chapter assignment on labelled corpora (tests/eval/topics/).

Each topic folder holds a config.yaml, its seeds/ and expected.yaml, whose `chapters`
maps every article id to the chapter a careful editor chose for it ("other": fits no
chapter). The pipeline runs up to assignment (dossier.prepare) and the share of
articles placed as expected must reach GATE overall.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import dossier
from dossier.yamlsafe import load_yaml_file

EVAL = Path(__file__).resolve().parent / "eval" / "topics"
TOPICS = sorted(p for p in EVAL.iterdir() if (p / "config.yaml").is_file() and (p / "expected.yaml").is_file())
GATE = 0.85
UNPLACED = "other"  # the label for "fits no chapter" in expected.yaml


def placed_chapters(topic: Path) -> dict[str, str]:
    """article id -> chapter id it ends up in, or "other"; merged articles follow their original."""
    config = dossier.load_config(topic / "config.yaml")
    prepared = dossier.prepare(config)
    configured = {c.id for c in config.chapters}
    chapter_of = {}
    for chapter in prepared.chapters:
        for a in chapter.articles:
            chapter_of[a.id] = chapter.id if chapter.id in configured else UNPLACED
    for merged, kept in prepared.dedup.merged.items():
        chapter_of[merged] = chapter_of.get(kept, UNPLACED)
    return chapter_of


@pytest.fixture(scope="module")
def results() -> dict[str, tuple[int, int, list[str]]]:
    """topic -> (right, total, lines describing each miss)."""
    out = {}
    for topic in TOPICS:
        expected = load_yaml_file(topic / "expected.yaml")["chapters"]
        got = placed_chapters(topic)
        misses = [f"{aid}: expected {want}, got {got.get(aid, UNPLACED)}"
                  for aid, want in expected.items() if got.get(aid, UNPLACED) != want]
        out[topic.name] = (len(expected) - len(misses), len(expected), misses)
    return out


def test_eval_set_is_large_and_varied():
    assert len(TOPICS) >= 2
    sizes = [len(load_yaml_file(t / "expected.yaml")["chapters"]) for t in TOPICS]
    assert sum(sizes) >= 30
    for topic in TOPICS:
        expected = load_yaml_file(topic / "expected.yaml")["chapters"]
        ids = {p.stem for p in (topic / "seeds").iterdir() if p.suffix in (".txt", ".md", ".html")}
        assert set(expected) == ids, topic.name
        chapters = {c.id for c in dossier.load_config(topic / "config.yaml").chapters} | {UNPLACED}
        assert set(expected.values()) <= chapters, topic.name


def test_chapter_accuracy_gate(results, capsys):
    right = sum(r for r, _, _ in results.values())
    total = sum(n for _, n, _ in results.values())
    lines = [f"{name}: {r}/{n} = {r / n:.3f}" + "".join(f"\n    miss {m}" for m in misses)
             for name, (r, n, misses) in results.items()]
    lines.append(f"overall: {right}/{total} = {right / total:.3f} (gate {GATE})")
    with capsys.disabled():
        print("\nchapter assignment accuracy\n  " + "\n  ".join(lines))
    assert right / total >= GATE, "\n".join(lines)
    for name, (r, n, _) in results.items():
        assert r / n >= GATE - 0.1, f"{name} collapsed: " + "\n".join(lines)
