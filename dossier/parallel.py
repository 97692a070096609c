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
500 MB each by then), and none are started again in that block. For a large corpus
the first stage also forks a small template process before the corpus is read (and
before the workers, whose pool starts threads): after describe, `started_map` (dedup's
profiles, the glossary's reading) runs on workers forked from it, which share its small
heap instead of the parent's large one. Without it, a plain loop in this process.
"""
from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from contextlib import contextmanager
from typing import Callable, Iterator, Sequence

MIN_ITEMS = 64  # fewer files than this: starting processes costs more than it saves
CHUNK = 32  # items sent to a worker at once: few round trips, yet both cores kept busy

# Corpora of at least this many files get a template process for the stages after
# describe: it costs some 2 s of CPU (its imports, sending the articles to its workers
# and the results back), more than it saves at 1,000 articles.
TEMPLATE_MIN_ITEMS = 2000

_shared: dict = {"depth": 0, "pool": None, "released": False, "template": None}


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
        if len(items) >= TEMPLATE_MIN_ITEMS and _shared["template"] is None:
            _shared["template"] = _Template()  # first: forked while this process is small
        pool = _shared["pool"] = _start()
    if pool is not None:
        return _chunked(pool, func, items)
    if not _can_fork():
        return (func(item) for item in items)
    return _own_pool(func, items)


def started_map(func: Callable, items: Sequence, min_items: int | None = None) -> Iterator:
    """`func(item)` for every item, in order, on the shared workers if they are running,
    else on the template's (see the docstring above), handed to them at once so that the
    work runs while this process does something else. Without either, a plain loop in
    this process, run as the results are asked for: no workers are started for it.
    (Dedup and the glossary use this: workers forked from this process when its heap
    holds the corpus would each count all of it.)"""
    pool, template = _shared["pool"], _shared["template"]
    if len(items) < (MIN_ITEMS if min_items is None else min_items) or cores() < 2:
        return (func(item) for item in items)
    if pool is None:
        if template is not None and not template.busy:
            try:
                return _without_cycle_collection(template.map(func, items))
            except OSError:  # the template is gone (killed): the work is done here instead
                _shared["template"] = None
                template.stop()
        return (func(item) for item in items)
    chunks = [list(items[i:i + CHUNK]) for i in range(0, len(items), CHUNK)]
    submitted = pool.imap(functools.partial(_run_chunk, func), chunks)
    return _without_cycle_collection(result for results in submitted for result in results)


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
            template, _shared["template"] = _shared["template"], None
            if template is not None:
                template.stop()


def release() -> None:
    """Stop the shared workers, if any. Within a `workers_shared` block, none are started
    again: the stages after it (dedup, the glossary) then run on the template's workers
    (for a large corpus) or in this process."""
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


class _Template:
    """A process forked while the parent is still small (before the corpus is read),
    from which workers are forked later, when the parent holds the corpus: they share
    the template's small heap, not the parent's large one, which each would count in
    full (resident size counts every page a process maps, shared or not). The parent
    sends a job (a function and its items, in chunks), the template runs it on a pool
    of its own and sends the results back in order. Chunks and results cross the
    template as pickled bytes, so it never unpickles what it relays."""

    def __init__(self):
        ctx = multiprocessing.get_context("fork")
        self.conn, child_conn = ctx.Pipe()
        self.busy = False
        # Not daemonic: a daemonic process may not start the pool's workers. `stop` ends it.
        self.proc = ctx.Process(target=_template_main, args=(child_conn, self.conn), name="dossier-template")
        self.proc.start()
        child_conn.close()

    def map(self, func: Callable, items: Sequence) -> Iterator:
        """Send the whole job now (the template reads it at once: it waits for nothing
        else), and return the results as a generator."""
        starts = range(0, len(items), CHUNK)
        self.conn.send((func, len(starts)))
        for i in starts:  # one at a time: this process never holds them all pickled
            self.conn.send_bytes(pickle.dumps(list(items[i:i + CHUNK]), pickle.HIGHEST_PROTOCOL))
        self.busy = True
        return self._results(len(starts))

    def _results(self, count: int) -> Iterator:
        finished = False
        try:
            for received in range(1, count + 1):
                try:
                    ok, payload = self.conn.recv()
                except EOFError:
                    raise RuntimeError("a worker process died") from None
                # All received (or the template stopped the job at its first error): the
                # caller need not ask for more (zip() stops at its shorter input).
                finished = received == count or not ok
                if not ok:
                    raise payload
                results = pickle.loads(payload)
                if finished:
                    self.busy = False
                yield from results
        finally:
            self.busy = False
            if not finished:  # left unread: results of this job are still on their way
                self.stop()
                if _shared["template"] is self:
                    _shared["template"] = None

    def stop(self) -> None:
        """Closing the connection ends the template (it finds it closed when it next
        reads or writes), which ends its workers; killed if it does not end soon."""
        self.conn.close()
        self.proc.join(timeout=10)
        if self.proc.is_alive():
            self.proc.terminate()
            self.proc.join()


def _run_pickled_chunk(func: Callable, chunk: bytes) -> bytes:
    return pickle.dumps([func(item) for item in pickle.loads(chunk)], pickle.HIGHEST_PROTOCOL)


def _handed_on(chunks: list) -> Iterator:
    """The chunks in order, each let go once the pool has taken it."""
    chunks.reverse()
    while chunks:
        yield chunks.pop()


def _warm_up_template() -> None:
    """Load once, for all the template's workers, what their jobs load on first use
    (dedup's MinHash: datasketch and scipy, some 0.5 s a process)."""
    from .dedup import _minhash_template

    _minhash_template()


def _template_main(conn, parent_conn) -> None:
    parent_conn.close()
    # Terminated, the template still stops its workers (an orphaned worker would wait forever).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))
    _warm_up_template()
    gc.enable()
    gc.freeze()  # what exists now stays shared with the workers: their collector passes skip it
    pool = None
    try:
        while True:
            try:
                func, count = conn.recv()
                if pool is None:  # forked before the chunks arrive, which they would each count
                    pool = multiprocessing.get_context("fork").Pool(cores(), initializer=gc.enable)
                chunks = [conn.recv_bytes() for _ in range(count)]
            except EOFError:
                return
            try:
                for payload in pool.imap(functools.partial(_run_pickled_chunk, func), _handed_on(chunks)):
                    conn.send((True, payload))
            except OSError:  # the parent closed the connection
                return
            except Exception as err:
                try:
                    conn.send((False, err))
                except OSError:
                    return
                except Exception:  # an error that cannot be pickled
                    conn.send((False, RuntimeError(f"{type(err).__name__}: {err}")))
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
