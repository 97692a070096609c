"""build(): the stages in order, one call per line.

read → clean → describe → deduplicate → arrange → glossary → sources → render.
Each stage is a function of what the previous ones returned; timings are recorded
per stage for the report and the benchmark.
"""
from __future__ import annotations

import logging
import os
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from . import chapters as arrange
from . import clean, dedup, glossary, metadata, readers, report, sources
from .config import Config, compilation_date
from .errors import BuildError
from .model import Dossier

log = logging.getLogger("dossier")

SHORT_ARTICLE_WORDS = 50  # fewer words than this after cleaning: probably not the article

# progress(stage, done, total): total is None when the stage cannot count its work.
Progress = Callable[[str, int, Optional[int]], None]

FORMATS = ("pdf", "epub", "html")


@dataclass
class BuildResult:
    dossier: Dossier
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)


class _Timer:
    """Times each stage, and tells a progress display (the CLI's) what is happening."""

    def __init__(self, progress: Progress | None = None):
        self.seconds: dict[str, float] = {}
        self.progress = progress

    def tick(self, stage: str, done: int, total: int | None) -> None:
        if self.progress:
            self.progress(stage, done, total)

    @contextmanager
    def stage(self, name: str):
        log.info("%s…", name)
        self.tick(name, 0, None)
        start = time.perf_counter()
        yield
        self.seconds[name] = round(self.seconds.get(name, 0.0) + time.perf_counter() - start, 3)


def prepare(config: Config, timer: _Timer | None = None, progress: Progress | None = None) -> Dossier:
    """Everything up to rendering: what `dossier plan` shows and the renderers draw."""
    timer = timer or _Timer(progress)
    seeds = config.seeds_dir
    if not seeds.is_dir():
        raise BuildError(f"seeds folder not found: {seeds}")
    with timer.stage("read"):
        documents, skipped = readers.read_all(seeds, progress=lambda done, total: timer.tick("read", done, total))
        person_written = metadata.load_sources(seeds)
    with timer.stage("clean"):
        cleaned = clean.clean_all(documents, keep_boilerplate=config.clean.keep_boilerplate)
    with timer.stage("describe"):
        articles = metadata.describe_all(cleaned, person_written)
    if not articles:
        raise BuildError(f"no articles to build from in {seeds}"
                         + (f" ({len(skipped)} files skipped)" if skipped else ""))
    with timer.stage("dedup"):
        deduplicated = dedup.deduplicate(articles, config.dedup)
    with timer.stage("chapters"):
        chapters, placements = arrange.assign(deduplicated, config)
    with timer.stage("glossary"):
        terms = glossary.build_glossary(deduplicated.kept, config.glossary, glossary.editor_phrases(config))
    with timer.stage("sources"):
        index = sources.build_sources(articles, deduplicated, chapters)
    return Dossier(
        title=config.title, subtitle=config.subtitle, organisation=config.organisation,
        language=config.language, compiled=compilation_date(config), marking=config.marking,
        chapters=[c for c in chapters if c.articles], glossary=terms, sources=index,
        notes=deduplicated.notes, placements=placements, dedup=deduplicated, skipped=skipped,
        articles_read=len(articles) + len(skipped))


def warnings_of(dossier: Dossier, config: Config, person_written: dict | None = None) -> list[str]:
    """Problems worth a line each; --strict turns them into a failed build."""
    out = [f"{s.path}: skipped: {s.reason}" for s in dossier.skipped]
    chapter_ids = {c.id for c in config.chapters}
    other = {c.id for c in dossier.chapters} - chapter_ids
    for aid, p in sorted(dossier.placements.items()):
        if p.chapter_id is None:
            out.append(f"{aid}: fits no chapter; listed in the source index only")
        elif p.chapter_id in other:
            out.append(f"{aid}: fits no chapter; placed in '{config.other_title}'")
    for s in dossier.sources:
        a = s.article
        if s.status == "kept" and not a.title.known:
            out.append(f"{a.path}: no title found")
        if s.status == "kept" and a.word_count < SHORT_ARTICLE_WORDS:
            out.append(f"{a.path}: only {plural(a.word_count, 'word')} of article text after cleaning; "
                       "check that the file holds the article (use --keep-boilerplate to compare)")
        if a.front_matter_chapter and a.front_matter_chapter not in chapter_ids:
            out.append(f"{a.path}: front matter names chapter '{a.front_matter_chapter}', which config.yaml "
                       "does not define; placed by score instead")
    known = {s.article.path for s in dossier.sources} | {s.path for s in dossier.skipped}
    known_names = known | {Path(k).name for k in known} | {s.article.id for s in dossier.sources}
    for name in sorted(person_written or {}):
        if name not in known_names:
            out.append(f"sources.yaml: entry '{name}' matches no file in the seeds folder")
    empty = [c.title for c in config.chapters if c.id not in {ch.id for ch in dossier.chapters}]
    for title in empty:
        out.append(f"chapter '{title}' has no articles and is left out")
    return out


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def build(config: Config, formats: tuple[str, ...] = ("pdf", "epub"), out_dir: Path | None = None,
          strict: bool = False, progress: Progress | None = None) -> BuildResult:
    """Build the dossier. Outputs are written to temporary files and moved into place
    only when every requested output is complete, so a failed build leaves the last
    good ones untouched."""
    timer = _Timer(progress)
    started = time.perf_counter()
    dossier = prepare(config, timer)
    result = BuildResult(dossier, warnings=warnings_of(dossier, config, metadata.load_sources(config.seeds_dir)))
    unplaced = [aid for aid, p in dossier.placements.items() if p.chapter_id is None]
    if config.unplaced == "error" and unplaced:
        raise BuildError(f"{plural(len(unplaced), 'article')} fit no chapter: "
                         f"{', '.join(sorted(unplaced))} (unplaced: error)")
    if strict and result.warnings:
        raise BuildError(f"--strict: {plural(len(result.warnings), 'warning')}: " + "; ".join(result.warnings))

    out = Path(out_dir) if out_dir else config.output_dir
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BuildError(f"cannot create output folder {out}: {err.strerror}") from None
    if not os.access(out, os.W_OK):
        raise BuildError(f"output folder is not writable: {out}")

    from .render import epub as epub_render
    from .render import html as html_render
    from .render import pagemap
    from .render import pdf as pdf_render

    styles = config.base_dir / "styles"
    staged: dict[str, Path] = {}
    try:
        # The EPUB's page-list cites the PDF's pages, so the book is laid out whenever
        # an EPUB is built, even without a PDF (see render/pagemap.py).
        layout = pagemap.PrintLayout() if "epub" in formats else None
        if "pdf" in formats or "html" in formats or "epub" in formats:
            with timer.stage("render html"):
                book = html_render.render_book(dossier, html_render.book_css(config))
            if "html" in formats:
                staged["html"] = _stage(out, "dossier.html", lambda p: p.write_text(book, "utf-8"))
            if "pdf" in formats:
                with timer.stage("render pdf"):
                    pages = {}
                    hooks = {"before_layout": layout.before_layout, "on_render": layout.on_render} if layout else {}
                    staged["pdf"] = _stage(out, "dossier.pdf",
                                           lambda p: pages.setdefault("n", pdf_render.write_pdf(book, p, **hooks)))
                    result.pages = pages.get("n")
                    glyphs = pdf_render.glyph_warnings(book)
                    if strict and glyphs:
                        raise BuildError("--strict: " + glyphs[0])
                    result.warnings.extend(glyphs)
        if "epub" in formats:
            with timer.stage("render epub"):
                page_map = layout.page_map or pagemap.layout_page_map(book)
                css = html_render.stylesheet("base.css", styles) + "\n" + html_render.stylesheet("epub.css", styles)
                staged["epub"] = _stage(out, "dossier.epub",
                                        lambda p: epub_render.write_epub(dossier, css, p, page_map))
        result.seconds = dict(timer.seconds)
        result.seconds["total"] = round(time.perf_counter() - started, 3)
        report_path = _stage(out, "report.json",
                             lambda p: report.write_report(dossier, result, config, p, list(staged)))
        for fmt, tmp in staged.items():
            final = out / f"dossier.{fmt}"
            os.replace(tmp, final)
            result.outputs[fmt] = str(final)
        os.replace(report_path, out / "report.json")
        result.outputs["report"] = str(out / "report.json")
    finally:
        for tmp in staged.values():
            if tmp.exists():
                tmp.unlink()
    return result


def _stage(out: Path, name: str, write) -> Path:
    """Write through `write(path)` into a temporary file beside the final one."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
    os.close(fd)
    path = Path(tmp)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
    try:
        write(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path
