"""build() with its cache and the EPUB written alongside the PDF: a failure in the
EPUB writer fails the build cleanly, and a cached build writes the same outputs."""
from __future__ import annotations

import json
import re
import shutil
import zipfile

import pytest

import dossier
from dossier.errors import BuildError

from conftest import ROOT, SEEDS


@pytest.fixture()
def config(tmp_path):
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return dossier.load_config(tmp_path / "config.yaml")


# With a PDF, the EPUB is written by a forked child (pipeline._Alongside) whose error
# the parent raises; without one, in the build's own process.
@pytest.mark.parametrize("formats", [("epub", "html"), ("pdf", "epub", "html")])
def test_epub_failure_fails_the_build_and_keeps_last_good_outputs(config, tmp_path, monkeypatch, formats):
    from dossier.render import epub

    out = tmp_path / "out"
    first = dossier.build(config, formats=formats, out_dir=out)
    good_epub = (out / "dossier.epub").read_bytes()
    good_report = (out / "report.json").read_text("utf-8")

    def broken(dossier_, css, target, *page_map):
        target.write_bytes(b"half an epub")
        raise BuildError("the EPUB writer broke")

    monkeypatch.setattr(epub, "write_epub", broken)
    with pytest.raises(BuildError, match="the EPUB writer broke"):
        dossier.build(config, formats=formats, out_dir=out)
    assert (out / "dossier.epub").read_bytes() == good_epub
    assert (out / "report.json").read_text("utf-8") == good_report
    assert sorted(p.name for p in out.iterdir()) == sorted([".cache", *(
        p.split("/")[-1] for p in first.outputs.values())]), "no temporary file is left behind"


def test_an_unexpected_error_in_the_epub_child_is_one_line(config, tmp_path, monkeypatch):
    from dossier.render import epub

    def broken(*args):
        raise ValueError("bad\nvalue")

    monkeypatch.setattr(epub, "write_epub", broken)
    with pytest.raises(BuildError) as caught:
        dossier.build(config, formats=("pdf", "epub"), out_dir=tmp_path / "out")
    assert "ValueError" in str(caught.value) and "\n" not in str(caught.value)


def test_cached_build_writes_the_same_outputs(config, tmp_path):
    out = tmp_path / "out"
    cold = dossier.build(config, formats=("epub", "html"), out_dir=out, use_cache=False)
    html_cold = (out / "dossier.html").read_text("utf-8")
    report_cold = json.loads((out / "report.json").read_text("utf-8"))
    epub_cold = _epub_parts(out / "dossier.epub")
    dossier.build(config, formats=("epub", "html"), out_dir=out)  # fills the cache
    warm = dossier.build(config, formats=("epub", "html"), out_dir=out)  # uses it
    assert "render epub" in warm.seconds and warm.seconds["render epub"] > 0
    assert "read" in cold.seconds and "read" not in warm.seconds, "the warm build read nothing"
    assert (out / "dossier.html").read_text("utf-8") == html_cold
    report_warm = json.loads((out / "report.json").read_text("utf-8"))
    assert report_warm["articles"] == report_cold["articles"]
    assert report_warm["chapters"] == report_cold["chapters"]
    assert _epub_parts(out / "dossier.epub") == epub_cold


def _epub_parts(path):
    """Every file of the EPUB; the modification time (the clock, not the content) masked."""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["EPUB/content.opf"] = re.sub(rb"(dcterms:modified\">)[^<]*", rb"\1", parts["EPUB/content.opf"])
    return parts


def test_a_ctrl_c_swallowed_on_the_way_still_stops_the_build_before_outputs_move(config, tmp_path, monkeypatch):
    """CPython drops a KeyboardInterrupt raised inside a finaliser; the CLI's handler also
    sets a flag, checked before any output is moved into place."""
    from dossier import pipeline
    from dossier.render import pdf

    out = tmp_path / "out"
    dossier.build(config, formats=("pdf", "html"), out_dir=out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def swallowed(book):
        pipeline.INTERRUPTED.set()  # as interrupt_handler does, its exception then lost
        return []

    monkeypatch.setattr(pdf, "glyph_warnings", swallowed)
    with pytest.raises(KeyboardInterrupt):
        dossier.build(config, formats=("pdf", "html"), out_dir=out)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    pipeline.INTERRUPTED.clear()
