"""Property-based tests and fuzzing, with a fixed budget so that CI is deterministic
(hypothesis with derandomize=True: the same examples on every run).

- The readers, on any bytes under any supported extension, return a document or
  skip the file with a reason; nothing else escapes.
- The YAML loader and the config checker, on any text or structure, return a value
  or raise ConfigError.
- The pipeline, on random sets of articles (with copies, rewrites, empty and binary
  files), never raises; every input file is in the report as kept, merged into a
  kept article, or skipped with a reason; every kept article's paragraphs are in
  both outputs.
Crashes found here become regression tests at the end of this file.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import epub_text, squash
from dossier.config import config_from_data
from dossier.errors import ConfigError
from dossier.readers import READERS, UnreadableFile, read_file
from dossier.yamlsafe import load_yaml_text

FUZZ = settings(derandomize=True, deadline=None, database=None, max_examples=150,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

EXTENSIONS = sorted(READERS)
YAML_ALPHABET = "ab01 :-[]{},&*!|>'\"#?%@`\n\t.~"


def _read(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    try:
        return read_file(path, tmp_path)
    except (UnreadableFile, ConfigError) as err:
        assert str(err).strip() and "\n" not in str(err)
        return None


@FUZZ
@given(data=st.binary(max_size=3000), ext=st.sampled_from(EXTENSIONS))
def test_readers_on_any_bytes(tmp_path, data, ext):
    doc = _read(tmp_path, "fuzz" + ext, data)
    if doc is not None:
        assert doc.text.strip() and "\x00" not in doc.text


@FUZZ
@given(front=st.text(alphabet=YAML_ALPHABET, max_size=200), body=st.text(max_size=300))
def test_markdown_front_matter_on_any_text(tmp_path, front, body):
    _read(tmp_path, "fuzz.md", f"---\n{front}\n---\n{body}\n".encode("utf-8", "surrogatepass"))


@FUZZ
@given(markup=st.lists(st.sampled_from(["<html>", "<body>", "<p>", "</p>", "<div>", "</div>", "<script>",
                                        "</script>", "<!--", "-->", "<![CDATA[", "]]>", "<meta charset=x>",
                                        "<title>", "</title>", "&amp;", "&#0;", "&#xD800;", "text ", "\x00",
                                        "<a href='javascript:x'>", "<img src=//h>", "<?xml?>", "<"]),
                       max_size=60))
def test_html_reader_on_any_markup(tmp_path, markup):
    _read(tmp_path, "fuzz.html", "".join(markup).encode("utf-8", "surrogatepass"))


@FUZZ
@given(text=st.text(alphabet=YAML_ALPHABET, max_size=300))
def test_yaml_loader_on_any_text(text):
    try:
        load_yaml_text(text, "fuzz.yaml")
    except ConfigError as err:
        assert str(err).startswith("fuzz.yaml") and "\n" not in str(err)


KEYS = ["title", "subtitle", "date", "seeds", "output", "paper", "margin", "unplaced", "chapters", "glossary",
        "dedup", "clean", "id", "keywords", "include", "exclude", "articles", "order", "min_score", "terms",
        "term", "aliases", "kind", "copy_threshold", "merge", "keep_separate", "keep_boilerplate", "min_articles"]
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8) | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4),
                                                                  inner, max_size=4),
    max_leaves=25)


@FUZZ
@given(data=st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=8) | VALUES)
def test_config_checker_on_any_structure(data):
    try:
        config = config_from_data(data, "fuzz.yaml")
    except ConfigError as err:
        lines = str(err).splitlines()
        assert lines and all(line.startswith("fuzz.yaml") for line in lines)
    else:
        assert config.title is not None


# The pipeline on random article sets.

WORDS = ("council ministers budget sanctions talks delegates exemptions committee parliament vote treaty "
         "border convoy officials spokesperson review agreement summit envoy report hearing witnesses").split()
FILLER = "the of and to in that said would on for with was by at from".split()


@st.composite
def articles(draw):
    """(files: name -> bytes) with originals, copies, rewrites and unreadable files."""
    files: dict[str, bytes] = {}
    originals = []
    for i in range(draw(st.integers(1, 5))):
        paragraphs = []
        for _ in range(draw(st.integers(1, 4))):
            words = draw(st.lists(st.sampled_from(WORDS + FILLER), min_size=14, max_size=40))
            paragraphs.append(" ".join(words).capitalize() + f" number {i}.")
        title = " ".join(w.capitalize() for w in draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=7)))
        fmt = draw(st.sampled_from(["txt", "md", "md-front"]))
        body = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
        if fmt == "md-front":
            date = draw(st.dates(min_value=__import__("datetime").date(1990, 1, 1)))
            body = f"---\ntitle: {json.dumps(title)}\ndate: {date.isoformat()}\n---\n" + "\n\n".join(paragraphs) + "\n"
        name = f"{i:02d} {draw(st.sampled_from(['a', 'é', 'x y', '日本']))}.{'txt' if fmt == 'txt' else 'md'}"
        files[name] = body.encode("utf-8")
        originals.append(body)
    for j in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["copy", "rewrite", "empty", "binary", "unknown"]))
        source = draw(st.sampled_from(originals))
        data = {"copy": source.encode(), "rewrite": source.replace(" the ", " a ").encode(), "empty": b"",
                "binary": b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "unknown": b"data"}[kind]
        files[f"extra-{j}.{'bin' if kind == 'unknown' else 'txt'}"] = data
    return files


CONFIG = ("title: Fuzz\nchapters:\n  - id: money\n    title: Money\n    keywords: [budget, vote, parliament]\n"
          "  - id: peace\n    title: Peace\n    keywords: [talks, treaty, summit]\n")


@settings(derandomize=True, deadline=None, database=None, max_examples=12,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(files=articles())
def test_pipeline_accounts_for_every_file_and_keeps_every_kept_paragraph(tmp_path_factory, files):
    import dossier

    root = tmp_path_factory.mktemp("fuzz-project")
    (root / "seeds").mkdir()
    (root / "config.yaml").write_text(CONFIG, "utf-8")
    for name, data in files.items():
        (root / "seeds" / name).write_bytes(data)
    result = dossier.build(dossier.load_config(root / "config.yaml"), formats=("html", "epub"))
    out = Path(result.outputs["report"]).parent
    report = json.loads((out / "report.json").read_text("utf-8"))
    records = {a["path"]: a for a in report["articles"]}
    assert set(records) == set(files)
    kept = {a["id"] for a in report["articles"] if a["status"] == "kept"}
    for a in report["articles"]:
        assert a["status"] in ("kept", "merged", "skipped") and a["reason"]
        if a["status"] == "merged":
            assert a["merged_into"] in kept
    html = squash(re.sub(r"<[^>]+>", " ", (out / "dossier.html").read_text("utf-8")).replace("&#39;", "'"))
    epub = squash(epub_text(out / "dossier.epub"))
    for article in result.dossier.articles:
        for paragraph in article.paragraphs:
            assert squash(paragraph) in html, paragraph
            assert squash(paragraph) in epub, paragraph


@settings(derandomize=True, deadline=None, database=None, max_examples=3,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(files=articles())
def test_every_kept_paragraph_is_in_the_pdf(tmp_path_factory, files):
    """The same property through WeasyPrint, on fewer examples: layout is the slow part."""
    import dossier
    from conftest import pdf_text

    root = tmp_path_factory.mktemp("fuzz-pdf")
    (root / "seeds").mkdir()
    (root / "config.yaml").write_text(CONFIG, "utf-8")
    for name, data in files.items():
        (root / "seeds" / name).write_bytes(data)
    result = dossier.build(dossier.load_config(root / "config.yaml"), formats=("pdf",))
    pdf = squash(pdf_text(Path(result.outputs["pdf"]), reader="poppler"))
    for article in result.dossier.articles:
        for paragraph in article.paragraphs:
            assert squash(paragraph) in pdf, paragraph


# Regression tests for crashes the fuzzers found.

@pytest.mark.parametrize("text", [
    "a: &a [*a]\n",                      # a recursive alias: a list that contains itself
    "- &a {b: *a}\n",
])
def test_regression_recursive_yaml_is_an_error(text):
    with pytest.raises(ConfigError, match="refers to itself"):
        load_yaml_text(text, "fuzz.yaml")


def test_regression_control_character_in_a_key_stays_one_line():
    with pytest.raises(ConfigError) as err:
        config_from_data({"\r": None, "a\nb": 1}, "fuzz.yaml")
    assert str(err.value).splitlines() == ["fuzz.yaml: \\r: unknown key", "fuzz.yaml: a\\nb: unknown key"]


@pytest.mark.parametrize("line", [
    "[" * 200_000 + "x" + "](" * 100_000,   # took 5 minutes with backtracking link patterns
    "![" * 200_000, "*a " * 300_000, "**a " * 300_000, "__a " * 300_000, "[a](" + "(a" * 200_000,
])
def test_regression_pathological_markdown_is_read_in_linear_time(tmp_path, line):
    import time

    (tmp_path / "bad.md").write_text(line + "\n", "utf-8")
    start = time.perf_counter()
    doc = read_file(tmp_path / "bad.md", tmp_path)
    assert time.perf_counter() - start < 3
    assert len(doc.text) >= len(line.replace("*", "").replace("_", "")) // 2  # nothing lost wholesale


def test_markdown_inline_syntax_is_still_stripped():
    from dossier.readers import _strip_markdown

    text = 'A **bold**, __strong__ and *em* [link](http://x.org/a_(b) "t") ![pic](p.png), 2 * 3 * 4 snake_case'
    assert _strip_markdown(text) == "A bold, strong and em link , 2 * 3 * 4 snake_case"  # an image is not text


PROSE = "The committee said that the plan would be reviewed by the ministers in the coming weeks, officials said."


@pytest.mark.parametrize("text", [
    "x" * 2_000_000,                         # one 2-million-character "word": the e-mail pattern was quadratic
    ("x" * 900 + "@") * 2_000,               # and so was this, across the cut pieces
    PROSE + "\n" + "\n".join(f"Label {i}" for i in range(10_000)) + "\n" + PROSE.replace("plan", "budget"),
])                                           # 10,000 short lines inside an article: label runs were quadratic
def test_regression_cleaning_is_not_quadratic(text):
    import time

    from dossier.clean import clean
    from dossier.metadata import describe
    from dossier.model import Document

    start = time.perf_counter()
    cleaned = clean(Document(id="x", path="x.txt", format="txt", text=text))
    describe(cleaned, {})
    assert time.perf_counter() - start < 8
