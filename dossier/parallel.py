"""The per-file work of reading, cleaning and describing, on every core, in order.

Each of those stages does the same pure work on every file, so a corpus of thousands of
articles splits across worker processes. What comes back is exactly what a plain loop
would give, in the same order (`Pool.imap`); a worker's exception reaches the caller.

Small corpora never pay for processes: below MIN_ITEMS items (and on one core, where
fork is missing, or in a process with other threads, where forking is unsafe: the
preview server) the work runs in a plain loop.

Workers are forked. Forked children share the parent's memory pages, but each child's
resident size counts them all, so children forked from a parent that already holds
20,000 articles would look like three copies of them. `sharing_workers` (around
`pipeline.prepare`) therefore lets read, clean and describe share one set of workers,
started by the first stage that needs them, while the parent is still small; the inputs
are sent to them (pickled) rather than inherited. Describe stops them (they hold some
500 MB each by then), and none are started again in that block: dedup, chapters and the
glossary run in the calling process (bench/README.md has what running them elsewhere
was measured to cost).
"""
from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import threading
from contextlib import contextmanager
from typing import Callable, Iterator, Sequence

MIN_ITEMS = 64  # fewer files than this: starting processes costs more than it saves
CHUNK = 32  # items sent to a worker at once: few round trips, yet both cores kept busy

_shared: dict = {"depth": 0, "pool": None, "released": False}


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _run_chunk(func: Callable, chunk: list) -> list:
    return [func(item) for item in chunk]


def ordered_map(func: Callable, items: Sequence, min_items: int | None = None) -> Iterator:
    """`func(item)` for every item, in order, as a generator (results arrive while the
    rest are still being computed, for progress displays). `func` must be a module-level
    function, and items and results picklable."""
    return _without_cycle_collection(_map(func, items, MIN_ITEMS if min_items is None else min_items))


def _map(func: Callable, items: Sequence, min_items: int) -> Iterator:
    if len(items) < min_items or cores() < 2:
        return (func(item) for item in items)
    pool = _shared["pool"]
    if pool is None and _shared["depth"] and _shared["released"]:
        # The shared workers were stopped by a stage that knew the heap is large now:
        # workers forked from it would each count it all (see the module's docstring).
        return (func(item) for item in items)
    if pool is None and _shared["depth"] and _can_fork():
        pool = _shared["pool"] = _start()
    if pool is not None:
        return _chunked(pool, func, items)
    if not _can_fork():
        return (func(item) for item in items)
    return _own_pool(func, items)


def cycle_collector_paused(func: Callable) -> Callable:
    """Decorator: Python's cycle collector paused while `func` runs (a stage that works
    on the whole corpus in this process: dedup, chapters, the glossary). Its passes walk
    every object alive, at 20,000 articles millions of them and none garbage; at that size
    they cost dedup, chapters and the glossary some 4 s. Reference counting still frees
    everything; the collector resumes afterwards, as it was."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        paused = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if paused:
                gc.enable()
    return wrapper


def _without_cycle_collection(results: Iterator) -> Iterator:
    """The results, with Python's cycle collector paused while they are made. Each of its
    full passes walks every object alive (at 20,000 articles, millions of strings and
    lists, none of them garbage, since the stages' data holds no cycles), and allocating
    the results triggers those passes again and again: a quarter of cleaning's time at that
    size. Reference counting still frees everything; the collector resumes afterwards."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield from results
    finally:
        if paused:
            gc.enable()


def _chunked(pool, func: Callable, items: Sequence) -> Iterator:
    chunks = [list(items[i:i + CHUNK]) for i in range(0, len(items), CHUNK)]
    for results in pool.imap(functools.partial(_run_chunk, func), chunks):
        yield from results


def _own_pool(func: Callable, items: Sequence) -> Iterator:
    pool = _start()
    try:
        yield from _chunked(pool, func, items)
    finally:
        pool.terminate()
        pool.join()


def _start():
    _warm_up()
    # A worker's heap is small, and it makes the garbage (parsers' cycles) the collector is
    # for: it collects as usual, whatever the parent does (see _without_cycle_collection).
    return multiprocessing.get_context("fork").Pool(cores(), initializer=gc.enable)


def _warm_up() -> None:
    """Load what every worker needs once, in the parent, so that the children share it
    instead of each loading its own copy: the language model and the rules files."""
    from .clean import _rules
    from .dates import vocabulary
    from .language import identify

    identify("")
    _rules()
    vocabulary()


@contextmanager
def workers_shared():
    """Within this block, the stages share one set of workers (started on first need)."""
    _shared["depth"] += 1
    try:
        yield
    finally:
        _shared["depth"] -= 1
        if not _shared["depth"]:
            release()
            _shared["released"] = False


def release() -> None:
    """Stop the shared workers, if any. Within a `workers_shared` block, none are started
    again: the stages after it (dedup, the glossary) then run in this process."""
    _shared["released"] = bool(_shared["depth"])
    pool, _shared["pool"] = _shared["pool"], None
    if pool is not None:
        pool.terminate()
        pool.join()


def sharing_workers(func: Callable) -> Callable:
    """Decorator: the ingest stages called inside `func` share one set of workers."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with workers_shared():
            return func(*args, **kwargs)
    return wrapper
