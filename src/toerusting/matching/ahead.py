"""Analyses computed ahead, in a second process, while the sync writes the meetings before them.

A sync of many meetings spends about a third of its time analysing titles and most of the rest writing
rows and waiting for the database. The sync announces the meetings it is about to write
("meetings_ahead" hook); their titles are analysed here in one worker process, in order, and the
analyses are registered by cache key (analysis.expect). When the sync's hook then analyses an item, it
takes the analysis from the worker, waiting for it if need be, instead of computing it again. The result
is the same: the worker runs the same code on the same model file and rules (only when this process uses
the model file too), and whatever goes wrong in the worker only means the analysis is done here after all.

One worker (MATCHING_AHEAD_WORKERS, 0 switches it off), started on first use with the "forkserver"
method (a clean process, no copy of this one's database connections), and kept for the life of the
process.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor

from django.conf import settings

from toerusting.matching import analysis, worker
from toerusting.matching import model as model_

logger = logging.getLogger(__name__)

Request = tuple[str, str, str, str]  # title, description, body type, meeting name

_lock = threading.Lock()
_pool: Executor | None = None
_broken = False


def _executor() -> Executor | None:
    global _pool, _broken
    workers = int(getattr(settings, "MATCHING_AHEAD_WORKERS", 1))
    with _lock:
        if _broken or workers <= 0:
            return None
        if _pool is None:
            try:
                _pool = ProcessPoolExecutor(
                    max_workers=workers,
                    mp_context=multiprocessing.get_context("forkserver"),
                    initializer=worker.start,
                )
            except (OSError, ValueError) as exc:
                # No processes here (a sandbox): analyse in-process. (A process that may not have children,
                # such as a daemonic worker of a task runner, fails at the first submit, handled there.)
                logger.warning("Analyses ahead are off, no worker process could start: %s", exc)
                _broken = True
                return None
        return _pool


def submit(requests: Sequence[Request]) -> int:
    """Have these items analysed ahead; returns how many were sent (not those known already)."""
    if not requests or not model_.is_shipped():
        return 0
    todo: list[Request] = []
    keys: list[analysis.CacheKey] = []
    seen: set[analysis.CacheKey] = set()
    for request in requests:
        key = analysis.cache_key(*request)
        if key in seen or analysis.known(key):
            continue
        seen.add(key)
        todo.append(request)
        keys.append(key)
    if not todo:
        return 0
    pool = _executor()
    if pool is None:
        return 0
    try:
        future = pool.submit(worker.analyse_batch, todo)
    except Exception as exc:  # a broken or shut pool; no child processes allowed here (a daemonic worker)
        _give_up(exc)
        return 0
    future.add_done_callback(_check)
    for position, key in enumerate(keys):
        analysis.expect(key, future, position)
    return len(todo)


def _check(future: Future[list[analysis.Analysis]]) -> None:
    exception = None if future.cancelled() else future.exception()
    if exception is not None:
        _give_up(exception)


def _give_up(exc: BaseException) -> None:
    """The worker failed or cannot run here: say so once and analyse in-process from now on."""
    global _broken, _pool
    with _lock:
        if _broken:
            return
        _broken = True
        pool, _pool = _pool, None
    logger.warning("Analyses ahead are off, the sync analyses in its own process: %r", exc)
    if pool is not None:
        # A stalled worker would keep the process from exiting (the pool joins its workers at exit):
        # end it. `_processes` is the pool's own map (Python 3.14 has terminate_workers() for this).
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)


analysis.on_ahead_failure = _give_up  # a batch that failed or stalled when the sync waited for it


def reset() -> None:
    """Stop the worker and forget a failure (tests)."""
    global _broken, _pool
    with _lock:
        pool, _pool = _pool, None
        _broken = False
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def worker_cpu_seconds() -> float | None:
    """The CPU time of the worker process since it started, or None when none runs (bench/sync.py; with
    one worker the one process answers)."""
    with _lock:
        pool = _pool
    if pool is None:
        return None
    try:
        return float(pool.submit(worker.cpu_seconds).result(timeout=60))
    except Exception:  # a figure for a benchmark, not a result
        return None
