"""Configurations that cannot work, or can only partly: exit code 0 with warnings when
a dossier can still be built, 2 for configuration errors, 1 for build errors; one
line per problem; no traceback unless --debug."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from dossier.__main__ import main

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"
ARTICLE = ("Ministers Agree Budget Timetable\n\n"
           "The ministers met in Brussels on Monday and agreed that the budget would be debated by the "
           "parliament before the summer recess, according to officials who attended the meeting.\n\n"
           "They said that the timetable left enough room for the committees to examine the spending plans "
           "in detail, and that a final vote was expected in the second week of July.\n")
CONFIG = ("title: Test\nchapters:\n  - id: budget\n    title: Budget\n    keywords: [budget, ministers]\n"
          "  - id: fisheries\n    title: Fisheries\n    keywords: [fish, quota]\n    min_score: 1\n")


def project(tmp_path: Path, config: str = CONFIG, articles: int = 1) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "config.yaml").write_text(config, "utf-8")
    for i in range(articles):
        (tmp_path / "seeds" / f"article-{i}.txt").write_text(ARTICLE, "utf-8")
    return tmp_path / "config.yaml"


def run(capsys, *args) -> tuple[int, list[str]]:
    code = main(list(args))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err.splitlines()


def test_missing_seeds_folder_is_exit_2(tmp_path, capsys):
    config = project(tmp_path)
    shutil.rmtree(tmp_path / "seeds")
    code, err = run(capsys, "build", "--config", str(config))
    assert code == 2 and err == [f"dossier: error: {config}: seeds: seeds folder not found: {tmp_path / 'seeds'}"]


def test_missing_seeds_folder_on_the_command_line_is_exit_2(tmp_path, capsys):
    config = project(tmp_path)
    code, err = run(capsys, "build", "--config", str(config), "--seeds", str(tmp_path / "nowhere"))
    assert code == 2 and len(err) == 1 and "seeds: seeds folder not found" in err[0]


def test_no_articles_at_all_is_exit_1(tmp_path, capsys):
    config = project(tmp_path, articles=0)
    (tmp_path / "seeds" / "empty.txt").write_text("")
    code, err = run(capsys, "build", "--config", str(config))
    assert code == 1
    assert err == [f"dossier: error: no articles to build from in {tmp_path / 'seeds'} (1 files skipped)"]
    assert not (tmp_path / "build" / "dossier.pdf").exists()


def test_every_article_a_duplicate_builds_one(tmp_path, capsys):
    config = project(tmp_path, articles=4)
    code, _ = run(capsys, "build", "--config", str(config), "--format", "html")
    assert code == 0
    report = json.loads((tmp_path / "build" / "report.json").read_text("utf-8"))
    statuses = sorted(a["status"] for a in report["articles"])
    assert statuses == ["kept", "merged", "merged", "merged"]
    kept = next(a["id"] for a in report["articles"] if a["status"] == "kept")
    assert all(a["merged_into"] == kept for a in report["articles"] if a["status"] == "merged")


def test_chapter_with_no_articles_is_a_warning(tmp_path, capsys):
    config = project(tmp_path)
    code, err = run(capsys, "build", "--config", str(config), "--format", "html")
    assert code == 0
    assert "warning: chapter 'Fisheries' has no articles and is left out" in err
    code, err = run(capsys, "build", "--config", str(config), "--format", "html", "--strict")
    assert code == 1 and len(err) == 1 and "chapter 'Fisheries' has no articles" in err[0]


def test_output_folder_that_cannot_be_created_is_exit_1(tmp_path, capsys):
    config = project(tmp_path)
    (tmp_path / "blocker").write_text("a file, not a folder")
    code, err = run(capsys, "build", "--config", str(config), "--out", str(tmp_path / "blocker" / "out"))
    assert code == 1 and len(err) == 1
    assert err[0].startswith(f"dossier: error: cannot create output folder {tmp_path / 'blocker' / 'out'}: ")


def test_output_folder_that_is_not_writable_is_exit_1(tmp_path, capsys, monkeypatch):
    config = project(tmp_path)
    (tmp_path / "build").mkdir()
    (tmp_path / "build").chmod(0o555)
    if os.access(tmp_path / "build", os.W_OK):  # running as root: refuse as the OS would for others
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda path, mode, *a, **kw: False if Path(path) == tmp_path / "build"
                            and mode & os.W_OK else real_access(path, mode, *a, **kw))
    try:
        code, err = run(capsys, "build", "--config", str(config))
    finally:
        (tmp_path / "build").chmod(0o755)
    assert code == 1 and err == [f"dossier: error: output folder is not writable: {tmp_path / 'build'}"]


def test_output_outside_the_project_from_the_config_is_refused(tmp_path, capsys):
    root = tmp_path / "downloaded" / "project"
    root.mkdir(parents=True)
    project(root)
    shutil.copy(FIXTURES / "config_output_outside.yaml", root / "config.yaml")
    code, err = run(capsys, "build", "--config", str(root / "config.yaml"), "--format", "html")
    assert code == 2 and len(err) == 1
    assert err[0].startswith(f"dossier: error: {root / 'config.yaml'}:2: output: output folder "
                             f"{tmp_path / 'elsewhere'} is outside the config's folder")
    assert not (tmp_path / "elsewhere").exists()


@pytest.mark.parametrize("output", ["/tmp/dossier-absolute-output", "build/../../x", "./.."])
def test_any_way_out_of_the_project_is_refused(tmp_path, capsys, output):
    config = project(tmp_path, CONFIG + f"output: {json.dumps(output)}\n")
    code, err = run(capsys, "build", "--config", str(config), "--format", "html")
    assert code == 2 and len(err) == 1 and ": output: output folder" in err[0]


def test_output_outside_the_project_is_allowed_from_the_command_line(tmp_path, capsys):
    root = tmp_path / "project"
    root.mkdir()
    config = project(root, CONFIG + "output: ../elsewhere\n")
    code, _ = run(capsys, "build", "--config", str(config), "--format", "html", "--out", str(tmp_path / "chosen"))
    assert code == 0 and (tmp_path / "chosen" / "dossier.html").is_file()


def test_output_inside_the_seeds_folder_is_refused(tmp_path, capsys):
    config = project(tmp_path, CONFIG + "output: seeds/out\n")
    code, err = run(capsys, "build", "--config", str(config), "--format", "html")
    assert code == 2 and len(err) == 1 and "inside the seeds folder" in err[0]
    (tmp_path / "b").mkdir()
    code, err = run(capsys, "build", "--config", str(project(tmp_path / "b")), "--out", str(tmp_path / "b" / "seeds"))
    assert code == 2 and "inside the seeds folder" in err[0]


def test_debug_shows_the_traceback(tmp_path, capsys):
    config = project(tmp_path)
    shutil.rmtree(tmp_path / "seeds")
    from dossier.errors import ConfigError

    with pytest.raises(ConfigError):
        main(["build", "--config", str(config), "--debug"])
