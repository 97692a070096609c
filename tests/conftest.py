"""Shared fixtures: one real build of the seed articles, reused by every test that
only reads its outputs (rendering is the slow part)."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def squash(text: str) -> str:
    """Letters and digits only, folded: survives line breaks, hyphenation and ligatures."""
    text = text.replace("\ufb01", "fi").replace("\ufb02", "fl").replace("’", "'")
    return re.sub(r"[\W_]+", "", text).lower()


def epub_text(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        parts = [zf.read(n).decode("utf-8") for n in sorted(zf.namelist()) if n.endswith(".xhtml")]
    return html.unescape(re.sub(r"<[^>]+>", " ", "\n".join(parts)))


def pdf_text(path: Path, strip_running: bool = True, reader: str = "pypdf") -> str:
    """The PDF's text; running heads and 'Page X of Y' footers removed so that
    paragraphs broken across pages read continuously. `reader="poppler"` reads it with
    pdftotext (make test installs it): pypdf misreads some subset fonts' ToUnicode maps
    (ligatures as control characters, two-byte codes as UTF-16), which poppler reads right."""
    from pypdf import PdfReader

    pdf = PdfReader(str(path))
    title = pdf.metadata.title or ""
    if reader == "poppler":
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
        page_texts = out.stdout.decode("utf-8").split("\f")
    else:
        page_texts = [page.extract_text() or "" for page in pdf.pages]
    pages = []
    for text in page_texts:
        lines = text.splitlines()
        if strip_running:
            lines = [l for l in lines if not re.fullmatch(r"Page \d+ of \d+", l.strip())
                     and not (title and l.startswith(title))]
        pages.append("\n".join(lines))
    return "\n".join(pages)


def pdf_outline(reader, first_level: int = 1) -> list[tuple[int, str, int]]:
    """(level, title, page number) of every outline item of a pypdf reader, in order."""
    items = []

    def walk(nodes, level):
        for node in nodes:
            if isinstance(node, list):
                walk(node, level + 1)
            else:
                items.append((level, node.title, reader.get_destination_page_number(node) + 1))

    walk(reader.outline, first_level)
    return items


@pytest.fixture(scope="session")
def seed_project(tmp_path_factory) -> Path:
    """A copy of the project's config, seeds and styles in a temporary folder."""
    root = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    shutil.copytree(SEEDS, root / "seeds")
    shutil.copytree(ROOT / "styles", root / "styles")
    return root


@pytest.fixture(scope="session")
def seed_build(seed_project):
    """Build the seeds once: (BuildResult, report dict, output folder)."""
    import dossier

    config = dossier.load_config(seed_project / "config.yaml")
    result = dossier.build(config, formats=("pdf", "epub", "html"))
    out = Path(result.outputs["pdf"]).parent
    report = json.loads((out / "report.json").read_text("utf-8"))
    return result, report, out


@pytest.fixture(scope="session")
def seed_pdf_text(seed_build) -> str:
    return pdf_text(seed_build[2] / "dossier.pdf")


@pytest.fixture(scope="session")
def seed_epub_text(seed_build) -> str:
    return epub_text(seed_build[2] / "dossier.epub")
