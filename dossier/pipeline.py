"""build(): the stages in order, one call per line.

read → clean → describe → deduplicate → arrange → glossary → sources → render.
Each stage is a function of what the previous ones returned; timings are recorded
per stage for the report and the benchmark.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import chapters as arrange
from . import clean, dedup, glossary, metadata, readers, report, sources
from .cache import Cache, corpus_digest, open_cache
from .config import Config, compilation_date
from .errors import BuildError, ConfigError, DossierError
from .model import Dossier

log = logging.getLogger("dossier")

FORMATS = ("pdf", "epub", "html")


@dataclass
class BuildResult:
    dossier: Dossier
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)


class _Timer:
    def __init__(self):
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str):
        log.info("%s…", name)
        start = time.perf_counter()
        yield
        self.seconds[name] = round(self.seconds.get(name, 0.0) + time.perf_counter() - start, 3)


def prepare(config: Config, timer: _Timer | None = None, cache: Cache | None = None) -> Dossier:
    """Everything up to rendering: what `dossier plan` shows and the renderers draw.
    With a `cache`, the stages that depend only on the article files (read, clean,
    describe, dedup) are taken from it when their inputs are unchanged (dossier/cache.py)."""
    timer = timer or _Timer()
    cache = cache or Cache(None)
    seeds = config.seeds_dir
    if not seeds.is_dir():
        raise BuildError(f"seeds folder not found: {seeds}")
    with timer.stage("cache"):
        person_written = metadata.load_sources(seeds)
        ingest_key = cache.key("ingest", cache_digest(seeds), config.clean)
        ingested = cache.get("ingest", ingest_key)
    if ingested is None:
        with timer.stage("read"):
            documents, skipped = readers.read_all(seeds)
        with timer.stage("clean"):
            cleaned = clean.clean_all(documents, keep_boilerplate=config.clean.keep_boilerplate)
        cache.put("ingest", ingest_key, (skipped, cleaned))
    else:
        skipped, cleaned = ingested
    describe_key = cache.key("describe", ingest_key, person_written)
    with timer.stage("describe"):
        articles = cache.memo("describe", describe_key, lambda: metadata.describe_all(cleaned, person_written))
    if not articles:
        raise BuildError(f"no articles to build from in {seeds}"
                         + (f" ({len(skipped)} files skipped)" if skipped else ""))
    with timer.stage("dedup"):
        # Cached with the articles it refers to, so both come from one entry.
        articles, deduplicated = cache.memo("dedup", cache.key("dedup", describe_key, config.dedup),
                                            lambda: (articles, dedup.deduplicate(articles, config.dedup)))
    with timer.stage("chapters"):
        chapters, placements = arrange.assign(deduplicated, config)
    with timer.stage("glossary"):
        terms = glossary.build_glossary(deduplicated.kept, config.glossary)
    with timer.stage("sources"):
        index = sources.build_sources(articles, deduplicated, chapters)
    return Dossier(
        title=config.title, subtitle=config.subtitle, organisation=config.organisation,
        language=config.language, compiled=compilation_date(config), marking=config.marking,
        chapters=[c for c in chapters if c.articles], glossary=terms, sources=index,
        notes=deduplicated.notes, placements=placements, dedup=deduplicated, skipped=skipped,
        articles_read=len(articles) + len(skipped))


def cache_digest(seeds: Path) -> str:
    """Content hash of the input files, as the cache keys them."""
    paths, passed_over = readers.list_inputs(seeds)
    return corpus_digest(paths, seeds, passed_over)


def warnings_of(dossier: Dossier, config: Config) -> list[str]:
    """Problems worth a line each; --strict turns them into a failed build."""
    out = [f"{s.path}: skipped: {s.reason}" for s in dossier.skipped]
    for aid, p in sorted(dossier.placements.items()):
        if p.chapter_id is None:
            out.append(f"{aid}: fits no chapter; listed in the source index only")
    for s in dossier.sources:
        if s.status == "kept" and not s.article.title.known:
            out.append(f"{s.article.path}: no title found")
    empty = [c.title for c in config.chapters if c.id not in {ch.id for ch in dossier.chapters}]
    for title in empty:
        out.append(f"chapter '{title}' has no articles and is left out")
    return out


def build(config: Config, formats: tuple[str, ...] = ("pdf", "epub"), out_dir: Path | None = None,
          strict: bool = False, use_cache: bool = True) -> BuildResult:
    """Build the dossier. Outputs are written to temporary files and moved into place
    only when every requested output is complete, so a failed build leaves the last
    good ones untouched. `use_cache=False` recomputes every stage and keeps nothing."""
    timer = _Timer()
    started = time.perf_counter()
    out = Path(out_dir) if out_dir else config.output_dir
    dossier = prepare(config, timer, open_cache(out, use_cache))
    result = BuildResult(dossier, warnings=warnings_of(dossier, config))
    unplaced = [aid for aid, p in dossier.placements.items() if p.chapter_id is None]
    if config.unplaced == "error" and unplaced:
        raise BuildError(f"{len(unplaced)} articles fit no chapter: {', '.join(sorted(unplaced))}")
    if strict and result.warnings:
        raise BuildError(f"--strict: {len(result.warnings)} warnings: " + "; ".join(result.warnings))

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BuildError(f"cannot create output folder {out}: {err.strerror}") from None
    if not os.access(out, os.W_OK):
        raise BuildError(f"output folder is not writable: {out}")

    from .render import epub as epub_render
    from .render import html as html_render
    from .render import pdf as pdf_render

    styles = config.base_dir / "styles"
    staged: dict[str, Path] = {}
    epub_job = None
    try:
        if "epub" in formats:
            # Written by a forked child while this process lays out the PDF: on two
            # cores the EPUB then costs no wall time (bench/README.md).
            css = html_render.stylesheet("base.css", styles) + "\n" + html_render.stylesheet("epub.css", styles)
            staged["epub"] = _stage(out, "dossier.epub", lambda p: None)
            epub_job = _Alongside(epub_render.write_epub, dossier, css, staged["epub"])
        if "pdf" in formats or "html" in formats:
            with timer.stage("render html"):
                css = html_render.stylesheet("base.css", styles) + "\n" + html_render.stylesheet("print.css", styles)
                css += f"\n@page {{ size: {config.paper}; margin: {config.margin}; }}\n"
                book = html_render.render_book(dossier, css)
            if "html" in formats:
                staged["html"] = _stage(out, "dossier.html", lambda p: p.write_text(book, "utf-8"))
            if "pdf" in formats:
                with timer.stage("render pdf"):
                    pages = {}
                    staged["pdf"] = _stage(out, "dossier.pdf",
                                           lambda p: pages.setdefault("n", pdf_render.write_pdf(book, p)))
                    result.pages = pages.get("n")
        if epub_job:
            with timer.stage("wait for epub"):
                timer.seconds["render epub"] = epub_job.result()
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
        if epub_job:
            epub_job.stop()
        for tmp in staged.values():
            if tmp.exists():
                tmp.unlink()
    return result


class _Alongside:
    """Runs `write(*args)` in a forked child process, so that it uses the second core
    while this process goes on; `result()` waits and returns the child's seconds or
    raises its error. Where fork is not the norm (macOS, Windows) it runs right away,
    in this process."""

    def __init__(self, write, *args):
        self.proc = None
        if sys.platform != "linux":
            self.seconds = _timed(write, *args)
            return
        ctx = multiprocessing.get_context("fork")
        self.receive, send = ctx.Pipe(duplex=False)

        def child():
            try:
                send.send((True, _timed(write, *args)))
            except BaseException as err:  # handed to the parent, which raises it
                message = str(err) if isinstance(err, DossierError) else f"{type(err).__name__}: {err}"
                send.send((False, (isinstance(err, ConfigError), f"EPUB: {message}")))

        for stream in (sys.stdout, sys.stderr):  # else the child flushes them a second time
            stream.flush()
        self.proc = ctx.Process(target=child, name="dossier-epub", daemon=True)
        self.proc.start()
        send.close()

    def result(self) -> float:
        if self.proc is None:
            return self.seconds
        try:
            ok, value = self.receive.recv()
        except EOFError:
            self.proc.join()
            raise BuildError(f"the EPUB writer died (exit code {self.proc.exitcode})") from None
        self.proc.join()
        if not ok:
            config_error, message = value
            raise (ConfigError if config_error else BuildError)(message)
        return value

    def stop(self) -> None:
        """After a failure elsewhere: the child's output is not wanted."""
        if self.proc is not None and self.proc.is_alive():
            self.proc.terminate()
            self.proc.join()


def _timed(write, *args) -> float:
    start = time.perf_counter()
    write(*args)
    return round(time.perf_counter() - start, 3)


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
