"""The PDF laid out in parts, on every core.

WeasyPrint lays a document out in one process, and layout is nine tenths of a build.
A book splits cleanly where a new page begins anyway: before each chapter and each
appendix. Each part is laid out on its own by a worker process forked from this one,
with every page number it shows as a placeholder (cross-references, the contents'
numbers, "Page N of M" in the footers; render/pagerefs.py), and drawn to its own PDF at
once, so that a worker holds one laid-out part at a time. Once every part's page count
and anchors are known, render/stamp.py writes the book's numbers into the parts' PDFs
and render/pdfjoin.py joins them into one PDF with one outline, one structure tree and
links across parts.

What a part would have inherited from the parts before it is handed to it before
layout: the running-head strings set earlier (`string-set`) and the footnote count.
A part's PDF depends on its HTML alone, so a build with a cache (dossier/cache.py)
keeps each part for the next one: after chapters are renamed or moved, only the parts
whose HTML changed are laid out again. The same book with the same parts gives the
same bytes; the pages are the same whatever the parts (tests/test_parts.py and
tests/test_stamp.py compare them with the book laid out whole).
"""
from __future__ import annotations

import ctypes
import functools
import gc
import logging
import multiprocessing
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import pagemap, pagerefs, stamp

log = logging.getLogger("dossier")

# Sections that start a new page in print.css, and may start a part.
BOUNDARY_CLASSES = ("chapter", "appendix")
# A book this long (characters of HTML, about 60 pages) is laid out in parts.
MIN_PART_CHARS = 270_000
JOBS = None  # workers: one per core this process may use


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass
class Part:
    """A complete HTML document: some of the book's top-level sections."""

    index: int
    html: str
    ids: frozenset[str]


@dataclass
class LaidOut:
    """What a worker tells of a part once it is laid out: its pages are numbered from 1."""

    index: int
    pages: int
    anchors: dict[str, int]
    page_map: pagemap.PageMap
    plan: stamp.Plan | None = None  # where its numbers go (render/stamp.py)


@dataclass
class Numbers:
    """What every worker needs to fill in its parts' page numbers."""

    first_page: dict[int, int]  # part index -> its first page's number in the book
    total: int
    anchors: dict[str, int] = field(default_factory=dict)  # anchor -> page in the book


# --- Splitting --------------------------------------------------------------------------

_BREAK_BEFORE = re.compile(r"([^{}]*)\{[^{}]*\b(?:page-)?break-before\s*:\s*([\w-]+)", re.I)


def splittable(html: str) -> bool:
    """Whether every chapter and appendix starts a new page in the book's style sheets
    (a project style may say otherwise), and nothing but the running heads and footers
    counts pages: only then is the book in parts the same book."""
    css = pagerefs.style_sheets(html)
    if re.search(r"counter\(\s*pages?\s*,", css):  # a counter style other than decimal
        return False
    breaks = {name: None for name in BOUNDARY_CLASSES}
    for selectors, value in _BREAK_BEFORE.findall(css):
        for name in BOUNDARY_CLASSES:
            if re.search(rf"\.{name}\s*(?:,|$)", selectors.strip()):
                breaks[name] = value.lower()
    return all(v in ("page", "always", "left", "right", "recto", "verso") for v in breaks.values())


def split(html: str, xref_href, jobs: int | None = None, smallest: int = 0) -> list[Part]:
    """The book's HTML as parts, each a complete document with the book's head, cut
    before chapters and appendices: a part for the front matter and for each chapter
    and appendix, or, for `jobs` workers, consecutive ones joined so that the workers
    finish soonest, or, with `smallest` (characters of HTML), consecutive ones shorter
    than that joined until they reach it. A link to an anchor
    in another part points at `xref_href(name)` (render/pdfjoin.py makes it internal
    again); each part's body carries the running-head strings and the footnote count
    the parts before it leave."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    body = root.find("body")
    groups: list[list[tuple[object, object]]] = [[]]
    for child in _elements(body):
        inner = _elements(child)
        if not _is_boundary(child) and any(_is_boundary(gc) for gc in inner):
            for grandchild in inner:  # a wrapper (<main>) around chapters: split inside it
                _add(groups, child, grandchild)
        else:
            _add(groups, None, child)
    groups = [g for g in groups if g]
    if jobs is not None:
        groups = _fewer(groups, jobs)
    elif smallest:
        groups = _small_ones_joined(groups, smallest)
    inherited = _inherited_state(root, html, [g[0][1] for g in groups])
    boxed = _boxed(root, html, {wrapper for group in groups for wrapper, _ in group if wrapper is not None})
    head = lxml.html.tostring(root.find("head"), encoding="unicode")
    # The joined PDF takes its metadata from the first part: the others' <meta> would
    # only make their HTML differ when the chapters' titles do (keywords), which would
    # keep a cache from reusing them (dossier/cache.py).
    bare_head = root.find("head")
    for meta in bare_head.findall("meta"):
        if meta.get("name"):
            bare_head.remove(meta)
    later_head = lxml.html.tostring(bare_head, encoding="unicode")
    html_attrs = " ".join(f'{k}="{_attr(v)}"' for k, v in root.items())
    parts: list[Part] = []
    copied: set = set()
    last_group = {wrapper: i for i, group in enumerate(groups) for wrapper, _ in group if wrapper is not None}
    for index, group in enumerate(groups):
        # a wrapper that goes on in a later part: its copy here ends at a page break
        continues = {w for w, last in last_group.items() if last > index}
        part_body = lxml.html.Element("body", dict(body.items()))
        copy, copy_of = None, None
        for wrapper, element in group:
            if wrapper is None:
                part_body.append(element)
                copy = copy_of = None
                continue
            if wrapper is not copy_of:
                copy = lxml.html.Element(wrapper.tag, dict(wrapper.items()))
                if wrapper in copied:  # an id is the first copy's only
                    copy.attrib.pop("id", None)
                if wrapper in boxed:
                    _continued(copy, top=wrapper in copied, bottom=wrapper in continues)
                copied.add(wrapper)
                part_body.append(copy)
                copy_of = wrapper
            copy.append(element)
        ids = frozenset(e.get("id") for e in part_body.iter() if isinstance(e.tag, str) and e.get("id"))
        for element in part_body.iter():
            if not isinstance(element.tag, str):
                continue
            for key, value in element.items():
                if value.startswith("#") and len(value) > 1 and value[1:] not in ids:
                    element.set(key, xref_href(value[1:]))
        if inherited.get(index):
            own = part_body.get("style")
            part_body.set("style", inherited[index] + ("; " + own if own else ""))
        _continued(part_body, top=index > 0, bottom=index < len(groups) - 1)
        text = (f"<!DOCTYPE html>\n<html {html_attrs}>{head if index == 0 else later_head}"
                + lxml.html.tostring(part_body, encoding="unicode") + "</html>")
        parts.append(Part(index, text, ids))
    return parts


# What a part costs whatever its size (style sheets read, fonts subset, PDF joined), in
# characters of HTML laid out in the same time: measured about 0.4 s a part.
PART_COST_CHARS = 25_000
# Parts kept for the next build (a cache) are one per chapter and appendix, so that a
# chapter moved or renamed leaves the others' parts as they were; shorter ones (about
# 35 pages) are joined with their neighbours, each part costing its fixed share.
KEPT_PART_CHARS = 6 * PART_COST_CHARS


def _fewer(groups: list[list], jobs: int) -> list[list]:
    """Consecutive groups joined into as many parts as keep `jobs` workers busiest
    for the least time: for each number of parts, cuts where the running size is
    nearest an equal share, the parts handed out largest first, and each part's fixed
    cost counted."""
    sizes = [_size(group) for group in groups]
    best = None
    for count in range(1, len(groups) + 1):
        runs = _runs(sizes, count)
        loads = [0] * jobs
        for size in sorted((sum(sizes[a:b]) + PART_COST_CHARS for a, b in runs), reverse=True):
            loads[loads.index(min(loads))] += size
        if best is None or max(loads) < best[0]:
            best = (max(loads), runs)
    return [[item for group in groups[a:b] for item in group] for a, b in best[1]]


def _small_ones_joined(groups: list[list], smallest: int) -> list[list]:
    """Consecutive groups shorter than `smallest` joined until they reach it; a longer
    one stays a part of its own whatever comes before or after it."""
    joined: list[list] = []
    last_size = smallest
    for group in groups:
        size = _size(group)
        if last_size < smallest and size < smallest:
            joined[-1] = joined[-1] + group
            last_size += size
        else:
            joined.append(list(group))
            last_size = size
    return joined


def _size(group: list) -> int:
    """Characters of HTML of a group's elements."""
    import lxml.html

    return sum(len(lxml.html.tostring(element)) for _, element in group)


def _runs(sizes: list[int], count: int) -> list[tuple[int, int]]:
    """(start, end) of `count` runs of consecutive sizes, each cut where the running
    total is nearest a multiple of total / count."""
    total, cuts, running = sum(sizes), [], 0
    for i, size in enumerate(sizes):
        if len(cuts) == count - 1:
            break
        before, running = running, running + size
        goal = total * (len(cuts) + 1) / count
        if running >= goal:
            cut = i if goal - before < running - goal else i + 1
            if cut > (cuts[-1] if cuts else 0) and cut < len(sizes):
                cuts.append(cut)
    bounds = [0] + cuts + [len(sizes)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def _continued(element, top: bool, bottom: bool) -> None:
    """A box that the whole book breaks across pages shows its top margin, border and
    padding on its first page only, and its bottom ones on its last: a part's copy
    that continues one, or is continued, must not show them at the cut."""
    sides = (["top"] if top else []) + (["bottom"] if bottom else [])
    if sides:
        own = element.get("style")
        cut = "; ".join(f"margin-{s}: 0; border-{s}: none; padding-{s}: 0" for s in sides)
        element.set("style", (own + "; " if own else "") + cut)


def _boxed(root, html: str, wrappers: set) -> set:
    """The wrappers that the book's style sheets give a margin, border or padding: only
    those need cutting where a part ends or begins inside them (a wrapper's copy then
    looks the same whichever chapter comes first in it)."""
    import cssselect2

    if not wrappers:
        return set()
    matcher = cssselect2.Matcher()
    for selectors, declarations in _style_rules(html):
        if any(d.lower_name.startswith(("margin", "border", "padding")) for d in declarations):
            for selector in _compiled(selectors):
                matcher.add_selector(selector, True)
    return {w.etree_element for w in cssselect2.ElementWrapper.from_html_root(root).iter_subtree()
            if w.etree_element in wrappers and matcher.match(w)}


def _elements(parent) -> list:
    return [child for child in parent if isinstance(child.tag, str)]


def _is_boundary(element) -> bool:
    classes = (element.get("class") or "").split()
    return any(name in classes for name in BOUNDARY_CLASSES)


def _add(groups: list, wrapper, element) -> None:
    if _is_boundary(element) and groups[-1]:
        groups.append([])
    groups[-1].append((wrapper, element))


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


def _css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _inherited_state(root, html: str, firsts: list) -> dict[int, str]:
    """{part index: style for the part's body}: `string-set` for each running-head
    string set before the part and not by the part itself (a chapter sets its own
    title, which must show on its first page), and `counter-reset: footnote N` for the
    footnotes before it. `firsts`: each part's first element."""
    import cssselect2
    import tinycss2

    matcher = cssselect2.Matcher()
    string_rules = []
    for selectors, declarations in _style_rules(html):
        for decl in declarations:
            if decl.lower_name == "string-set":
                string_rules.append(decl.value)
                payload = ("string", len(string_rules) - 1)
            elif decl.lower_name == "float" and tinycss2.serialize(decl.value).strip().lower() == "footnote":
                payload = ("footnote", 0)
            else:
                continue
            for selector in _compiled(selectors):
                matcher.add_selector(selector, payload)

    starts = {element: index for index, element in enumerate(firsts)}
    strings: dict[str, str] = {}
    footnotes = 0
    before: dict[int, tuple[dict, int]] = {}
    own: dict[int, set] = {}
    index = 0
    for wrapped in cssselect2.ElementWrapper.from_html_root(root).iter_subtree():
        element = wrapped.etree_element
        if element in starts:
            index = starts[element]
            before[index] = (dict(strings), footnotes)
            own[index] = set()
        payloads = [match[-1] for match in matcher.match(wrapped) or ()]
        footnotes += ("footnote", 0) in payloads
        string_rule = max((p[1] for p in payloads if p[0] == "string"), default=None)
        if string_rule is not None:  # the last rule in the style sheets wins
            for name, value in _string_values(string_rules[string_rule], element):
                strings[name] = value
                own.setdefault(index, set()).add(name)
    state: dict[int, str] = {}
    for index, (strings_before, footnotes_before) in before.items():
        if index == 0:
            continue
        declarations = []
        handed = [(n, v) for n, v in strings_before.items() if n not in own[index]]
        if handed:
            declarations.append("string-set: " + ", ".join(f"{n} {_css_string(v)}" for n, v in handed))
        if footnotes_before:
            declarations.append(f"counter-reset: footnote {footnotes_before}")
        if declarations:
            state[index] = "; ".join(declarations)
    return state


def _style_rules(html: str):
    """(selectors, declarations) of each style rule of the book's style sheets; at-rules
    (@page, @media screen) are left out: they style no element of the book's pages."""
    import tinycss2

    for rule in tinycss2.parse_stylesheet(pagerefs.style_sheets(html), skip_whitespace=True, skip_comments=True):
        if rule.type == "qualified-rule":
            yield tinycss2.serialize(rule.prelude), [
                d for d in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True)
                if d.type == "declaration"]


def _compiled(selectors: str):
    import cssselect2

    try:
        return cssselect2.compile_selector_list(selectors)
    except Exception:  # a selector cssselect2 cannot read (a pseudo-element): it sets nothing here
        return []


def _string_values(tokens, element) -> list[tuple[str, str]]:
    """`string-set: name content() | attr(x) | "text" …, name2 …` of one element."""
    values: list[tuple[str, str]] = []
    name, pieces = None, []
    for token in list(tokens) + [None]:
        if token is None or (token.type == "literal" and token.value == ","):
            if name:
                values.append((name, "".join(pieces)))
            name, pieces = None, []
            continue
        if token.type == "whitespace":
            continue
        if name is None and token.type == "ident":
            name = token.value
        elif token.type == "string":
            pieces.append(token.value)
        elif token.type == "function" and token.lower_name == "content":
            pieces.append(" ".join("".join(element.itertext()).split()))
        elif token.type == "function" and token.lower_name == "attr":
            args = [t.value for t in token.arguments if t.type == "ident"]
            if args:
                pieces.append(element.get(args[0]) or "")
    return [(n, v) for n, v in values if n != "none"]


# --- Layout in workers ------------------------------------------------------------------

def lay_out_part(part: Part, placeholder_digits: int, target: Path, link_prefix: str) -> LaidOut:
    """Lay one part out, numbers as placeholders, and draw it to `target` at once
    (render/stamp.py writes the numbers in once the book is counted)."""
    from .pdf import _render, write_document

    source, placeholder = pagerefs.print_source(part.html, placeholder_digits, mark_page_counters=True)
    layout = pagemap.PrintLayout()
    document = _render(source, layout.before_layout)
    gc.collect()  # layout's own cyclic garbage, before drawing adds the PDF's objects to it
    layout.on_render(document)
    report = LaidOut(part.index, len(document.pages), pagerefs.anchor_pages(document), layout.page_map,
                     stamp.prepare(document, placeholder, link_prefix))
    with stamp.drawing_marks(report.plan):
        write_document(document, target)
    return report


def book_numbers(laid_out: list[LaidOut]) -> tuple[Numbers, pagemap.PageMap]:
    """Where each part begins in the book, every anchor's page, and the book's page map."""
    first_page, anchors = {}, {}
    anchor_page, starts = {}, {}
    number = 1
    for part in sorted(laid_out, key=lambda p: p.index):
        first_page[part.index] = number
        offset = number - 1
        for name, page in part.anchors.items():
            anchors.setdefault(name, page + offset)
        for name, page in part.page_map.anchor_page.items():
            anchor_page.setdefault(name, page + offset)
        for page, names in part.page_map.page_starts.items():
            starts[page + offset] = list(names)
        number += part.pages
    total = number - 1
    return (Numbers(first_page, total, anchors),
            pagemap.PageMap(pages=total, anchor_page=anchor_page, page_starts=starts))


CACHE_KIND = "pdf-parts"


def write_pdf(html: str, target: Path, on_page_map=None, jobs: int | None = None, on_progress=None,
              cache=None) -> int:
    """Lay the book out in parts and write it to `target`; returns the page count.
    `on_page_map(page_map)` is called as soon as every part is laid out (the EPUB
    waits for it), `on_progress(done, total)` as parts are laid out. With a `cache`
    (dossier/cache.py), a part drawn by an earlier build from the same HTML is taken
    from it. Raises stamp.CannotStamp when the placeholders are too short or a
    project style draws a number `stamp` cannot rewrite (the caller lays the book out
    whole)."""
    return _in_parts(html, target.parent, target, on_page_map, jobs, on_progress, cache)[0]


def page_map(html: str, folder: Path, jobs: int | None = None, on_progress=None, cache=None) -> pagemap.PageMap:
    """The pages of the book laid out in parts, without writing the PDF (an EPUB-only
    build); the parts drawn on the way are kept in the cache for the PDF's next build.
    `folder`: where the parts are drawn (the output folder)."""
    return _in_parts(html, folder, None, None, jobs, on_progress, cache)[1]


def _in_parts(html: str, folder: Path, target: Path | None, on_page_map, jobs, on_progress, cache):
    """(pages, page map): each part laid out and drawn, or taken from the cache, and the
    parts stamped and joined into `target` (none: not written)."""
    from . import pdfjoin

    jobs = jobs or JOBS or cores()
    prefix = pdfjoin.XREF_SCHEME + ":"
    caching = cache is not None and cache.folder is not None
    # One part per chapter and appendix when parts are kept for the next build (a
    # chapter moved or renamed leaves the other chapters' parts as they were); else
    # as many as keep the workers busiest.
    parts = (split(html, pdfjoin.xref_href, smallest=KEPT_PART_CHARS) if caching
             else split(html, pdfjoin.xref_href, jobs))
    digits = pagerefs.placeholder_digits(html)
    keys = {p.index: _cache_key(cache, p, digits) for p in parts} if caching else {}
    with tempfile.TemporaryDirectory(prefix=f".dossier-parts.{os.getpid()}.", suffix=".tmp", dir=folder) as work:
        paths = [Path(work) / f"part-{p.index:03d}.pdf" for p in parts]
        laid_out: list[LaidOut] = []
        for part in parts:
            kept = cache.get_file(CACHE_KIND, keys[part.index]) if caching else None
            if kept is not None:
                report, paths[part.index] = kept
                report.index = part.index  # where the part is in this book
                laid_out.append(report)
        done = {report.index for report in laid_out}
        to_lay_out = [p for p in parts if p.index not in done]

        def progress(count: int, _total: int) -> None:
            if on_progress:
                on_progress(len(done) + count, len(parts))

        # forked workers where fork is the norm, and where this process may have children
        if jobs > 1 and to_lay_out and sys.platform == "linux" and not multiprocessing.current_process().daemon:
            laid_out += _in_workers(to_lay_out, digits, paths, prefix, progress, jobs)
        else:
            laid_out += _in_process(to_lay_out, digits, paths, prefix, progress)
        numbers, book_map = _checked(book_numbers(laid_out), digits)
        if on_page_map:
            on_page_map(book_map)
        reports = {report.index: report for report in laid_out}

        def stamped(index: int, pdf) -> None:
            plan = reports[index].plan
            stamp.stamp(pdf, plan, stamp.numbers_shown(plan, numbers.anchors, numbers.first_page[index],
                                                       numbers.total))

        log.debug("PDF laid out in %d parts (%d from the cache): %s pages", len(parts), len(done),
                  [reports[p.index].pages for p in parts])
        if target is not None:
            pdfjoin.join(paths, target, stamped)
        if caching:
            for part in to_lay_out:
                cache.put_file(CACHE_KIND, keys[part.index], reports[part.index], paths[part.index])
            cache.keep_only(CACHE_KIND, set(keys.values()))
        return numbers.total, book_map


def _cache_key(cache, part: Part, digits: int) -> str:
    import weasyprint

    return cache.key(CACHE_KIND, part.html, digits, weasyprint.__version__)


def _in_process(parts, digits, paths, prefix, on_progress) -> list[LaidOut]:
    laid_out = []
    for part in parts:
        laid_out.append(lay_out_part(part, digits, paths[part.index], prefix))
        if on_progress:
            on_progress(len(laid_out), len(parts))
    return laid_out


def _checked(numbers_and_map, digits: int):
    """The book's numbers, if the placeholders have room for them: found out before
    anyone hears of the page map, so that the whole book laid out instead is the only
    one the EPUB is told of."""
    if len(str(numbers_and_map[0].total)) > digits:
        raise stamp.CannotStamp("more pages than the page-number placeholder has digits")
    return numbers_and_map


def assign(parts: list[Part], jobs: int) -> list[list[Part]]:
    """Parts for each worker, largest first to the least loaded (by characters)."""
    loads = [[0, []] for _ in range(min(jobs, len(parts)))]
    for part in sorted(parts, key=lambda p: (-len(p.html), p.index)):
        least = min(loads, key=lambda load: load[0])
        least[0] += len(part.html)
        least[1].append(part)
    return [sorted(batch, key=lambda p: p.index) for _, batch in loads]


def _in_workers(parts, digits, paths, prefix, on_progress, jobs) -> list[LaidOut]:
    from multiprocessing.connection import wait

    ctx = multiprocessing.get_context("fork")
    batches = assign(parts, jobs)
    workers = []
    for batch in batches:
        here, there = ctx.Pipe()
        process = ctx.Process(target=_worker, args=(batch, digits, paths, prefix, there, here),
                              name="dossier-layout", daemon=True)
        workers.append((process, here, there))
    for stream in (sys.stdout, sys.stderr):  # else the workers flush them a second time
        stream.flush()
    gc.freeze()  # what exists now stays shared with the workers (see pipeline._Alongside)
    try:
        for process, _, there in workers:
            process.start()
            there.close()
        to_report = {here: len(batch) for (_, here, _), batch in zip(workers, batches)}
        laid_out: list[LaidOut] = []
        while len(laid_out) < len(parts):
            for connection in wait([c for c, left in to_report.items() if left]):
                laid_out.append(_receive(connection))
                to_report[connection] -= 1
                if on_progress:
                    on_progress(len(laid_out), len(parts))
        for process, _, _ in workers:
            process.join()
        return laid_out
    finally:
        for process, here, _ in workers:
            if process.is_alive():
                process.terminate()
                process.join()
            here.close()
        gc.unfreeze()


def _receive(connection):
    from ..errors import BuildError

    try:
        ok, value = connection.recv()
    except EOFError:
        raise BuildError("a PDF layout worker died") from None
    if ok:
        return value
    if isinstance(value, stamp.CannotStamp):
        raise value
    raise BuildError(f"PDF: {value}")


def _worker(batch: list[Part], digits: int, paths: list[Path], prefix: str, connection, parent_end) -> None:
    """Lay out and draw the batch's parts, one at a time, reporting each."""
    parent_end.close()
    try:
        for part in batch:
            connection.send((True, lay_out_part(part, digits, paths[part.index], prefix)))
            _give_back_memory()
    except (EOFError, KeyboardInterrupt):  # the parent is gone or stopping: nothing wanted
        os._exit(1)
    except stamp.CannotStamp as err:  # the parent lays the book out whole
        _send(connection, (False, err))
    except BaseException as err:  # handed to the parent, which raises it
        from ..errors import reported

        _send(connection, (False, reported(err)))
    os._exit(0)


def _give_back_memory() -> None:
    """Return the memory a laid-out part freed to the system: glibc keeps freed blocks for
    reuse, so a worker's size would only grow, part after part (the peak of the build is
    two workers side by side)."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's malloc_trim, or None (another C library, another system)."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def _send(connection, message) -> None:
    try:
        connection.send(message)
    except OSError:
        pass
