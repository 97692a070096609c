"""Bad files in the seeds folder: each case says what must become of it.

A file that cannot be an article is skipped with its reason; a file that can is read.
Either way it is in report.json, the build goes on (exit code 0, one warning line per
problem, no traceback), and nothing outside the seeds folder is read.
"""
from __future__ import annotations

import json
import os
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from dossier import readers
from dossier.__main__ import main
from dossier.clean import clean
from dossier.readers import read_all, read_file

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"
GOOD = ("Ministers Agree Budget Timetable\n\n"
        "The ministers met in Brussels on Monday and agreed that the budget would be debated by the "
        "parliament before the summer recess, according to officials who attended the meeting.\n\n"
        "They said that the timetable left enough room for the committees to examine the spending plans "
        "in detail, and that a final vote was expected in the second week of July.\n")
CONFIG = "title: Test\nchapters:\n  - id: budget\n    title: Budget\n    keywords: [budget, ministers]\n"


def project(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "config.yaml").write_text(CONFIG, "utf-8")
    (tmp_path / "seeds" / "good.txt").write_text(GOOD, "utf-8")
    return tmp_path


def skipped_reason(seeds: Path, name: str) -> str:
    documents, skipped = read_all(seeds)
    reasons = {s.path: s.reason for s in skipped}
    assert name in reasons, f"{name} was not skipped: {[d.path for d in documents]}"
    return reasons[name]


def png_bytes() -> bytes:
    def chunk(kind, data):
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", bytes.fromhex("00000001000000010800000000"))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


@pytest.mark.parametrize("fixture,reason", [("empty.txt", "empty file"), ("whitespace_only.txt", "empty file")])
def test_empty_files_are_skipped(tmp_path, fixture, reason):
    (tmp_path / fixture).write_bytes((FIXTURES / fixture).read_bytes())
    assert skipped_reason(tmp_path, fixture) == reason


def test_binary_files_renamed_to_txt_are_skipped(tmp_path):
    (tmp_path / "report.pdf.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + os.urandom(2000))
    with zipfile.ZipFile(tmp_path / "archive.txt", "w") as zf:
        zf.writestr("article.txt", GOOD)
    (tmp_path / "picture.txt").write_bytes(png_bytes())
    (tmp_path / "random.md").write_bytes(os.urandom(4096))
    (tmp_path / "mostly_nul.txt").write_bytes(b"text" + b"\x00" * 3000 + b"\x01\x02" * 500)
    assert skipped_reason(tmp_path, "report.pdf.txt") == "not text: looks like a PDF file"
    assert skipped_reason(tmp_path, "archive.txt") == "not text: looks like a ZIP archive"
    assert skipped_reason(tmp_path, "picture.txt") == "not text: looks like a PNG image"
    assert skipped_reason(tmp_path, "random.md").startswith(("not text", "cannot detect"))
    assert skipped_reason(tmp_path, "mostly_nul.txt").startswith(("not text", "cannot detect"))


def test_invalid_utf8_is_decoded(tmp_path):
    (tmp_path / "latin1.txt").write_bytes((FIXTURES / "latin1_not_utf8.txt").read_bytes())
    doc = read_file(tmp_path / "latin1.txt", tmp_path)
    assert "Café Owners" in doc.text and "\ufffd" not in doc.text


def test_stray_nul_bytes_are_dropped(tmp_path):
    (tmp_path / "nul.txt").write_bytes((FIXTURES / "stray_nul_bytes.txt").read_bytes())
    doc = read_file(tmp_path / "nul.txt", tmp_path)
    assert "\x00" not in doc.text and "Monday and said" in doc.text


def test_file_over_the_size_limit_is_skipped_unread(tmp_path, monkeypatch):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as handle:  # 50 MB, sparse: costs nothing to make
        handle.truncate(50 * 1024 * 1024)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("a too-large file was read"))
    start = time.perf_counter()
    assert skipped_reason(tmp_path, "huge.txt") == "larger than 20 MB"
    assert time.perf_counter() - start < 1


def test_five_million_character_line_is_cut_into_paragraphs_not_lost(tmp_path):
    sentences = (f"The committee examined spending plan number {i} of the ministry in great detail. "
                 for i in range(100_000))
    line = "".join(sentences)[:5_000_000]
    (tmp_path / "one_line.txt").write_text("Committee Examines Spending Plans\n\n" + line + "\n", "utf-8")
    start = time.perf_counter()
    doc = read_file(tmp_path / "one_line.txt", tmp_path)
    cleaned = clean(doc)
    elapsed = time.perf_counter() - start
    assert elapsed < 15, f"reading and cleaning took {elapsed:.1f} s"
    assert len(cleaned.paragraphs) > 100 and max(map(len, cleaned.paragraphs)) <= 10_000
    assert "".join("".join(cleaned.paragraphs).split()) == "".join(line.split())


def test_ten_thousand_files_are_all_accounted_for(tmp_path):
    root = project(tmp_path)
    seeds = root / "seeds"
    for i in range(9_999):  # with good.txt: 10,000 files in one folder
        (seeds / f"note-{i:05d}.{'txt' if i % 3 else 'json'}").write_bytes(b"")
    start = time.perf_counter()
    assert main(["build", "--config", str(root / "config.yaml"), "--format", "html", "-q"]) == 0
    assert time.perf_counter() - start < 30
    report = json.loads((root / "build" / "report.json").read_text("utf-8"))
    assert len(report["articles"]) == 10_000
    assert {a["path"] for a in report["articles"]} == {p.name for p in seeds.iterdir()}


def test_names_with_spaces_and_non_ascii_get_distinct_ids(tmp_path):
    for name in ("a b.txt", "a-b.txt", "a b.txt.txt", "Ünïcödé — name.txt", "日本語.md"):
        (tmp_path / name).write_text(GOOD.replace("Brussels", name), "utf-8")
    documents, skipped = read_all(tmp_path)
    assert skipped == []
    ids = [d.id for d in documents]
    assert len(set(ids)) == len(ids) == 5
    assert {d.path for d in documents} == {p.name for p in tmp_path.iterdir()}


def test_file_name_that_is_not_utf8_is_reported(tmp_path):
    root = project(tmp_path)
    with open(os.path.join(os.fsencode(root / "seeds"), b"caf\xe9.txt"), "wb") as handle:  # a Latin-1 name
        handle.write(GOOD.encode())
    assert main(["build", "--config", str(root / "config.yaml"), "--format", "html", "-q"]) == 0
    report = json.loads((root / "build" / "report.json").read_text("utf-8"))
    record = next(a for a in report["articles"] if a["path"].startswith("caf"))
    assert record["path"] == "caf\ufffd.txt" and record["status"] == "skipped"
    assert "not valid UTF-8" in record["reason"]


def test_symlinks_are_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.txt").write_text(GOOD.replace("Brussels", "PRIVATE-PLACE"), "utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "link.txt").symlink_to(outside / "private.txt")
    (seeds / "folder").symlink_to(outside)
    (seeds / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    documents, skipped = read_all(seeds)
    assert documents == []
    assert {s.path: s.reason for s in skipped} == {
        "dangling.txt": "symbolic link, not followed", "folder": "symbolic link to a folder, not followed",
        "link.txt": "symbolic link, not followed"}


def test_unreadable_file_is_skipped(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text(GOOD, "utf-8")
    path.chmod(0)
    if os.access(path, os.R_OK):  # running as root: permissions do not stop us, so refuse as the OS would
        real_open = open

        def refusing_open(file, *args, **kwargs):
            if Path(file) == path:
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)
        monkeypatch.setattr("builtins.open", refusing_open)
    assert skipped_reason(tmp_path, "locked.txt") == "cannot read: Permission denied"


def test_unlistable_folder_is_reported(tmp_path, monkeypatch):
    sub = tmp_path / "private"
    sub.mkdir()
    (sub / "a.txt").write_text(GOOD, "utf-8")
    sub.chmod(0)
    if os.access(sub, os.R_OK):  # running as root: permissions do not stop us, so refuse as the OS would
        real_scandir = os.scandir

        def refusing_scandir(folder=".", *args, **kwargs):
            if Path(folder) == sub:
                raise PermissionError(13, "Permission denied", str(folder))
            return real_scandir(folder, *args, **kwargs)
        monkeypatch.setattr(os, "scandir", refusing_scandir)
    try:
        assert skipped_reason(tmp_path, "private").startswith("folder cannot be read")
    finally:
        sub.chmod(0o755)


def test_hidden_articles_are_reported_and_hidden_clutter_ignored(tmp_path):
    (tmp_path / ".draft.md").write_text(GOOD, "utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text(GOOD, "utf-8")
    documents, skipped = read_all(tmp_path)
    assert documents == []
    assert [(s.path, s.reason) for s in skipped] == [(".draft.md", "hidden file (its name starts with '.'), not read")]


def test_fifo_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block forever
    assert skipped_reason(tmp_path, "pipe.txt") == "not a regular file"


def test_a_reader_crash_costs_only_that_file(tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text(GOOD, "utf-8")
    (tmp_path / "crash.md").write_text(GOOD, "utf-8")

    def broken(text, doc):
        raise RuntimeError("reader bug")
    monkeypatch.setitem(readers.READERS, ".md", ("md", broken))
    documents, skipped = read_all(tmp_path)
    assert [d.path for d in documents] == ["good.txt"]
    assert [(s.path, s.reason) for s in skipped] == [("crash.md", "could not be read: RuntimeError: reader bug")]


def test_bad_front_matter_is_ignored_with_its_line(tmp_path):
    (tmp_path / "tagged.md").write_text("---\ntitle: !!python/object:os.system x\n---\n" + GOOD, "utf-8")
    documents, skipped = read_all(tmp_path)
    assert skipped == [] and documents[0].front_matter == {}
    assert documents[0].warnings[0].startswith("front matter ignored (line 2: invalid YAML")


def test_every_case_together_builds_with_one_line_per_problem(tmp_path, capsys, caplog):
    root = project(tmp_path)
    seeds = root / "seeds"
    for name in ("empty.txt", "whitespace_only.txt", "latin1_not_utf8.txt", "stray_nul_bytes.txt"):
        (seeds / name).write_bytes((FIXTURES / name).read_bytes())
    (seeds / "picture.txt").write_bytes(png_bytes())
    (seeds / "link.txt").symlink_to(root / "config.yaml")
    (seeds / "notes.docx").write_bytes(b"PK\x03\x04")
    assert main(["build", "--config", str(root / "config.yaml"), "--format", "html"]) == 0
    err = capsys.readouterr().err + "".join(f"{m}\n" for m in caplog.messages)
    assert "Traceback" not in err
    report = json.loads((root / "build" / "report.json").read_text("utf-8"))
    paths = {a["path"]: a for a in report["articles"]}
    assert set(paths) == {p.name for p in seeds.iterdir()}
    for a in report["articles"]:
        assert a["status"] in ("kept", "merged", "skipped") and a["reason"]
        if a["status"] == "skipped":
            assert err.count(f"warning: {a['path']}: skipped: {a['reason']}\n") == 1
    assert paths["latin1_not_utf8.txt"]["status"] != "skipped"
    assert paths["stray_nul_bytes.txt"]["status"] != "skipped"
