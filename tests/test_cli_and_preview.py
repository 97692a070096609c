"""The editor's loop: init, the CLI's manners, and the live preview in a real browser."""
from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dossier import load_config
from dossier.__main__ import main
from dossier.scaffold import init_project

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_init_creates_a_valid_project_and_never_overwrites(tmp_path, capsys):
    assert main(["init", str(tmp_path / "new")]) == 0
    config = load_config(tmp_path / "new" / "config.yaml")
    assert config.chapters[0].id == "first-topic"
    assert (tmp_path / "new" / "seeds" / "sources.yaml").is_file()
    assert (tmp_path / "new" / "styles" / "print.css").read_text().startswith("/*")
    before = (tmp_path / "new" / "config.yaml").read_text()
    assert main(["init", str(tmp_path / "new")]) == 1
    assert "refusing to overwrite" in capsys.readouterr().err
    assert (tmp_path / "new" / "config.yaml").read_text() == before


def test_init_template_explains_every_top_level_key(tmp_path):
    from dossier.config import describe_options

    text = init_project(tmp_path)[0].read_text()
    for key, _type, _default, doc in describe_options():
        if "." not in key and "[" not in key:
            assert doc.splitlines()[0][:40] in text.replace("\n# ", " "), key


@pytest.mark.parametrize("command", ["build", "plan", "init", "serve"])
def test_every_command_has_help_with_examples(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and f"dossier {command}" in out and "exit codes:" in out


def test_version_and_plain_output_when_not_a_terminal(tmp_path):
    version = subprocess.run([sys.executable, "-m", "dossier", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("dossier ")
    run = subprocess.run([sys.executable, "-m", "dossier", "build", "--config", str(ROOT / "config.yaml"),
                          "--format", "html", "--out", str(tmp_path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "\x1b[" not in run.stdout + run.stderr  # no colours, no progress bar in a pipe
    assert "articles read 5" in run.stdout and "done in" in run.stdout


@pytest.fixture()
def preview(tmp_path):
    from dossier.serve import make_server

    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    server, state, stop = make_server(tmp_path / "config.yaml", port=0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", tmp_path / "config.yaml", state
    stop.set()
    server.shutdown()
    server.server_close()


@pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed (make test installs it)")
def test_live_preview_in_a_real_browser(preview):
    from playwright.sync_api import sync_playwright

    url, config_path, state = preview
    assert url.startswith("http://127.0.0.1:")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page()
        page.goto(url)
        headings = page.locator("h1.chapter-title").all_inner_texts()
        assert headings == ["Leaked cables", "UN mechanisms"]
        articles = page.locator("h2.article-title").all_inner_texts()
        assert len(articles) == 4 and any(t.startswith("Leaked Documents Expose") for t in articles)
        # The plan is there on demand.
        assert page.locator("details#plan summary").is_visible()
        assert not page.locator("details#plan ol").first.is_visible()
        page.locator("details#plan summary").click()
        assert page.locator("details#plan ol").first.is_visible()

        # An editor renames a chapter: the open page follows within a few seconds.
        config_path.write_text(config_path.read_text().replace('"Leaked cables"', '"Cables from Pyongyang"'))
        page.wait_for_function(
            "() => [...document.querySelectorAll('h1.chapter-title')].some(h => h.textContent === 'Cables from Pyongyang')",
            timeout=15000)

        # A broken config shows the error in the page; the server keeps serving.
        good = config_path.read_text()
        config_path.write_text(good + "\nbogus_key: 1\n")
        page.wait_for_selector(".build-error", timeout=15000)
        assert "bogus_key: unknown key" in page.locator(".build-error").inner_text()
        assert page.locator("h1.chapter-title").first.inner_text() == "Cables from Pyongyang"
        config_path.write_text(good)
        page.wait_for_selector(".build-error", state="detached", timeout=15000)
        browser.close()


def test_preview_serves_loopback_only(preview):
    import urllib.request

    url, _config, state = preview
    body = urllib.request.urlopen(url, timeout=5).read().decode()
    assert "Leaked cables" in body and "/__build" in body
    assert "<script" not in state.page  # the reload script is added when serving, never written out
