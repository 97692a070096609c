"""Mistakes an editor makes are reported, not silently ignored (and --strict fails on them)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

import dossier
from dossier.__main__ import main
from dossier.config import config_from_data
from dossier.errors import BuildError, ConfigError
from dossier.scaffold import config_template

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def project(tmp_path):
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path


def warnings_for(root: Path) -> list[str]:
    from dossier.metadata import load_sources
    from dossier.pipeline import prepare, warnings_of

    config = dossier.load_config(root / "config.yaml")
    return warnings_of(prepare(config), config, load_sources(config.seeds_dir))


def test_every_commented_section_of_the_init_template_is_valid_once_uncommented():
    text = "\n".join(re.sub(r"^# ?", "", line) if line.startswith(("# glossary", "# dedup", "# clean", "#   ", "#     "))
                     else line for line in config_template().splitlines())
    data = yaml.safe_load(text)
    assert {"glossary", "dedup", "clean"} <= set(data)
    data["glossary"]["terms"][0]["term"] = "Example"
    config = config_from_data(data)
    assert config.glossary.terms[0].term == "Example"


def test_margin_must_be_a_css_length(project):
    path = project / "config.yaml"
    path.write_text(path.read_text() + "\nmargin: banana\n")
    with pytest.raises(ConfigError, match=r"margin: expected one to four CSS lengths"):
        dossier.load_config(path)


def test_missing_seeds_on_the_command_line_is_a_config_error(project, capsys):
    assert main(["plan", "--config", str(project / "config.yaml"), "--seeds", str(project / "nowhere")]) == 2
    assert "--seeds: seeds folder not found" in capsys.readouterr().err


def test_unknown_front_matter_chapter_short_article_and_stray_sources_entry_warn(project):
    (project / "seeds" / "zz_note.md").write_text(
        "---\ntitle: A short note\nchapter: leaked-cabels\n---\n\nThe ministry released more cables on Tuesday, "
        "officials said, without giving further details about their content.\n")
    with open(project / "seeds" / "sources.yaml", "a") as handle:
        handle.write("no_such_file.txt:\n  outlet: Nobody\n")
    warnings = warnings_for(project)
    assert any("zz_note.md: front matter names chapter 'leaked-cabels'" in w
               and w.endswith("did you mean 'leaked-cables'?") for w in warnings)
    assert any(w.startswith("zz_note.md: only ") and "words of article text" in w for w in warnings)
    assert "sources.yaml: entry 'no_such_file.txt' matches no file in the seeds folder" in warnings


def test_article_in_other_reports_is_a_warning_and_strict_fails(project):
    (project / "seeds" / "zz_marathon.txt").write_text(
        "Kenyan runner wins Berlin Marathon in record time\n\n" + " ".join(
            ["The race started in cool weather and the leading group stayed together until the thirtieth "
             "kilometre, when the eventual winner pulled away from the pack near the zoo."] * 4) + "\n")
    warnings = warnings_for(project)
    assert any(w.startswith("zz_marathon: fits no chapter; placed in 'Other reports'") for w in warnings)
    config = dossier.load_config(project / "config.yaml")
    with pytest.raises(BuildError, match="--strict"):
        dossier.build(config, formats=("html",), strict=True)


def test_pins_may_name_the_file_with_its_extension(project):
    path = project / "config.yaml"
    text = path.read_text().replace("  - id: un-mechanisms\n",
                                    "    articles: [004_f8a3ee1dc5d3cfe1.txt]\n\n  - id: un-mechanisms\n", 1)
    path.write_text(text)
    prepared = dossier.prepare(dossier.load_config(path))
    chapter = next(c for c in prepared.chapters if c.id == "leaked-cables")
    assert chapter.articles[0].id == "004_f8a3ee1dc5d3cfe1"


def test_a_config_without_chapters_says_so(project):
    (project / "config.yaml").write_text("title: Nothing arranged\n")
    warnings = warnings_for(project)
    assert any("defines no chapters: every article is in 'Other reports'" in w for w in warnings)


def test_a_pin_that_names_no_article_gives_the_line_of_the_pins(project):
    path = project / "config.yaml"
    lines = path.read_text().splitlines()
    second = [i for i, line in enumerate(lines) if line.lstrip().startswith("- id:")][1]
    lines.insert(second + 1, "    articles: [no_such_article]")
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ConfigError) as caught:
        dossier.plan(dossier.load_config(path))
    assert f"config.yaml:{second + 2}: chapters[1].articles: pinned article 'no_such_article'" in str(caught.value)


@pytest.mark.parametrize("text, line, words", [
    ('title: "never closed\nsubtitle: x\nmarking: y\n', 1, "a quote or bracket opened here is never closed"),
    ("chapters:\n\t- id: x\n", 2, "tabs cannot indent YAML"),
    ("title: Leaks: the cables\n", 1, "a value contains ': ' (put it in quotes)"),
])
def test_broken_yaml_is_explained_in_plain_words_at_the_line_to_fix(project, text, line, words):
    path = project / "config.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        dossier.load_config(path)
    message = str(caught.value)
    assert f"config.yaml:{line}: invalid YAML: {words}" in message and "(YAML: " in message
