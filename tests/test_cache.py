"""The content-hash cache: reused when nothing changed, never trusted otherwise, and a
cached build says exactly what an uncached one says."""
from __future__ import annotations

import dataclasses
import pickle
import shutil

import pytest
import yaml

import dossier
from dossier import cache as cache_mod
from dossier import pipeline
from dossier.cache import Cache, open_cache
from dossier.report import article_records

from conftest import ROOT, SEEDS


@pytest.fixture()
def project(tmp_path):
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return tmp_path


def _prepare(config, folder):
    """prepare() with a cache in `folder` (None: no cache); the cache is returned to
    show what was reused."""
    cache = Cache(folder)
    return pipeline.prepare(config, cache=cache), cache


def _records(d):
    """Everything the report and the renderers see, as plain data."""
    return {"articles": article_records(d), "chapters": [(c.id, [a.id for a in c.articles]) for c in d.chapters],
            "glossary": [(g.term, g.definition, g.articles) for g in d.glossary],
            "notes": d.notes, "merged": d.dedup.merged,
            "placements": {k: dataclasses.asdict(v) for k, v in d.placements.items()}}


def _entries(folder, kind):
    return sorted((folder / kind).glob("*.pickle"))


def test_warm_cache_is_reused_and_gives_identical_results(project, tmp_path_factory):
    config = dossier.load_config(project / "config.yaml")
    folder = tmp_path_factory.mktemp("cache")
    uncached, _ = _prepare(config, None)
    cold, first = _prepare(config, folder)
    warm, second = _prepare(config, folder)
    assert first.hits == [] and set(first.misses) == {"ingest", "describe", "dedup", "glossary"}
    assert sorted(second.hits) == ["dedup", "describe", "glossary", "ingest"] and second.misses == []
    assert _records(uncached) == _records(cold) == _records(warm)


def test_config_only_change_reuses_article_work(project, tmp_path_factory):
    config = dossier.load_config(project / "config.yaml")
    folder = tmp_path_factory.mktemp("cache")
    _prepare(config, folder)
    renamed = dataclasses.replace(config, chapters=[dataclasses.replace(c, title=c.title + " (renamed)")
                                                    for c in reversed(config.chapters)])
    d, cache = _prepare(renamed, folder)
    assert sorted(cache.hits) == ["dedup", "describe", "glossary", "ingest"]
    assert [c.title for c in d.chapters][0].endswith("(renamed)")
    # A dedup setting is an input of the dedup entry: it is recomputed, the rest reused.
    stricter = dataclasses.replace(config, dedup=dataclasses.replace(config.dedup, copy_threshold=0.95))
    _, cache = _prepare(stricter, folder)
    assert sorted(cache.hits) == ["describe", "ingest"] and cache.misses == ["dedup", "glossary"]


def test_changed_article_file_is_recomputed(project, tmp_path_factory):
    config = dossier.load_config(project / "config.yaml")
    folder = tmp_path_factory.mktemp("cache")
    _prepare(config, folder)
    path = sorted((project / "seeds").glob("*.txt"))[0]
    text = path.read_text("utf-8")
    marker = "A sentence added by the editor to check that the cache notices the change to this file."
    path.write_text(text.rstrip() + "\n\n" + marker + "\n", "utf-8")
    d, cache = _prepare(config, folder)
    assert cache.hits == []
    article = next(s.article for s in d.sources if s.article.path == path.name)
    # Kept or dropped as text after the article's end: either way the new line was read.
    assert marker in article.text or any(marker in block.text for block in article.dropped)
    assert _records(d) == _records(_prepare(config, None)[0])


def test_sources_yaml_edit_takes_effect(project, tmp_path_factory):
    config = dossier.load_config(project / "config.yaml")
    folder = tmp_path_factory.mktemp("cache")
    _prepare(config, folder)
    sources = project / "seeds" / "sources.yaml"
    data = {k: dict(v or {}) for k, v in yaml.safe_load(sources.read_text("utf-8")).items()}
    name = sorted((project / "seeds").glob("*.txt"))[2].name
    data[name] = {**data.get(name, {}), "outlet": "Editor's Own Outlet"}
    sources.write_text(yaml.safe_dump(data), "utf-8")
    d, cache = _prepare(config, folder)
    assert cache.hits == ["ingest"]  # reading and cleaning reused; describing redone
    article = next(s.article for s in d.sources if s.article.path == name)
    assert article.outlet.value == "Editor's Own Outlet" and article.outlet.source == "sources.yaml"


@pytest.mark.parametrize("damage", ["truncate", "garbage", "foreign class", "other key"])
def test_corrupt_entry_is_ignored_and_rewritten(project, tmp_path_factory, damage):
    config = dossier.load_config(project / "config.yaml")
    folder = tmp_path_factory.mktemp("cache")
    reference, _ = _prepare(config, folder)
    for entry in [e for kind in ("ingest", "describe", "dedup", "glossary") for e in _entries(folder, kind)]:
        if damage == "truncate":
            entry.write_bytes(entry.read_bytes()[:100])
        elif damage == "garbage":
            entry.write_bytes(b"not a pickle at all")
        elif damage == "foreign class":  # a pickle that would run code when loaded
            entry.write_bytes(pickle.dumps((entry.stem, shutil.rmtree)))
        else:  # a valid entry stored under the wrong name
            key, value = pickle.loads(entry.read_bytes())
            entry.write_bytes(pickle.dumps(("0" * 64, value)))
    d, cache = _prepare(config, folder)
    assert cache.hits == [] and set(cache.misses) == {"ingest", "describe", "dedup", "glossary"}
    assert _records(d) == _records(reference)
    _, cache = _prepare(config, folder)  # rewritten: good again
    assert sorted(cache.hits) == ["dedup", "describe", "glossary", "ingest"]


def test_entry_from_another_version_is_ignored(project, tmp_path_factory, monkeypatch):
    config = dossier.load_config(project / "config.yaml")
    folder = tmp_path_factory.mktemp("cache")
    _prepare(config, folder)
    monkeypatch.setattr(cache_mod, "code_fingerprint", lambda: "another dossier version")
    _, cache = _prepare(config, folder)
    assert cache.hits == []


def test_keep_boilerplate_is_part_of_the_key(project, tmp_path_factory):
    config = dossier.load_config(project / "config.yaml")
    folder = tmp_path_factory.mktemp("cache")
    cleaned, _ = _prepare(config, folder)
    kept_config = dataclasses.replace(config, clean=dataclasses.replace(config.clean, keep_boilerplate=True))
    kept, cache = _prepare(kept_config, folder)
    assert cache.hits == []
    words = lambda d: sum(s.article.word_count for s in d.sources)
    assert words(kept) > words(cleaned)


def test_build_writes_cache_in_output_folder_and_no_cache_writes_none(project, tmp_path_factory):
    config = dossier.load_config(project / "config.yaml")
    out = tmp_path_factory.mktemp("out")
    # html only: the cache is the same for every format, and layout is the slow part
    dossier.build(config, formats=("html",), out_dir=out, use_cache=False)
    assert not (out / ".cache").exists()
    dossier.build(config, formats=("html",), out_dir=out)
    assert _entries(out / ".cache", "ingest")
    assert open_cache(out, enabled=False).folder is None


def test_unwritable_cache_only_costs_time(project, tmp_path_factory):
    config = dossier.load_config(project / "config.yaml")
    blocker = tmp_path_factory.mktemp("c") / "file"
    blocker.write_text("a file where the cache folder should be")
    d, cache = _prepare(config, blocker)
    assert _records(d) == _records(_prepare(config, None)[0])
