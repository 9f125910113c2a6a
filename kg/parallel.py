"""Multi-process extraction: ``--jobs N`` worker processes, each loading the pipeline once.

Articles are read in the calling process and sent to the workers in chunks; the extractions come back
in input order whatever N is, so the output is the same graph, in the same order, for any number of jobs.
At most ``2 * jobs`` chunks are in flight, so memory stays flat however long the input stream is.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from itertools import islice
from multiprocessing.context import BaseContext
from typing import Any

from kg.model import Article, Extraction
from kg.settings import Settings

_worker_extractor: Any = None  # the worker's Extractor, set once by _init_worker


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def extract_stream(articles: Iterable[Article], settings: Settings, *, jobs: int = 1) -> Iterator[Extraction]:
    """Extractions of ``articles`` in input order, with ``jobs`` worker processes (1: in this process).

    Chunks of ``settings.batch_size`` articles go to the workers. A stream of one chunk is extracted in
    this process: a pool would only add start-up time.
    """
    if jobs <= 1:
        yield from _local(articles, settings)
        return
    stream = iter(articles)
    chunk_size = max(1, settings.batch_size)
    first = list(islice(stream, chunk_size))
    second = list(islice(stream, chunk_size))
    if not second:
        yield from _local(first, settings)
        return
    yield from _pooled([first, second], _chunks(stream, chunk_size), settings, jobs)


def _make_extractor(settings: Settings) -> Any:
    """The run's Extractor, its word lists loaded (imported late: spaCy is slow to import)."""
    from kg.run import make_extractor

    extractor = make_extractor(settings)
    extractor.warm_up()
    return extractor


def _local(articles: Iterable[Article], settings: Settings) -> Iterator[Extraction]:
    extractor = _make_extractor(settings)
    with _frozen_heap():
        yield from extractor.extract_many(articles)


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """While a batch runs, the objects alive at its start (the pipeline, word lists and gazetteers) are left
    out of the garbage collector's passes, which would otherwise walk them again at every full collection
    (it halves the collector's time on a batch). Unfrozen afterwards, so nothing is kept."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _chunks(stream: Iterator[Article], size: int) -> Iterator[list[Article]]:
    while chunk := list(islice(stream, size)):
        yield chunk


def _pooled(head: list[list[Article]], chunks: Iterator[list[Article]], settings: Settings,
            jobs: int) -> Iterator[Extraction]:
    """Keep ``2 * jobs`` chunks in flight; yield their results in submission order."""
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_context(),
                               initializer=_init_worker, initargs=(settings, os.getpid()))
    pending: deque[Future[list[Extraction]]] = deque()
    try:
        for chunk in head:
            pending.append(pool.submit(_extract_chunk, chunk))
        for chunk in chunks:
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
            pending.append(pool.submit(_extract_chunk, chunk))
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _context() -> BaseContext:
    """``fork`` when this process has no other thread (cheapest: spaCy is already imported), else ``forkserver``
    (forking a process with running threads can deadlock the child); ``spawn`` where neither exists."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["kg.extract"])
        return context
    return multiprocessing.get_context("spawn")


def _init_worker(settings: Settings, main_pid: int) -> None:
    """Load the pipeline once per worker process. A failure is kept and raised by the first task, so that
    the caller sees the cause (an initializer that raises only breaks the pool)."""
    global _worker_extractor
    _exit_with_parent(main_pid)
    try:
        _worker_extractor = _make_extractor(settings)
    except Exception as exc:
        _worker_extractor = exc
        return
    gc.freeze()  # the worker's long-lived objects, out of every full collection (see _frozen_heap)


def _exit_with_parent(main_pid: int, interval: float = 1.0) -> None:
    """End this worker when the process that started the pool dies (e.g. SIGKILLed): orphans would otherwise
    linger. The main process is watched by its pid, so a kill that lands before the worker starts counts too."""
    parent = os.getppid()

    def orphaned() -> bool:
        if os.getppid() != parent or parent == 1:
            return True
        try:
            os.kill(main_pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False

    def watch() -> None:
        while not orphaned():
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


def _extract_chunk(chunk: list[Article]) -> list[Extraction]:
    if isinstance(_worker_extractor, Exception):
        raise _worker_extractor
    assert _worker_extractor is not None, "worker not initialised"
    return list(_worker_extractor.extract_many(chunk))
