"""The run layer: the one loop that lints many documents, in order, on one core or several.

`lint_stream` reads the inputs one record at a time and yields an `Outcome` per document (or per input
that could not be read) in input order, as soon as it is made, so that a caller can write each result
and forget it. With `jobs` > 1 the documents go to a pool of worker processes, each with its own linter
(one grammar engine per worker), in batches of consecutive documents (`BATCH_DOCS`, `BATCH_CHARS`), at
most `4 × jobs` batches in flight; the output is the same as with one job,
byte for byte. A run of no more than `4 × jobs` documents is linted in this process: starting workers
would cost more than it saves. A worker that dies (a crash in a native library) costs only the article it was linting:
the articles in flight are linted again one by one, each in a fresh process, and the one that kills
its process again is reported as a failure.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .analyzers import RuleTimeout
from .catalog import all_rules
from .config import Settings
from .engine import Linter, unknown_suppressions
from .formatters.base import where
from .model import ArticleResult, Document
from .textio import Failure, Sources, read_documents


@dataclass(frozen=True, slots=True)
class Outcome:
    """One document's result, or an input's failure, and what to tell the user about it."""

    path: str
    document: Document | None = None
    result: ArticleResult | None = None
    failures: tuple[Failure, ...] = ()  # errors (exit 2), or one internal error (exit 3)
    warnings: tuple[str, ...] = ()  # one line each
    internal: bool = False


@dataclass(frozen=True, slots=True)
class _Item:
    path: str
    document: Document | None = None
    failure: Failure | None = None


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def lint_one(linter: Linter, doc: Document, debug: bool = False) -> Outcome:
    """Lint one document; a rule's timeout is bad input (exit 2) and a bug costs this article only."""
    try:
        result = linter.lint(doc)
    except RuleTimeout as exc:  # a house rule's pattern: bad input, not a bug
        return Outcome(doc.path, doc, failures=(Failure(doc.path, str(exc), line=doc.file_line(0)),))
    except Exception as exc:
        if debug:
            raise
        name = where(doc)
        return Outcome(
            doc.path,
            doc,
            failures=(Failure(name, f"internal error: {type(exc).__name__}: {exc}"),),
            warnings=(
                f"mtqa: error: {name}: internal error ({type(exc).__name__}: {exc}); "
                "please report it with this file (--debug shows the traceback)",
            ),
            internal=True,
        )
    warnings, failures = [], []
    typos = unknown_suppressions(doc.mt, _known_codes(linter.settings.rule_packs))
    for line in sorted(set(result.unused_suppressions) - {n for n, _ in typos}):
        at = doc.file_line(line - 1) or line
        warnings.append(f"mtqa: warning: {doc.path}:{at}: this mtqa: ignore suppresses nothing")
    for line, code in typos:
        record = f" (record {doc.id}, line {line} of its text)" if doc.id is not None else ""
        failures.append(
            Failure(doc.path, f"mtqa: ignore names no rule: {code!r}{record}", line=doc.file_line(line - 1) or line)
        )
    return Outcome(doc.path, doc, result, tuple(failures), tuple(warnings))


@lru_cache(maxsize=8)
def _known_codes(rule_packs: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(all_rules(rule_packs))


def _items(files: Iterable[str], sources: Sources, encoding: str | None, debug: bool) -> Iterator[_Item]:
    for path in files:
        for item in read_documents(path, sources, encoding, debug):
            yield _Item(path, failure=item) if isinstance(item, Failure) else _Item(path, document=item)


def _read_failure(item: _Item) -> Outcome:
    failure = item.failure
    assert failure is not None
    if failure.skipped:  # nothing to check in it: said, not an error
        return Outcome(item.path, warnings=(f"mtqa: warning: {failure.where}: {failure.message}",))
    return Outcome(item.path, failures=(failure,))


def lint_stream(
    linter: Linter,
    files: Iterable[str],
    sources: Sources | None = None,
    encoding: str | None = None,
    jobs: int = 1,
    debug: bool = False,
    scheduler: str | None = None,
) -> Iterator[Outcome]:
    """An outcome per document, or per input that yields none, in input order (see the module's doc);
    with `scheduler`, the address of a Dask cluster's scheduler, the documents are linted there."""
    items = _items(files, sources or Sources(), encoding, debug)
    if scheduler:
        yield from _dask(items, linter.settings, scheduler, max(jobs, 1), debug)
        return
    yield from _lint_items(linter, items, jobs, debug)


def lint_documents(linter: Linter, docs: Iterable[Document], jobs: int = 1, debug: bool = False) -> Iterator[Outcome]:
    """As `lint_stream`, for documents made in memory (`mtqa eval`'s segments and pages, `compare`'s)."""
    yield from _lint_items(linter, (_Item(d.path, document=d) for d in docs), jobs, debug)


class LintFailure(RuntimeError):
    """A document that `results_of` could not lint (a rule's timeout or a bug); the message says which."""


def results_of(linter: Linter, docs: Iterable[Document], jobs: int = 1) -> Iterator[ArticleResult]:
    """The documents' results in order, for commands that have no article to leave out: the first one
    that cannot be linted stops them (LintFailure)."""
    for outcome in lint_documents(linter, docs, jobs):
        if outcome.result is None:
            first = outcome.failures[0] if outcome.failures else Failure(outcome.path, "not linted")
            raise LintFailure(f"{first.where}: {first.message}")
        yield outcome.result


def _lint_items(linter: Linter, items: Iterator[_Item], jobs: int, debug: bool) -> Iterator[Outcome]:
    if jobs > 1:  # a pool only pays for itself past a few documents: look ahead before starting one
        head: list[_Item] = []
        documents = 0
        for item in items:
            head.append(item)
            documents += item.document is not None
            if documents > 4 * jobs:
                break
        else:
            jobs = 1
        items = itertools.chain(head, items)
    if jobs <= 1:
        for item in items:
            yield _read_failure(item) if item.document is None else lint_one(linter, item.document, debug)
        linter.flush()
        return
    yield from _parallel(items, linter.settings, jobs, debug)


# --- the pool --------------------------------------------------------------------------------------

_WORKER: Linter | None = None


def _start_worker(settings: Settings) -> None:
    """Each worker builds its own linter; its grammar cache is written when the worker exits."""
    from multiprocessing import util

    global _WORKER
    _WORKER = Linter.from_settings(settings, check_fixes=False, cache_results=True)  # the parent checked the packs
    util.Finalize(None, _WORKER.flush, exitpriority=10)


def _work(docs: list[Document], debug: bool) -> list[Outcome]:
    assert _WORKER is not None
    return [lint_one(_WORKER, doc, debug) for doc in docs]


def _pool(settings: Settings, workers: int) -> ProcessPoolExecutor:
    """Workers forked from this process where that is safe (one thread: the modules are loaded already),
    else from a fork server (a progress bar's thread makes a plain fork unsafe)."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        method = "fork"
    else:
        method = "forkserver" if "forkserver" in methods else "spawn"
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context(method), initializer=_start_worker, initargs=(settings,)
    )


def _done(outcomes: list[Outcome]) -> Future[list[Outcome]]:
    f: Future[list[Outcome]] = Future()
    f.set_result(outcomes)
    return f


# What one task of the pool carries: documents in input order, up to this much text or this many
# documents, so that short records share the cost of the trip to a worker and back, and a long article
# travels alone.
BATCH_CHARS = 16_384
BATCH_DOCS = 32


def _batches(items: Iterator[_Item], most: int = BATCH_DOCS) -> Iterator[list[_Item]]:
    """The items in runs of consecutive documents: at most `most` of them and `BATCH_CHARS` of text, unless
    one document has more, which then goes alone; an input that could not be read is a run of its own."""
    batch: list[_Item] = []
    size = 0
    for item in items:
        if item.document is None:
            if batch:
                yield batch
                batch, size = [], 0
            yield [item]
            continue
        length = len(item.document.mt) + len(item.document.src or "")
        if batch and size + length > BATCH_CHARS:
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += length
        if size >= BATCH_CHARS or len(batch) >= most:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _fill(pending: deque[tuple[list[_Item], Any]], batches: Iterator[list[_Item]], size: int, submit: Any) -> None:
    """Send batches of documents until `size` are in flight; an input that could not be read takes its
    place in the queue as an outcome already made, so that the order holds."""
    while len(pending) < size:
        batch = next(batches, None)
        if batch is None:
            return
        if batch[0].document is None:
            pending.append((batch, _done([_read_failure(batch[0])])))
        else:
            pending.append((batch, submit([item.document for item in batch])))


def _died(item: _Item, what: str) -> Outcome:
    """The outcome of a document whose worker (`what`) died linting it: an internal error."""
    assert item.document is not None
    name = where(item.document)
    return Outcome(
        item.path,
        item.document,
        failures=(Failure(name, f"internal error: {what} died linting this article"),),
        warnings=(f"mtqa: error: {name}: {what} died linting this article; please report it",),
        internal=True,
    )


def _submit(pool: ProcessPoolExecutor, docs: list[Document], debug: bool) -> Future[list[Outcome]]:
    """Send documents to the pool; a pool that broke since (a worker died) gives a future that fails as
    theirs would, so that they are linted again with the others in flight."""
    try:
        return pool.submit(_work, docs, debug)
    except BrokenProcessPool as exc:
        f: Future[list[Outcome]] = Future()
        f.set_exception(exc)
        return f


def _parallel(items: Iterator[_Item], settings: Settings, jobs: int, debug: bool) -> Iterator[Outcome]:
    pool = _pool(settings, jobs)
    pending: deque[tuple[list[_Item], Future[list[Outcome]]]] = deque()
    batches = _batches(items)
    try:
        while True:
            _fill(pending, batches, 4 * jobs, lambda docs, pool=pool: _submit(pool, docs, debug))
            if not pending:
                return
            batch, future = pending.popleft()
            try:
                yield from future.result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                redo = [*batch, *(i for b, _ in pending for i in b)]
                pending.clear()
                for again in redo:
                    yield _alone(again, settings, debug)
                pool = _pool(settings, jobs)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _alone(item: _Item, settings: Settings, debug: bool) -> Outcome:
    """Lint one document in a process of its own: if that process dies too, the document is the cause."""
    if item.document is None:
        return _read_failure(item)
    with _pool(settings, 1) as single:
        try:
            return single.submit(_work, [item.document], debug).result()[0]
        except BrokenProcessPool:
            return _died(item, "the worker process")


# --- a Dask cluster ------------------------------------------------------------------------------

_CLUSTER_LINTERS: dict[Settings, Linter] = {}


def _dask_work(docs: list[Document], settings: Settings, debug: bool) -> list[Outcome]:
    """On a Dask worker: one linter per worker process and settings, built at its first document."""
    linter = _CLUSTER_LINTERS.get(settings)
    if linter is None:
        linter = _CLUSTER_LINTERS[settings] = Linter.from_settings(settings, check_fixes=False, cache_results=True)
    return [lint_one(linter, doc, debug) for doc in docs]  # the grammar cache is written in batches, the last at exit


class ClusterError(Exception):
    """The Dask cluster cannot be reached or used; the message says why in one line."""


def _dask(items: Iterator[_Item], settings: Settings, scheduler: str, jobs: int, debug: bool) -> Iterator[Outcome]:
    """Lint on a Dask cluster: documents are sent as they are read, at most 8 per worker thread in flight,
    and the results come back in input order. The workers need mtqa installed, the same version; a
    document whose worker dies three times (Dask's `KilledWorker`) is reported as an internal error."""
    try:
        from distributed import Client
        from distributed.scheduler import KilledWorker
    except ImportError as exc:
        raise ClusterError("--scheduler needs Dask: pip install 'mtqa[dask]'") from exc
    try:
        client = Client(scheduler, timeout=10)  # a scheduler silent for 10 s is down
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    with client:
        window = 8 * max(sum(client.nthreads().values()), jobs)
        pending: deque[tuple[list[_Item], Any]] = deque()
        batches = _batches(items, most=1)  # one document a task: a task that kills its workers is one article
        while True:
            _fill(pending, batches, window, lambda docs: client.submit(_dask_work, docs, settings, debug, pure=False))
            if not pending:
                return
            batch, future = pending.popleft()
            try:
                yield from future.result()
            except KilledWorker:
                yield _died(batch[0], "the Dask workers")
