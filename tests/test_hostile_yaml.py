"""Hostile YAML in config.yaml, sources.yaml and front matter: never executed, never
expanded without bound; every problem one line naming the file, the line and the key,
exit code 2, no traceback."""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from dossier.__main__ import main
from dossier.errors import ConfigError
from dossier.yamlsafe import MAX_YAML_VALUES, load_yaml_file, load_yaml_text

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"

# fixture -> the error lines expected ({path} is the config file), in order.
CASES = {
    "config_python_object_tag.yaml": [r"{path}:2: invalid YAML: could not determine a constructor for the tag "
                                      r"'tag:yaml.org,2002:python/object/apply:os.system'"],
    "config_billion_laughs.yaml": [r"{path}:\d+: YAML stands for more than 100000 values once its aliases are "
                                   r"expanded \(an alias bomb\?\)"],
    "config_recursive_alias.yaml": [r"{path}:2: YAML alias refers to itself \(a recursive structure\)"],
    "config_nested_too_deep.yaml": [r"{path}:2: YAML nested more than 64 levels deep"],
    "config_duplicate_keys.yaml": [r"{path}:6: keywords: duplicate key 'keywords'"],
    "config_not_a_mapping.yaml": [r"{path}:1: \(top level\): expected a mapping, got a list"],
    "config_unknown_keys.yaml": [r"{path}:2: chapter: unknown key \(did you mean 'chapters'\?\)",
                                 r"{path}:6: glossary.term: unknown key \(did you mean 'terms'\?\)"],
    "config_wrong_types.yaml": [r"{path}:1: title: expected text, got a list",
                                r"{path}:2: paper: must be one of A4, Letter; got 'A5'",
                                r"{path}:4: dedup.copy_threshold: expected a number, got text",
                                r"{path}:5: dedup.merge_copies: expected true or false, got text",
                                r"{path}:9: chapters\[0\].min_score: expected a number, got a list"],
    "config_css_in_margin.yaml": [r"{path}:2: margin: expected one to four CSS lengths .*"],
}


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_bad_config_is_one_line_per_problem_and_exit_2(fixture, tmp_path, capsys):
    (tmp_path / "seeds").mkdir()
    path = tmp_path / "config.yaml"
    shutil.copy(FIXTURES / fixture, path)
    start = time.perf_counter()
    assert main(["build", "--config", str(path), "--format", "html"]) == 2
    assert time.perf_counter() - start < 5
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line.removeprefix("dossier: error: ") for line in err.splitlines()]  # one line per problem
    expected = [p.replace("{path}", re.escape(str(path))) for p in CASES[fixture]]
    assert len(lines) == len(expected), err
    for line, pattern in zip(lines, expected):
        assert re.fullmatch(pattern, line), line
    assert not (tmp_path / "build").exists()
    assert not Path("/tmp/pwned").exists()


def test_alias_bomb_is_refused_quickly_at_every_size():
    for levels in range(3, 12):
        text = "l0: &l0 [a, a, a, a, a, a, a, a, a]\n" + "".join(
            f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, levels))
        start = time.perf_counter()
        if 9 ** levels < MAX_YAML_VALUES:
            assert load_yaml_text(text, "bomb.yaml")
        else:
            with pytest.raises(ConfigError, match="alias bomb"):
                load_yaml_text(text, "bomb.yaml")
        assert time.perf_counter() - start < 0.5


def test_shared_anchors_within_limits_still_load():
    data = load_yaml_text("base: &k [cable, leaked]\nchapters:\n  - keywords: *k\n  - keywords: *k\n", "ok.yaml")
    assert data["chapters"][1]["keywords"] == ["cable", "leaked"]


def test_hundred_megabyte_yaml_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "config.yaml"
    with open(path, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    monkeypatch.setattr("builtins.open", lambda *a, **k: pytest.fail("a 100 MB YAML file was opened"))
    with pytest.raises(ConfigError) as err:
        load_yaml_file(path)
    assert str(err.value) == f"{path}: YAML larger than 2 MB"


def test_config_that_is_not_utf8(tmp_path, capsys):
    (tmp_path / "seeds").mkdir()
    path = tmp_path / "config.yaml"
    path.write_bytes(b"title: Caf\xe9\n")
    assert main(["build", "--config", str(path)]) == 2
    assert capsys.readouterr().err == f"dossier: error: {path}: not UTF-8 text (byte 10)\n"


def test_hostile_sources_yaml_is_a_config_error(tmp_path, capsys):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "config.yaml").write_text("title: X\n", "utf-8")
    (tmp_path / "seeds" / "good.txt").write_text("Title\n\n" + "Some words of an article here. " * 10, "utf-8")
    shutil.copy(FIXTURES / "sources_python_tag.yaml", tmp_path / "seeds" / "sources.yaml")
    assert main(["build", "--config", str(tmp_path / "config.yaml"), "--format", "html"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"dossier: error: {tmp_path / 'seeds' / 'sources.yaml'}:2: invalid YAML")
    assert err.count("\n") == 1


@pytest.mark.parametrize("front_matter,problem", [
    ("title: !!python/object/new:os.system [x]", r"line 2: invalid YAML: .*python/object/new.*"),
    ("a: &a [*a]", r"line 2: YAML alias refers to itself.*"),
    ("title: A\ntitle: B", r"line 3: title: duplicate key 'title'"),
    ("- just\n- a list", r"line 2: front matter must be a mapping"),
    ("title: Talks resume: what next", r"line 2: invalid YAML: .*"),
])
def test_bad_front_matter_is_ignored_and_the_article_kept(tmp_path, front_matter, problem):
    from dossier.readers import read_all

    body = "The council met on Monday and agreed on the new rules for the exemptions, officials said.\n"
    (tmp_path / "post.md").write_text(f"---\n{front_matter}\n---\n{body}", "utf-8")
    (tmp_path / "other.md").write_text(f"---\ntitle: Fine\n---\n{body}", "utf-8")
    documents, skipped = read_all(tmp_path)
    assert skipped == []
    post, other = sorted(documents, key=lambda d: d.path, reverse=True)
    assert (post.path, post.front_matter, post.text.strip()) == ("post.md", {}, body.strip())
    assert other.front_matter == {"title": "Fine"} and other.warnings == []
    [warning] = post.warnings
    assert re.fullmatch(r"front matter ignored \(" + problem + r"\); the title, date and the rest "
                        r"are taken from the text", warning), warning
    assert "post.md" not in warning  # the build's warning names the file once, before this


def test_bad_front_matter_is_one_warning_line_and_fails_a_strict_build(tmp_path, capsys):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "config.yaml").write_text("title: X\n", "utf-8")
    body = "The council met on Monday and agreed on the new rules for the exemptions, officials said. " * 8
    (tmp_path / "seeds" / "post.md").write_text(f"---\ntitle: Talks resume: what next\n---\n{body}\n", "utf-8")
    config = str(tmp_path / "config.yaml")
    assert main(["build", "--config", config, "--format", "html"]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "front matter" in line]
    assert len(lines) == 1 and re.search(r"post\.md: front matter ignored \(line 2: invalid YAML", lines[0]), err
    assert "The council met on Monday" in (tmp_path / "build" / "dossier.html").read_text("utf-8")
    assert main(["build", "--config", config, "--format", "html", "--strict"]) != 0