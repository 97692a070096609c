"""config.yaml validation: every problem one line naming file, line and key."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from dossier import load_config
from dossier.__main__ import main
from dossier.config import describe_options
from dossier.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def write(tmp_path, text):
    (tmp_path / "seeds").mkdir(exist_ok=True)
    path = tmp_path / "config.yaml"
    path.write_text(text, "utf-8")
    return path


def test_project_config_loads():
    config = load_config(ROOT / "config.yaml")
    assert [c.id for c in config.chapters] == ["leaked-cables", "un-mechanisms", "defector-testimony"]
    assert config.chapters[0].keywords["cable"] == 2


def test_unknown_key_names_line_and_suggests(tmp_path):
    path = write(tmp_path, "title: X\nchapters:\n  - id: a\n    title: A\n    keywrds: [x]\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert f"{path}:5: chapters[0].keywrds: unknown key (did you mean 'keywords'?)" == message


def test_wrong_type_and_all_errors_collected(tmp_path):
    path = write(tmp_path, "title: [1, 2]\npaper: A5\nchapters: {}\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    lines = str(err.value).splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{path}:1: title: expected text")
    assert "paper: must be one of A4, Letter" in lines[1]
    assert "chapters: expected a list" in lines[2]


def test_duplicate_chapter_id(tmp_path):
    path = write(tmp_path, "chapters:\n  - {id: a, title: A}\n  - {id: a, title: B}\n")
    with pytest.raises(ConfigError, match=r"config.yaml:3: chapters\[1\].id: duplicate chapter id 'a'"):
        load_config(path)


def test_duplicate_yaml_key(tmp_path):
    path = write(tmp_path, "title: A\ntitle: B\n")
    with pytest.raises(ConfigError, match=r"config.yaml:2: title: duplicate key"):
        load_config(path)


def test_python_tags_are_refused(tmp_path):
    path = write(tmp_path, "title: !!python/object/apply:os.system ['echo hi']\n")
    with pytest.raises(ConfigError, match=r"config.yaml:1: invalid YAML"):
        load_config(path)


def test_missing_seeds_folder(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("seeds: nowhere\n", "utf-8")
    with pytest.raises(ConfigError, match="seeds folder not found"):
        load_config(path)


def test_cli_config_error_exit_code_2(tmp_path, capsys):
    path = write(tmp_path, "titel: X\n")
    assert main(["build", "--config", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"dossier: error: {path}:1: titel: unknown key (did you mean 'title'?)"]


def test_readme_documents_every_option():
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("<!-- config-reference: start -->")[1].split("<!-- config-reference: end -->")[0]
    documented = set(re.findall(r"^\| `([^`]+)` \|", section, re.M))
    assert documented == {key for key, *_ in describe_options()}
