"""Nothing lost, and repeatable.

A build that is killed (SIGKILL) or interrupted (SIGINT) in the middle of rendering
leaves the previous dossier.pdf and dossier.epub exactly as they were; a failed build
replaces nothing; the temporary files of a killed build are removed by the next one.
Two builds of the same inputs with the same SOURCE_DATE_EPOCH give byte-identical
PDFs and the same report, whatever the time zone, locale or file-system order.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, SEEDS

EPOCH = "1700000000"


def env(**extra) -> dict:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(ROOT), **extra}


def make_project(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    shutil.copytree(SEEDS, root / "seeds")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project with a complete previous build: {name: bytes} of its outputs."""
    root = make_project(tmp_path_factory.mktemp("atomic") / "project")
    done = subprocess.run([sys.executable, "-m", "dossier", "build", "-q"], cwd=root, env=env(TZ="UTC"),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = root / "build"
    return root, {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}  # not .cache/


def assert_valid(out: Path, previous: dict) -> None:
    for name in ("dossier.pdf", "dossier.epub", "dossier.html", "report.json"):
        assert (out / name).read_bytes() == previous[name], f"{name} changed"
    assert len(PdfReader(str(out / "dossier.pdf")).pages) > 3
    with zipfile.ZipFile(out / "dossier.epub") as zf:
        assert zf.testzip() is None and zf.read("mimetype") == b"application/epub+zip"


def temporaries(out: Path) -> list[Path]:
    return sorted(out.glob(".*.tmp"))


def interrupt_while_rendering(root: Path, sig: int) -> subprocess.CompletedProcess:
    """Start a build and send `sig` as soon as the PDF's temporary file appears."""
    out = root / "build"
    proc = subprocess.Popen([sys.executable, "-m", "dossier", "build"], cwd=root, env=env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    try:
        while not list(out.glob(".dossier.pdf.*.tmp")):
            assert proc.poll() is None, "the build ended before rendering was caught: " + proc.stderr.read()
            assert time.monotonic() < deadline, "rendering never started"
            time.sleep(0.005)
        proc.send_signal(sig)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


def test_sigkill_while_rendering_leaves_previous_outputs_intact(built):
    from dossier.pipeline import _remove_stale_temporaries

    root, previous = built
    out = root / "build"
    done = interrupt_while_rendering(root, signal.SIGKILL)
    assert done.returncode == -signal.SIGKILL
    assert_valid(out, previous)
    left = temporaries(out)
    assert left, "a killed build cannot clean up; its temporary file should be there"
    _remove_stale_temporaries(out)  # what the next build does first
    assert temporaries(out) == []
    assert_valid(out, previous)


def test_sigint_while_rendering_exits_130_and_cleans_up(built):
    root, previous = built
    out = root / "build"
    done = interrupt_while_rendering(root, signal.SIGINT)
    assert done.returncode == 130, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "dossier: interrupted"
    assert "Traceback" not in done.stderr
    assert temporaries(out) == []
    assert_valid(out, previous)


def test_temporaries_of_a_running_build_are_kept(tmp_path):
    from dossier.pipeline import _remove_stale_temporaries

    mine = tmp_path / f".dossier.pdf.{os.getpid()}.abc123.tmp"
    dead = tmp_path / ".dossier.epub.999999999.abc123.tmp"
    other = tmp_path / ".notes.txt.1.abc.tmp"
    for path in (mine, dead, other):
        path.write_bytes(b"partial")
    _remove_stale_temporaries(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, other.name])


def test_a_failed_render_replaces_nothing(tmp_path, monkeypatch):
    import dossier
    from dossier.render import epub

    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "config.yaml").write_text("title: T\n", "utf-8")
    (root / "seeds" / "a.txt").write_text("A Title Of An Article\n\n" + "Words of the article body. " * 20, "utf-8")
    config = dossier.load_config(root / "config.yaml")
    out = root / "build"
    out.mkdir()
    for name in ("dossier.html", "dossier.epub", "report.json"):
        (out / name).write_text(f"previous {name}")

    def failing(dossier_, css, target, *page_map):
        Path(target).write_bytes(b"PK half an epub")
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(epub, "write_epub", failing)
    with pytest.raises(dossier.BuildError, match=r"cannot write .*dossier.epub: No space left on device"):
        dossier.build(config, formats=("html", "epub"))
    assert {p.name: p.read_text() for p in out.iterdir() if p.is_file()} == {
        name: f"previous {name}" for name in ("dossier.html", "dossier.epub", "report.json")}


def test_outputs_are_ordinary_files(built):
    root, _ = built
    umask = os.umask(0)
    os.umask(umask)
    for name in ("dossier.pdf", "dossier.epub", "report.json"):
        assert (root / "build" / name).stat().st_mode & 0o777 == 0o666 & ~umask


def _report_without_timings(path: Path) -> dict:
    data = json.loads(path.read_text("utf-8"))
    data.pop("seconds")
    data.pop("outputs")  # absolute paths of this build's folder
    return data


def test_same_inputs_give_byte_identical_pdf_anywhere(built, tmp_path):
    """Another folder, files created in the opposite order, another time zone and locale."""
    root, previous = built
    other = tmp_path / "elsewhere"
    (other / "seeds").mkdir(parents=True)
    shutil.copy(root / "config.yaml", other / "config.yaml")
    for path in sorted(SEEDS.iterdir(), reverse=True):
        shutil.copy(path, other / "seeds" / path.name)
    done = subprocess.run([sys.executable, "-m", "dossier", "build", "-q", "--format", "pdf"], cwd=other,
                          env=env(TZ="Pacific/Kiritimati", LC_ALL="C.UTF-8", LANG="C.UTF-8"),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (other / "build" / "dossier.pdf").read_bytes() == previous["dossier.pdf"]
    first = json.loads(previous["report.json"])
    first.pop("seconds"), first.pop("outputs")
    assert _report_without_timings(other / "build" / "report.json") == first
    meta = PdfReader(str(other / "build" / "dossier.pdf")).metadata
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20231114"  # from SOURCE_DATE_EPOCH, in UTC


def test_file_system_order_does_not_matter(tmp_path, monkeypatch):
    import dossier
    from dossier import readers
    from dossier.report import article_records

    root = make_project(tmp_path / "project")
    config = dossier.load_config(root / "config.yaml")
    forward = article_records(dossier.prepare(config))
    real_walk = os.walk

    def reversed_walk(top, *args, **kwargs):
        for dirpath, dirnames, filenames in real_walk(top, *args, **kwargs):
            dirnames.reverse()
            yield dirpath, dirnames, filenames[::-1]
    monkeypatch.setattr(readers.os, "walk", reversed_walk)
    assert article_records(dossier.prepare(config)) == forward
