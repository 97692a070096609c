"""build(): the stages in order, one call per line.

read → clean → describe → deduplicate → arrange → glossary → sources → render.
Each stage is a function of what the previous ones returned; timings are recorded
per stage for the report and the benchmark.
"""
from __future__ import annotations

import difflib
import gc
import logging
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from . import chapters as arrange
from . import clean, dedup, glossary, metadata, parallel, readers, report, sources
from .cache import Cache, corpus_digest, open_cache
from .config import Config, compilation_date
from .errors import BuildError, ConfigError, one_line, reported
from .model import Dossier
from .render import sanitize

log = logging.getLogger("dossier")

SHORT_ARTICLE_WORDS = 50  # fewer words than this after cleaning: probably not the article

# progress(stage, done, total): total is None when the stage cannot count its work.
Progress = Callable[[str, int, Optional[int]], None]

FORMATS = ("pdf", "epub", "html")

# Set by `interrupt_handler` (the CLI's SIGINT handler). Python raises the resulting
# KeyboardInterrupt wherever the main thread is; inside a finaliser (a generator closed
# as it is freed, a __del__) it is printed and dropped, and the build would go on. The
# flag is checked again before any output is moved into place.
INTERRUPTED = threading.Event()


def interrupt_handler(signum, frame):
    INTERRUPTED.set()
    raise KeyboardInterrupt


@dataclass
class BuildResult:
    dossier: Dossier
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    parts_kept: tuple[int, int] | None = None  # (PDF parts taken from the cache, parts in all)


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


@parallel.sharing_workers  # read, clean and describe share worker processes
def prepare(config: Config, timer: _Timer | None = None, progress: Progress | None = None,
            cache: Cache | None = None) -> Dossier:
    """Everything up to rendering: what `dossier plan` shows and the renderers draw.
    With a `cache`, the stages that depend only on the article files (read, clean,
    describe, dedup) are taken from it when their inputs are unchanged (dossier/cache.py)."""
    timer = timer or _Timer(progress)
    cache = cache or Cache(None)
    seeds = config.seeds_dir
    if not seeds.is_dir():
        raise ConfigError(f"seeds folder not found: {seeds}", path=_config_name(config), key="seeds")
    with timer.stage("cache"):
        person_written = metadata.load_sources(seeds)
        # The input files' hash keys what the cache keeps; a cache that keeps nothing
        # (--no-cache) need not read every file twice.
        ingest_key = cache.key("ingest", cache_digest(seeds) if cache.folder else None, config.clean)
        ingested = cache.get("ingest", ingest_key)
    if ingested is None:
        with timer.stage("read"):
            documents, skipped = readers.read_all(seeds, progress=lambda done, total: timer.tick("read", done, total))
        with timer.stage("clean"):
            cleaned = clean.clean_all(documents, keep_boilerplate=config.clean.keep_boilerplate)
        cache.put("ingest", ingest_key, (skipped, cleaned))
    else:
        skipped, cleaned = ingested
    describe_key = cache.key("describe", ingest_key, person_written)
    with timer.stage("describe"):
        articles = sanitize.safe_addresses(
            cache.memo("describe", describe_key, lambda: metadata.describe_all(cleaned, person_written)))
    if not articles:
        raise BuildError(f"no articles to build from in {seeds}"
                         + (f" ({len(skipped)} files skipped)" if skipped else ""))
    dedup_key = cache.key("dedup", describe_key, config.dedup)
    with timer.stage("dedup"):
        # Cached with the articles it refers to, so both come from one entry.
        articles, deduplicated = cache.memo("dedup", dedup_key,
                                            lambda: (articles, dedup.deduplicate(articles, config.dedup)))
    with timer.stage("chapters"):
        chapters, placements = arrange.assign(deduplicated, config)
    with timer.stage("glossary"):
        # What the glossary reads in the kept articles depends on them alone: cached with them.
        glossary_key = cache.key("glossary", dedup_key)
        reading = cache.get("glossary", glossary_key)
        if reading is None:
            reading = glossary.read_articles(deduplicated.kept)
            cache.put("glossary", glossary_key, reading)
        terms = glossary.build_glossary(deduplicated.kept, config.glossary, glossary.editor_phrases(config), reading)
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


def warnings_of(dossier: Dossier, config: Config, person_written: dict | None = None) -> list[str]:
    """Problems worth a line each; --strict turns them into a failed build."""
    out = [f"{s.path}: skipped: {s.reason}" for s in dossier.skipped]
    if not config.chapters and dossier.placements:
        out.append(f"{_config_name(config) or 'config.yaml'} defines no chapters: every article is in "
                   f"'{config.other_title}' (see README, 'Chapters')")
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
            close = difflib.get_close_matches(a.front_matter_chapter, sorted(chapter_ids), n=1, cutoff=0.6)
            out.append(f"{a.path}: front matter names chapter '{a.front_matter_chapter}', which config.yaml "
                       "does not define; placed by score instead" + (f"; did you mean '{close[0]}'?" if close else ""))
    known = {s.article.path for s in dossier.sources} | {s.path for s in dossier.skipped}
    known_names = known | {Path(k).name for k in known} | {s.article.id for s in dossier.sources}
    for name in sorted(person_written or {}):
        if name not in known_names:
            out.append(f"sources.yaml: entry '{name}' matches no file in the seeds folder")
    empty = [c.title for c in config.chapters if c.id not in {ch.id for ch in dossier.chapters}]
    for title in empty:
        out.append(f"chapter '{title}' has no articles and is left out")
    for s in dossier.sources:
        out.extend(f"{s.article.path}: {w}" for w in s.article.warnings)
    return [one_line(line) for line in out]


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def build(config: Config, formats: tuple[str, ...] = ("pdf", "epub"), out_dir: Path | None = None,
          strict: bool = False, progress: Progress | None = None, use_cache: bool = True) -> BuildResult:
    """Build the dossier. Outputs are written to temporary files and moved into place
    only when every requested output is complete, so a failed build leaves the last
    good ones untouched. `use_cache=False` recomputes every stage and keeps nothing."""
    timer = _Timer(progress)
    started = time.perf_counter()
    INTERRUPTED.clear()
    out = output_folder(config, out_dir)  # a config error: found before any work is done
    cache = open_cache(out, use_cache)
    dossier = prepare(config, timer, cache=cache)
    result = BuildResult(dossier, warnings=warnings_of(dossier, config, metadata.load_sources(config.seeds_dir)))
    unplaced = [aid for aid, p in dossier.placements.items() if p.chapter_id is None]
    if config.unplaced == "error" and unplaced:
        raise BuildError(f"{plural(len(unplaced), 'article')} fit no chapter: "
                         f"{', '.join(sorted(unplaced))} (unplaced: error)")
    if strict and result.warnings:
        raise BuildError(f"--strict: {plural(len(result.warnings), 'warning')}: " + "; ".join(result.warnings))

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BuildError(f"cannot create output folder {out}: {err.strerror or err}") from None
    if not os.access(out, os.W_OK):
        raise BuildError(f"output folder is not writable: {out}")
    _remove_stale_temporaries(out)

    from .render import epub as epub_render
    from .render import html as html_render
    from .render import pagemap
    from .render import pdf as pdf_render

    staged: dict[str, Path] = {}
    epub_job: _Alongside | None = None
    try:
        # The EPUB's page-list cites the PDF's pages, so the book is laid out whenever
        # an EPUB is built, even without a PDF (see render/pagemap.py). The PDF always gets
        # the same block ids, so it is byte-identical whether or not an EPUB is built.
        layout = pagemap.PrintLayout() if "epub" in formats or "pdf" in formats else None
        if "pdf" in formats or "html" in formats or "epub" in formats:
            with timer.stage("render html"):
                book = html_render.render_book(dossier, sanitize.safe_css(html_render.book_css(config)))
                _refuse_active_content(sanitize.active_content(book), "dossier.html")
            if "html" in formats:
                staged["html"] = _stage(out, "dossier.html", lambda p: p.write_text(book, "utf-8"))
            if "pdf" in formats:
                with timer.stage("render pdf"):
                    pages = {}
                    if "epub" in formats:
                        # A forked child writes the EPUB on the second core while this
                        # process writes the PDF. It needs the page map, known only after
                        # layout, but is forked before it: it then shares the small heap
                        # of now, not the laid-out book.
                        staged["epub"] = _stage(out, "dossier.epub", lambda p: None)
                        epub_job = _Alongside(epub_render.write_epub, dossier,
                                                     sanitize.safe_css(html_render.epub_css(config)),
                                                     staged["epub"])

                    def on_page_map(page_map) -> None:
                        layout.page_map = page_map
                        if epub_job:
                            epub_job.send(page_map)

                    staged["pdf"] = _stage(out, "dossier.pdf",
                                           lambda p: pages.setdefault("n", pdf_render.write_pdf(
                                               book, p, on_page_map, cache=cache,
                                               on_progress=lambda done, total: timer.tick("render pdf", done, total))))
                    result.pages = pages.get("n")
                    glyphs = pdf_render.glyph_warnings(book)
                    if strict and glyphs:
                        raise BuildError("--strict: " + glyphs[0])
                    result.warnings.extend(glyphs)
        if "epub" in formats:
            if epub_job:
                with timer.stage("wait for epub"):
                    timer.seconds["render epub"] = epub_job.result()
            else:
                with timer.stage("render epub"):
                    page_map = layout.page_map or pdf_render.page_map(book, out, cache)
                    css = html_render.epub_css(config)
                    staged["epub"] = _stage(out, "dossier.epub",
                                            lambda p: epub_render.write_epub(dossier, sanitize.safe_css(css), p, page_map))
            _refuse_active_content(sanitize.epub_active_content(staged["epub"]), "dossier.epub")
        from .render.parts import CACHE_KIND

        kept, redone = cache.hits.count(CACHE_KIND), cache.misses.count(CACHE_KIND)
        if kept + redone:
            result.parts_kept = (kept, kept + redone)
        result.seconds = dict(timer.seconds)
        result.seconds["total"] = round(time.perf_counter() - started, 3)
        report_path = _stage(out, "report.json",
                             lambda p: report.write_report(dossier, result, config, p, list(staged)))
        staged["report"] = report_path
        if INTERRUPTED.is_set():  # a Ctrl-C whose KeyboardInterrupt was swallowed
            raise KeyboardInterrupt
        for fmt, tmp in staged.items():
            final = out / ("report.json" if fmt == "report" else f"dossier.{fmt}")
            _move_into_place(tmp, final)
            result.outputs[fmt] = str(final)
        _sync_folder(out)
    finally:
        if epub_job:
            epub_job.stop()
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
    return result


class _Alongside:
    """Runs `write(*args, last)` in a forked child process, so that it uses the second
    core while this process goes on; `last` is what `send(last)` hands over later.
    `result()` waits and returns the child's seconds or raises its error as this process
    would have. Where fork is not the norm (macOS, Windows) it runs in this process, at
    `send`."""

    def __init__(self, write, *args):
        self.write, self.args, self.proc, self.seconds = write, args, None, 0.0
        if sys.platform != "linux":
            return
        ctx = multiprocessing.get_context("fork")
        self.receive, child_send = ctx.Pipe(duplex=False)
        child_receive, self.deliver = ctx.Pipe(duplex=False)

        def child() -> None:
            # The parent's ends of both pipes were inherited: closed here, so that the
            # parent's death (even by SIGKILL) reads as the end of the pipe.
            self.deliver.close()
            self.receive.close()
            try:
                last = child_receive.recv()
                outcome = (True, _timed(write, *args, last))
            except EOFError:  # the parent failed before sending: nothing to write
                return
            except BaseException as err:  # handed to the parent, which raises it
                outcome = (False, (isinstance(err, ConfigError), f"EPUB: {reported(err)}"))
            try:
                child_send.send(outcome)
            except OSError:  # the parent is gone
                pass

        for stream in (sys.stdout, sys.stderr):  # else the child flushes them a second time
            stream.flush()
        # What exists now is shared with the child until either writes to it; the cycle
        # collector writes to every object it scans, so it is told to leave them alone
        # (`stop` gives them back) and the pages stay shared.
        gc.freeze()
        self.proc = ctx.Process(target=child, name="dossier-epub", daemon=True)
        self.proc.start()
        child_send.close()
        child_receive.close()

    def send(self, last) -> None:
        if self.proc is None:
            self.seconds = _timed(self.write, *self.args, last)
        else:
            self.deliver.send(last)
            self.deliver.close()

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
        """At the end of the build; after a failure elsewhere the child's output is not
        wanted."""
        if self.proc is not None:
            if self.proc.is_alive():
                self.proc.terminate()
                self.proc.join()
            gc.unfreeze()


def _timed(write, *args) -> float:
    start = time.perf_counter()
    write(*args)
    return round(time.perf_counter() - start, 3)


def output_folder(config: Config, out_dir: Path | None = None) -> Path:
    """Where outputs go. A folder given by the caller (`--out`) is taken as it is; the
    config's `output` must stay inside the config's folder, since a config can come
    from anyone and must not make the build write elsewhere. Never the seeds folder:
    the next build would read its own HTML as an article."""
    if out_dir is not None:
        out = Path(out_dir).resolve()
    else:
        base = Path(os.path.abspath(config.base_dir))
        lexical = Path(os.path.normpath(base / config.output))
        if not lexical.is_relative_to(base):
            raise ConfigError(f"output folder {lexical} is outside the config's folder {base}; "
                              "give it on the command line with --out to write there",
                              path=_config_name(config), line=_config_line(config, "output"), key="output")
        out = config.output_dir
    seeds = config.seeds_dir
    if out.is_relative_to(seeds):
        message = f"output folder {out} is inside the seeds folder {seeds}; the next build would read the outputs"
        if out_dir is not None:
            raise ConfigError(message, key="--out")
        raise ConfigError(message, path=_config_name(config), line=_config_line(config, "output"), key="output")
    return out


def _config_name(config: Config) -> str | None:
    return str(config.path) if config.path else None


def _config_line(config: Config, key: str) -> int | None:
    """The line of a top-level key in the config file, for the error message."""
    if not config.path:
        return None
    from .yamlsafe import load_yaml_file

    try:
        return getattr(load_yaml_file(config.path), "lines", {}).get(key)
    except Exception:  # the file changed since it was loaded: the message just has no line
        return None


def _refuse_active_content(problems: list[str], name: str) -> None:
    """Fail closed: the sanitising above should make this impossible."""
    if problems:
        raise BuildError(f"{name}: refusing to write output with active content: " + "; ".join(problems[:5]))


# Temporary outputs are named '.<name>.<pid>.<random>.tmp' (the PDF's parts: a folder
# '.dossier-parts.<pid>.<random>.tmp'), so that a build can tell those of a build that
# was killed (its process is gone) from those of one running.
_TEMPORARY = re.compile(r"^\.(?:dossier\.(?:pdf|epub|html)|report\.json|dossier-parts)\.(\d+)\.[^.]+\.tmp$")


@contextmanager
def _interrupts_held():
    """SIGINT waits (and is raised as KeyboardInterrupt) until the block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _stage(out: Path, name: str, write) -> Path:
    """Write through `write(path)` into a temporary file beside the final one, flushed
    to disk, so that moving it into place is all-or-nothing even on power loss."""
    path = None
    try:
        with _interrupts_held():  # a Ctrl-C between creating the file and knowing its name would leave it
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{name}.{os.getpid()}.", suffix=".tmp", dir=out)
            except OSError as err:
                raise BuildError(f"cannot write to {out}: {err.strerror or err}") from None
            os.close(fd)
            path = Path(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(path, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
        write(path)
        with open(path, "rb+") as handle:
            os.fsync(handle.fileno())
    except OSError as err:
        if path:
            path.unlink(missing_ok=True)
        raise BuildError(f"cannot write {out / name}: {err.strerror or err}") from None
    except BaseException:
        if path:
            path.unlink(missing_ok=True)
        raise
    return path


def _move_into_place(tmp: Path, final: Path) -> None:
    try:
        os.replace(tmp, final)
    except OSError as err:
        raise BuildError(f"cannot replace {final}: {err.strerror or err}") from None


def _sync_folder(folder: Path) -> None:
    """Make the renames durable (POSIX); not possible everywhere, and harmless to skip."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_stale_temporaries(out: Path) -> None:
    """Temporary outputs left by a build that was killed (SIGKILL, power loss)."""
    for entry in out.iterdir():
        m = _TEMPORARY.match(entry.name)
        if m and not _process_alive(int(m.group(1))):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but not ours
        return True
    return True
