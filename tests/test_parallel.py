"""The template process of dossier/parallel.py: after describe, `started_map` runs on
workers forked from a process forked before the corpus was read. Results come back in
order and complete, a worker's error reaches the caller, and nothing outlives the block."""
from __future__ import annotations

import os
import time

import pytest

from dossier import parallel

pytestmark = pytest.mark.skipif(parallel.cores() < 2 or not parallel._can_fork(),
                                reason="workers need two cores and fork")


def _pid_and_square(n: int) -> tuple[int, int, int]:
    return os.getpid(), os.getppid(), n * n


def _fails_on_seven(n: int) -> int:
    if n == 7:
        raise ValueError(f"no sevens: {n}")
    return n


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    with open(f"/proc/{pid}/stat") as fh:  # a zombie waiting to be reaped is gone too
        return fh.read().rsplit(")", 1)[1].split()[0] == "Z"


def _template_started(monkeypatch) -> "parallel._Template":
    """Within a workers_shared block: start the ingest workers (and the template, as a
    large first stage does), then stop the workers as describe does."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    monkeypatch.setattr(parallel, "TEMPLATE_MIN_ITEMS", 3)
    assert list(parallel.ordered_map(abs, [-1, -2, -3])) == [1, 2, 3]
    template = parallel._shared["template"]
    assert template is not None and parallel._shared["pool"] is not None
    parallel.release()
    assert parallel._shared["pool"] is None and parallel._shared["template"] is template
    return template


def test_started_map_runs_on_the_templates_workers_in_order(monkeypatch):
    items = list(range(200))  # several chunks
    with parallel.workers_shared():
        template = _template_started(monkeypatch)
        results = list(parallel.started_map(_pid_and_square, items))
        assert [square for _, _, square in results] == [n * n for n in items]
        workers = {pid for pid, _, _ in results}
        assert os.getpid() not in workers and {ppid for _, ppid, _ in results} == {template.proc.pid}
        # zip() stops asking at the shorter input: the job is complete all the same, and
        # the template takes the next one.
        assert [r[2] for _, r in zip(items[:40], parallel.started_map(_pid_and_square, items[:40]))] == \
            [n * n for n in items[:40]]
        assert parallel._shared["template"] is template and not template.busy
        assert [r[2] for r in parallel.started_map(_pid_and_square, [5, 6, 7])] == [25, 36, 49]
    assert parallel._shared["template"] is None
    deadline = time.monotonic() + 10
    while not all(_gone(pid) for pid in workers | {template.proc.pid}) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert template.proc.exitcode is not None and all(_gone(pid) for pid in workers)


def test_a_workers_error_reaches_the_caller_and_the_template_goes_on(monkeypatch):
    with parallel.workers_shared():
        template = _template_started(monkeypatch)
        with pytest.raises(ValueError, match="no sevens: 7"):
            list(parallel.started_map(_fails_on_seven, list(range(100))))
        assert parallel._shared["template"] is template and not template.busy
        assert list(parallel.started_map(_fails_on_seven, list(range(8, 90)))) == list(range(8, 90))


def test_results_left_unread_stop_the_template(monkeypatch):
    with parallel.workers_shared():
        template = _template_started(monkeypatch)
        results = parallel.started_map(_pid_and_square, list(range(300)))
        assert next(results)[2] == 0
        results.close()  # the caller gave up: the rest of the job is still on its way
        assert parallel._shared["template"] is None and template.proc.exitcode is not None
        # what follows runs in this process
        assert {pid for pid, _, _ in parallel.started_map(_pid_and_square, list(range(100)))} == {os.getpid()}


def test_small_corpora_start_no_template(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    with parallel.workers_shared():
        assert list(parallel.ordered_map(abs, [-1, -2, -3])) == [1, 2, 3]  # fewer than TEMPLATE_MIN_ITEMS
        assert parallel._shared["pool"] is not None and parallel._shared["template"] is None


def test_a_template_killed_leaves_the_work_to_this_process(monkeypatch):
    with parallel.workers_shared():
        template = _template_started(monkeypatch)
        template.proc.kill()
        template.proc.join()
        results = list(parallel.started_map(_pid_and_square, list(range(100))))
        assert [r[2] for r in results] == [n * n for n in range(100)]
        assert {pid for pid, _, _ in results} == {os.getpid()} and parallel._shared["template"] is None
